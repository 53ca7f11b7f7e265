import proj4 from 'proj4';
import { utmNorth } from './utm.ts';

/** Projects (x, y) in a source CRS to a metric grid CRS. */
export type Projector = (x: number, y: number) => [number, number];

/**
 * British National Grid (OSGB36 Transverse Mercator) with the 7-parameter Helmert shift from
 * WGS84 published by Ordnance Survey ("A guide to coordinate systems in Great Britain", 2020),
 * accurate to a few metres; OSTN15 would be needed for centimetre accuracy.
 */
const BNG =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

const identity: Projector = (x, y) => [x, y];

function utmZone(code: string): number | undefined {
  const m = /^EPSG:326(\d{2})$/.exec(code);
  return m ? Number(m[1]) : undefined;
}

/**
 * A projector from `from` to `to`. Supported: identity (same code), EPSG:4326 to UTM north
 * (EPSG:326zz, Krüger series) and EPSG:4326 to British National Grid (EPSG:27700, proj4).
 */
export function projector(from: string, to: string): Projector {
  if (from === to) return identity;
  if (from === 'EPSG:4326') {
    const zone = utmZone(to);
    if (zone !== undefined && zone >= 1 && zone <= 60) return (lon, lat) => utmNorth(lon, lat, zone);
    if (to === 'EPSG:27700') {
      const p = proj4('EPSG:4326', BNG);
      return (lon, lat) => {
        const [e, nn] = p.forward([lon, lat]);
        return [e as number, nn as number];
      };
    }
  }
  throw new Error(
    `unsupported projection from ${from} to ${to} (supported: EPSG:4326 to EPSG:326zz or EPSG:27700)`,
  );
}

export { utmNorth };
