/**
 * How far points lie from the edges of reference geometries (polygon rings and lines), in metres
 * on a local plane (equirectangular about the reference's mean latitude: within 0.1 % for the few
 * hundred metres this is used for). Used to tell a layer offset as a whole (GCJ-02 web-map
 * coordinates against the county's own boundaries) from one that lines up.
 */
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQUATOR = 111_320;

function eachLine(geometry: Geometry | null, visit: (line: Position[]) => void): void {
  if (!geometry) return;
  switch (geometry.type) {
    case 'LineString': visit(geometry.coordinates); break;
    case 'MultiLineString': case 'Polygon': geometry.coordinates.forEach(visit); break;
    case 'MultiPolygon': geometry.coordinates.forEach((p) => p.forEach(visit)); break;
    case 'GeometryCollection': geometry.geometries.forEach((g) => eachLine(g, visit)); break;
    default: break;
  }
}

export interface EdgeIndex {
  /** metres of a point from the nearest reference edge, or Infinity beyond `searchM` */
  distanceM(lon: number, lat: number): number;
  segmentCount: number;
}

/** An index of the reference geometries' edges; null when they have none. */
export function edgeIndex(references: readonly (Geometry | null)[], searchM = 2000): EdgeIndex | null {
  const segments: number[] = [];
  let latSum = 0;
  let latCount = 0;
  for (const g of references) {
    eachLine(g, (line) => {
      for (let i = 0; i + 1 < line.length; i++) {
        segments.push(line[i][0], line[i][1], line[i + 1][0], line[i + 1][1]);
        latSum += line[i][1];
        latCount++;
      }
    });
  }
  const n = segments.length / 4;
  if (n === 0) return null;
  const kx = M_PER_DEG_LON_EQUATOR * Math.cos(((latSum / latCount) * Math.PI) / 180);
  const ky = M_PER_DEG_LAT;
  const xy = new Float64Array(segments.length);
  for (let i = 0; i < segments.length; i += 2) {
    xy[i] = segments[i] * kx;
    xy[i + 1] = segments[i + 1] * ky;
  }
  const index = new Flatbush(n);
  for (let s = 0; s < n; s++) {
    const [x1, y1, x2, y2] = [xy[4 * s], xy[4 * s + 1], xy[4 * s + 2], xy[4 * s + 3]];
    index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
  }
  index.finish();
  const distanceM = (lon: number, lat: number): number => {
    const px = lon * kx;
    const py = lat * ky;
    let best = Infinity;
    for (const s of index.search(px - searchM, py - searchM, px + searchM, py + searchM)) {
      const [x1, y1, x2, y2] = [xy[4 * s], xy[4 * s + 1], xy[4 * s + 2], xy[4 * s + 3]];
      const dx = x2 - x1;
      const dy = y2 - y1;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2));
      const d = Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
      if (d < best) best = d;
    }
    return best;
  };
  return { distanceM, segmentCount: n };
}

/** Up to `limit` vertices of the geometries, spread evenly over all of them (two passes, no copy of all). */
export function sampleVertices(geometries: readonly (Geometry | null)[], limit: number): Position[] {
  const each = (visit: (p: Position) => void) => {
    for (const g of geometries) {
      if (!g) continue;
      if (g.type === 'Point') visit(g.coordinates);
      else if (g.type === 'MultiPoint') g.coordinates.forEach(visit);
      else eachLine(g, (line) => line.forEach(visit));
    }
  };
  let total = 0;
  each(() => total++);
  const step = Math.max(1, total / limit);
  const out: Position[] = [];
  let k = 0;
  let next = 0;
  each((p) => {
    if (k++ >= next && out.length < limit) {
      out.push(p);
      next += step;
    }
  });
  return out;
}

/** The median of finite values; Infinity when fewer than half are finite. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : Infinity;
}
