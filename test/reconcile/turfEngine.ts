/**
 * A slow, independent engine for tests: Turf's clipping (polyclip-ts) and the project's ellipsoidal
 * area, every pair tested. It checks the rules' wiring without depending on the overlay engine.
 */
import { keepsGeometry } from '../../src/core/geometry/geometryPick.ts';
import * as turf from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import type { GeometryPick, OverlayOutcome, OverlayPair, ReconcileEngine } from '../../src/core/reconcile/engine.ts';
import { bboxOf } from '../../src/core/bbox.ts';

type Area = Feature<Polygon | MultiPolygon>;

const asArea = (g: Geometry | null): Area | null =>
  g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? turf.feature(g) : null;

function boxesOverlap(a: Geometry | null, b: Geometry | null): boolean {
  const p = bboxOf(a);
  const q = bboxOf(b);
  return !!p && !!q && p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3];
}

function unionOf(pieces: Area[]): Area | null {
  if (pieces.length === 0) return null;
  if (pieces.length === 1) return pieces[0];
  return turf.union(turf.featureCollection(pieces)) as Area | null;
}

export const turfEngine: ReconcileEngine = {
  async overlay(a, b, options): Promise<OverlayOutcome> {
    const keep: GeometryPick = (i, j, areaM2) => keepsGeometry(options.keepGeometry, i, j, areaM2);
    const pairs: OverlayPair[] = [];
    const coveredM2A: number[] = [];
    for (let i = 0; i < a.length; i++) {
      const pieces: Area[] = [];
      for (let j = options.self ? i + 1 : 0; j < b.length; j++) {
        const fa = asArea(a[i]);
        const fb = asArea(b[j]);
        if (!fa || !fb || !boxesOverlap(fa.geometry, fb.geometry)) continue;
        const piece = turf.intersect(turf.featureCollection([fa, fb])) as Area | null;
        if (!piece) continue;
        const areaM2 = ellipsoidalAreaM2(piece.geometry);
        if (areaM2 <= 0) continue;
        pieces.push(piece);
        pairs.push({ a: i, b: j, areaM2, ...(keep(i, j, areaM2) ? { geometry: piece.geometry } : {}) });
      }
      coveredM2A.push(ellipsoidalAreaM2(unionOf(pieces)?.geometry ?? null));
    }
    return { pairs, areaM2A: a.map((g) => ellipsoidalAreaM2(g)), coveredM2A, failures: [] };
  },
  async intersection(a, b) {
    const fa = asArea(a);
    const fb = asArea(b);
    if (!fa || !fb) return null;
    return (turf.intersect(turf.featureCollection([fa, fb])) as Area | null)?.geometry ?? null;
  },
  areaM2: (g) => ellipsoidalAreaM2(g),
  async difference(a, others) {
    const cover = unionOf(others.map(asArea).filter((f): f is Area => f !== null));
    const own = asArea(a);
    if (!own) return null;
    if (!cover) return a;
    return (turf.difference(turf.featureCollection([own, cover])) as Area | null)?.geometry ?? null;
  },
};
