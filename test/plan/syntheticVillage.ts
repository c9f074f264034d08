/**
 * Small synthetic villages for the plan's tests: axis-aligned rectangles laid out in metres east and
 * north of an origin near 44°N, placed on the CGCS2000 ellipsoid with GeographicLib's geodesic
 * Direct (independent of the plan's own local plane). The pieces are given directly (one whole
 * piece per plot), so the expected savings follow from the attributes alone.
 */
import geodesic from 'geographiclib-geodesic';
import type { Geometry } from 'geojson';
import type { PieceSet, QuotaRow, Unit, VillageInfo } from '../../src/core/accounting/types.ts';
import type { Properties } from '../../src/core/types.ts';
import { M2_PER_MU } from '../../src/core/units.ts';
import { mulberry32 } from '../../scripts/sample/prng.ts';

const geod = new geodesic.Geodesic.Geodesic(6378137, 1 / 298.257222101);
const ORIGIN = { lat: 44.05, lon: 87.3 };

/** lon/lat of the point x metres east and y metres north of the origin */
export function placeAt(x: number, y: number): [number, number] {
  const north = geod.Direct(ORIGIN.lat, ORIGIN.lon, 0, y);
  const east = geod.Direct(north.lat2!, north.lon2!, 90, x);
  return [east.lon2!, east.lat2!];
}

export interface Box { x0: number; y0: number; x1: number; y1: number }

export function boxGeometry(b: Box): Geometry {
  return { type: 'Polygon', coordinates: [[placeAt(b.x0, b.y0), placeAt(b.x1, b.y0), placeAt(b.x1, b.y1), placeAt(b.x0, b.y1), placeAt(b.x0, b.y0)]] };
}

/** Least distance in metres between two boxes of the layout (the independent patch rule). */
export function boxDistanceM(a: Box, b: Box): number {
  const dx = Math.max(0, a.x0 - b.x1, b.x0 - a.x1);
  const dy = Math.max(0, a.y0 - b.y1, b.y0 - a.y1);
  return Math.hypot(dx, dy);
}

export const QUOTAS: QuotaRow[] = [
  { category: '作物', name: '棉花', method: '*', quotaM3PerMu: 389 },
  { category: '作物', name: '棉花', method: '滴灌', quotaM3PerMu: 301 },
  { category: '作物', name: '玉米', method: '*', quotaM3PerMu: 320 },
  { category: '作物', name: '小麦', method: '*', quotaM3PerMu: 315 },
  { category: '作物', name: '果树', method: '*', quotaM3PerMu: 413 },
];
const CROPS = ['棉花', '玉米', '小麦', '果树'];
const METHODS = ['滴灌', '漫灌', '管灌'];
const SOURCES = ['井灌', '井灌', '井渠混灌', '渠灌'];
const TENURES = ['国有耕地', '储备补充耕地', '集体机动地', '确权承包地', '确权承包地'];

export interface SyntheticVillage {
  village: VillageInfo;
  boxes: Box[];
  geometries: Geometry[];
  plots: Properties[];
  areaMu: number[];
  pieces: PieceSet;
  share: number;
}

/** n plots in rows of four; gaps between neighbours are either ≤ 12 m or ≥ 30 m (never near 20 m). */
export function syntheticVillage(seed: number, n: number): SyntheticVillage {
  const random = mulberry32(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const boxes: Box[] = [];
  let y = 0;
  for (let row = 0; boxes.length < n; row++) {
    let x = 0;
    const height = 60 + random() * 60;
    for (let col = 0; col < 4 && boxes.length < n; col++) {
      const width = 40 + random() * 120;
      boxes.push({ x0: x, y0: y, x1: x + width, y1: y + height });
      x += width + (random() < 0.6 ? 3 + random() * 9 : 30 + random() * 40);
    }
    y += height + (random() < 0.5 ? 5 + random() * 7 : 35 + random() * 30);
  }
  const plots = boxes.map((_, i): Properties => ({
    DKBM: `P${String(i + 1).padStart(3, '0')}`,
    ZLDWDM: '659901100201',
    ZZZW: pick(CROPS),
    ZT: random() < 0.9 ? '种植' : pick(['退减', '休耕']),
    DKLB: pick(TENURES),
    TYZZ: random() < 0.07 ? '是' : '否',
    GGFS: pick(METHODS),
    SYLX: pick(SOURCES),
    CBFMC: `户${1 + Math.floor(random() * Math.max(2, n / 3))}`,
  }));
  const areaMu = boxes.map((b) => ((b.x1 - b.x0) * (b.y1 - b.y0)) / M2_PER_MU);
  const pieces: PieceSet = {
    pieceFeature: Int32Array.from(boxes.keys()),
    pieceVillage: new Int32Array(n),
    pieceAreaM2: Float64Array.from(areaMu, (mu) => mu * M2_PER_MU),
    featureAreaM2: Float64Array.from(areaMu, (mu) => mu * M2_PER_MU),
    outsideAreaM2: new Float64Array(n),
    failures: [],
  };
  return {
    village: { code: '659901100201', name: '试验村', townshipCode: '659901100', townshipName: '试验镇', featureIndex: 0 },
    boxes, geometries: boxes.map(boxGeometry), plots, areaMu, pieces, share: 0.4 + random() * 0.3,
  };
}

/** The accounting units the plan reads: one village with the given excess, its township and city. */
export function unitsWithExcess(v: VillageInfo, excessM3: number): Unit[] {
  const unit = (level: Unit['level'], code: string, parentCode: string | null) =>
    ({ level, code, name: code, parentCode, groundwaterExcessM3: excessM3, actualGroundwaterExcessM3: null }) as unknown as Unit;
  return [unit('village', v.code, v.townshipCode), unit('township', v.townshipCode, '659901'), unit('city', '659901', null)];
}

/** Independent saving of a plot: area × quota(crop, method or *) × groundwater share of its source, less the action's quota. */
export function expectedSavedM3(p: Properties, areaMu: number, share: number, actionQuota = 0): number {
  const quota = QUOTAS.find((q) => q.name === p.ZZZW && q.method === p.GGFS) ?? QUOTAS.find((q) => q.name === p.ZZZW && q.method === '*')!;
  const fraction = p.SYLX === '井灌' ? 1 : p.SYLX === '井渠混灌' ? share : 0;
  return areaMu * (quota.quotaM3PerMu - actionQuota) * fraction;
}

export const isCandidate = (p: Properties, locked: ReadonlySet<string> = new Set()): boolean =>
  p.ZT === '种植' && (p.SYLX === '井灌' || p.SYLX === '井渠混灌') && p.TYZZ !== '是' && !locked.has(String(p.DKBM));

export const tierOf = (tenure: unknown): number => (tenure === '国有耕地' || tenure === '储备补充耕地' ? 0 : tenure === '确权承包地' ? 2 : 1);
