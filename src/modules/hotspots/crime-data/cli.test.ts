import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../db/migrate.ts';
import { seedDemoPeople } from '../../../identity/demo.ts';
import { cliDatabase, runCli } from '../../../test/cli.ts';

/** `bluelamp crime-data import|list` against a real database (embedded, or the server in CI). */
const cli = await cliDatabase('crime-cli');
const { dir, env, open } = cli;

beforeAll(async () => {
  const database = await open();
  try {
    await migrateToLatest(database.db);
    await seedDemoPeople(database.db, 'a-long-demo-password');
  } finally {
    await database.close();
  }
}, 120_000);

afterAll(() => cli.close());

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type\n';
const row = (month: string, lon: string, lat: string, type: string) =>
  `,${month},City,City,${lon},${lat},On or near X,E1,L,${type}\n`;

describe('bluelamp crime-data', () => {
  it('imports police.uk .gz files as the named person, reporting rows left out, then lists them', async () => {
    const a = path.join(dir, '2020-01-street.csv.gz');
    const b = path.join(dir, '2020-02-street.csv');
    writeFileSync(
      a,
      gzipSync(HEADER + row('2020-01', '-0.0915', '51.5155', 'Burglary') + row('2020-01', '', '', 'Drugs')),
    );
    writeFileSync(b, HEADER + row('2020-02', '-0.089', '51.513', 'Robbery'));
    const res = await runCli(
      [
        'crime-data',
        'import',
        '--force',
        'demo',
        '--by',
        'analyst@demo.police.example',
        '--title',
        'City, early 2020',
        a,
        b,
      ],
      env,
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Imported into Demo Constabulary:');
    expect(res.stdout).toMatch(/City, early 2020 \([0-9a-f-]{36}\)/);
    expect(res.stdout).toContain('files: 2020-01-street.csv.gz, 2020-02-street.csv');
    expect(res.stdout).toContain('2 crimes kept of 3 rows read, January 2020 to February 2020');
    expect(res.stdout).toContain('left out: 1 coordinates empty');
    expect(res.stdout).toContain('crime types: Burglary 1; Robbery 1');
    expect(res.stdout).toMatch(/imported by Nina Kowalski on .*; sha256 [0-9a-f]{64}/);

    const list = await runCli(['crime-data', 'list', '--force', 'demo', '--json'], env);
    expect(list.code).toBe(0);
    const imports = JSON.parse(list.stdout) as Array<{ title: string; rowsKept: number; dropped: object }>;
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({
      title: 'City, early 2020',
      rowsKept: 2,
      dropped: { 'coordinates empty': 1 },
    });
    expect(list.stdout).not.toContain('events');
  }, 60_000);

  it('imports a mapped export with --mapping', async () => {
    const file = path.join(dir, 'rms.csv');
    const mapping = path.join(dir, 'mapping.json');
    writeFileSync(file, 'YEAR,MONTH,DAY,HOUR,MINUTE,X,Y,TYPE\n2024,3,5,14,30,532100,181200,Burglary\n');
    writeFileSync(
      mapping,
      JSON.stringify({
        time: { columns: ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE'], format: 'YYYY M D H m' },
        coordinates: { x: 'X', y: 'Y', crs: 'EPSG:27700' },
        category: 'TYPE',
      }),
    );
    const res = await runCli(
      [
        'crime-data',
        'import',
        '--force',
        'demo',
        '--by',
        'delivery-team@demo.police.example',
        '--mapping',
        mapping,
        '--json',
        file,
      ],
      env,
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      title: 'rms.csv',
      kind: 'mapped',
      rowsKept: 1,
      firstEvent: '2024-03-05T14:30',
    });
  }, 60_000);

  it('refuses a malformed row naming file, line and field, and a person who may not import', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      HEADER + row('2020-01', '-0.09', '51.5', 'Drugs') + row('2020-01', '-0.09', 'north', 'Drugs'),
    );
    const res = await runCli(
      ['crime-data', 'import', '--force', 'demo', '--by', 'analyst@demo.police.example', file],
      env,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Nothing imported.');
    expect(res.stderr).toContain("bad.csv, line 3, field 'Latitude': 'north' is not a number");
    const officer = await runCli(
      ['crime-data', 'import', '--force', 'demo', '--by', 'officer@demo.police.example', file],
      env,
    );
    expect(officer.code).toBe(2);
    expect(officer.stderr).toContain(
      'does not hold delivery-team or analyst or product-manager in Demo Constabulary',
    );
    const list = await runCli(['crime-data', 'list', '--force', 'demo'], env);
    expect(list.stdout).not.toContain('bad.csv');
    const kent = await runCli(['crime-data', 'list', '--force', 'kent'], env);
    expect(kent.stdout).toBe('Kent Police has no crime data imports.\n');
  }, 60_000);
});
