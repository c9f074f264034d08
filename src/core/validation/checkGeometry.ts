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
import { BudgetExhausted, pointInRing, ringCrossings, type CheckBudget } from './selfIntersection.ts';
import { difference, resolveSelfIntersections } from '../geometry/clip.ts';
import { ellipsoidalAreaM2 } from '../geometry/ellipsoidalArea.ts';

export type GeometryProblemCode =
  | 'geometry-null'
  | 'coordinate-invalid'
  | 'duplicate-vertices'
  | 'ring-unclosed'
  | 'too-few-points'
  | 'zero-area'
  | 'ring-orientation'
  | 'self-intersection'
  | 'hole-outside-shell'
  | 'too-complex';

export interface GeometryProblem {
  code: GeometryProblemCode;
  message: string;
  repaired: boolean;
}

export interface CheckedGeometry {
  geometry: Geometry | null;
  problems: GeometryProblem[];
}

/**
 * The work one feature's repair may cost. A ring of 100,000 random vertices crosses itself
 * millions of times and its repair runs for minutes: past these limits the feature is reported
 * (too-complex) instead of repaired. A 100,000-vertex county boundary with a few crossings stays
 * well inside them.
 */
export const REPAIR_BUDGET = { comparisons: 30_000_000, crossings: 2_000 };

/** Rings smaller than this (degrees², ≈ 1e-5 m² at 44°N) count as zero area. */
const ZERO_AREA_DEG2 = 1e-15;

class ProblemSet {
  readonly list: GeometryProblem[] = [];
  /** a ring crossed itself: the polygon is resolved once all rings are checked */
  selfIntersecting = false;
  crossings = 0;
  readonly budget: CheckBudget = { comparisons: REPAIR_BUDGET.comparisons };
  readonly holeBudget: CheckBudget = { comparisons: REPAIR_BUDGET.comparisons };
  /** holes lying across their outer ring: cut out of it once the polygon is checked */
  holesAcross = false;
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
    // reversed without a note: a ring's direction is a storage convention, not a defect (RFC 7946
    // §3.1.6 gives readers no winding rule; every DataV/AMap polygon is clockwise), and saying so
    // on every ordinary GeoJSON polygon buried the notes that matter
    points = points === ring ? points.slice().reverse() : points.reverse();
  }
  problems.crossings += ringCrossings(points, problems.budget, REPAIR_BUDGET.crossings - problems.crossings);
  if (problems.crossings >= REPAIR_BUDGET.crossings) throw new BudgetExhausted();
  if (problems.crossings > 0) problems.selfIntersecting = true;
  return points;
}

function checkPolygon(rings: Position[][], problems: ProblemSet): Position[][] | null {
  const outer = rings.length ? checkRing(rings[0], true, problems) : null;
  if (!outer) return null;
  const holes = rings.slice(1).map((r) => checkRing(r, false, problems)).filter((r): r is Position[] => r !== null);
  return [outer, ...holes.filter((hole) => holeKept(outer, hole, problems))];
}

/**
 * A hole must lie inside its outer ring (RFC 7946 §3.1.6). One wholly outside is dropped (it
 * would be subtracted from an area it is no part of); one lying across the outer ring is kept and
 * cut out of it after the checks.
 */
function holeKept(outer: Position[], hole: Position[], problems: ProblemSet): boolean {
  // up to 8 vertices spread along the hole; past the budget, holes are taken as they are
  const step = Math.max(1, Math.floor((hole.length - 1) / 8));
  problems.holeBudget.comparisons -= Math.ceil((hole.length - 1) / step) * outer.length;
  if (problems.holeBudget.comparisons < 0) return true;
  let inside = 0;
  let outside = 0;
  for (let i = 0; i < hole.length - 1; i += step) {
    if (pointInRing(hole[i][0], hole[i][1], outer)) inside++;
    else outside++;
  }
  if (outside === 0) return true;
  if (inside === 0 && !pointInRing(outer[0][0], outer[0][1], hole)) {
    problems.add('hole-outside-shell', 'a hole lies outside its outer ring; dropped (it was subtracted from the area)', true);
    return false;
  }
  problems.holesAcross = true;
  return true;
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
  let result: Geometry | null;
  try {
    result = checkAny(geometry, problems);
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
    return { geometry: null, problems: [tooComplex(geometry)] };
  }
  if (result && problems.holesAcross) result = cutHolesAcross(result, problems);
  if (result && problems.selfIntersecting) result = resolveCrossings(result, problems);
  if (!result) problems.add('geometry-null', geometry ? 'no usable geometry left after repairs' : 'feature has no geometry', false);
  return { geometry: result, problems: problems.list };
}

function tooComplex(geometry: Geometry | null): GeometryProblem {
  const vertices = countVertices(geometry);
  return {
    code: 'too-complex',
    message: `the geometry (${vertices} vertices) crosses itself more than ${REPAIR_BUDGET.crossings} times or is too tangled to check in time; not repaired`,
    repaired: false,
  };
}

function countVertices(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  const g = value as { coordinates?: unknown; geometries?: unknown[] };
  if (Array.isArray(g.geometries)) return g.geometries.reduce<number>((n, part) => n + countVertices(part), 0);
  let n = 0;
  const walk = (c: unknown, depth: number): void => {
    if (!Array.isArray(c) || depth > 4) return;
    if (typeof c[0] === 'number') n++;
    else for (const item of c) walk(item, depth + 1);
  };
  walk(g.coordinates, 0);
  return n;
}

/** Each polygon's outer ring minus its holes, for holes lying across the outer ring. */
function cutHolesAcross(geometry: Geometry, problems: ProblemSet): Geometry | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const parts = polygons.map(([outer, ...holes]) =>
    difference({ type: 'Polygon', coordinates: [outer] }, holes.map((h) => ({ type: 'Polygon', coordinates: [h.slice().reverse()] }))),
  );
  const pieces = parts.flatMap((p) => (p ? (p.type === 'Polygon' ? [p.coordinates] : p.coordinates) : []));
  problems.add('hole-outside-shell', 'a hole lies across its outer ring; only the part inside the ring was cut out', true);
  if (pieces.length === 0) return null;
  return pieces.length === 1 ? { type: 'Polygon', coordinates: pieces[0] } : { type: 'MultiPolygon', coordinates: pieces };
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
