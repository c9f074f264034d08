/**
 * Intersection of two projected features: the hot path of the overlay.
 *
 * Fast paths first: bounding boxes that do not overlap; large polygons (villages) cut down to the
 * other feature's box; pairs whose edges neither cross nor touch, where the intersection is just
 * the rings of one lying inside the other. Everything else goes to Clipper2 on the integer
 * plane, whose result is checked (never larger than either input) and retried with the operands
 * swapped before the pair is reported as a failure.
 */
import { Clipper, Clipper64, ClipType, FillRule, type Paths64 } from 'clipper2-ts';
import type { GridPoint, LocalPlane } from './localPlane.ts';
import type { PlaneFeature } from './planeFeature.ts';
import { anyEdgesTouch, pointInPaths } from './planePredicates.ts';

export interface PairPiece {
  areaM2: number;
  /** the intersection: outer paths counter-clockwise, holes clockwise */
  paths: GridPoint[][];
}

export class PairClipError extends Error {}

/** A polygon with more vertices than this is first cut down to the other one's box. */
const RECT_CLIP_MIN_VERTICES = 64;

export class PairClipper {
  private readonly clipper = new Clipper64();

  constructor(private readonly plane: LocalPlane) {}

  /** The intersection of a and b, or null when it has no area. Throws PairClipError if no method works. */
  intersect(a: PlaneFeature, b: PlaneFeature): PairPiece | null {
    if (a.maxX <= b.minX || b.maxX <= a.minX || a.maxY <= b.minY || b.maxY <= a.minY) return null;
    const pathsA = a.vertexCount >= RECT_CLIP_MIN_VERTICES ? cutToBox(a.paths, b) : a.paths;
    const pathsB = b.vertexCount >= RECT_CLIP_MIN_VERTICES ? cutToBox(b.paths, a) : b.paths;
    if (pathsA.length === 0 || pathsB.length === 0) return null;
    if (!anyEdgesTouch(pathsA, pathsB)) return this.nestedRings(pathsA, pathsB, a, b);
    return this.clipChecked(pathsA, pathsB, Math.min(a.areaM2, b.areaM2));
  }

  /** Signed area in m² of a set of paths (outer positive, holes negative). */
  areaM2(paths: readonly GridPoint[][]): number {
    let areaM2 = 0;
    for (const path of paths) areaM2 += this.plane.pathAreaM2(path);
    return areaM2;
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
    // Snapping intersection points to the 10 µm grid moves a piece by ~1e-3 m²; a real failure is gross.
    const tolerance = maxAreaM2 * 1e-6 + 0.01;
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
}

/** Cuts paths down to the box of another feature (widened by one unit), keeping orientation. */
function cutToBox(paths: GridPoint[][], box: PlaneFeature): GridPoint[][] {
  const rect = { left: box.minX - 1, top: box.minY - 1, right: box.maxX + 1, bottom: box.maxY + 1 };
  return Clipper.rectClip(rect, paths);
}
