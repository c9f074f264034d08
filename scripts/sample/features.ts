/** Records → GeoJSON features in CGCS2000 3° GK zone 29, with the canonical fields of docs/contract.md. */
import type { Feature, Geometry } from 'geojson';
import type { DbfFieldDef } from '../../src/io/write/shapefileWriter.ts';
import type { SampleModel } from './build.ts';
import { ellipsoidalAreaOfGk, toGk, type Frame } from './frame.ts';
import { hash2 } from './prng.ts';
import { DLMC } from './survey.ts';
import type { Poly } from './types.ts';

export const SAMPLE_LABEL = '示例数据';
const C = (name: string, length: number): DbfFieldDef => ({ name, type: 'C', length });
const N = (name: string, length: number, decimals = 0): DbfFieldDef => ({ name, type: 'N', length, decimals });

function gkPolys(frame: Frame, polys: Poly[]): Poly[] {
  return polys.map((poly) => poly.map((ring) => ring.map((p) => toGk(frame, p))));
}

function polygonGeometry(polys: Poly[]): Geometry {
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

const feature = (geometry: Geometry, properties: Record<string, string | number | null>): Feature => ({ type: 'Feature', geometry, properties });

export interface LayerOut {
  features: Feature[];
  fields: DbfFieldDef[];
}

export function villageLayer(m: SampleModel): LayerOut {
  const features = m.villages.map((v, k) => {
    const t = m.townships[v.township];
    return { k, f: feature(polygonGeometry(gkPolys(m.frame, m.villagePolys.get(k) ?? [])), { ZLDWDM: v.code, ZLDWMC: v.name, XZDM: t.code, XZMC: t.name, BZ: SAMPLE_LABEL }) };
  });
  features.sort((a, b) => (m.villages[a.k].code < m.villages[b.k].code ? -1 : 1));
  return { features: features.map((x) => x.f), fields: [C('ZLDWDM', 12), C('ZLDWMC', 40), C('XZDM', 9), C('XZMC', 20), C('BZ', 10)] };
}

export function surveyLayer(m: SampleModel): LayerOut {
  const features = m.survey.map((s) => {
    const polys = gkPolys(m.frame, s.jittered);
    const tbmj = round2(ellipsoidalAreaOfGk(polys));
    const cultivated = s.dlbm.startsWith('01');
    // 田坎系数 of flat irrigated land: 1.5–3.5 % (KCXS is set locally)
    const kcxs = cultivated ? 0.015 + (hash2(s.village, 7, m.seed) % 21) / 1000 : 0;
    const kcmj = round2(tbmj * kcxs);
    const village = m.villages[s.village];
    return feature(polygonGeometry(polys), {
      BSM: s.bsm,
      DLBM: s.dlbm,
      DLMC: DLMC[s.dlbm],
      ZLDWDM: `${village.code}0000000`,
      ZLDWMC: village.name,
      TBMJ: tbmj,
      KCDLBM: cultivated ? '1203' : '',
      KCXS: cultivated ? kcxs : null,
      KCMJ: kcmj,
      TBDLMJ: round2(tbmj - kcmj),
      ZZSXDM: s.zzsx ?? '',
      CZCSXM: s.dlbm === '0702' ? '203' : s.dlbm === '0701' || s.dlbm === '0601' ? '202' : '',
      XZDWKD: s.widthM ?? null,
      BZ: SAMPLE_LABEL,
    });
  });
  const fields = [C('BSM', 14), C('DLBM', 5), C('DLMC', 20), C('ZLDWDM', 19), C('ZLDWMC', 40), N('TBMJ', 15, 2), C('KCDLBM', 5), N('KCXS', 6, 4), N('KCMJ', 15, 2), N('TBDLMJ', 15, 2), C('ZZSXDM', 6), C('CZCSXM', 4), N('XZDWKD', 6, 1), C('BZ', 10)];
  return { features, fields };
}

export function plotLayer(m: SampleModel): LayerOut {
  const features = m.plots.map((p) => {
    const v = m.villages[p.recordedVillage];
    return feature(polygonGeometry(gkPolys(m.frame, p.polys)), { DKBM: p.dkbm, ZLDWDM: v.code, ZLDWMC: v.name, ...p.attrs, SBMJ: p.sbmjMu, BZ: SAMPLE_LABEL });
  });
  const fields = [C('DKBM', 19), C('ZLDWDM', 12), C('ZLDWMC', 40), C('ZZZW', 10), C('ZT', 4), C('DKLB', 12), C('TYZZ', 2), C('GGFS', 4), C('SYLX', 8), C('CBFMC', 40), N('SBMJ', 12, 2), C('BZ', 10)];
  return { features, fields };
}

export function forestLayer(m: SampleModel): LayerOut {
  const features = m.forest.map((f) => {
    const v = m.villages[f.village];
    return feature(polygonGeometry(gkPolys(m.frame, f.polys)), { LDBM: f.ldbm, ZLDWDM: v.code, ZLDWMC: v.name, LZLX: f.type, SYLX: f.irrigated ? f.source : '', SFGG: f.irrigated ? '是' : '否', MJ: round2(f.areaMu), BZ: SAMPLE_LABEL });
  });
  return { features, fields: [C('LDBM', 18), C('ZLDWDM', 12), C('ZLDWMC', 40), C('LZLX', 10), C('SYLX', 8), C('SFGG', 2), N('MJ', 12, 2), C('BZ', 10)] };
}

const MONTHS = Array.from({ length: 12 }, (_, k) => String(k + 1).padStart(2, '0'));

export function wellLayer(m: SampleModel): LayerOut {
  const features = m.wells.map((w) => {
    const v = m.villages[w.village];
    const props: Record<string, string | number | null> = { JBM: w.jbm, ZLDWDM: v.code, ZLDWMC: v.name, QSXKL: w.permitM3, SFJL: w.metered ? '是' : '否', ZSXS: w.coefficient };
    MONTHS.forEach((mm, k) => (props[`JLL${mm}`] = w.metered ? w.monthlyM3[k] : null));
    MONTHS.forEach((mm, k) => (props[`YDL${mm}`] = w.monthlyKwh[k]));
    props.BZ = SAMPLE_LABEL;
    return feature({ type: 'Point', coordinates: toGk(m.frame, w.at) }, props);
  });
  const fields = [C('JBM', 16), C('ZLDWDM', 12), C('ZLDWMC', 40), N('QSXKL', 12), C('SFJL', 2), N('ZSXS', 6, 2), ...MONTHS.map((mm) => N(`JLL${mm}`, 10)), ...MONTHS.map((mm) => N(`YDL${mm}`, 10)), C('BZ', 10)];
  return { features, fields };
}

export function canalLayer(m: SampleModel): LayerOut {
  const features = m.canals.map((c) => feature({ type: 'LineString', coordinates: c.line.map((p) => toGk(m.frame, p)) }, { QDMC: c.name, QDDJ: c.grade, BZ: SAMPLE_LABEL }));
  return { features, fields: [C('QDMC', 40), C('QDDJ', 4), C('BZ', 10)] };
}

export function reservoirLayer(m: SampleModel): LayerOut {
  const features = m.reservoirs.map((r) => feature(polygonGeometry(gkPolys(m.frame, [[r.outline]])), { SKMC: r.name, ZKR: r.capacityWanM3, BZ: SAMPLE_LABEL }));
  return { features, fields: [C('SKMC', 20), N('ZKR', 10, 1), C('BZ', 10)] };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
