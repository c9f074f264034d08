/**
 * Reprojection to lon/lat, done once at import. proj4's projection inverse only: no datum shift
 * is applied (CGCS2000 ≈ WGS84 to centimetres; Xian 1980 / Beijing 1954 have no published
 * shift here, see prj.ts datumCaution).
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import { gaussKruger, parseTmerc } from './gaussKruger.ts';
import { InputError } from '../../core/types.ts';
import { GCJ02_DEFINITION, gcj02ToWgs84 } from './gcj02.ts';

export type PointTransform = (x: number, y: number) => Position;

/** A transform from the definition's coordinates to lon/lat; null for lon/lat input. */
export function makeTransform(definition: string): PointTransform | null {
  if (!definition) return null;
  if (definition === GCJ02_DEFINITION) return gcj02ToWgs84;
  const tmerc = parseTmerc(definition);
  if (tmerc) return gaussKruger(tmerc).inverse;
  const converter = proj4(definition);
  return (x, y) => {
    const p = converter.inverse([x, y]);
    return [p[0], p[1]];
  };
}

/** makeTransform for a layer: a definition proj4 cannot use is an InputError with a short excerpt, never the whole text. */
export function layerTransform(definition: string, file: string): PointTransform | null {
  try {
    const transform = makeTransform(definition);
    transform?.(500000, 4000000);
    return transform;
  } catch {
    const excerpt = definition.length > 80 ? `${definition.slice(0, 80)}…` : definition;
    throw new InputError(file, {
      zh: `坐标系定义无法使用（${excerpt}）；请在导入时选择坐标系`,
      en: `the coordinate system cannot be used (${excerpt}); choose one in the import dialog`,
    });
  }
}

export function transformGeometry<G extends Geometry | null>(geometry: G, transform: PointTransform | null): G {
  if (!geometry || !transform) return geometry;
  const ring = (points: Position[]): Position[] => points.map((p) => transform(p[0], p[1]));
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: transform(geometry.coordinates[0], geometry.coordinates[1]) } as G;
    case 'MultiPoint':
    case 'LineString':
      return { type: geometry.type, coordinates: ring(geometry.coordinates) } as G;
    case 'MultiLineString':
    case 'Polygon':
      return { type: geometry.type, coordinates: geometry.coordinates.map(ring) } as G;
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(ring)) } as G;
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: geometry.geometries.map((g) => transformGeometry(g, transform)) } as G;
  }
  return geometry;
}

/** [w, s, e, n] of lon/lat bounds of China's territory with a margin, for a sanity check. */
export const CHINA_LONLAT_BBOX: [number, number, number, number] = [70, 0, 140, 56];
