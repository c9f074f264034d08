/**
 * Intersection of two projected features: the hot path of the overlay.
 *
 * Fast paths first: bounding boxes that do not overlap; large polygons (villages) cut down to the
 * other feature's box; pairs whose edges neither cross nor touch, where the intersection is just
 * the rings of one lying inside the other. Everything else goes to Clipper2 on the integer
 * plane, whose result is checked (never larger than either input) and retried with the operands
 * swapped before the pair is reported as a failure.
 *
 * The fast paths are guarded (docs/area-and-overlay.md, "Guarantees"): every box cut is checked
 * against its area by another algorithm, and the overlay recomputes a deterministic sample of pairs on the exact path
 * (Clipper2 on the uncut paths) with intersectVerified; the exact result wins, counted in `stats`.
 */
import { Clipper, Clipper64, ClipType, FillRule, type Paths64 } from 'clipper2-ts';
import type { GridPoint, LocalPlane } from './localPlane.ts';
import type { PlaneFeature } from './planeFeature.ts';
import { boxClipArea, planarPathsArea } from './boxClipArea.ts';
import { anyEdgesTouch, pointInPaths, separatedByAnEdge } from './planePredicates.ts';

export interface PairPiece {
  areaM2: number;
  /** the intersection: outer paths counter-clockwise, holes clockwise */
  paths: GridPoint[][];
}

export class PairClipError extends Error {}

/** What the guards did; counted per clipper, read and reset by the overlay per chunk. */
export interface PairClipStats {
  /** box cuts that failed the corner check and were redone as an ordinary intersection */
  boxCutRetries: number;
  /** pairs recomputed on the exact path as a check */
  sampled: number;
  /** sampled pairs whose fast result disagreed with the exact one (the exact one is used) */
  sampleRetries: number;
  /** unions of a feature's pieces outside their bounds, recomputed by inclusion–exclusion */
  unionRetries: number;
}

/** A polygon with more vertices than this is first cut down to the other one's box. */
const RECT_CLIP_MIN_VERTICES = 64;

/**
 * Touching features of at most this many vertices together are first tried for a separating edge
 * (planePredicates.ts separatedByAnEdge, quadratic in the vertices) before the clipper.
 */
const SEPARATION_MAX_VERTICES = 256;

function countVertices(paths: readonly GridPoint[][]): number {
  let n = 0;
  for (const path of paths) n += path.length;
  return n;
}

/**
 * Agreement required between two methods: relative 1e-9 of the larger input, or 1e-3 m² — snapping
 * intersection points to the 1 µm grid moves a piece by far less than that.
 */
export function areaToleranceM2(scaleM2: number): number {
  return Math.max(1e-9 * Math.abs(scaleM2), 1e-3);
}

export class PairClipper {
  private readonly clipper = new Clipper64();
  readonly stats: PairClipStats = { boxCutRetries: 0, sampled: 0, sampleRetries: 0, unionRetries: 0 };

  constructor(private readonly plane: LocalPlane) {}

  /** The intersection of a and b, or null when it has no area. Throws PairClipError if no method works. */
  intersect(a: PlaneFeature, b: PlaneFeature): PairPiece | null {
    if (a.maxX <= b.minX || b.maxX <= a.minX || a.maxY <= b.minY || b.maxY <= a.minY) return null;
    return this.fastIntersect(a, b);
  }

  /**
   * The intersection computed both ways, fast and exact; the exact one is returned, and the two
   * areas when they disagree (a fast path was wrong).
   */
  intersectVerified(a: PlaneFeature, b: PlaneFeature): { piece: PairPiece | null; disagreement: { fastM2: number; exactM2: number } | null } {
    if (a.maxX <= b.minX || b.maxX <= a.minX || a.maxY <= b.minY || b.maxY <= a.minY) return { piece: null, disagreement: null };
    this.stats.sampled++;
    const fast = this.fastIntersect(a, b);
    const exact = this.exactIntersect(a, b);
    const fastM2 = fast?.areaM2 ?? 0;
    const exactM2 = exact?.areaM2 ?? 0;
    if (Math.abs(fastM2 - exactM2) <= areaToleranceM2(Math.max(a.areaM2, b.areaM2))) return { piece: fast, disagreement: null };
    this.stats.sampleRetries++;
    return { piece: exact, disagreement: { fastM2, exactM2 } };
  }

  /** The intersection without any fast path: Clipper2 on the whole paths of both features. */
  exactIntersect(a: PlaneFeature, b: PlaneFeature): PairPiece | null {
    return this.clipChecked(a.paths, b.paths, Math.min(a.areaM2, b.areaM2));
  }

  /** Signed area in m² of a set of paths (outer positive, holes negative). */
  areaM2(paths: readonly GridPoint[][]): number {
    let areaM2 = 0;
    for (const path of paths) areaM2 += this.plane.pathAreaM2(path);
    return areaM2;
  }

  /**
   * Area of the union of one feature's pieces, which can be no less than the largest piece and no
   * more than their sum. Clipper2's union has been seen to break that (a spiky sliver piece and
   * a quadrilateral: union 52.66 m² of pieces adding up to 51.99 m²); a union outside the bounds is
   * replaced by Σ pieces − Σ pairwise overlaps (Bonferroni's lower bound, exact unless three
   * pieces share ground), kept within the bounds, and counted.
   */
  coveredAreaM2(pieces: readonly GridPoint[][][], piecesM2: readonly number[]): number {
    let sumM2 = 0;
    let largestM2 = 0;
    for (const m2 of piecesM2) {
      sumM2 += m2;
      largestM2 = Math.max(largestM2, m2);
    }
    const tolerance = areaToleranceM2(sumM2);
    const unionM2 = this.unionAreaM2(pieces);
    if (unionM2 <= sumM2 + tolerance && unionM2 >= largestM2 - tolerance) return unionM2;
    this.stats.unionRetries++;
    let overlapM2 = 0;
    for (let s = 0; s < pieces.length; s++) {
      for (let t = s + 1; t < pieces.length; t++) {
        try {
          overlapM2 += this.clipChecked(pieces[s], pieces[t], Math.min(piecesM2[s], piecesM2[t]))?.areaM2 ?? 0;
        } catch {
          // an overlap that cannot be clipped counts as none: the sum is the upper bound
        }
      }
    }
    return Math.min(sumM2, Math.max(largestM2, sumM2 - overlapM2));
  }

  /** Area of the union of pieces (each oriented, holes clockwise). */
  unionAreaM2(pieces: readonly GridPoint[][][]): number {
    const all: Paths64 = [];
    for (const piece of pieces) for (const path of piece) all.push(path);
    this.clipper.clear();
    this.clipper.addSubject(all);
    const out: Paths64 = [];
    this.clipper.execute(ClipType.Union, FillRule.Positive, out);
    return this.areaM2(out);
  }

  private fastIntersect(a: PlaneFeature, b: PlaneFeature): PairPiece | null {
    const pathsA = a.vertexCount >= RECT_CLIP_MIN_VERTICES ? this.cutToBox(a.paths, b) : a.paths;
    const pathsB = b.vertexCount >= RECT_CLIP_MIN_VERTICES ? this.cutToBox(b.paths, a) : b.paths;
    if (pathsA.length === 0 || pathsB.length === 0) return null;
    if (!anyEdgesTouch(pathsA, pathsB)) return this.nestedRings(pathsA, pathsB, a, b);
    // touching: neighbours sharing an edge, most of them, lie on either side of it
    if (countVertices(pathsA) + countVertices(pathsB) <= SEPARATION_MAX_VERTICES && separatedByAnEdge(pathsA, pathsB)) return null;
    return this.clipChecked(pathsA, pathsB, Math.min(a.areaM2, b.areaM2));
  }

  /** With no edge crossing or touching, a ∩ b is bounded by whole rings of each lying inside the other. */
  private nestedRings(
    pathsA: GridPoint[][],
    pathsB: GridPoint[][],
    a: PlaneFeature,
    b: PlaneFeature,
  ): PairPiece | null {
    const paths: GridPoint[][] = [];
    let areaM2 = 0;
    const collect = (inner: GridPoint[][], outer: GridPoint[][], whole: PlaneFeature) => {
      for (let i = 0; i < inner.length; i++) {
        if (!pointInPaths(inner[i][0], outer)) continue;
        paths.push(inner[i]);
        areaM2 += inner === whole.paths ? whole.pathAreasM2[i] : this.plane.pathAreaM2(inner[i]);
      }
    };
    collect(pathsA, pathsB, a);
    collect(pathsB, pathsA, b);
    return paths.length > 0 && areaM2 > 0 ? { areaM2, paths } : null;
  }

  private clipChecked(pathsA: Paths64, pathsB: Paths64, maxAreaM2: number): PairPiece | null {
    const tolerance = areaToleranceM2(maxAreaM2);
    let lastError = 'no result';
    for (const [subject, clip] of [
      [pathsA, pathsB],
      [pathsB, pathsA],
    ]) {
      try {
        const paths = this.run(ClipType.Intersection, subject, clip);
        const areaM2 = this.areaM2(paths);
        if (areaM2 >= -tolerance && areaM2 <= maxAreaM2 + tolerance) {
          return paths.length > 0 && areaM2 > 0 ? { areaM2, paths } : null;
        }
        lastError = `clip gave ${areaM2.toFixed(3)} m², more than the smaller input (${maxAreaM2.toFixed(3)} m²)`;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
    }
    throw new PairClipError(lastError);
  }

  private run(clipType: ClipType, subject: Paths64, clip: Paths64): GridPoint[][] {
    this.clipper.clear();
    this.clipper.addSubject(subject);
    this.clipper.addClip(clip);
    const out: Paths64 = [];
    this.clipper.execute(clipType, FillRule.Positive, out);
    return out;
  }

  /**
   * Paths cut down to the box of another feature (widened by one unit), keeping orientation.
   * Clipper2's RectClip is fast but has had a bug that replaced a box corner by a chord (fixed in
   * patches/clipper2-ts+2.0.1.patch); so each cut is checked against the area of the same cut by
   * another algorithm (boxClipArea.ts), and a cut that fails is redone as an ordinary intersection.
   */
  private cutToBox(paths: GridPoint[][], box: PlaneFeature): GridPoint[][] {
    const rect = { left: box.minX - 1, top: box.minY - 1, right: box.maxX + 1, bottom: box.maxY + 1 };
    const cut = Clipper.rectClip(rect, paths);
    // Both round nothing but the crossing points (RectClip to the grid): each moves the area by at
    // most a unit times a side of the box.
    const tolerance = 1e-9 * Math.abs(planarPathsArea(cut)) + 4 * (rect.right - rect.left + rect.bottom - rect.top);
    if (Math.abs(planarPathsArea(cut) - boxClipArea(paths, rect)) <= tolerance) return cut;
    this.stats.boxCutRetries++;
    const { left, top, right, bottom } = rect;
    const boxPath = [{ x: left, y: top }, { x: right, y: top }, { x: right, y: bottom }, { x: left, y: bottom }];
    return this.run(ClipType.Intersection, paths, [boxPath]);
  }
}
