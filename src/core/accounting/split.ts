/**
 * Phase 1 of the accounting (geometry): each plot and forest patch split among villages by
 * ellipsoidal intersection with the village polygons, and each well placed in a village (by its
 * ZLDWDM, else by the polygon it lies in). Slow compared with phase 2, so the page keeps the
 * result and only re-runs phase 2 when statuses, quotas or caps change.
 */
import type { Geometry, Position } from 'geojson';
import { townshipCodeOf, villageCodeOf } from '../codes.ts';
import { InputError, throwIfCancelled, type Feature, type JobContext, type Properties } from '../types.ts';
import { text } from './attributes.ts';
import type { AccountingSplit, PieceSet, VillageInfo } from './types.ts';

/** The overlay of src/core/geometry/overlay.ts, injected so this module can be tested without it. */
export type OverlayFn = (
  a: (Geometry | null)[],
  b: (Geometry | null)[],
  options?: JobContext,
) => Promise<{
  pairs: { a: number; b: number; areaM2: number }[];
  areaM2A: ArrayLike<number>;
  coveredM2A: ArrayLike<number>;
  failures: { a: number; b: number; message: string }[];
}>;

type AnyFeature = Feature<Geometry | null, Properties>;

export interface SplitInput {
  villages: readonly AnyFeature[];
  plots: readonly (Geometry | null)[];
  forest?: readonly (Geometry | null)[] | null;
  wells?: readonly AnyFeature[] | null;
  files?: { villages?: string };
}

/** Villages from the villages layer, one per 12-digit code (a village drawn as several features is one village). */
export function villagesOf(features: readonly AnyFeature[], file = 'villages'): { villages: VillageInfo[]; villageOfFeature: Int32Array } {
  const villages: VillageInfo[] = [];
  const byCode = new Map<string, number>();
  const villageOfFeature = new Int32Array(features.length).fill(-1);
  features.forEach((feature, index) => {
    const p = feature.properties;
    const raw = text(p, 'ZLDWDM') || text(p, 'CJDM');
    const code = villageCodeOf(raw);
    if (!/^\d{12}$/.test(code)) {
      throw new InputError(file, `no 12-digit village code (ZLDWDM or CJDM): "${raw}"`, String(index + 1));
    }
    let v = byCode.get(code);
    if (v === undefined) {
      v = villages.length;
      byCode.set(code, v);
      const township = text(p, 'XZDM');
      villages.push({
        code,
        name: text(p, 'ZLDWMC') || text(p, 'CJMC'),
        townshipCode: /^\d{9}$/.test(township) ? township : townshipCodeOf(code),
        townshipName: text(p, 'XZMC'),
        featureIndex: index,
      });
    }
    villageOfFeature[index] = v;
  });
  return { villages, villageOfFeature };
}

/** Pieces from an overlay result; where villages overlap each other, pieces are scaled so a feature is never counted more than once. */
async function splitLayer(
  geometries: readonly (Geometry | null)[],
  villageGeometries: (Geometry | null)[],
  villageOfFeature: Int32Array,
  overlay: OverlayFn,
  context: JobContext,
): Promise<PieceSet> {
  const result = await overlay([...geometries], villageGeometries, context);
  const n = geometries.length;
  const insideM2 = new Float64Array(n);
  for (const pair of result.pairs) insideM2[pair.a] += pair.areaM2;
  const featureAreaM2 = Float64Array.from(result.areaM2A);
  const outsideAreaM2 = new Float64Array(n);
  const scale = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    const coveredM2 = result.coveredM2A[i];
    if (insideM2[i] > coveredM2 + 0.01) scale[i] = coveredM2 / insideM2[i];
    outsideAreaM2[i] = Math.max(0, featureAreaM2[i] - coveredM2);
  }
  const pairs = result.pairs.filter((p) => p.areaM2 > 0);
  return {
    pieceFeature: Int32Array.from(pairs, (p) => p.a),
    pieceVillage: Int32Array.from(pairs, (p) => villageOfFeature[p.b]),
    pieceAreaM2: Float64Array.from(pairs, (p) => p.areaM2 * scale[p.a]),
    featureAreaM2,
    outsideAreaM2,
    failures: result.failures.map((f) => ({ featureIndex: f.a, message: f.message })),
  };
}

/** Ray casting on lon/lat: enough to place a well in a village (a well is never on a boundary to the metre). */
function pointInRings(x: number, y: number, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function polygonsOf(geometry: Geometry | null): Position[][][] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/** Each well's village: by the 12 first digits of its ZLDWDM when that village exists, else by location. */
export function placeWells(wells: readonly AnyFeature[], villageFeatures: readonly AnyFeature[],
  villages: readonly VillageInfo[], villageOfFeature: Int32Array): { wellVillage: Int32Array; wellPlacement: ('code' | 'point' | 'none')[] } {
  const byCode = new Map(villages.map((v, i) => [v.code, i]));
  const shapes = villageFeatures.map((f) => polygonsOf(f.geometry));
  const boxes = shapes.map((polygons) => {
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of polygons.flatMap((p) => p[0] ?? [])) {
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
    }
    return box;
  });
  const wellVillage = new Int32Array(wells.length).fill(-1);
  const wellPlacement = wells.map((well, index): 'code' | 'point' | 'none' => {
    const byAttribute = byCode.get(villageCodeOf(text(well.properties, 'ZLDWDM')));
    if (byAttribute !== undefined) {
      wellVillage[index] = byAttribute;
      return 'code';
    }
    const g = well.geometry;
    const point = g?.type === 'Point' ? g.coordinates : g?.type === 'MultiPoint' ? g.coordinates[0] : null;
    if (!point) return 'none';
    const [x, y] = point;
    const hit = shapes.findIndex((polygons, k) => x >= boxes[k][0] && x <= boxes[k][2] && y >= boxes[k][1] && y <= boxes[k][3]
      && polygons.some((rings) => pointInRings(x, y, rings)));
    if (hit < 0) return 'none';
    wellVillage[index] = villageOfFeature[hit];
    return 'point';
  });
  return { wellVillage, wellPlacement };
}

export async function splitByVillage(input: SplitInput, overlay: OverlayFn, context: JobContext = {}): Promise<AccountingSplit> {
  const { villages, villageOfFeature } = villagesOf(input.villages, input.files?.villages);
  if (villages.length === 0) throw new InputError(input.files?.villages ?? 'villages', 'no village polygons');
  const villageGeometries = input.villages.map((f) => f.geometry);
  const stage = (name: string): JobContext => ({
    signal: context.signal,
    onProgress: (p) => context.onProgress?.({ ...p, stage: name }),
  });
  const plots = await splitLayer(input.plots, villageGeometries, villageOfFeature, overlay, stage('split plots'));
  throwIfCancelled(context.signal);
  const forest = input.forest ? await splitLayer(input.forest, villageGeometries, villageOfFeature, overlay, stage('split forest')) : null;
  const wells = input.wells ? placeWells(input.wells, input.villages, villages, villageOfFeature) : null;
  return { villages, plots, forest, wellVillage: wells?.wellVillage ?? null, wellPlacement: wells?.wellPlacement ?? null };
}
