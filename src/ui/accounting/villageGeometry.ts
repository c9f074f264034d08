/** Village features of the villages layer by code: for map colouring and zooming to a village. */
import type { Position } from 'geojson';
import { villageCodeOf } from '../../core/codes.ts';
import type { Geometry, Layer } from '../../core/types.ts';

const codeCache = new WeakMap<Layer, string[]>();

/** The 12-digit village code of every feature (index = feature id on the map source). */
export function villageCodes(layer: Layer): string[] {
  let codes = codeCache.get(layer);
  if (!codes) {
    codes = layer.features.features.map((f) => villageCodeOf(String(f.properties?.ZLDWDM ?? f.properties?.CJDM ?? '')));
    codeCache.set(layer, codes);
  }
  return codes;
}

function extend(box: number[], geometry: Geometry | null): void {
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as Position;
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  if (geometry && 'coordinates' in geometry) visit(geometry.coordinates);
}

/** [w, s, e, n] of the features whose code starts with `code` (a village, township or city). */
export function bboxOfUnit(layer: Layer, code: string): [number, number, number, number] | null {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  villageCodes(layer).forEach((c, i) => {
    if (c.startsWith(code)) extend(box, layer.features.features[i].geometry);
  });
  return Number.isFinite(box[0]) ? (box as [number, number, number, number]) : null;
}
