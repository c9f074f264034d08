/**
 * A hand-computed county (figures worked out in test/accounting/aggregate.test.ts comments):
 * three villages in two townships, a plot crossing a village boundary, mixed sources with a
 * township share and a village override, a village without wells, metered and unmetered wells
 * with monthly data, a plot partly outside every village.
 */
import type { AccountingSplit, CapRow, PieceSet, QuotaRow, VillageInfo } from '../../src/core/accounting/types.ts';
import type { Properties } from '../../src/core/types.ts';
import { M2_PER_MU } from '../../src/core/units.ts';

export const villages: VillageInfo[] = [
  { code: '652301100001', name: '一村', townshipCode: '652301100', townshipName: '甲镇', featureIndex: 0 },
  { code: '652301100002', name: '二村', townshipCode: '652301100', townshipName: '甲镇', featureIndex: 1 },
  { code: '652301200001', name: '三村', townshipCode: '652301200', townshipName: '乙乡', featureIndex: 2 },
];

const plot = (DKBM: string, ZT: string, ZZZW: string, GGFS: string, SYLX: string, DKLB = '确权承包地'): Properties =>
  ({ DKBM, ZT, ZZZW, GGFS, SYLX, DKLB });

export const plots: Properties[] = [
  plot('P1', '种植', '棉花', '滴灌', '井灌'),
  plot('P2', '种植', '小麦', '漫灌', '井渠混灌', '集体机动地'),
  plot('P3', '退减', '棉花', '滴灌', '井灌', '国有耕地'),
  plot('P4', '休耕', '玉米', '漫灌', '井灌'),
  plot('P5', '种植', '玉米', '管灌', '井渠混灌'),
  plot('P6', '种植', '棉花', '漫灌', '渠灌'),
  plot('P7', '种植', '小麦', '', '井渠混灌'),
];

export const forest: Properties[] = [
  { LDBM: 'F1', LZLX: '农田防护林', SFGG: '是', SYLX: '井灌' },
  { LDBM: 'F2', LZLX: '道路林', SFGG: '否', SYLX: '' },
];

export const wells: Properties[] = [
  { JBM: 'W1', ZLDWDM: '6523011000010000001', SFJL: '是', NJLL: 3000 },
  { JBM: 'W2', ZLDWDM: '652301100001', SFJL: '否', ZSXS: 2.5, YDL01: 100, YDL06: '200' },
  { JBM: 'W3', ZLDWDM: '652301100001', SFJL: '是', JLL05: 1000, JLL07: 2000 },
  { JBM: 'W4', ZLDWDM: '', SFJL: '否', NYDL: 1000, ZSXS: 1.2 },
];

/** [feature, village, 亩] pieces; village -1 = outside every village. */
export function pieceSet(pieces: [number, number, number][], featureCount: number): PieceSet {
  const featureAreaM2 = new Float64Array(featureCount);
  const outsideAreaM2 = new Float64Array(featureCount);
  const inside = pieces.filter(([, v]) => v >= 0);
  for (const [f, v, mu] of pieces) {
    featureAreaM2[f] += mu * M2_PER_MU;
    if (v < 0) outsideAreaM2[f] += mu * M2_PER_MU;
  }
  return {
    pieceFeature: Int32Array.from(inside.map(([f]) => f)),
    pieceVillage: Int32Array.from(inside.map(([, v]) => v)),
    pieceAreaM2: Float64Array.from(inside.map(([, , mu]) => mu * M2_PER_MU)),
    featureAreaM2,
    outsideAreaM2,
    failures: [],
  };
}

export const split: AccountingSplit = {
  villages,
  plots: pieceSet(
    [[0, 0, 30], [0, 1, 10], [1, 1, 20], [2, 0, 5], [3, 2, 8], [4, 2, 10], [5, 2, 4], [5, -1, 1], [6, 0, 10]],
    plots.length,
  ),
  forest: pieceSet([[0, 0, 2], [1, 1, 3]], forest.length),
  wellVillage: Int32Array.from([0, 0, 0, 2]),
  wellPlacement: ['code', 'code', 'code', 'point'],
};

export const quotas: QuotaRow[] = [
  { category: '作物', name: '棉花', method: '*', quotaM3PerMu: 400 },
  { category: '作物', name: '棉花', method: '滴灌', quotaM3PerMu: 300 },
  { category: '作物', name: '小麦', method: '*', quotaM3PerMu: 350 },
  { category: '作物', name: '玉米', method: '*', quotaM3PerMu: 320 },
  { category: '林种', name: '农田防护林', method: '*', quotaM3PerMu: 200 },
];

const cap = (year: number, code: string, name: string, total: number | null, gw: number | null,
  industrial: number | null, domestic: number | null, share: number | null): CapRow =>
  ({ year, code, name, totalCapM3: total, groundwaterCapM3: gw, industrialM3: industrial, domesticM3: domestic, mixedGroundwaterShare: share });

export const caps: CapRow[] = [
  cap(2023, '652301', '示例市', 110000, 42000, 5000, 2000, 0.4),
  cap(2024, '652301', '示例市', 100000, 40000, 5000, 2000, 0.4),
  cap(2025, '652301', '示例市', 95000, 37000, 5000, 2000, 0.4),
  cap(2024, '652301100', '甲镇', 30000, 18000, null, null, 0.6),
  cap(2024, '652301100001', '一村', 12000, 10000, 100, 200, null),
  cap(2024, '652301100002', '二村', null, 9000, null, null, 0.8),
];
