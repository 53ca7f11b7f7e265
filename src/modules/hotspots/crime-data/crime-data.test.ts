import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findForceBySlug } from '../../../identity/repository.ts';
import { ROLES, type Role } from '../../../identity/roles.ts';
import { createPerson } from '../../../identity/service.ts';
import { verifyLedger } from '../../../ledger/verify.ts';
import { storedRunInput } from '../../../oversight/run-input.ts';
import { drainRuns } from '../../../oversight/workers.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type FilePart, multipartBody } from '../../../test/multipart.ts';
import { demoSystem } from '../../../test/systems.ts';
import { POLICE_UK_CRIME_TYPES } from '../oversight/hotspot-run.ts';
import { minutesOf } from '../time.ts';
import { seedDemoCrimeData } from './demo.ts';
import { crimeDataPolicy } from './model.ts';
import { loadCrimeEvents } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const POLICE_UK_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type\n';
const policeUkRow = (month: string, lon: string, lat: string, type: string) =>
  `,${month},City of London Police,City of London Police,${lon},${lat},On or near X,E1,L,${type}\n`;

/** Posts an import as the demo user holding `role`, with the CSRF token in the header as an API client does. */
async function upload(
  role: Role,
  fields: Record<string, string>,
  files: FilePart[],
  force = 'demo',
  cookie?: string,
) {
  const session = cookie ? { cookie, csrfToken: '' } : await t.login(role);
  const { payload, contentType } = multipartBody(fields, files);
  return t.app.inject({
    method: 'POST',
    url: `/api/forces/${force}/crime-data`,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': contentType },
    payload,
  });
}

const ledgerCount = async (action: string) =>
  Number(
    (
      await t.database.db
        .selectFrom('ledger_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );
const importCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('crime_imports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const SPLIT_MAPPING = {
  time: { columns: ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE'], format: 'YYYY M D H m' },
  coordinates: { x: 'EASTING', y: 'NORTHING', crs: 'EPSG:27700' },
  category: 'OFFENCE',
};

/**
 * Two years of burglary and robbery at a few hot points in the City of London, in British National
 * Grid, with split time columns (deterministic).
 */
function projectedCsv(): string {
  const hot = [
    [532000, 181300],
    [532600, 181000],
    [533100, 181500],
  ];
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let csv = 'REF,YEAR,MONTH,DAY,HOUR,MINUTE,EASTING,NORTHING,OFFENCE\n';
  let ref = 0;
  for (let year = 2023; year <= 2024; year++)
    for (let month = 1; month <= 12; month++)
      for (let k = 0; k < 30; k++) {
        const [x, y] = hot[k % 3] as [number, number];
        const day = 1 + Math.floor(rand() * 28);
        csv += `R${ref++},${year},${month},${day},${Math.floor(rand() * 24)},${Math.floor(rand() * 60)},${(x + rand() * 120).toFixed(1)},${(y + rand() * 120).toFixed(1)},${k % 4 === 0 ? 'Robbery' : 'Burglary'}\n`;
      }
  return csv;
}

let policeUkId = '';

describe('importing crime data through the API', () => {
  it('imports police.uk .gz files with the preset, counting rows without coordinates, with a ledger entry', async () => {
    const gz = gzipSync(
      POLICE_UK_HEADER +
        policeUkRow('2020-01', '-0.0915', '51.5155', 'Burglary') +
        policeUkRow('2020-01', '', '', 'Drugs') +
        policeUkRow('2020-02', '-0.0890', '51.5130', 'Robbery') +
        policeUkRow('2020-03', '-0.0870', '51.5170', 'Burglary'),
    );
    const before = await ledgerCount('crime-data.imported');
    const res = await upload('analyst', { title: 'City burglary, early 2020', preset: 'police.uk' }, [
      { field: 'files', name: '2020-01_03-street.csv.gz', data: gz },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    policeUkId = s.id;
    expect(s).toMatchObject({
      title: 'City burglary, early 2020',
      kind: 'police.uk',
      files: ['2020-01_03-street.csv.gz'],
      crs: 'EPSG:27700',
      rowsRead: 4,
      rowsKept: 3,
      dropped: { 'coordinates empty': 1 },
      firstEvent: '2020-01-01T00:00',
      lastEvent: '2020-03-01T00:00',
      firstMonth: '2020-01',
      lastMonth: '2020-03',
      categories: [
        { name: 'Burglary', count: 2 },
        { name: 'Robbery', count: 1 },
      ],
      createdBy: { name: 'Nina Kowalski' },
    });
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s).not.toHaveProperty('events');
    expect(await ledgerCount('crime-data.imported')).toBe(before + 1);
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select(['payload', 'subject_id', 'force_id'])
      .where('action', '=', 'crime-data.imported')
      .where('subject_id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(entry.force_id).toBe(t.demoForceId);
    expect(entry.payload).toMatchObject({
      files: ['2020-01_03-street.csv.gz'],
      rowsRead: 4,
      rowsKept: 3,
      dropped: { 'coordinates empty': 1 },
      sha256: s.sha256,
      mapping: { time: { columns: ['Month'], format: 'YYYY-MM' } },
    });
    expect(JSON.stringify(entry.payload)).not.toMatch(/"events"|51\.51|-0\.09/);
    expect((await verifyLedger(t.database.db)).ok).toBe(true);

    const list = await t.call('officer', 'GET', '/api/forces/demo/crime-data');
    expect(list.statusCode).toBe(200);
    expect(list.json().map((i: { id: string }) => i.id)).toContain(s.id);
    const one = await t.call('delivery-team', 'GET', `/api/forces/demo/crime-data/${s.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(s);
    expect((await t.call('analyst', 'GET', '/api/forces/demo/crime-data/not-an-id')).statusCode).toBe(404);
    const openapi = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/forces/{force}/crime-data', '/api/forces/{force}/crime-data/{id}']),
    );
    expect(openapi.paths['/api/forces/{force}/crime-data'].post.description).toContain('multipart/form-data');
  });

  it('stores the events encrypted, not as plaintext, and reads them back exactly', async () => {
    const row = await t.database.db
      .selectFrom('crime_imports')
      .select(['events_encrypted', 'events_sha256'])
      .where('id', '=', policeUkId)
      .executeTakeFirstOrThrow();
    const raw = row.events_encrypted.toString('latin1');
    expect(raw).not.toContain('Burglary');
    const loaded = await loadCrimeEvents(t.database.db, t.demoForceId, policeUkId);
    expect(loaded.crs).toBe('EPSG:27700');
    expect(loaded.summary.sha256).toBe(row.events_sha256);
    expect(loaded.events.map((e) => [e.t, e.category])).toEqual([
      [minutesOf(2020, 1, 1), 'Burglary'],
      [minutesOf(2020, 2, 1), 'Robbery'],
      [minutesOf(2020, 3, 1), 'Burglary'],
    ]);
    // -0.0915, 51.5155 is in the City of London: about 532,400 E, 181,500 N.
    expect(loaded.events[0]!.x).toBeGreaterThan(532_000);
    expect(loaded.events[0]!.x).toBeLessThan(533_000);
    expect(loaded.events[0]!.y).toBeGreaterThan(181_000);
    expect(loaded.events[0]!.y).toBeLessThan(182_000);
    // Another key, or the sealed events of another import, do not open.
    await expect(
      loadCrimeEvents(t.database.db, t.demoForceId, policeUkId, Buffer.alloc(32, 7)),
    ).rejects.toThrow();
    // Rows never change once written.
    await expect(
      t.database.db
        .updateTable('crime_imports')
        .set({ title: 'changed' })
        .where('id', '=', policeUkId)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('imports a mapped export with split time columns and projected x/y (EPSG:27700)', async () => {
    const csv =
      'REF,YEAR,MONTH,DAY,HOUR,MINUTE,EASTING,NORTHING,OFFENCE\n' +
      'A1,2024,3,5,14,30,532100.5,181200.25,Burglary\n' +
      'A2,2024,3,1,9,5,532600,181000,Theft of vehicle\n' +
      'A3,2024,3,2,0,0,0,0,Burglary\n' +
      'A4,2024,3,2,0,0,,,Burglary\n' +
      'A5,2024,3,3,0,0,-5,181000,Burglary\n';
    const res = await upload(
      'delivery-team',
      { title: 'RMS export March 2024', preset: 'mapped', mapping: JSON.stringify(SPLIT_MAPPING) },
      [{ field: 'files', name: 'rms-march.csv', data: csv }],
    );
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      kind: 'mapped',
      rowsRead: 5,
      rowsKept: 2,
      dropped: {
        'coordinates zero': 1,
        'coordinates empty': 1,
        'coordinates outside Great Britain': 1,
      },
      firstEvent: '2024-03-01T09:05',
      lastEvent: '2024-03-05T14:30',
      mapping: SPLIT_MAPPING,
    });
    const { events } = await loadCrimeEvents(t.database.db, t.demoForceId, s.id);
    expect(events).toEqual([
      { t: minutesOf(2024, 3, 1, 9, 5), x: 532600, y: 181000, category: 'Theft of vehicle' },
      { t: minutesOf(2024, 3, 5, 14, 30), x: 532100.5, y: 181200.25, category: 'Burglary' },
    ]);
  });

  it('imports longitude and latitude (EPSG:4326) in one date-time column, projecting to British National Grid', async () => {
    const mapping = {
      time: { columns: ['Occurred'], format: 'DD/MM/YYYY HH:mm' },
      coordinates: { x: 'Lon', y: 'Lat', crs: 'EPSG:4326' },
      category: 'Type',
    };
    const res = await upload(
      'product-manager',
      { title: 'Lon/lat export', preset: 'mapped', mapping: JSON.stringify(mapping) },
      [
        {
          field: 'files',
          name: 'lonlat.csv',
          data: 'Occurred,Lon,Lat,Type\n07/06/2024 22:15,-0.0915,51.5155,Assault\n',
        },
      ],
    );
    expect(res.statusCode, res.body).toBe(201);
    const { events } = await loadCrimeEvents(t.database.db, t.demoForceId, res.json().id);
    expect(events).toHaveLength(1);
    expect(events[0]!.t).toBe(minutesOf(2024, 6, 7, 22, 15));
    expect(events[0]!.x).toBeCloseTo(532_400, -3);
    expect(events[0]!.y).toBeCloseTo(181_500, -3);
  });

  it('reads a member of a zip archive, and several files as one import', async () => {
    const csv =
      'REF,YEAR,MONTH,DAY,HOUR,MINUTE,EASTING,NORTHING,OFFENCE\nZ1,2024,1,1,0,0,532000,181000,Robbery\n';
    const zip = Buffer.from(
      zipSync({ 'README.txt': strToU8('about the data'), 'exports/crimes.csv': strToU8(csv) }),
    );
    const named = await upload(
      'analyst',
      {
        title: 'Zipped export',
        preset: 'mapped',
        mapping: JSON.stringify(SPLIT_MAPPING),
        member: 'exports/crimes.csv',
      },
      [{ field: 'files', name: 'export.zip', data: zip }],
    );
    expect(named.statusCode, named.body).toBe(201);
    expect(named.json()).toMatchObject({ files: ['export.zip'], member: 'exports/crimes.csv', rowsKept: 1 });

    const missing = await upload(
      'analyst',
      {
        title: 'Zipped export',
        preset: 'mapped',
        mapping: JSON.stringify(SPLIT_MAPPING),
        member: 'nope.csv',
      },
      [{ field: 'files', name: 'export.zip', data: zip }],
    );
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail).toContain("export.zip: export.zip: no member 'nope.csv' in the zip");
    expect(missing.json().detail).not.toContain('/tmp');

    const several = await upload('analyst', { title: 'Three months', preset: 'police.uk' }, [
      {
        field: 'files',
        name: '2021-01-street.csv',
        data: POLICE_UK_HEADER + policeUkRow('2021-01', '-0.09', '51.515', 'Burglary'),
      },
      {
        field: 'files',
        name: '2021-02-street.csv.gz',
        data: gzipSync(POLICE_UK_HEADER + policeUkRow('2021-02', '-0.09', '51.515', 'Shoplifting')),
      },
      {
        field: 'files',
        name: '2021-03.zip',
        data: Buffer.from(
          zipSync({
            '2021-03-street.csv': strToU8(
              POLICE_UK_HEADER +
                policeUkRow('2021-03', '-0.09', '51.515', 'Burglary') +
                policeUkRow('2021-03', '', '', 'Burglary'),
            ),
          }),
        ),
      },
    ]);
    expect(several.statusCode, several.body).toBe(201);
    expect(several.json()).toMatchObject({
      files: ['2021-01-street.csv', '2021-02-street.csv.gz', '2021-03.zip'],
      rowsRead: 4,
      rowsKept: 3,
      dropped: { 'coordinates empty': 1 },
      firstMonth: '2021-01',
      lastMonth: '2021-03',
    });
  });

  it('refuses a malformed row with 422 naming file, line and field, and stores nothing', async () => {
    const imports = await importCount();
    const entries = await ledgerCount('crime-data.imported');
    const good = POLICE_UK_HEADER + policeUkRow('2022-01', '-0.09', '51.515', 'Burglary');
    const bad =
      POLICE_UK_HEADER +
      policeUkRow('2022-02', '-0.09', '51.515', 'Burglary') +
      policeUkRow('2022-02', '-0.0x9', '51.515', 'Burglary');
    const res = await upload('analyst', { title: 'Has a bad row', preset: 'police.uk' }, [
      { field: 'files', name: 'good.csv', data: good },
      { field: 'files', name: 'bad.csv', data: bad },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'crime-data-invalid',
      file: 'bad.csv',
      line: 3,
      field: 'Longitude',
      detail: "bad.csv, line 3, field 'Longitude': '-0.0x9' is not a number",
    });
    const month = await upload('analyst', { title: 'Bad month', preset: 'police.uk' }, [
      {
        field: 'files',
        name: 'm.csv',
        data: POLICE_UK_HEADER + policeUkRow('2022-13', '-0.09', '51.5', 'Drugs'),
      },
    ]);
    expect(month.statusCode).toBe(422);
    expect(month.json().detail).toBe(
      "m.csv, line 2, field 'Month': '2022-13' is not a time in the format 'YYYY-MM'",
    );
    const header = await upload(
      'analyst',
      { title: 'Wrong columns', preset: 'mapped', mapping: JSON.stringify(SPLIT_MAPPING) },
      [{ field: 'files', name: 'cols.csv', data: 'A,B\n1,2\n' }],
    );
    expect(header.statusCode).toBe(422);
    expect(header.json().detail).toMatch(/^cols\.csv, line 1, field 'YEAR': column missing/);
    const notGzip = await upload('analyst', { title: 'Not gzip', preset: 'police.uk' }, [
      { field: 'files', name: 'x.csv.gz', data: 'plain text' },
    ]);
    expect(notGzip.statusCode).toBe(422);
    expect(notGzip.json().detail).toMatch(/^x\.csv\.gz: cannot be read as gzip/);
    const nowhere = await upload('analyst', { title: 'No usable rows', preset: 'police.uk' }, [
      { field: 'files', name: 'n.csv', data: POLICE_UK_HEADER + policeUkRow('2022-01', '', '', 'Drugs') },
    ]);
    expect(nowhere.statusCode).toBe(422);
    expect(nowhere.json().detail).toContain(
      'no row has usable coordinates (1 rows read: 1 coordinates empty)',
    );
    expect(await importCount()).toBe(imports);
    expect(await ledgerCount('crime-data.imported')).toBe(entries);
  });

  it('checks the form fields and the mapping, naming each problem', async () => {
    const file = { field: 'files', name: 'a.csv', data: POLICE_UK_HEADER };
    const noTitle = await upload('analyst', { title: '', preset: 'police.uk' }, [file]);
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().issues).toEqual([
      { path: 'title', message: 'enter a title of at least 3 characters' },
    ]);
    const noFiles = await upload('analyst', { title: 'No files', preset: 'police.uk' }, []);
    expect(noFiles.statusCode).toBe(400);
    expect(noFiles.json().issues[0].path).toBe('files');
    const badMapping = await upload(
      'analyst',
      {
        title: 'Bad mapping',
        preset: 'mapped',
        mapping: JSON.stringify({ ...SPLIT_MAPPING, coordinates: { x: 'X', y: 'Y', crs: 'EPSG:3857' } }),
      },
      [file],
    );
    expect(badMapping.statusCode).toBe(400);
    expect(badMapping.json().issues).toEqual([
      { path: 'mapping.coordinates.crs', message: 'must be one of EPSG:4326, EPSG:27700' },
    ]);
    const noCategory = await upload(
      'analyst',
      {
        title: 'No types',
        preset: 'mapped',
        mapping: JSON.stringify({ ...SPLIT_MAPPING, category: undefined }),
      },
      [file],
    );
    expect(noCategory.statusCode).toBe(400);
    expect(noCategory.json().issues[0].path).toBe('mapping.category');
    const notJson = await upload('analyst', { title: 'Not JSON', preset: 'mapped', mapping: '{' }, [file]);
    expect(notJson.json().issues[0]).toMatchObject({ path: 'mapping' });
  });

  it('lets only the delivery team, analysts and the product manager import; others who forecast may list', async () => {
    const file = {
      field: 'files',
      name: 'a.csv',
      data: POLICE_UK_HEADER + policeUkRow('2022-01', '-0.09', '51.515', 'Burglary'),
    };
    for (const role of ROLES) {
      const post = await upload(role, { title: `As ${role}`, preset: 'police.uk' }, [file]);
      const list = await t.call(role, 'GET', '/api/forces/demo/crime-data');
      const mayImport = (crimeDataPolicy.import as readonly string[]).includes(role);
      const mayList = (crimeDataPolicy.list as readonly string[]).includes(role);
      expect(post.statusCode, `${role} import`).toBe(mayImport ? 201 : 403);
      expect(list.statusCode, `${role} list`).toBe(mayList ? 200 : 403);
    }
    expect(crimeDataPolicy.import).toEqual(['delivery-team', 'analyst', 'product-manager']);
    expect([...crimeDataPolicy.list].sort()).toEqual(
      ['analyst', 'delivery-team', 'officer', 'product-manager', 'project-lead'].sort(),
    );
    const refused = await upload('hr', { title: 'As hr', preset: 'police.uk' }, [file]);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/forces/demo/crime-data' });
    expect(anonymous.statusCode).toBe(401);
  });

  it("refuses another force's data: not found through the API and the loader", async () => {
    const kent = (await findForceBySlug(t.database.db, 'kent'))!;
    await createPerson(
      t.database.db,
      {
        email: 'analyst@kent.example',
        name: 'Kent Analyst',
        password: 'kent-password-123',
        roles: ['analyst'],
      },
      kent.id,
      null,
    );
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'analyst@kent.example', password: 'kent-password-123' },
    });
    const cookie = `bluelamp_session=${login.cookies.find((c) => c.name === 'bluelamp_session')!.value}`;
    const csrf = login.json().csrfToken as string;
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
    expect((await get('/api/forces/demo/crime-data')).statusCode).toBe(404);
    expect((await get(`/api/forces/kent/crime-data/${policeUkId}`)).statusCode).toBe(404);
    const own = await get('/api/forces/kent/crime-data');
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual([]);
    const { payload, contentType } = multipartBody({ title: 'Into demo', preset: 'police.uk' }, [
      { field: 'files', name: 'a.csv', data: POLICE_UK_HEADER },
    ]);
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/forces/demo/crime-data',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': contentType },
      payload,
    });
    expect(post.statusCode).toBe(404);
    expect((await t.call('analyst', 'GET', '/api/forces/kent/crime-data')).statusCode).toBe(404);
    await expect(loadCrimeEvents(t.database.db, kent.id, policeUkId)).rejects.toMatchObject({ status: 404 });
  });
});

describe('forecasts from an import', () => {
  it('starts a hot spot run from the force import through the API, and the output has top cells', async () => {
    const system = await demoSystem(t.database.db, t.demoForceId, {
      stage: 'live',
      moduleSettings: { method: 'naive', top: 10, maxCoverage: 0.2 },
      productManager: false,
    });
    const imported = await upload(
      'analyst',
      { title: 'Two years of RMS data', preset: 'mapped', mapping: JSON.stringify(SPLIT_MAPPING) },
      [{ field: 'files', name: 'rms-2023-2024.csv', data: projectedCsv() }],
    );
    expect(imported.statusCode, imported.body).toBe(201);
    const id = imported.json().id as string;
    expect(imported.json()).toMatchObject({ rowsKept: 720, firstMonth: '2023-01', lastMonth: '2024-12' });

    const early = await t.call('analyst', 'POST', `/api/systems/${system.id}/runs`, {
      purpose: 'Patrol plan from our own data',
      hotspots: { sourceId: `import:${id}`, crimeTypes: ['Burglary'], forecastMonth: '2023-06' },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().issues[0]).toMatchObject({ path: 'hotspots.forecastMonth' });
    expect(early.json().issues[0].message).toContain('between 2024-02 and 2025-01');
    const short = await t.call('analyst', 'POST', `/api/systems/${system.id}/runs`, {
      purpose: 'Forecast from too little data',
      hotspots: { sourceId: `import:${policeUkId}`, crimeTypes: ['Burglary'], forecastMonth: '2020-04' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().issues[0].message).toContain('is too short to forecast from');
    const wrongType = await t.call('analyst', 'POST', `/api/systems/${system.id}/runs`, {
      purpose: 'Patrol plan from our own data',
      hotspots: { sourceId: `import:${id}`, crimeTypes: ['Drugs'], forecastMonth: '2025-01' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().issues[0].message).toBe(
      'Choose crime types found in this data (Burglary, Robbery)',
    );

    const run = await t.run('analyst', system.id, {
      purpose: 'Patrol plan from our own data',
      hotspots: { sourceId: `import:${id}`, crimeTypes: ['Burglary'], forecastMonth: '2025-01' },
    });
    expect(run.status).toBe('awaiting_review');
    const row = await t.database.db
      .selectFrom('runs')
      .select(['reference', 'input', 'input_encrypted', 'output'])
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    // The force's own crime locations are stored encrypted with the run, never in plain JSON.
    expect(row.input).toBeNull();
    const input = storedRunInput(t.config.dataEncryptionKey, row) as {
      importId: string;
      crs: string;
      t0: string;
      events: Array<{ time: string; x: number; category: string }>;
    };
    expect(input).toMatchObject({ importId: `import:${id}`, crs: 'EPSG:27700', t0: '2025-01-01T00:00' });
    expect(
      input.events.every((e) => e.category === 'Burglary' && e.time >= '2024-01-02' && e.time < '2025-01-01'),
    ).toBe(true);
    const sealed = row.input_encrypted!.toString('latin1');
    for (const e of input.events) expect(sealed).not.toContain(String(e.x));
    expect(sealed).not.toContain('Burglary');
    // Everyone in the force sees the import by its title, with counts and periods only.
    const { cookie } = await t.login('hr');
    const page = await t.app.inject({ method: 'GET', url: `/runs/${run.id}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your force&#39;s data: Two years of RMS data (imported ');
    expect(page.body).not.toContain(`import:${id}`);
    expect(page.body).toMatch(
      new RegExp(`Recorded crimes used\\s*</dt>\\s*<dd[^>]*>\\s*${input.events.length}\\s*<`),
    );
    const seen = await t.call('officer', 'GET', `/api/runs/${run.id}`);
    expect(seen.statusCode).toBe(200);
    const output = seen.json().output as { topCells: Array<{ x: number; y: number }>; crimeTypes: string[] };
    expect(output.topCells.length).toBeGreaterThan(0);
    expect(output.crimeTypes).toEqual(['Burglary']);
    expect(output.topCells[0]!.x).toBeGreaterThan(531_000);
    expect(output.topCells[0]!.x).toBeLessThan(534_000);
  });

  it('offers the import on the start form, and keeps the police.uk caveat for police.uk imports', async () => {
    const system = await demoSystem(t.database.db, t.demoForceId, {
      stage: 'live',
      moduleSettings: { method: 'naive', top: 5, maxCoverage: 0.2, trainDays: 90 },
      productManager: false,
    });
    const months = ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06', '2023-07', '2023-08'];
    const rows = ['2022-09', '2022-10', '2022-11', '2022-12', ...months]
      .flatMap((m) =>
        [0, 1, 2, 3].map((k) => policeUkRow(m, (-0.092 + k * 0.001).toFixed(4), '51.5150', 'Burglary')),
      )
      .join('');
    const imported = await upload('analyst', { title: 'police.uk months', preset: 'police.uk' }, [
      { field: 'files', name: 'street.csv', data: POLICE_UK_HEADER + rows },
    ]);
    expect(imported.statusCode, imported.body).toBe(201);
    const id = imported.json().id as string;
    const { cookie } = await t.login('analyst');
    const form = await t.app.inject({
      method: 'GET',
      url: `/systems/${system.id}/runs/new`,
      headers: { cookie },
    });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="import:${id}"`);
    expect(form.body).toContain('Your force&#39;s data: police.uk months');
    expect(form.body).toContain('href="/crime-data"');
    const res = await t.call('analyst', 'POST', `/api/systems/${system.id}/runs`, {
      purpose: 'Forecast from police.uk import',
      hotspots: { sourceId: `import:${id}`, crimeTypes: ['Burglary'], forecastMonth: '2023-09' },
    });
    expect(res.statusCode, res.body).toBe(202);
    await drainRuns(t.services.runs);
    const row = await t.database.db
      .selectFrom('runs')
      .select(['reference', 'input', 'input_encrypted'])
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(row.input).toBeNull();
    const input = storedRunInput(t.config.dataEncryptionKey, row) as { importId: string };
    expect(input.importId).toBe(`police.uk:import:${id}`);
    const page = await t.app.inject({ method: 'GET', url: `/runs/${res.json().id}`, headers: { cookie } });
    expect(page.statusCode, page.body.slice(0, 3000)).toBe(200);
    expect(page.body).toContain('Your force&#39;s data: police.uk months (imported ');
    expect(page.body).toContain('(police.uk street crime)');
    expect(page.body).not.toContain(`import:${id}`);
    expect(page.body).toContain('police.uk locations are anonymised snap points');

    // A caller's own input cannot claim the import (its title) or police.uk (the caveat).
    const claimed = await t.call('analyst', 'POST', `/api/systems/${system.id}/runs`, {
      purpose: 'Forecast from data of my own',
      input: { ...input, importId: `police.uk:import:${id}` },
    });
    expect(claimed.statusCode, claimed.body).toBe(202);
    await drainRuns(t.services.runs);
    const claimedRow = await t.database.db
      .selectFrom('runs')
      .select(['reference', 'input', 'input_encrypted'])
      .where('id', '=', claimed.json().id)
      .executeTakeFirstOrThrow();
    expect(storedRunInput(t.config.dataEncryptionKey, claimedRow)).not.toHaveProperty('importId');
    const claimedPage = await t.app.inject({
      method: 'GET',
      url: `/runs/${claimed.json().id}`,
      headers: { cookie },
    });
    expect(claimedPage.statusCode).toBe(200);
    expect(claimedPage.body).not.toContain('police.uk months');
    expect(claimedPage.body).not.toContain('police.uk locations are anonymised');

    // An import of another force is not a source here.
    const other = await t.call('analyst', 'POST', `/api/systems/${system.id}/runs`, {
      purpose: 'Forecast from a made-up import',
      hotspots: {
        sourceId: 'import:00000000-0000-4000-8000-000000000000',
        crimeTypes: ['Burglary'],
        forecastMonth: '2023-09',
      },
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().issues[0]).toMatchObject({ path: 'hotspots.sourceId' });
  });
});

describe('the demo import', () => {
  it('imports the City of London police.uk extract shipped in the repository for the demo force', async () => {
    const s = await seedDemoCrimeData(t.database.db, t.config, t.demoForceId);
    expect(s).toMatchObject({
      kind: 'police.uk',
      files: ['city-of-london-street-2018-04_2020-11.csv.gz'],
      rowsRead: 22_111,
      rowsKept: 20_412,
      dropped: { 'coordinates empty': 1_699 },
      firstMonth: '2018-04',
      lastMonth: '2020-11',
      createdBy: { name: 'Nina Kowalski' },
    });
    expect(s!.categories.map((c) => c.name).sort()).toEqual([...POLICE_UK_CRIME_TYPES].sort());
    const { events } = await loadCrimeEvents(t.database.db, t.demoForceId, s!.id);
    expect(events).toHaveLength(20_412);
  });
});
