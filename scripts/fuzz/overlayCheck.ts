/**
 * The overlay's differential check, for the fuzz test (test/geometry/overlayFuzz.test.ts) and the
 * long run (`npm run fuzz`): on one case of overlayCases.ts, `overlay()` with its fast paths alone
 * (no sampled verification) against
 *  1. `intersection()` / `difference()` of clip.ts, which clip the whole polygons with no fast
 *     path, for every pair with overlapping boxes and for each feature's part outside the villages;
 *  2. an independent engine (jstsReference.ts: JTS + GeographicLib), for every pair both accept.
 */
import type { Geometry } from 'geojson';
import { difference, intersection } from '../../src/core/geometry/clip.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { overlay } from '../../src/core/geometry/overlay.ts';
import { areaToleranceM2 } from '../../src/core/geometry/pairClip.ts';
import { bboxOf, polygonsOf } from '../../src/core/accounting/interior.ts';
import type { OverlayCase } from './overlayCases.ts';
import { jstsReference } from './jstsReference.ts';

export interface Mismatch {
  seed: number;
  feature: number;
  village: number;
  kind: string;
  against: 'exact' | 'exact-outside' | 'reference';
  overlayM2: number;
  otherM2: number;
}

export interface CaseCheck {
  pairs: number;
  /** pairs the overlay reported as failed (listed, never silent; should be none) */
  failures: number;
  referenceCompared: number;
  referenceSkipped: number;
  mismatches: Mismatch[];
  /** largest |overlay − exact| ÷ tolerance seen (≤ 1 means within) */
  worstExactRatio: number;
  worstReferenceRatio: number;
}

/**
 * 1e-9 relative to the larger input's area, or 1e-3 m² (as areaToleranceM2) — or, for a long
 * outline, what the 1 µm grid can move: each vertex of a result moves by at most 0.71 µm, which
 * moves the area by at most that times half its two edges, so ≤ 1 µm × the perimeter of the
 * feature or of the result (which can run along kilometres of a jagged village boundary). The
 * fuzz's spiky 500-vertex features have outlines of up to ~250 km: 0.25 m².
 */
export function toleranceM2(scaleM2: number, perimeterM: number): number {
  return Math.max(areaToleranceM2(scaleM2), 1e-6 * perimeterM);
}

/** Outline length in metres (local equirectangular metres: ample for a tolerance). */
export function perimeterM(geometry: Geometry): number {
  let total = 0;
  for (const rings of polygonsOf(geometry)) {
    for (const ring of rings) {
      for (let i = 1; i < ring.length; i++) {
        const [x0, y0] = ring[i - 1];
        const [x1, y1] = ring[i];
        const kx = 111_320 * Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
        total += Math.hypot((x1 - x0) * kx, (y1 - y0) * 110_574);
      }
    }
  }
  return total;
}

const overlaps = (a: number[] | null, b: number[] | null) => !!a && !!b && a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

export async function checkOverlayCase(c: OverlayCase, options: { reference?: boolean } = {}): Promise<CaseCheck> {
  const result = await overlay(c.features, c.villages, { verifyShare: 0 });
  const fast = new Map<string, number>();
  for (const p of result.pairs) fast.set(`${p.a}:${p.b}`, p.areaM2);
  const villageBoxes = c.villages.map((v) => bboxOf(polygonsOf(v)));
  const villageAreasM2 = c.villages.map((v) => ellipsoidalAreaM2(v));
  const firstVertex = polygonsOf(c.villages[0])[0][0][0];
  const reference = options.reference ? jstsReference(firstVertex[0], firstVertex[1]) : null;
  const check: CaseCheck = { pairs: 0, failures: result.failures.length, referenceCompared: 0, referenceSkipped: 0, mismatches: [], worstExactRatio: 0, worstReferenceRatio: 0 };
  const mismatch = (feature: number, village: number, against: Mismatch['against'], overlayM2: number, otherM2: number) =>
    check.mismatches.push({ seed: c.seed, feature, village, kind: c.kinds[feature], against, overlayM2, otherM2 });

  c.features.forEach((feature: Geometry, i) => {
    const areaM2 = result.areaM2A[i];
    const box = bboxOf(polygonsOf(feature));
    const outlineM = perimeterM(feature);
    const near: Geometry[] = [];
    c.villages.forEach((village, j) => {
      if (!overlaps(box, villageBoxes[j])) return;
      near.push(village);
      check.pairs++;
      const overlayM2 = fast.get(`${i}:${j}`) ?? 0;
      const exactPiece = intersection(feature, village);
      const exactM2 = ellipsoidalAreaM2(exactPiece);
      const scaleM2 = Math.max(areaM2, villageAreasM2[j]);
      const ratio = Math.abs(overlayM2 - exactM2) / toleranceM2(scaleM2, Math.max(outlineM, exactPiece ? perimeterM(exactPiece) : 0));
      check.worstExactRatio = Math.max(check.worstExactRatio, ratio);
      if (ratio > 1) mismatch(i, j, 'exact', overlayM2, exactM2);
      if (!reference) return;
      const referenceM2 = reference.intersectionAreaM2(feature, village);
      if (referenceM2 === null) {
        check.referenceSkipped++;
        return;
      }
      check.referenceCompared++;
      const refRatio = Math.abs(overlayM2 - referenceM2) / toleranceM2(scaleM2, outlineM);
      check.worstReferenceRatio = Math.max(check.worstReferenceRatio, refRatio);
      if (refRatio > 1) mismatch(i, j, 'reference', overlayM2, referenceM2);
    });
    const outside = near.length ? difference(feature, near) : feature;
    const outsideM2 = ellipsoidalAreaM2(outside);
    const overlayOutsideM2 = areaM2 - result.coveredM2A[i];
    const scaleM2 = Math.max(areaM2, ...villageAreasM2);
    const ratio = Math.abs(overlayOutsideM2 - outsideM2) / toleranceM2(scaleM2, Math.max(outlineM, outside ? perimeterM(outside) : 0));
    check.worstExactRatio = Math.max(check.worstExactRatio, ratio);
    if (ratio > 1) mismatch(i, -1, 'exact-outside', overlayOutsideM2, outsideM2);
  });
  return check;
}
