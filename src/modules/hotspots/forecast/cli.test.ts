import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { addForecastCommand } from './cli.ts';
import type { ForecastFeatureCollection } from './geojson.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-forecast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const program = new Command('bluelamp').exitOverride();
  addForecastCommand(program.command('hotspots'));
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'bluelamp', 'hotspots', 'forecast', ...args]);
  } finally {
    write.mockRestore();
    err.mockRestore();
  }
  return out;
}

// City of London is a held-out city: this runs the forecast on it, nothing is tuned on it.
describe('bluelamp hotspots forecast (City of London, police.uk)', () => {
  // The extract shipped with the module (police.uk columns a forecast reads).
  const data = fileURLToPath(
    new URL('../data/city-of-london-street-2018-04_2020-11.csv.gz', import.meta.url),
  );

  it('forecasts, writes the map and GeoJSON, and states the police.uk caveat everywhere', async () => {
    const svgFile = path.join(dir, 'map.svg');
    const geoFile = path.join(dir, 'hotspots.geojson');
    const out = await run([
      '--data',
      data,
      '--at',
      '2020-06-01',
      '--method',
      'retro',
      '--svg',
      svgFile,
      '--geojson',
      geoFile,
    ]);
    expect(out).toMatch(/Forecast by retro for 1 Jun 2020 to 30 Jun 2020/);
    expect(out).toMatch(/All 14 recorded crime types used/);
    expect(out).toMatch(/Note: police.uk locations are anonymised snap points/);
    expect(out).toMatch(/^1 +\d+ +5\d{5} +18\d{4} +-0\.\d{6} +51\.5\d{5}/m);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toContain('role="img"');
    expect(svg).toContain('police.uk locations are anonymised snap points');
    const fc = JSON.parse(readFileSync(geoFile, 'utf8')) as ForecastFeatureCollection;
    const hot = Number(/Hot spots: (\d+) cells/.exec(out)?.[1]);
    expect(fc.features).toHaveLength(hot);
    expect(fc.forecast.notices[0]).toMatch(/anonymised snap points/);
    const [lon, lat] = fc.features[0]!.geometry.coordinates[0]![0]!;
    expect(lon).toBeGreaterThan(-0.12);
    expect(lon).toBeLessThan(-0.07);
    expect(lat).toBeGreaterThan(51.5);
    expect(lat).toBeLessThan(51.53);
  });

  it('refuses a coverage above the cap and a public map that is too fine or too recent', async () => {
    const base = ['--data', data, '--at', '2020-06-01', '--method', 'naive'];
    await expect(run([...base, '--coverage', '0.1'])).rejects.toThrow(/above this force's cap of 5%/);
    await expect(run([...base, '--public', '--public-cell-size', '250'])).rejects.toThrow(/at least 500 m/);
    await expect(run([...base, '--public', '--today', '2020-07-15'])).rejects.toThrow(/from 2020-07-29/);
    await expect(run([...base.slice(0, 2), '--at', '2020-06-15', '--method', 'naive'])).rejects.toThrow(
      /police.uk dates are months only/,
    );
  });

  it('writes a public version on 500 m squares without hot spot outlines', async () => {
    const geoFile = path.join(dir, 'public.geojson');
    const svgFile = path.join(dir, 'public.svg');
    const out = await run([
      ...['--data', data, '--at', '2020-06-01', '--method', 'naive', '--public', '--today', '2020-08-01'],
      ...['--geojson', geoFile, '--svg', svgFile],
    ]);
    expect(out).toMatch(/Note: Public version: forecast risk summed over 500 m squares/);
    const fc = JSON.parse(readFileSync(geoFile, 'utf8')) as ForecastFeatureCollection;
    expect(fc.forecast.cellSize).toBe(500);
    expect(fc.features.length).toBeGreaterThan(0);
    expect(fc.features.every((f) => f.properties.rank === null)).toBe(true);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toContain('Past crime risk (public version)');
    expect(svg).not.toContain('hot spot: top');
  });

  it('prints a JSON report with the crime types and the patrol plan', async () => {
    const out = await run([
      '--data',
      data,
      '--at',
      '2020-06-01',
      '--method',
      'naive',
      '--crime-types',
      'Burglary',
      '--json',
    ]);
    const report = JSON.parse(out) as {
      crimeTypes: { used: string[]; singleType: boolean };
      patrolPlan: { zones: Record<string, { share: number }> };
      top: unknown[];
    };
    expect(report.crimeTypes).toMatchObject({ used: ['Burglary'], singleType: true });
    const z = report.patrolPlan.zones;
    expect(z['low-risk']!.share + z.rural!.share).toBeCloseTo(0.2, 9);
    expect(report.top).toHaveLength(10);
  });
});
