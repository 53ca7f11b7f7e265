import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.ts';
import type { Database } from '../../../db/database.ts';
import type { Services } from '../../../http/context.ts';
import { demoEmail, seedDemoPeople } from '../../../identity/demo.ts';
import type { Role } from '../../../identity/roles.ts';
import { createServices } from '../../../main.ts';
import { DEMO_PASSWORD, testConfig } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { type FilePart, multipartBody } from '../../../test/multipart.ts';

// An app whose upload limit is 1 MB, so that the limit itself can be tested.
let app: FastifyInstance;
let database: Database;
let services: Services;
const sessions = new Map<Role, { cookie: string; csrfToken: string }>();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoPeople(database.db, DEMO_PASSWORD);
  services = await createServices(
    testConfig({ CRIME_DATA_MAX_UPLOAD_MB: '1', CRIME_DATA_MAX_ROWS: '100' }),
    database,
  );
  app = await buildApp(services);
});
afterAll(async () => {
  await app.close();
  await services.close();
  await database.close();
});

async function login(role: Role) {
  const hit = sessions.get(role);
  if (hit) return hit;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: demoEmail(role), password: DEMO_PASSWORD },
  });
  const session = {
    cookie: `bluelamp_session=${res.cookies.find((c) => c.name === 'bluelamp_session')!.value}`,
    csrfToken: res.json().csrfToken as string,
  };
  sessions.set(role, session);
  return session;
}

async function get(url: string, role: Role) {
  const { cookie } = await login(role);
  return app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
}

/** Posts the upload form as a browser does: multipart, the CSRF token as a field. */
async function postForm(role: Role, fields: Record<string, string>, files: FilePart[], csrf = true) {
  const { cookie, csrfToken } = await login(role);
  const { payload, contentType } = multipartBody(csrf ? { _csrf: csrfToken, ...fields } : fields, files);
  return app.inject({
    method: 'POST',
    url: '/crime-data',
    headers: { cookie, 'content-type': contentType, accept: 'text/html' },
    payload,
  });
}

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type\n';
const row = (month: string, lon: string, lat: string, type: string) =>
  `,${month},City,City,${lon},${lat},On or near X,E1,L,${type}\n`;

const uploadDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith('bluelamp-crime-'));

describe('the crime data page', () => {
  const before = new Set(uploadDirs());

  it('shows the upload form to those who may import, and is in the navigation', async () => {
    const page = await get('/crime-data', 'analyst');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Crime data</h1>');
    expect(page.body).toContain('href="/crime-data"');
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(
      /<input class="govuk-file-upload" id="f-files" name="files" type="file" multiple/,
    );
    expect(page.body).toContain('Another export (map the columns)');
    expect(page.body).toContain('value="EPSG:27700"');
    expect(page.body).toContain('No crime data has been imported yet.');
    const officer = await get('/crime-data', 'officer');
    expect(officer.statusCode).toBe(200);
    expect(officer.body).not.toContain('enctype="multipart/form-data"');
    expect(officer.body).toContain('Only the delivery team or analyst or product manager');
    const hr = await get('/crime-data', 'hr');
    expect(hr.statusCode).toBe(403);
    expect((await get('/', 'hr')).body).not.toContain('href="/crime-data"');
  });

  it('imports police.uk files through the form and lists them, with the rows left out', async () => {
    const res = await postForm('delivery-team', { title: 'City street crime', preset: 'police.uk' }, [
      {
        field: 'files',
        name: '2020-01-street.csv',
        data: HEADER + row('2020-01', '-0.0915', '51.5155', 'Burglary') + row('2020-01', '', '', 'Drugs'),
      },
      {
        field: 'files',
        name: '2020-02-street.csv',
        data: HEADER + row('2020-02', '-0.089', '51.513', 'Robbery'),
      },
    ]);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/crime-data\?done=[0-9a-f-]{36}#import-/);
    const page = await get(location.split('#')[0]!, 'delivery-team');
    expect(page.body).toContain(
      '2 crimes imported from 2 files (January 2020 to February 2020). 1 row left out: 1 coordinates empty.',
    );
    expect(page.body).toContain('City street crime');
    expect(page.body).toContain('2020-01-street.csv, 2020-02-street.csv');
    expect(page.body).toContain('police.uk street-level crime files');
    expect(page.body).toContain('<li>1 coordinates empty</li>');
    expect(page.body).toContain('2 crime types');
    expect(page.body).toContain('Jess Walker');
    const officer = await get('/crime-data', 'officer');
    expect(officer.body).toContain('City street crime');
  });

  it('builds the mapping from the form fields', async () => {
    const res = await postForm(
      'analyst',
      {
        title: 'RMS export',
        preset: 'mapped',
        timeColumns: 'Date, Time',
        timeFormat: 'DD/MM/YYYY HH:mm',
        xColumn: 'Easting',
        yColumn: 'Northing',
        crs: 'EPSG:27700',
        categoryColumn: 'Offence',
      },
      [
        {
          field: 'files',
          name: 'rms.csv',
          data: 'Date,Time,Easting,Northing,Offence\n01/02/2024,10:30,532000,181000,Burglary\n',
        },
      ],
    );
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const page = await get(String(res.headers.location).split('#')[0]!, 'analyst');
    expect(page.body).toContain(
      'Mapped columns: time from Date, Time (DD/MM/YYYY HH:mm), x Easting and y Northing (EPSG:27700), crime type Offence',
    );
    expect(page.body).toContain('1 crime imported from 1 file (February 2024). Every row read was kept.');
  });

  it('shows each problem in the error summary, linked to its field', async () => {
    const res = await postForm('analyst', { title: '', preset: 'mapped', crs: '' }, []);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    for (const [href, text] of [
      ['#f-files', 'Choose the crime data files'],
      ['#f-title', 'Enter a title for this data'],
      ['#f-timeColumns', 'Enter the name of the time column, or the columns'],
      ['#f-timeFormat', 'Enter the format of the time'],
      ['#f-xColumn', 'Enter the name of the longitude or easting (x) column'],
      ['#f-yColumn', 'Enter the name of the latitude or northing (y) column'],
      ['#f-crs', 'Select the coordinate system of the x and y columns'],
      ['#f-categoryColumn', 'Enter the name of the crime type column'],
    ]) {
      expect(res.body).toContain(`<a href="${href}">${text}`);
    }
    expect(res.body).toContain('<title>Error: Crime data');
  });

  it('names the file, line and field of a malformed row, and imports nothing', async () => {
    const res = await postForm('analyst', { title: 'Bad row', preset: 'police.uk' }, [
      {
        field: 'files',
        name: 'bad.csv',
        data: HEADER + row('2020-01', '-0.09', '51.5', 'Drugs') + row('2020-1', '-0.09', '51.5', 'Drugs'),
      },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(
      '<a href="#f-files">bad.csv, line 3, field &#39;Month&#39;: &#39;2020-1&#39; is not a time in the format &#39;YYYY-MM&#39;',
    );
    expect(res.body).toContain('value="Bad row"');
    expect((await get('/crime-data', 'analyst')).body).not.toContain('>Bad row<');
  });

  it('refuses a form without the CSRF token, and someone who may not import', async () => {
    const file = { field: 'files', name: 'a.csv', data: HEADER + row('2020-01', '-0.09', '51.5', 'Drugs') };
    expect(
      (await postForm('analyst', { title: 'No token', preset: 'police.uk' }, [file], false)).statusCode,
    ).toBe(403);
    const officer = await postForm('officer', { title: 'As an officer', preset: 'police.uk' }, [file]);
    expect(officer.statusCode).toBe(403);
    expect(officer.headers['content-type']).toContain('text/html');
    expect(officer.body).toContain('may import crime data');
  });

  it('refuses uploads over the limit with 413, in the API and on the page', async () => {
    const big = HEADER + row('2020-01', '-0.09', '51.5', 'Drugs').repeat(20_000);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const { cookie, csrfToken } = await login('analyst');
    const { payload, contentType } = multipartBody({ title: 'Too big', preset: 'police.uk' }, [
      { field: 'files', name: 'big.csv', data: big },
    ]);
    const api = await app.inject({
      method: 'POST',
      url: '/api/forces/demo/crime-data',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': contentType },
      payload,
    });
    expect(api.statusCode).toBe(413);
    expect(api.json()).toMatchObject({ code: 'upload-too-large' });
    expect(api.json().detail).toContain('larger than 1 MB together');
    const page = await postForm('analyst', { title: 'Too big', preset: 'police.uk' }, [
      { field: 'files', name: 'half-1.csv', data: big.slice(0, 600_000) },
      { field: 'files', name: 'half-2.csv', data: big.slice(0, 600_000) },
    ]);
    expect(page.statusCode).toBe(413);
    expect(page.body).toContain('The files are larger than 1 MB together.');
  });

  it('refuses more rows than allowed once unpacked with 413 naming the file, storing nothing', async () => {
    const bomb = gzipSync(HEADER + row('2020-01', '-0.09', '51.5', 'Drugs').repeat(150));
    const { cookie, csrfToken } = await login('analyst');
    const { payload, contentType } = multipartBody({ title: 'Too many rows', preset: 'police.uk' }, [
      {
        field: 'files',
        name: 'small.csv',
        data: HEADER + row('2020-01', '-0.09', '51.5', 'Drugs').repeat(60),
      },
      { field: 'files', name: 'bomb.csv.gz', data: bomb },
    ]);
    const api = await app.inject({
      method: 'POST',
      url: '/api/forces/demo/crime-data',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': contentType },
      payload,
    });
    expect(api.statusCode, api.body).toBe(413);
    expect(api.json()).toMatchObject({ code: 'upload-too-many-rows', file: 'bomb.csv.gz' });
    expect(api.json().detail).toContain('bomb.csv.gz: the files hold more than 100 rows together');
    const page = await postForm('analyst', { title: 'Too many rows', preset: 'police.uk' }, [
      { field: 'files', name: 'bomb.csv.gz', data: bomb },
    ]);
    expect(page.statusCode).toBe(413);
    expect(page.body).toContain('bomb.csv.gz: more than 100 rows in total');
    const list = await app.inject({
      method: 'GET',
      url: '/api/forces/demo/crime-data',
      headers: { cookie },
    });
    expect(list.json().map((i: { title: string }) => i.title)).not.toContain('Too many rows');
  });

  it('refuses more files than allowed with 413, in the API and on the page with the form', async () => {
    const files = Array.from({ length: 51 }, (_, i) => ({
      field: 'files',
      name: `part-${i}.csv`,
      data: HEADER + row('2020-01', '-0.09', '51.5', 'Drugs'),
    }));
    const { cookie, csrfToken } = await login('analyst');
    const { payload, contentType } = multipartBody({ title: 'Too many files', preset: 'police.uk' }, files);
    const api = await app.inject({
      method: 'POST',
      url: '/api/forces/demo/crime-data',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': contentType },
      payload,
    });
    expect(api.statusCode, api.body).toBe(413);
    expect(api.json()).toMatchObject({
      code: 'upload-too-many-parts',
      detail: 'Send at most 50 files in one import.',
    });
    const page = await postForm('analyst', { title: 'Too many files', preset: 'police.uk' }, files);
    expect(page.statusCode).toBe(413);
    expect(page.body).toContain('Send at most 50 files in one import.');
    expect(page.body).toContain('enctype="multipart/form-data"');
  });

  it('leaves no uploaded file behind', async () => {
    // Folders are removed as each response ends; give the last one a moment.
    for (let i = 0; i < 20 && uploadDirs().some((d) => !before.has(d)); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(uploadDirs().filter((d) => !before.has(d))).toEqual([]);
  });
});
