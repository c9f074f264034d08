/**
 * Boolean operations on lon/lat Polygon/MultiPolygon geometries, for the occasional edit or
 * finding (the overlay has its own hot path). Clipped with Clipper2 on the integer local plane of
 * localPlane.ts, so edges are great circles of the authalic sphere and nearly coincident edges
 * never make it throw.
 *
 * @example intersection(plot, village) // the part of the plot inside the village, or null
 */
import { Clipper64, ClipType, FillRule, type Paths64 } from 'clipper2-ts';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { localPlane, type GridPoint, type LocalPlane } from './localPlane.ts';
import { featureCount, packedExtent, packLayer, type PackedLayer } from './packedLayer.ts';
import { packPieces, planarArea, unpackGeometry } from './pieceGeometry.ts';
import { OutOfPlaneError, projectFeature } from './planeFeature.ts';

type Areal = Polygon | MultiPolygon;

export function intersection(a: Geometry | null, b: Geometry | null): Areal | null {
  return booleanOp(ClipType.Intersection, [a], [b]);
}

/** a minus the union of others. */
export function difference(a: Geometry | null, others: readonly (Geometry | null)[]): Areal | null {
  return booleanOp(ClipType.Difference, [a], others);
}

export function union(geometries: readonly (Geometry | null)[]): Areal | null {
  return booleanOp(ClipType.Union, geometries, []);
}

/**
 * A self-intersecting polygon resolved into valid polygons: every region its rings wind around
 * (non-zero winding) is kept, so both lobes of a bow tie stay, and holes still cut out.
 */
export function resolveSelfIntersections(geometry: Geometry | null): Areal | null {
  return booleanOp(ClipType.Union, [geometry], [], FillRule.NonZero);
}

/**
 * Many features clipped against the same few polygons (the split's exact check: each plot on a
 * village boundary against the villages near it). The polygons are projected once, on one plane
 * centred on them all, instead of at every call, where they were most of the time. The results
 * are difference()'s and intersection()'s but for the plane's rounding to its 1 µm grid (areas
 * agree within ~1e-9, test/geometry/fixedClips.test.ts); inputs the plane cannot hold are
 * clipped as those do it.
 */
export class FixedClips {
  private readonly plane: LocalPlane | null;
  private readonly projected: (GridPoint[][] | undefined)[];

  constructor(private readonly clips: readonly (Geometry | null)[]) {
    this.plane = planeFor(packLayer(clips));
    this.projected = new Array<GridPoint[][] | undefined>(clips.length);
  }

  /** a minus the union of the polygons numbered */
  difference(a: Geometry | null, which: readonly number[]): Areal | null {
    return this.op(ClipType.Difference, a, which);
  }

  /** the part of a inside the polygon numbered */
  intersection(a: Geometry | null, clip: number): Areal | null {
    return this.op(ClipType.Intersection, a, [clip]);
  }

  private op(clipType: ClipType, a: Geometry | null, which: readonly number[]): Areal | null {
    const plane = this.plane;
    if (plane) {
      try {
        const subject = gridPaths(packLayer([a]), plane, FillRule.Positive);
        const clip = which.flatMap((i) => (this.projected[i] ??= gridPaths(packLayer([this.clips[i]]), plane, FillRule.Positive)));
        const out = execute(clipType, subject, clip);
        return out.length === 0 ? null : unpackGeometry(packPieces([out], plane), 0);
      } catch (error) {
        if (!(error instanceof OutOfPlaneError)) throw error;
      }
    }
    return booleanOp(clipType, [a], which.map((i) => this.clips[i]));
  }
}

function booleanOp(
  clipType: ClipType,
  subjects: readonly (Geometry | null)[],
  clips: readonly (Geometry | null)[],
  fillRule: FillRule = FillRule.Positive,
): Areal | null {
  const packedSubjects = packLayer(subjects);
  const packedClips = packLayer(clips);
  const plane = planeFor(packedSubjects, packedClips);
  if (!plane) return null;
  let subjectPaths: GridPoint[][];
  let clipPaths: GridPoint[][];
  try {
    subjectPaths = gridPaths(packedSubjects, plane, fillRule);
    clipPaths = gridPaths(packedClips, plane, fillRule);
  } catch (error) {
    if (!(error instanceof OutOfPlaneError)) throw error;
    return planarLonLatOp(clipType, packedSubjects, packedClips, fillRule);
  }
  const out = execute(clipType, subjectPaths, clipPaths, fillRule);
  return out.length === 0 ? null : unpackGeometry(packPieces([out], plane), 0);
}

function execute(clipType: ClipType, subjectPaths: GridPoint[][], clipPaths: GridPoint[][], fillRule: FillRule = FillRule.Positive): Paths64 {
  const clipper = new Clipper64();
  clipper.addSubject(subjectPaths);
  if (clipPaths.length > 0) clipper.addClip(clipPaths);
  const out: Paths64 = [];
  // Positive (the default): overlapping parts count once, and a "hole" lying outside its outer
  // ring adds nothing.
  clipper.execute(clipType, fillRule, out);
  return out;
}

/**
 * Inputs too spread out for one local plane (or not lon/lat at all) are clipped another way:
 * straight edges in lon/lat, on an integer grid of 1e-9 degree.
 */
function planarLonLatOp(clipType: ClipType, subjects: PackedLayer, clips: PackedLayer, fillRule: FillRule): Areal | null {
  const scale = 1e9;
  const rawPaths = (layer: PackedLayer): GridPoint[][] => {
    const paths: GridPoint[][] = [];
    for (let r = 0; r + 1 < layer.ringStarts.length; r++) {
      const path: GridPoint[] = [];
      for (let v = layer.ringStarts[r]; v < layer.ringStarts[r + 1]; v++) {
        path.push({ x: Math.round(layer.coords[2 * v] * scale), y: Math.round(layer.coords[2 * v + 1] * scale) });
      }
      paths.push(path);
    }
    return paths;
  };
  const orient = (paths: GridPoint[][], layer: PackedLayer) => {
    const isOuter = new Set(Array.from(layer.polygonStarts));
    return paths.map((path, r) => (isOuter.has(r) === planarArea(path) > 0 ? path : [...path].reverse()));
  };
  const out = execute(clipType, orient(rawPaths(subjects), subjects), orient(rawPaths(clips), clips), fillRule);
  if (out.length === 0) return null;
  const identity = { inverse: (x: number, y: number): [number, number] => [x / scale, y / scale] };
  return unpackGeometry(packPieces([out], identity), 0);
}

/**
 * The paths of every feature. A feature with holes is first resolved on its own, so that a hole
 * lying outside its outer ring (invalid, but seen in real files) cannot cancel another feature.
 */
function gridPaths(layer: PackedLayer, plane: LocalPlane, fillRule: FillRule): GridPoint[][] {
  const paths: GridPoint[][] = [];
  for (let k = 0; k < featureCount(layer); k++) {
    const feature = projectFeature(layer, k, plane);
    const polygonCount = layer.featureStarts[k + 1] - layer.featureStarts[k];
    if (feature.paths.length > polygonCount) paths.push(...execute(ClipType.Union, feature.paths, [], fillRule));
    else paths.push(...feature.paths);
  }
  return paths;
}

function planeFor(...layers: PackedLayer[]): LocalPlane | null {
  const box = packedExtent(layers);
  return box ? localPlane((box[0] + box[2]) / 2, (box[1] + box[3]) / 2) : null;
}
