/**
 * .shp and .shx writer (ESRI Shapefile Technical Description, July 1998): 2-D Point, MultiPoint,
 * PolyLine and Polygon. Polygon outer rings are written clockwise and holes counter-clockwise, as
 * the specification requires (GeoJSON has the opposite convention); every ring is closed.
 */
import type { Geometry, Position } from 'geojson';

export const SHAPE_TYPE = { null: 0, point: 1, polyline: 3, polygon: 5, multipoint: 8 } as const;
export type ShapeFamily = 'point' | 'multipoint' | 'polyline' | 'polygon';

const FILE_CODE = 9994;
const VERSION = 1000;
const HEADER_BYTES = 100;

/** The one shape type a set of geometries can be written as, or an error message. */
export function shapeFamilyOf(geometries: readonly (Geometry | null)[]): ShapeFamily | string {
  const families = new Set<ShapeFamily>();
  for (const g of geometries) {
    if (!g) continue;
    if (g.type === 'Point') families.add('point');
    else if (g.type === 'MultiPoint') families.add('multipoint');
    else if (g.type === 'LineString' || g.type === 'MultiLineString') families.add('polyline');
    else if (g.type === 'Polygon' || g.type === 'MultiPolygon') families.add('polygon');
    else return `geometry type ${g.type} cannot be written to a shapefile`;
  }
  if (families.has('multipoint') && families.has('point')) families.delete('point');
  if (families.size > 1) return `a shapefile holds one geometry type; found ${[...families].join(', ')}`;
  return families.values().next().value ?? 'polygon';
}

/** Parts of a geometry as the shapefile stores them: lists of 2-D positions. */
function partsOf(g: Geometry, family: ShapeFamily): Position[][] {
  switch (g.type) {
    case 'Point':
      return [[g.coordinates]];
    case 'MultiPoint':
      return [g.coordinates];
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
      return g.coordinates;
    case 'Polygon':
      return orientPolygon(g.coordinates);
    case 'MultiPolygon':
      return g.coordinates.flatMap(orientPolygon);
    default:
      throw new Error(`geometry type ${g.type} cannot be written as ${family}`);
  }
}

/** Twice the signed area (positive = counter-clockwise with y up). */
function signedArea2(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % n];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

function closeRing(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

function orientPolygon(rings: Position[][]): Position[][] {
  return rings
    .filter((ring) => ring.length >= 3)
    .map((ring, i) => {
      const closed = closeRing(ring);
      const counterClockwise = signedArea2(closed) > 0;
      const wantCounterClockwise = i > 0;
      return counterClockwise === wantCounterClockwise ? closed : [...closed].reverse();
    });
}

/** One record's content (after the 8-byte record header), little-endian. */
function encodeRecord(g: Geometry | null, family: ShapeFamily): Uint8Array {
  if (!g) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setInt32(0, SHAPE_TYPE.null, true);
    return out;
  }
  if (family === 'point') {
    const [x, y] = (g as { coordinates: Position }).coordinates;
    const out = new Uint8Array(20);
    const view = new DataView(out.buffer);
    view.setInt32(0, SHAPE_TYPE.point, true);
    view.setFloat64(4, x, true);
    view.setFloat64(12, y, true);
    return out;
  }
  const parts = partsOf(g, family);
  const points = parts.flat();
  const hasParts = family !== 'multipoint';
  const out = new Uint8Array(4 + 32 + 4 + (hasParts ? 4 + 4 * parts.length : 0) + 16 * points.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, SHAPE_TYPE[family], true);
  writeBox(view, 4, boxOf(points));
  let at = 36;
  if (hasParts) {
    view.setInt32(at, parts.length, true);
    at += 4;
  }
  view.setInt32(at, points.length, true);
  at += 4;
  if (hasParts) {
    let start = 0;
    for (const part of parts) {
      view.setInt32(at, start, true);
      at += 4;
      start += part.length;
    }
  }
  for (const [x, y] of points) {
    view.setFloat64(at, x, true);
    view.setFloat64(at + 8, y, true);
    at += 16;
  }
  return out;
}

type Box = [number, number, number, number];

function boxOf(points: readonly Position[]): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) extendBox(box, x, y);
  return points.length ? box : [0, 0, 0, 0];
}

function extendBox(box: Box, x: number, y: number): void {
  if (x < box[0]) box[0] = x;
  if (y < box[1]) box[1] = y;
  if (x > box[2]) box[2] = x;
  if (y > box[3]) box[3] = y;
}

function writeBox(view: DataView, at: number, box: Box): void {
  box.forEach((value, i) => view.setFloat64(at + 8 * i, value, true));
}

function writeHeader(view: DataView, fileBytes: number, shapeType: number, box: Box): void {
  view.setInt32(0, FILE_CODE, false);
  view.setInt32(24, fileBytes / 2, false);
  view.setInt32(28, VERSION, true);
  view.setInt32(32, shapeType, true);
  writeBox(view, 36, box);
}

/** .shp and .shx bytes for geometries of one family (null geometries become null shapes). */
export function writeShpShx(
  geometries: readonly (Geometry | null)[],
  family: ShapeFamily,
): { shp: Uint8Array; shx: Uint8Array } {
  const contents = geometries.map((g) => encodeRecord(g, family));
  const shpBytes = HEADER_BYTES + contents.reduce((sum, c) => sum + 8 + c.length, 0);
  const shxBytes = HEADER_BYTES + 8 * contents.length;
  const shp = new Uint8Array(shpBytes);
  const shx = new Uint8Array(shxBytes);
  const shpView = new DataView(shp.buffer);
  const shxView = new DataView(shx.buffer);
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  let at = HEADER_BYTES;
  contents.forEach((content, i) => {
    shxView.setInt32(HEADER_BYTES + 8 * i, at / 2, false);
    shxView.setInt32(HEADER_BYTES + 8 * i + 4, content.length / 2, false);
    shpView.setInt32(at, i + 1, false);
    shpView.setInt32(at + 4, content.length / 2, false);
    shp.set(content, at + 8);
    at += 8 + content.length;
    const shapeType = new DataView(content.buffer).getInt32(0, true);
    if (shapeType === SHAPE_TYPE.point) extendBox(box, shpView.getFloat64(at - 16, true), shpView.getFloat64(at - 8, true));
    else if (shapeType !== SHAPE_TYPE.null) {
      const cv = new DataView(content.buffer);
      extendBox(box, cv.getFloat64(4, true), cv.getFloat64(12, true));
      extendBox(box, cv.getFloat64(20, true), cv.getFloat64(28, true));
    }
  });
  const fileBox: Box = Number.isFinite(box[0]) ? box : [0, 0, 0, 0];
  writeHeader(shpView, shpBytes, SHAPE_TYPE[family], fileBox);
  writeHeader(shxView, shxBytes, SHAPE_TYPE[family], fileBox);
  return { shp, shx };
}
