/**
 * When a layer has no usable .prj: infer the CRS from the coordinate ranges.
 * - lon/lat ranges → geographic, assumed CGCS2000 (≈ WGS84 to centimetres);
 * - an 8-digit easting whose leading digits are a GK zone (13–23: 6°, 25–45: 3°) → that zone,
 *   assumed CGCS2000;
 * - a 6-digit easting (no zone number) cannot tell its central meridian → null (ask the user).
 */
import { crsByCode, findGaussKruger } from './chineseCrs.ts';
import { datumCaution, type ResolvedCrs } from './prj.ts';

export type Bbox = [number, number, number, number];

/** Northings of mainland China and its islands (≈ 3°N–54°N) in metres, generous. */
const CHINA_NORTHING_M: [number, number] = [200_000, 6_200_000];

export function inferCrs(bbox: Bbox): ResolvedCrs | null {
  const [xmin, ymin, xmax, ymax] = bbox;
  if (![xmin, ymin, xmax, ymax].every(Number.isFinite)) return null;
  if (xmin >= -180 && xmax <= 180 && ymin >= -90 && ymax <= 90) {
    const entry = crsByCode('EPSG:4490')!;
    return {
      info: { code: entry.code, name: entry.name, proj4: '', source: 'inferred', detail: 'coordinates lie within lon/lat ranges; assumed CGCS2000 lon/lat' },
      datum: 'CGCS2000',
      geographic: true,
      cautions: [],
    };
  }
  const northingOk = ymin >= CHINA_NORTHING_M[0] && ymax <= CHINA_NORTHING_M[1];
  const zone = Math.floor(xmin / 1e6);
  if (northingOk && zone === Math.floor(xmax / 1e6) && ((zone >= 13 && zone <= 23) || (zone >= 25 && zone <= 45))) {
    const sixDegree = zone <= 23;
    const cm = sixDegree ? 6 * zone - 3 : 3 * zone;
    const entry = findGaussKruger('CGCS2000', cm, zone * 1e6 + 500000, sixDegree ? 'gk6' : 'gk3')!;
    return {
      info: {
        code: entry.code,
        name: entry.name,
        proj4: entry.proj4,
        source: 'inferred',
        detail: `no .prj: ${sixDegree ? '6°' : '3°'} zone ${zone} read from the easting's leading digits; datum assumed CGCS2000`,
      },
      datum: 'CGCS2000',
      geographic: false,
      cautions: datumCaution('CGCS2000'),
    };
  }
  return null;
}

/** Why inference failed, for the message that asks the user for a CRS. */
export function inferenceFailure(bbox: Bbox): string {
  const [xmin, ymin, xmax, ymax] = bbox;
  if (xmin >= 0 && xmax < 1e6 && ymin >= CHINA_NORTHING_M[0] && ymax <= CHINA_NORTHING_M[1]) {
    return 'eastings have no zone number (6 digits), so the central meridian is unknown; choose the CRS (e.g. --crs EPSG:4538)';
  }
  return `coordinates (x ${fmt(xmin)}…${fmt(xmax)}, y ${fmt(ymin)}…${fmt(ymax)}) match no known Chinese CRS; choose the CRS (--crs)`;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : String(v);
}
