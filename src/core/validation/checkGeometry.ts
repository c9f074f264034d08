/**
 * Geometry checks with counted repairs, run once on every imported feature (lon/lat).
 * Repairs: invalid coordinates and consecutive duplicate vertices removed, unclosed rings
 * closed, rings with too few points or zero area dropped, ring orientation set to RFC 7946
 * (outer counter-clockwise, holes clockwise), and polygons whose rings cross themselves resolved
 * into valid polygons (non-zero winding: both lobes of a bow tie are kept). A crossing ring's
 * shoelace area is the difference of its lobes, wrong for any report, so the repair is made and
 * shown with the area before and after.
 */
import type { Geometry, Position } from 'geojson';
import { ringSelfIntersects } from './selfIntersection.ts';
import { resolveSelfIntersections } from '../geometry/clip.ts';
import { ellipsoidalAreaM2 } from '../geometry/ellipsoidalArea.ts';

export type GeometryProblemCode =
  | 'geometry-null'
  | 'coordinate-invalid'
  | 'duplicate-vertices'
  | 'ring-unclosed'
  | 'too-few-points'
  | 'zero-area'
  | 'ring-orientation'
  | 'self-intersection';

export interface GeometryProblem {
  code: GeometryProblemCode;
  message: string;
  repaired: boolean;
}

export interface CheckedGeometry {
  geometry: Geometry | null;
  problems: GeometryProblem[];
}

/** Rings smaller than this (degrees², ≈ 1e-5 m² at 44°N) count as zero area. */
const ZERO_AREA_DEG2 = 1e-15;

class ProblemSet {
  readonly list: GeometryProblem[] = [];
  /** a ring crossed itself: the polygon is resolved once all rings are checked */
  selfIntersecting = false;
  private readonly seen = new Set<string>();
  add(code: GeometryProblemCode, message: string, repaired: boolean): void {
    if (this.seen.has(code)) return; // one entry per problem kind per feature
    this.seen.add(code);
    this.list.push({ code, message, repaired });
  }
}

export function signedArea2(ring: Position[]): number {
  let sum = 0;
  const x0 = ring[0][0];
  const y0 = ring[0][1];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - x0) * (ring[i][1] - y0) - (ring[i][0] - x0) * (ring[j][1] - y0);
  }
  return sum;
}

/** True when the points need no cleaning (the common case: no copy is made). */
function pointsAreClean(points: Position[]): boolean {
  let last: Position | undefined;
  for (const p of points) {
    if (!Array.isArray(p) || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return false;
    if (last && last[0] === p[0] && last[1] === p[1]) return false;
    last = p;
  }
  return true;
}

function cleanPoints(points: Position[], problems: ProblemSet): Position[] {
  if (pointsAreClean(points)) return points;
  const out: Position[] = [];
  for (const p of points) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      problems.add('coordinate-invalid', 'vertices with missing or non-numeric coordinates removed', true);
      continue;
    }
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) {
      problems.add('duplicate-vertices', 'repeated consecutive vertices removed', true);
      continue;
    }
    out.push(p.length > 2 ? [p[0], p[1]] : p);
  }
  return out;
}

/** A cleaned, closed ring with the wanted orientation, or null when it has to be dropped. */
function checkRing(ring: Position[], outer: boolean, problems: ProblemSet): Position[] | null {
  let points = cleanPoints(ring, problems);
  if (points.length === 0) {
    problems.add('too-few-points', 'empty ring dropped', true);
    return null;
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && (first[0] !== last[0] || first[1] !== last[1])) {
    problems.add('ring-unclosed', 'unclosed ring closed', true);
    points = [...points, first];
  }
  if (points.length < 4) {
    problems.add('too-few-points', 'ring with fewer than 3 distinct points dropped', true);
    return null;
  }
  const area2 = signedArea2(points);
  if (Math.abs(area2) / 2 < ZERO_AREA_DEG2) {
    problems.add('zero-area', 'ring with zero area dropped', true);
    return null;
  }
  if (outer !== area2 > 0) {
    problems.add('ring-orientation', `${outer ? 'outer ring' : 'hole'} had the wrong orientation; reversed`, true);
    points = points === ring ? points.slice().reverse() : points.reverse();
  }
  if (ringSelfIntersects(points)) problems.selfIntersecting = true;
  return points;
}

function checkPolygon(rings: Position[][], problems: ProblemSet): Position[][] | null {
  const outer = rings.length ? checkRing(rings[0], true, problems) : null;
  if (!outer) return null;
  const holes = rings.slice(1).map((r) => checkRing(r, false, problems)).filter((r): r is Position[] => r !== null);
  return [outer, ...holes];
}

function checkLine(points: Position[], problems: ProblemSet): Position[] | null {
  const cleaned = cleanPoints(points, problems);
  if (cleaned.length < 2) {
    problems.add('too-few-points', 'line with fewer than 2 distinct points dropped', true);
    return null;
  }
  return cleaned;
}

export function checkGeometry(geometry: Geometry | null): CheckedGeometry {
  const problems = new ProblemSet();
  let result = checkAny(geometry, problems);
  if (result && problems.selfIntersecting) result = resolveCrossings(result, problems);
  if (!result) problems.add('geometry-null', geometry ? 'no usable geometry left after repairs' : 'feature has no geometry', false);
  return { geometry: result, problems: problems.list };
}

function resolveCrossings(geometry: Geometry, problems: ProblemSet): Geometry | null {
  const resolved = geometry.type === 'Polygon' || geometry.type === 'MultiPolygon' ? resolveSelfIntersections(geometry) : null;
  if (!resolved) {
    problems.add('self-intersection', 'a ring crosses itself and could not be resolved: its area is not reliable', false);
    return geometry;
  }
  const before = ellipsoidalAreaM2(geometry);
  const after = ellipsoidalAreaM2(resolved);
  problems.add('self-intersection', `a ring crossed itself; resolved into valid polygons (area ${before.toFixed(2)} → ${after.toFixed(2)} m²)`, true);
  return resolved;
}

function checkAny(geometry: Geometry | null, problems: ProblemSet): Geometry | null {
  if (!geometry) return null;
  switch (geometry.type) {
    case 'Point': {
      const [p] = cleanPoints([geometry.coordinates], problems);
      return p ? { type: 'Point', coordinates: p } : null;
    }
    case 'MultiPoint': {
      const points = geometry.coordinates.filter((p) => Number.isFinite(p?.[0]) && Number.isFinite(p?.[1]));
      if (points.length < geometry.coordinates.length) problems.add('coordinate-invalid', 'points with missing coordinates removed', true);
      return points.length ? { type: 'MultiPoint', coordinates: points } : null;
    }
    case 'LineString': {
      const line = checkLine(geometry.coordinates, problems);
      return line ? { type: 'LineString', coordinates: line } : null;
    }
    case 'MultiLineString': {
      const lines = geometry.coordinates.map((l) => checkLine(l, problems)).filter((l): l is Position[] => l !== null);
      if (lines.length === 0) return null;
      return lines.length === 1 ? { type: 'LineString', coordinates: lines[0] } : { type: 'MultiLineString', coordinates: lines };
    }
    case 'Polygon': {
      const polygon = checkPolygon(geometry.coordinates, problems);
      return polygon ? { type: 'Polygon', coordinates: polygon } : null;
    }
    case 'MultiPolygon': {
      const polygons = geometry.coordinates.map((p) => checkPolygon(p, problems)).filter((p): p is Position[][] => p !== null);
      if (polygons.length === 0) return null;
      return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
    }
    case 'GeometryCollection': {
      const parts = geometry.geometries.map((g) => checkAny(g, problems)).filter((g): g is Geometry => g !== null);
      return parts.length ? { type: 'GeometryCollection', geometries: parts } : null;
    }
  }
  return null;
}
