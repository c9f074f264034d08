/**
 * A polygon layer packed into typed arrays, so it can be handed to a worker by transferring a
 * few buffers instead of cloning GeoJSON. Rings are stored without the closing vertex.
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';

export interface PackedLayer {
  /** lon, lat interleaved */
  coords: Float64Array;
  /** first vertex of each ring; length = ring count + 1 */
  ringStarts: Uint32Array;
  /** first ring of each polygon; length = polygon count + 1 */
  polygonStarts: Uint32Array;
  /** first polygon of each feature; length = feature count + 1 */
  featureStarts: Uint32Array;
}

export function packLayer(geometries: readonly (Geometry | null | undefined)[]): PackedLayer {
  const coords: number[] = [];
  const ringStarts: number[] = [0];
  const polygonStarts: number[] = [0];
  const featureStarts: number[] = [0];
  for (const geometry of geometries) {
    for (const polygon of polygonsOf(geometry)) {
      for (const ring of polygon) {
        if (pushRing(ring, coords)) ringStarts.push(coords.length / 2);
        else if (ring === polygon[0]) break; // an outer ring with no area: the polygon is empty
      }
      if (ringStarts.length - 1 > polygonStarts[polygonStarts.length - 1]) {
        polygonStarts.push(ringStarts.length - 1);
      }
    }
    featureStarts.push(polygonStarts.length - 1);
  }
  return toPackedLayer(coords, ringStarts, polygonStarts, featureStarts);
}

/** The typed arrays of a layer packed into plain arrays (each *Starts begins with 0). */
export function toPackedLayer(coords: number[], ringStarts: number[], polygonStarts: number[], featureStarts: number[]): PackedLayer {
  return {
    coords: Float64Array.from(coords),
    ringStarts: Uint32Array.from(ringStarts),
    polygonStarts: Uint32Array.from(polygonStarts),
    featureStarts: Uint32Array.from(featureStarts),
  };
}

export function featureCount(layer: PackedLayer): number {
  return layer.featureStarts.length - 1;
}

/** The buffers to list as transferables when posting a packed layer. */
export function packedBuffers(layer: PackedLayer): ArrayBuffer[] {
  return [layer.coords, layer.ringStarts, layer.polygonStarts, layer.featureStarts].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/** A copy whose buffers can be transferred without losing the original. */
export function copyPackedLayer(layer: PackedLayer): PackedLayer {
  return {
    coords: layer.coords.slice(),
    ringStarts: layer.ringStarts.slice(),
    polygonStarts: layer.polygonStarts.slice(),
    featureStarts: layer.featureStarts.slice(),
  };
}

/** [w, s, e, n] of one feature, or null when it has no polygon. */
export function featureBBox(layer: PackedLayer, feature: number): [number, number, number, number] | null {
  const firstRing = layer.polygonStarts[layer.featureStarts[feature]];
  const endRing = layer.polygonStarts[layer.featureStarts[feature + 1]];
  const from = layer.ringStarts[firstRing];
  const to = layer.ringStarts[endRing];
  if (to <= from) return null;
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (let v = from; v < to; v++) {
    const lon = layer.coords[2 * v];
    const lat = layer.coords[2 * v + 1];
    if (lon < west) west = lon;
    if (lon > east) east = lon;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  }
  return [west, south, east, north];
}

/** [w, s, e, n] of every feature of the layers together, or null when none has a polygon. */
export function packedExtent(layers: readonly PackedLayer[]): [number, number, number, number] | null {
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
  return Number.isFinite(west) ? [west, south, east, north] : null;
}

/** The rings of one feature as GeoJSON positions, grouped by polygon (closing vertex added). */
export function featurePolygons(layer: PackedLayer, feature: number): Position[][][] {
  const polygons: Position[][][] = [];
  for (let p = layer.featureStarts[feature]; p < layer.featureStarts[feature + 1]; p++) {
    const rings: Position[][] = [];
    for (let r = layer.polygonStarts[p]; r < layer.polygonStarts[p + 1]; r++) {
      const ring: Position[] = [];
      for (let v = layer.ringStarts[r]; v < layer.ringStarts[r + 1]; v++) {
        ring.push([layer.coords[2 * v], layer.coords[2 * v + 1]]);
      }
      ring.push(ring[0]);
      rings.push(ring);
    }
    polygons.push(rings);
  }
  return polygons;
}

function polygonsOf(geometry: Geometry | null | undefined): Position[][][] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [(geometry as Polygon).coordinates];
  if (geometry.type === 'MultiPolygon') return (geometry as MultiPolygon).coordinates;
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(polygonsOf);
  return [];
}

/** Appends a ring without its closing vertex and repeated vertices; false if < 3 remain. */
function pushRing(ring: Position[], coords: number[]): boolean {
  const start = coords.length;
  let n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
  for (let i = 0; i < n; i++) {
    const lon = ring[i][0];
    const lat = ring[i][1];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const last = coords.length;
    if (last > start && coords[last - 2] === lon && coords[last - 1] === lat) continue;
    coords.push(lon, lat);
  }
  if (coords.length - start < 6) {
    coords.length = start;
    return false;
  }
  return true;
}
