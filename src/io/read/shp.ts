/**
 * Shapefile geometry (.shp) → GeoJSON geometries in the file's own coordinates.
 * Spec: ESRI Shapefile Technical Description (July 1998). Records are read in order (the .shx is
 * only needed to recover from a damaged file, so a missing .shx is fine). Z and M are dropped.
 * Polygon rings: clockwise = outer, counter-clockwise = hole (spec); output follows RFC 7946
 * (outer counter-clockwise). A hole with no outer ring around it is kept as an outer ring and
 * reported, because some writers store every ring counter-clockwise.
 */
import { InputError, type Geometry } from '../../core/types.ts';
import type { Position } from 'geojson';
import type { PointTransform } from './reproject.ts';

export interface ShpHeader {
  shapeType: number;
  /** [xmin, ymin, xmax, ymax] from the file header */
  bbox: [number, number, number, number];
  fileLengthBytes: number;
}

export interface ShpIssue {
  /** 0-based record index */
  index: number;
  code: string;
  message: string;
  repaired: boolean;
}

export const SHAPE_TYPE_NAMES: Record<number, string> = {
  0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint',
  11: 'PointZ', 13: 'PolyLineZ', 15: 'PolygonZ', 18: 'MultiPointZ',
  21: 'PointM', 23: 'PolyLineM', 25: 'PolygonM', 28: 'MultiPointM', 31: 'MultiPatch',
};

export function readShpHeader(bytes: Uint8Array, file: string): ShpHeader {
  if (bytes.length === 0) throw new InputError(file, { zh: '.shp 文件是空的（0 字节）；请重新导出', en: 'the .shp file is empty (0 bytes)' });
  if (bytes.length < 100) throw new InputError(file, { zh: `.shp 文件不完整（${bytes.length} 字节，仅文件头就需要 100 字节）；请重新复制或导出`, en: `the .shp file is truncated (${bytes.length} bytes; the header alone is 100)` });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fileCode = view.getInt32(0, false);
  if (fileCode !== 9994) throw new InputError(file, { zh: `不是 Shapefile 文件（文件代码 ${fileCode}，应为 9994）`, en: `not a shapefile (file code ${fileCode}, expected 9994)` });
  const shapeType = view.getInt32(32, true);
  if (!(shapeType in SHAPE_TYPE_NAMES)) throw new InputError(file, { zh: `未知的几何类型代码 ${shapeType}；文件可能已损坏`, en: `unknown shape type ${shapeType}` });
  return {
    shapeType,
    bbox: [view.getFloat64(36, true), view.getFloat64(44, true), view.getFloat64(52, true), view.getFloat64(60, true)],
    fileLengthBytes: view.getInt32(24, false) * 2,
  };
}

export interface ShpRecord {
  /** byte offset of the record header */
  offset: number;
  contentLength: number;
}

/**
 * Record positions: from the .shx index when it is present and consistent (as GDAL does), else
 * by walking the record headers. Bytes between or after records that are not a record (a wrong
 * content length, junk at the end: Natural Earth's ne_10m_time_zones has both) are skipped and
 * reported through `onBytesSkipped`, the way mbostock/shapefile resynchronises on the next
 * record number. Throws a clear InputError when a record runs past the end.
 */
export function listShpRecords(
  bytes: Uint8Array,
  file: string,
  shx?: Uint8Array,
  onShxIgnored?: (why: string) => void,
  onBytesSkipped?: (why: string) => void,
): ShpRecord[] {
  const header = readShpHeader(bytes, file);
  let indexed = shx ? recordsFromShx(shx) : null;
  if (shx && !indexed) onShxIgnored?.('the .shx file is not a valid index');
  if (indexed && !indexMatches(bytes, indexed)) {
    onShxIgnored?.('the .shx index does not match the .shp records');
    indexed = null;
  }
  const records = indexed ?? walkRecords(bytes, header.shapeType, onBytesSkipped);
  for (let i = 0; i < records.length; i++) {
    const { offset, contentLength } = records[i];
    if (offset + 8 + contentLength > bytes.length) {
      throw new InputError(file, {
        zh: `.shp 文件不完整：第 ${i + 1} 条记录从第 ${offset} 字节起需要 ${contentLength + 8} 字节，但文件在第 ${bytes.length} 字节结束；请重新复制或导出`,
        en: `the .shp file is truncated: record ${i + 1} at byte ${offset} needs ${contentLength + 8} bytes but the file ends at ${bytes.length}`,
      });
    }
  }
  if (header.fileLengthBytes > bytes.length) {
    throw new InputError(file, {
      zh: `.shp 文件不完整：文件头记载 ${header.fileLengthBytes} 字节，实际只有 ${bytes.length} 字节；请重新复制或导出`,
      en: `the .shp file is truncated: the header says ${header.fileLengthBytes} bytes, the file has ${bytes.length}`,
    });
  }
  return records;
}

function recordsFromShx(shx: Uint8Array): ShpRecord[] | null {
  if (shx.length < 100 || (shx.length - 100) % 8 !== 0) return null;
  const view = new DataView(shx.buffer, shx.byteOffset, shx.byteLength);
  if (view.getInt32(0, false) !== 9994) return null;
  const records: ShpRecord[] = [];
  for (let at = 100; at < shx.length; at += 8) {
    records.push({ offset: view.getInt32(at, false) * 2, contentLength: view.getInt32(at + 4, false) * 2 });
  }
  return records;
}

/** Every indexed record lies in the file and its header agrees on the content length. */
function indexMatches(bytes: Uint8Array, records: ShpRecord[]): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return records.every((r) => r.offset >= 100 && r.offset + 8 <= bytes.length && view.getInt32(r.offset + 4, false) * 2 === r.contentLength);
}

/** A record header at `offset` whose content fits in the file and starts with a known shape type. */
function plausibleRecord(view: DataView, offset: number, shapeType: number, recordNumber?: number): boolean {
  if (offset + 12 > view.byteLength) return false;
  const contentLength = view.getInt32(offset + 4, false) * 2;
  if (contentLength < 4 || offset + 8 + contentLength > view.byteLength) return false;
  if (recordNumber !== undefined && view.getInt32(offset, false) !== recordNumber) return false;
  const type = view.getInt32(offset + 8, true);
  return type === 0 || type === shapeType;
}

function walkRecords(bytes: Uint8Array, shapeType: number, onBytesSkipped?: (why: string) => void): ShpRecord[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: ShpRecord[] = [];
  let offset = 100;
  while (offset + 8 <= bytes.length) {
    const recordNumber = view.getInt32(offset, false);
    const contentLength = view.getInt32(offset + 4, false) * 2;
    if (recordNumber === 0 && contentLength === 0 && bytes.subarray(offset).every((b) => b === 0)) break; // zero padding after the last record
    if (plausibleRecord(view, offset, shapeType)) {
      records.push({ offset, contentLength });
      offset += 8 + contentLength;
      continue;
    }
    // not a record here: look for the next record by its number, in 16-bit words as the format counts
    let next = offset + 2;
    while (next + 12 <= bytes.length && !plausibleRecord(view, next, shapeType, records.length + 1)) next += 2;
    if (next + 12 > bytes.length) {
      onBytesSkipped?.(`${bytes.length - offset} bytes after record ${records.length} (from byte ${offset} to the end) are not a record; ignored`);
      break;
    }
    onBytesSkipped?.(`${next - offset} bytes after record ${records.length} (bytes ${offset}–${next}) are not a record; skipped to record ${records.length + 1}`);
    offset = next;
  }
  return records;
}

/** Reads one record's geometry (source coordinates). `issues` collects per-record problems. */
export function readShpGeometry(
  bytes: Uint8Array,
  record: ShpRecord,
  index: number,
  issues: ShpIssue[],
  transform: PointTransform | null = null,
): Geometry | null {
  if (record.contentLength < 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  currentTransform = transform;
  const at = record.offset + 8;
  const type = view.getInt32(at, true);
  switch (type) {
    case 0:
      return null;
    case 1: case 11: case 21:
      return { type: 'Point', coordinates: readPoints(view, at + 4, 1)[0] };
    case 8: case 18: case 28:
      return readMultiPoint(view, at);
    case 3: case 13: case 23:
      return readPolyLine(view, at);
    case 5: case 15: case 25:
      return readPolygon(view, at, index, issues);
    default:
      issues.push({ index, code: 'shape-unsupported', message: `shape type ${SHAPE_TYPE_NAMES[type] ?? type} is not supported; feature kept without geometry`, repaired: false });
      return null;
  }
}

/** Set per record: reprojecting while reading saves a second pass (TM keeps ring orientation). */
let currentTransform: PointTransform | null = null;

function readPoints(view: DataView, from: number, count: number): Position[] {
  const points: Position[] = new Array(count);
  const transform = currentTransform;
  for (let i = 0; i < count; i++) {
    const x = view.getFloat64(from + i * 16, true);
    const y = view.getFloat64(from + i * 16 + 8, true);
    points[i] = transform ? transform(x, y) : [x, y];
  }
  return points;
}

function readMultiPoint(view: DataView, at: number): Geometry | null {
  const count = view.getInt32(at + 36, true);
  if (count === 0) return null;
  if (count < 0 || at + 40 + count * 16 > view.byteLength) throw new RangeError('record shorter than its point count');
  const points = readPoints(view, at + 40, count);
  return count === 1 ? { type: 'Point', coordinates: points[0] } : { type: 'MultiPoint', coordinates: points };
}

/** Parts of a PolyLine/Polygon record, each a list of points. */
function readParts(view: DataView, at: number): Position[][] {
  const partCount = view.getInt32(at + 36, true);
  const pointCount = view.getInt32(at + 40, true);
  const partsAt = at + 44;
  const pointsAt = partsAt + partCount * 4;
  if (partsAt + partCount * 4 + pointCount * 16 > view.byteLength || partCount < 0 || pointCount < 0) {
    throw new RangeError('record shorter than its part and point counts');
  }
  const parts: Position[][] = [];
  for (let p = 0; p < partCount; p++) {
    const start = view.getInt32(partsAt + p * 4, true);
    const end = p + 1 < partCount ? view.getInt32(partsAt + (p + 1) * 4, true) : pointCount;
    if (start < 0 || end > pointCount) throw new RangeError('part index outside the record\'s points');
    if (end > start) parts.push(readPoints(view, pointsAt + start * 16, end - start));
  }
  return parts;
}

function readPolyLine(view: DataView, at: number): Geometry | null {
  const parts = readParts(view, at).filter((part) => part.length > 0);
  if (parts.length === 0) return null;
  return parts.length === 1 ? { type: 'LineString', coordinates: parts[0] } : { type: 'MultiLineString', coordinates: parts };
}

/** Twice the signed area (shoelace); positive = counter-clockwise. Local origin avoids float loss. */
export function ringArea2(ring: Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const x0 = ring[0][0];
  const y0 = ring[0][1];
  let sum = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    sum += (ring[j][0] - x0) * (ring[i][1] - y0) - (ring[i][0] - x0) * (ring[j][1] - y0);
  }
  return sum;
}

export function pointInRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function readPolygon(view: DataView, at: number, index: number, issues: ShpIssue[]): Geometry | null {
  const rings = readParts(view, at);
  const outers: { ring: Position[]; area: number; holes: Position[][] }[] = [];
  const holes: Position[][] = [];
  for (const ring of rings) {
    const area2 = ringArea2(ring);
    if (area2 < 0) outers.push({ ring: ring.reverse(), area: -area2, holes: [] }); // our own arrays: reverse in place
    else if (area2 > 0) holes.push(ring);
    else outers.push({ ring, area: 0, holes: [] }); // degenerate: validation reports it
  }
  for (const hole of holes) {
    const owner = smallestContaining(outers, hole);
    if (owner) owner.holes.push(hole.reverse());
    else {
      outers.push({ ring: hole, area: ringArea2(hole), holes: [] });
      issues.push({ index, code: 'ring-orientation', message: 'a counter-clockwise ring lies in no outer ring; read as an outer ring', repaired: true });
    }
  }
  if (outers.length === 0) return null;
  const polygons = outers.map((o) => [o.ring, ...o.holes]);
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

function smallestContaining<T extends { ring: Position[]; area: number }>(outers: T[], hole: Position[]): T | null {
  let best: T | null = null;
  const [x, y] = hole[0];
  for (const outer of outers) {
    if (outer.area > 0 && (!best || outer.area < best.area) && pointInRing(x, y, outer.ring)) best = outer;
  }
  if (!best && outers.length === 1 && outers[0].area > 0 && hole.length > 1) {
    // first vertex on the outer boundary: fall back to the mid-point of the hole's first edge
    const mx = (hole[0][0] + hole[1][0]) / 2;
    const my = (hole[0][1] + hole[1][1]) / 2;
    if (pointInRing(mx, my, outers[0].ring)) best = outers[0];
  }
  return best;
}
