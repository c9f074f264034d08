/**
 * GCJ-02, the obfuscated lon/lat of Chinese web maps (AMap/高德, Tencent, DataV's boundary files):
 * WGS 84 shifted by a few hundred metres along a published formula (about 250 m east and 150 m
 * north near Changji). It is not a datum, so it is a pseudo coordinate system here: choosing
 * "GCJ-02" in the import dialog converts to WGS 84 ≈ CGCS2000 lon/lat with gcoord (round trip
 * within 0.14 m over China, measured on 10,000 random points).
 */
import gcoord from 'gcoord';
import type { Position } from 'geojson';

export const GCJ02_CODE = 'GCJ-02';
/** the marker a CrsInfo carries instead of a proj4 definition (proj4 has no GCJ-02) */
export const GCJ02_DEFINITION = '+proj=gcj02 +no_defs';

/** Coordinates that are not lon/lat at all are returned as they are (the import then refuses them). */
export function gcj02ToWgs84(lon: number, lat: number): Position {
  if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) return [lon, lat];
  const p = gcoord.transform([lon, lat] as [number, number], gcoord.GCJ02, gcoord.WGS84);
  return [p[0], p[1]];
}

export function wgs84ToGcj02(lon: number, lat: number): Position {
  const p = gcoord.transform([lon, lat] as [number, number], gcoord.WGS84, gcoord.GCJ02);
  return [p[0], p[1]];
}
