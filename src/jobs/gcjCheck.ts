/**
 * Does a lon/lat layer look like GCJ-02 web-map coordinates? Its vertices are compared with the
 * edges of the county's own boundaries (the loaded villages, else the survey layer): a layer drawn
 * on the same boundaries lies on them; GCJ-02 data lies a few hundred metres off, and back on them
 * once converted to WGS 84. Said only when the conversion brings the median distance down to a
 * third or less and the raw median is over 60 m; run on the imported layer before it is placed.
 */
import type { Geometry } from 'geojson';
import { edgeIndex, median, sampleVertices } from '../core/geometry/edgeDistance.ts';
import { gcj02ToWgs84 } from '../io/read/gcj02.ts';

export interface GcjOffsetFinding {
  /** median metres from the reference edges as imported */
  rawMedianM: number;
  /** the same after converting GCJ-02 → WGS 84 */
  convertedMedianM: number;
  /** vertices compared */
  sampled: number;
}

const SAMPLE = 2000;

export function gcjOffsetFinding(layer: readonly (Geometry | null)[], reference: readonly (Geometry | null)[]): GcjOffsetFinding | null {
  const index = edgeIndex(reference);
  if (!index) return null;
  const points = sampleVertices(layer, SAMPLE);
  if (points.length < 3) return null;
  const raw = median(points.map(([lon, lat]) => index.distanceM(lon, lat)));
  const converted = median(points.map(([lon, lat]) => {
    const [x, y] = gcj02ToWgs84(lon, lat);
    return index.distanceM(x, y);
  }));
  if (!(raw > 60) || !Number.isFinite(converted) || !(converted <= raw / 3)) return null;
  return { rawMedianM: raw, convertedMedianM: converted, sampled: points.length };
}
