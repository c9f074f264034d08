import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Feature, Geometry } from 'geojson';
import proj4 from 'proj4';
import * as shapefile from 'shapefile';
import { beforeAll, describe, expect, it } from 'vitest';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { DEFAULT_RECONCILE_SETTINGS } from '../../src/core/reconcile/settings.ts';
import { esriWktCgcs2000Gk3Zone } from '../../src/io/write/prj.ts';
import { expectedVersion, generateSampleFiles } from '../../scripts/generate-sample.ts';
import { jitterPoint } from '../../scripts/sample/survey.ts';

type Files = Record<string, Uint8Array>;
type Layer = { features: Feature<Geometry, Record<string, unknown>>[]; files: Files };

let files: Files;
const layers: Record<string, Layer> = {};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const ab = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

async function readLayer(zip: Uint8Array): Promise<Layer> {
  const inner = unzipSync(zip);
  const shp = Object.keys(inner).find((n) => n.endsWith('.shp')) as string;
  const base = shp.slice(0, -4);
  const collection = await shapefile.read(ab(inner[shp]), ab(inner[`${base}.dbf`]), { encoding: 'gbk' });
  return { features: collection.features as Layer['features'], files: inner };
}

beforeAll(async () => {
  files = generateSampleFiles().files;
  for (const name of ['villages', 'survey', 'plots', 'forest', 'wells', 'canals', 'reservoirs']) layers[name] = await readLayer(files[`${name}.zip`]);
}, 120_000);

const gkToLonLat = proj4(esriWktCgcs2000Gk3Zone(29), '+proj=longlat +ellps=GRS80 +no_defs');
function areaMu(g: Geometry): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  const lonLat = polys.map((p) => p.map((r) => r.map((pt) => gkToLonLat.forward(pt))));
  return ellipsoidalAreaM2({ type: 'MultiPolygon', coordinates: lonLat }) / (10000 / 15);
}

describe('sample county generator', () => {
  it('is deterministic: the same seed gives the same bytes', () => {
    const again = generateSampleFiles().files;
    expect(Object.keys(again).sort()).toEqual(Object.keys(files).sort());
    for (const name of Object.keys(files)) expect(sha(again[name]), name).toBe(sha(files[name]));
  }, 120_000);

  it('writes the layers, tables and a manifest that counts them', () => {
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.version).toBe(expectedVersion());
    expect(manifest.county).toEqual({ code: '659901', name: '示例县（示例数据）' });
    for (const layer of manifest.layers) expect(layers[layer.kind].features.length, layer.kind).toBe(layer.featureCount);
    expect(manifest.tables.map((t: { file: string }) => t.file)).toEqual(['quotas.csv', 'caps.csv', 'readings.csv', 'anomalies.json']);
    const totalBytes = Object.values(files).reduce((s, b) => s + b.length, 0);
    expect(totalBytes).toBeLessThan(20e6);
  });

  it('has the counts the issue asks for', () => {
    const villages = layers.villages.features;
    expect(villages.length).toBeGreaterThanOrEqual(40);
    expect(villages.length).toBeLessThanOrEqual(60);
    const townships = new Set(villages.map((f) => f.properties.XZDM));
    expect(townships.size).toBeGreaterThanOrEqual(4);
    expect(townships.size).toBeLessThanOrEqual(6);
    expect(layers.plots.features.length).toBeGreaterThanOrEqual(20_000);
    expect(layers.forest.features.length).toBeGreaterThanOrEqual(1_500);
    expect(layers.forest.features.length).toBeLessThanOrEqual(2_500);
    expect(layers.wells.features.length).toBeGreaterThanOrEqual(600);
    expect(new Set(layers.canals.features.map((f) => f.properties.QDDJ))).toEqual(new Set(['干渠', '支渠', '斗渠']));
    expect(layers.reservoirs.features).toHaveLength(2);
  });

  it('writes GBK shapefiles in CGCS2000 3° GK zone 29 with the zone in the easting, some with .cpg', () => {
    const withCpg = Object.values(layers).filter((l) => Object.keys(l.files).some((n) => n.endsWith('.cpg')));
    expect(withCpg.length).toBeGreaterThan(0);
    expect(withCpg.length).toBeLessThan(Object.keys(layers).length);
    for (const [name, layer] of Object.entries(layers)) {
      const prj = Object.entries(layer.files).find(([n]) => n.endsWith('.prj'))?.[1] as Uint8Array;
      expect(new TextDecoder().decode(prj), name).toBe(esriWktCgcs2000Gk3Zone(29));
      const dbf = Object.entries(layer.files).find(([n]) => n.endsWith('.dbf'))?.[1] as Uint8Array;
      expect(dbf[29], name).toBe(0x4d);
      const xs = JSON.stringify(layer.features[0].geometry).match(/\[(\d+\.?\d*),/);
      expect(Number(xs?.[1]), name).toBeGreaterThan(29_400_000);
      expect(Number(xs?.[1]), name).toBeLessThan(29_600_000);
    }
  });

  it('fills every plot field with allowed values', () => {
    const allowed: Record<string, string[]> = {
      ZZZW: ['棉花', '玉米', '小麦', '蔬菜', '果树', '苜蓿'],
      ZT: ['种植', '退减', '休耕'],
      DKLB: ['确权承包地', '集体机动地', '国有耕地', '储备补充耕地'],
      TYZZ: ['是', '否'],
      GGFS: ['滴灌', '喷灌', '管灌', '漫灌'],
      SYLX: ['井灌', '渠灌', '井渠混灌'],
    };
    const seen: Record<string, Set<string>> = Object.fromEntries(Object.keys(allowed).map((k) => [k, new Set<string>()]));
    const dkbm = new Set<string>();
    const problems: string[] = [];
    for (const f of layers.plots.features) {
      const p = f.properties;
      for (const [field, values] of Object.entries(allowed)) {
        if (!values.includes(p[field] as string)) problems.push(`${p.DKBM} ${field}=${p[field]}`);
        seen[field].add(p[field] as string);
      }
      if (!/^659901\d{13}$/.test(String(p.DKBM))) problems.push(`DKBM ${p.DKBM}`);
      if (!/^659901\d{6}$/.test(String(p.ZLDWDM))) problems.push(`${p.DKBM} ZLDWDM ${p.ZLDWDM}`);
      if (!(typeof p.CBFMC === 'string' && p.CBFMC.length >= 2)) problems.push(`${p.DKBM} CBFMC`);
      if (!((p.SBMJ as number) > 0)) problems.push(`${p.DKBM} SBMJ`);
      if (p.BZ !== '示例数据') problems.push(`${p.DKBM} BZ`);
      dkbm.add(p.DKBM as string);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(dkbm.size).toBe(layers.plots.features.length);
    for (const [field, values] of Object.entries(allowed)) expect([...seen[field]].sort(), field).toEqual([...values].sort());
    const drip = layers.plots.features.filter((f) => f.properties.GGFS === '滴灌').length / layers.plots.features.length;
    expect(drip).toBeGreaterThan(0.6);
    const types = new Set(layers.forest.features.map((f) => f.properties.LZLX));
    expect(types).toEqual(new Set(['退耕还林', '道路林', '农田防护林', '经济林', '村庄绿化', '苗圃']));
    expect(layers.plots.features.some((f) => f.geometry.type === 'MultiPolygon')).toBe(true);
    expect(layers.plots.features.some((f) => f.geometry.type === 'Polygon' && f.geometry.coordinates.length > 1)).toBe(true);
  });

  it('uses well-formed, consistent unit codes', () => {
    const villageCodes = new Set<string>();
    for (const f of layers.villages.features) {
      const { ZLDWDM, XZDM, ZLDWMC, XZMC } = f.properties as Record<string, string>;
      expect(ZLDWDM).toMatch(/^659901\d{6}$/);
      expect(XZDM).toBe(ZLDWDM.slice(0, 9));
      expect(ZLDWMC).toMatch(/村$/);
      expect(XZMC).toMatch(/[镇乡]$/);
      villageCodes.add(ZLDWDM);
    }
    const bsm = new Set<string>();
    const problems: string[] = [];
    for (const f of layers.survey.features) {
      const p = f.properties as Record<string, string | number>;
      if (!/^659901\d{6}0000000$/.test(String(p.ZLDWDM)) || !villageCodes.has(String(p.ZLDWDM).slice(0, 12))) problems.push(`${p.BSM} ZLDWDM ${p.ZLDWDM}`);
      if (!/^\d{4}A?$/.test(String(p.DLBM))) problems.push(`${p.BSM} DLBM ${p.DLBM}`);
      if (Math.abs(Number(p.TBDLMJ) - (Number(p.TBMJ) - Number(p.KCMJ))) > 0.011) problems.push(`${p.BSM} TBDLMJ`);
      bsm.add(String(p.BSM));
    }
    for (const f of [...layers.plots.features, ...layers.forest.features, ...layers.wells.features]) {
      if (!villageCodes.has(f.properties.ZLDWDM as string)) problems.push(`unknown village ${f.properties.ZLDWDM}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(bsm.size).toBe(layers.survey.features.length);
    const classes = new Set(layers.survey.features.map((f) => f.properties.DLBM));
    for (const c of ['0101', '0102', '0103', '0201', '0301', '0305', '0307', '0401', '0404', '1006', '1107', '0702', '1202', '1103']) expect(classes.has(c), c).toBe(true);
  });

  it('gives wells a coefficient of 1–3 m³/kWh (but the seeded slips), monthly kWh, and meter readings only when metered', () => {
    const monitor = JSON.parse(new TextDecoder().decode(files['anomalies.json'])).monitor;
    const slips = new Set([...monitor.coefficientRange, ...monitor.coefficientOutlier]);
    expect(slips.size).toBe(2);
    for (const f of layers.wells.features) {
      const p = f.properties as Record<string, number | string | null>;
      if (slips.has(p.JBM)) {
        expect(p.SFJL).toBe('是');
        expect(Number(p.ZSXS) > 3).toBe(true);
        continue;
      }
      expect(Number(p.ZSXS)).toBeGreaterThanOrEqual(1);
      expect(Number(p.ZSXS)).toBeLessThanOrEqual(3);
      const kwh = Array.from({ length: 12 }, (_, k) => p[`YDL${String(k + 1).padStart(2, '0')}`]);
      const m3 = Array.from({ length: 12 }, (_, k) => p[`JLL${String(k + 1).padStart(2, '0')}`]);
      expect(kwh.every((x) => typeof x === 'number')).toBe(true);
      expect(m3.every((x) => (p.SFJL === '是' ? typeof x === 'number' : x === null))).toBe(true);
    }
  });

  it('declares plot areas within 1 % of the ellipsoidal area, except the seeded mismatches', () => {
    const answer = JSON.parse(new TextDecoder().decode(files['anomalies.json']));
    const seeded = new Set(answer.anomalies.filter((a: { kind: string }) => a.kind === 'area_mismatch').map((a: { featureId: string }) => a.featureId));
    let worst = 0;
    for (const f of layers.plots.features) {
      if (seeded.has(f.properties.DKBM)) continue;
      const mu = areaMu(f.geometry);
      worst = Math.max(worst, Math.abs((f.properties.SBMJ as number) - mu) / mu);
    }
    expect(worst).toBeLessThan(0.01);
  });

  it('lists seeded anomalies of every kind that exist and exceed the tolerances', () => {
    const answer = JSON.parse(new TextDecoder().decode(files['anomalies.json']));
    expect(answer.settings).toEqual(DEFAULT_RECONCILE_SETTINGS);
    const ids: Record<string, Map<string, Feature<Geometry, Record<string, unknown>>>> = {
      plots: new Map(layers.plots.features.map((f) => [f.properties.DKBM as string, f])),
      forest: new Map(layers.forest.features.map((f) => [f.properties.LDBM as string, f])),
      survey: new Map(layers.survey.features.map((f) => [f.properties.BSM as string, f])),
    };
    const kinds = ['non_cultivated_planting', 'forest_on_planting', 'plot_overlap', 'uncovered_cultivated', 'village_mismatch', 'area_mismatch', 'dryland_irrigation'];
    for (const kind of kinds) {
      const list = answer.anomalies.filter((a: { kind: string }) => a.kind === kind);
      expect(list.length, kind).toBeGreaterThanOrEqual(10);
      expect(list.length, kind).toBeLessThanOrEqual(30);
    }
    for (const a of answer.anomalies) {
      expect(kinds).toContain(a.kind);
      const feature = ids[a.layer].get(a.featureId);
      expect(feature, `${a.kind} ${a.featureId}`).toBeDefined();
      if (a.otherId) expect(ids.plots.has(a.otherId), a.otherId).toBe(true);
      expect(a.expectedAreaMu).toBeGreaterThanOrEqual(3);
      expect(a.villageCode).toMatch(/^659901\d{6}$/);
      if (a.kind === 'plot_overlap') expect(a.featureId < a.otherId).toBe(true);
      if (a.kind === 'area_mismatch') {
        const mu = areaMu((feature as Feature<Geometry>).geometry);
        const declared = (feature as Feature<Geometry, Record<string, number>>).properties.SBMJ;
        expect(Math.abs(declared - mu)).toBeCloseTo(a.expectedAreaMu, 3);
        expect(Math.abs(declared - mu) / mu).toBeGreaterThan(0.1);
      }
      if (a.kind === 'village_mismatch') expect((feature as Feature<Geometry, Record<string, string>>).properties.ZLDWDM).toBe(a.recordedVillageCode);
      if (a.kind === 'dryland_irrigation') expect(['井灌', '井渠混灌']).toContain((feature as Feature<Geometry, Record<string, string>>).properties.SYLX);
      if (a.kind === 'non_cultivated_planting' || a.kind === 'village_mismatch' || a.kind === 'dryland_irrigation') expect(a.expectedAreaMu).toBeCloseTo(areaMu((feature as Feature<Geometry>).geometry), 3);
    }
  });

  it('keeps the committed data/quotas.csv and data/caps.csv in step with the generator', () => {
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    expect(readFileSync('data/quotas.csv', 'utf8')).toBe(decode(files['quotas.csv']));
    expect(readFileSync('data/caps.csv', 'utf8')).toBe(decode(files['caps.csv']));
  });

  it('caps groundwater falling every year to 2025 for the county', () => {
    const rows = new TextDecoder().decode(files['caps.csv']).trim().split('\n').slice(1).map((l) => l.split(','));
    const county = rows.filter((r) => r[1] === '659901').map((r) => Number(r[4]));
    expect(county).toHaveLength(5);
    for (let k = 1; k < 5; k++) expect(county[k]).toBeLessThan(county[k - 1]);
    const cuts = county.slice(1).map((c, k) => county[k] - c);
    expect(cuts[3]).toBeGreaterThan(cuts[0]);
  });
});

describe('survey jitter', () => {
  it('moves every vertex by 0.1–0.2 m, the same way for the same position', () => {
    for (let k = 0; k < 5000; k++) {
      const p: [number, number] = [k * 37.123 - 9000, k * 11.7 - 4000];
      const [u, v] = jitterPoint(p, 12345);
      const d = Math.hypot(u - p[0], v - p[1]);
      expect(d).toBeGreaterThanOrEqual(0.1);
      expect(d).toBeLessThanOrEqual(0.2);
      expect(jitterPoint(p, 12345)).toEqual([u, v]);
    }
  });
});

describe('generate-sample --if-missing', () => {
  it('does nothing when the manifest already has this version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shuidi-sample-'));
    try {
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: expectedVersion(), seed: 20240615 }));
      const out = execFileSync('npx', ['tsx', 'scripts/generate-sample.ts', '--out', dir, '--if-missing'], { encoding: 'utf8' });
      expect(out).toMatch(/up to date/);
      expect(existsSync(join(dir, 'plots.zip'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
