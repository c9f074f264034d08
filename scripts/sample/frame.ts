/**
 * The sample county's frame: a local grid (u, v) in metres, rotated against Gauss-Krüger north so
 * the canal grid follows the alluvial fan's slope, and its conversion to CGCS2000 3° zone 29
 * (EPSG:4517 style, zone number in the easting) and to lon/lat.
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import { proj4Cgcs2000Gk3Zone } from '../../src/io/write/prj.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import type { Poly, Pt } from './types.ts';

export const ZONE = 29;
const converter = proj4('+proj=longlat +ellps=GRS80 +no_defs', proj4Cgcs2000Gk3Zone(ZONE));

export interface Frame {
  originE: number;
  originN: number;
  angleRad: number;
}

export function makeFrame(centerLon: number, centerLat: number, angleDeg: number): Frame {
  const [e, n] = converter.forward([centerLon, centerLat]);
  return { originE: Math.round(e), originN: Math.round(n), angleRad: (angleDeg * Math.PI) / 180 };
}

/** grid (u, v) → GK (easting, northing), rounded to the millimetre */
export function toGk(frame: Frame, [u, v]: Pt): Pt {
  const c = Math.cos(frame.angleRad);
  const s = Math.sin(frame.angleRad);
  return [round3(frame.originE + u * c - v * s), round3(frame.originN + u * s + v * c)];
}

export function fromGk(frame: Frame, [e, n]: Pt): Pt {
  const c = Math.cos(frame.angleRad);
  const s = Math.sin(frame.angleRad);
  const de = e - frame.originE;
  const dn = n - frame.originN;
  return [de * c + dn * s, -de * s + dn * c];
}

export const lonLatToGk = (p: Position): Pt => converter.forward([p[0], p[1]]) as Pt;
export const gkToLonLat = (p: Position): Pt => converter.inverse([p[0], p[1]]) as Pt;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** GK polygons → GeoJSON geometry (Polygon or MultiPolygon) in GK coordinates */
export function gkGeometry(polys: Poly[]): Geometry {
  if (polys.length === 1) return { type: 'Polygon', coordinates: polys[0] };
  return { type: 'MultiPolygon', coordinates: polys };
}

/** Ellipsoidal area (CGCS2000) of GK polygons: inverse-projected, then the shared area code. */
export function ellipsoidalAreaOfGk(polys: Poly[]): number {
  const lonLat = polys.map((poly) => poly.map((ring) => ring.map(gkToLonLat)));
  return ellipsoidalAreaM2(gkGeometry(lonLat));
}
