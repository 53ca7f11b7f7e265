import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { projector, utmNorth } from './index.ts';

describe('UTM by the Krüger series', () => {
  // Check values of PROTOCOL.md section 1.
  const cases: Array<[number, number, number, number, number]> = [
    [-87.6277, 41.7922, 16, 447846.474, 4626895.2393],
    [-87.9255, 41.6446, 16, 422926.879, 4610731.4587],
    [-87.5246, 42.0225, 16, 456569.1201, 4652407.4798],
    [-1.614, 54.978, 30, 588705.9421, 6093221.9988],
    [-2.575411, 54.991255, 30, 527166.157, 6093900.7321],
    [-6.041388, 54.8, 30, 304511.112, 6076777.4032],
  ];
  it.each(cases)('(%f, %f) zone %i -> (%f, %f) to 1 mm', (lon, lat, zone, e, n) => {
    const [x, y] = utmNorth(lon, lat, zone);
    expect(Math.abs(x - e)).toBeLessThan(0.001);
    expect(Math.abs(y - n)).toBeLessThan(0.001);
  });

  it('is chosen for EPSG:326zz and agrees with proj4 utm to a millimetre', () => {
    const p = projector('EPSG:4326', 'EPSG:32630');
    const [x, y] = p(-1.614, 54.978);
    const [px, py] = proj4('EPSG:4326', '+proj=utm +zone=30 +datum=WGS84 +units=m', [-1.614, 54.978]);
    expect(Math.abs(x - (px as number))).toBeLessThan(0.001);
    expect(Math.abs(y - (py as number))).toBeLessThan(0.001);
  });
});

describe('British National Grid', () => {
  const dms = (d: number, m: number, s: number): number => d + m / 60 + s / 3600;

  it('projects the Ordnance Survey worked example (Caister water tower) within the Helmert accuracy', () => {
    // OS "A guide to coordinate systems in Great Britain": ETRS89 52°39′28.8282″N 1°42′57.8663″E is
    // National Grid E 651409.903, N 313177.270 (OSTN15). The 7-parameter Helmert shift is good
    // to a few metres; without any datum shift the error would be over 100 m.
    const [e, n] = projector('EPSG:4326', 'EPSG:27700')(dms(1, 42, 57.8663), dms(52, 39, 28.8282));
    expect(Math.abs(e - 651409.903)).toBeLessThan(5);
    expect(Math.abs(n - 313177.27)).toBeLessThan(5);
  });

  it('applies the OSGB36 datum shift (about 100 m here)', () => {
    const noShift = proj4(
      'EPSG:4326',
      '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +units=m',
      [dms(1, 42, 57.8663), dms(52, 39, 28.8282)],
    );
    const [e, n] = projector('EPSG:4326', 'EPSG:27700')(dms(1, 42, 57.8663), dms(52, 39, 28.8282));
    expect(Math.hypot(e - (noShift[0] as number), n - (noShift[1] as number))).toBeGreaterThan(50);
  });

  it('refuses projections it does not know', () => {
    expect(() => projector('EPSG:27700', 'EPSG:4326')).toThrow(/unsupported projection/);
  });
});
