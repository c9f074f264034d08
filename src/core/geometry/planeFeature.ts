/**
 * A feature of a packed layer projected into the local integer plane, ready for clipping:
 * every ring as a Clipper2 path, outer rings counter-clockwise and holes clockwise, with the
 * signed area of each ring and the grid bounding box.
 */
import geodesic from 'geographiclib-geodesic';
import type { LocalPlane, GridPoint } from './localPlane.ts';
import type { PackedLayer } from './packedLayer.ts';
import { CGCS2000 } from '../units.ts';

/**
 * Edges longer than this (in lon or lat) get intermediate points along the geodesic, so that the
 * straight (great-circle) edges of the plane follow geodesics as ellipsoidalAreaM2 does. Plot
 * edges are far shorter; long village or county edges are the ones split.
 */
export const DENSIFY_STEP_DEG = 0.01;
/** At most this many points per edge (a 10° edge at full density), so one wild vertex cannot exhaust memory. */
export const DENSIFY_MAX_POINTS = 1000;
const geod = new geodesic.Geodesic.Geodesic(CGCS2000.a, CGCS2000.f);

export interface PlaneFeature {
  /** rings of all polygons; outer rings positive, holes negative */
  paths: GridPoint[][];
  /** signed ellipsoidal area of each path, m² */
  pathAreasM2: number[];
  /** Σ pathAreasM2 */
  areaM2: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  vertexCount: number;
}

export class OutOfPlaneError extends Error {}

export function projectFeature(layer: PackedLayer, feature: number, plane: LocalPlane): PlaneFeature {
  const paths: GridPoint[][] = [];
  const pathAreasM2: number[] = [];
  const out = [0, 0];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, vertexCount = 0;
  for (let p = layer.featureStarts[feature]; p < layer.featureStarts[feature + 1]; p++) {
    for (let r = layer.polygonStarts[p]; r < layer.polygonStarts[p + 1]; r++) {
      const path: GridPoint[] = [];
      const add = (lon: number, lat: number) => {
        if (!plane.forward(lon, lat, out, 0)) throw new OutOfPlaneError('more than 80° from the centre of the overlay');
        const last = path[path.length - 1];
        if (last && last.x === out[0] && last.y === out[1]) return;
        path.push({ x: out[0], y: out[1] });
        if (out[0] < minX) minX = out[0];
        if (out[0] > maxX) maxX = out[0];
        if (out[1] < minY) minY = out[1];
        if (out[1] > maxY) maxY = out[1];
      };
      const first = layer.ringStarts[r];
      const end = layer.ringStarts[r + 1];
      for (let v = first; v < end; v++) {
        const lon = layer.coords[2 * v];
        const lat = layer.coords[2 * v + 1];
        add(lon, lat);
        const w = v + 1 < end ? v + 1 : first;
        densifyEdge(lon, lat, layer.coords[2 * w], layer.coords[2 * w + 1], add);
      }
      if (path.length > 1 && path[0].x === path[path.length - 1].x && path[0].y === path[path.length - 1].y) path.pop();
      if (path.length < 3) continue;
      let areaM2 = plane.pathAreaM2(path);
      const isOuter = r === layer.polygonStarts[p];
      if ((isOuter && areaM2 < 0) || (!isOuter && areaM2 > 0)) {
        path.reverse();
        areaM2 = -areaM2;
      }
      paths.push(path);
      pathAreasM2.push(areaM2);
      vertexCount += path.length;
    }
  }
  let areaM2 = 0;
  for (const a of pathAreasM2) areaM2 += a;
  return { paths, pathAreasM2, areaM2, minX, minY, maxX, maxY, vertexCount };
}

/** Adds the intermediate points of a long edge, along the geodesic, excluding both ends. */
function densifyEdge(lon1: number, lat1: number, lon2: number, lat2: number, add: (lon: number, lat: number) => void): void {
  const extentDeg = Math.max(Math.abs(lon2 - lon1), Math.abs(lat2 - lat1));
  if (extentDeg <= DENSIFY_STEP_DEG) return;
  const steps = Math.min(Math.ceil(extentDeg / DENSIFY_STEP_DEG), DENSIFY_MAX_POINTS);
  const line = geod.InverseLine(lat1, lon1, lat2, lon2);
  for (let k = 1; k < steps; k++) {
    const p = line.Position((line.s13 * k) / steps);
    add(p.lon2!, p.lat2!);
  }
}
