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
import { featureBBox, featureCount, packLayer, type PackedLayer } from './packedLayer.ts';
import { packPieces, unpackGeometry } from './pieceGeometry.ts';
import { projectFeature } from './planeFeature.ts';

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

function booleanOp(
  clipType: ClipType,
  subjects: readonly (Geometry | null)[],
  clips: readonly (Geometry | null)[],
): Areal | null {
  const packedSubjects = packLayer(subjects);
  const packedClips = packLayer(clips);
  const plane = planeFor(packedSubjects, packedClips);
  if (!plane) return null;
  const subjectPaths = gridPaths(packedSubjects, plane);
  const clipPaths = gridPaths(packedClips, plane);
  const clipper = new Clipper64();
  clipper.addSubject(subjectPaths);
  if (clipPaths.length > 0) clipper.addClip(clipPaths);
  const out: Paths64 = [];
  clipper.execute(clipType, FillRule.NonZero, out);
  if (out.length === 0) return null;
  return unpackGeometry(packPieces([out], plane), 0);
}

function gridPaths(layer: PackedLayer, plane: LocalPlane): GridPoint[][] {
  const paths: GridPoint[][] = [];
  for (let k = 0; k < featureCount(layer); k++) paths.push(...projectFeature(layer, k, plane).paths);
  return paths;
}

function planeFor(...layers: PackedLayer[]): LocalPlane | null {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const layer of layers) {
    for (let k = 0; k < featureCount(layer); k++) {
      const box = featureBBox(layer, k);
      if (!box) continue;
      west = Math.min(west, box[0]);
      south = Math.min(south, box[1]);
      east = Math.max(east, box[2]);
      north = Math.max(north, box[3]);
    }
  }
  return Number.isFinite(west) ? localPlane((west + east) / 2, (south + north) / 2) : null;
}
