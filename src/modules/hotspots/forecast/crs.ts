import proj4 from 'proj4';
import { forecastError } from './model.ts';

/**
 * proj4 definitions of the grid coordinate systems forecasts use, so cells can be given in WGS84
 * longitude/latitude. UTM zones are WGS84 Transverse Mercator; British National Grid (EPSG:27700)
 * is OSGB36 on the Airy 1830 ellipsoid with Ordnance Survey's 7-parameter Helmert shift from
 * WGS84 ("A guide to coordinate systems in Great Britain", 2020), good to a few metres.
 */
const DEFINITIONS: Record<string, string> = {
  'EPSG:32610': '+proj=utm +zone=10 +datum=WGS84 +units=m +no_defs',
  'EPSG:32616': '+proj=utm +zone=16 +datum=WGS84 +units=m +no_defs',
  'EPSG:32630': '+proj=utm +zone=30 +datum=WGS84 +units=m +no_defs',
  'EPSG:27700':
    '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
    '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs',
};

for (const [code, def] of Object.entries(DEFINITIONS)) proj4.defs(code, def);

export const SUPPORTED_CRS = Object.keys(DEFINITIONS);

export interface LonLatConverter {
  toLonLat(x: number, y: number): [number, number];
  fromLonLat(lon: number, lat: number): [number, number];
}

/** Converts between a grid CRS (one of `SUPPORTED_CRS`) and WGS84 longitude/latitude. */
export function lonLatConverter(crs: string): LonLatConverter {
  if (!(crs in DEFINITIONS)) {
    throw forecastError(
      'invalid-input',
      `unsupported grid CRS ${crs} (supported: ${SUPPORTED_CRS.join(', ')})`,
    );
  }
  const p = proj4(crs, 'EPSG:4326');
  return {
    toLonLat: (x, y) => {
      const [lon, lat] = p.forward([x, y]);
      return [lon as number, lat as number];
    },
    fromLonLat: (lon, lat) => {
      const [x, y] = p.inverse([lon, lat]);
      return [x as number, y as number];
    },
  };
}
