/**
 * The sample county as records in the grid frame: layout, blocks, plots, forest, survey, wells,
 * canals, reservoirs, villages and the seeded anomalies. Pure and deterministic for a seed.
 */
import type { FeatureCollection } from 'geojson';
import * as anomalies from './anomalies.ts';
import { idleWell, withCoefficientSlips } from './readings.ts';
import { type BlockProfile, blockProfile, plotAttributes } from './attributes.ts';
import { clipToCounty } from './clip.ts';
import { countyOutline } from './county.ts';
import { farmBlock } from './farmBlock.ts';
import { type Frame, ellipsoidalAreaOfGk, makeFrame, toGk } from './frame.ts';
import { LINE_HALF_WIDTH_M, type Region } from './grid.ts';
import { type Layout, planLayout } from './layout.ts';
import { COUNTY_CODE, MAIN_CANAL_NAMES, TOWNSHIP_NAMES, villageNames } from './names.ts';
import { forestBlock, orchardBlock, plainBlock, reservoirBlock, townBlock, villageBlock } from './otherBlocks.ts';
import { type Rng, makeRng } from './prng.ts';
import type { Anomaly, CanalRecord, ForestRecord, PlotRecord, WellRecord } from './records.ts';
import { riverReach } from './riverReach.ts';
import { surveyGeometry } from './survey.ts';
import { cropQuota } from './tables.ts';
import { villagePolygons } from './villagePolygons.ts';
import { type CellContent, type Poly, type Ring, type SurveyPiece, rect } from './types.ts';
import { buildCanals, makeWell } from './waterworks.ts';

export const DEFAULT_SEED = 20240615;
const M2_PER_MU = 10000 / 15;

export interface Village {
  code: string;
  name: string;
  township: number;
  groups: number;
}

export interface SurveyRecord extends SurveyPiece {
  bsm: string;
  /** jittered geometry (grid frame) */
  jittered: Poly[];
}

export interface SampleModel {
  seed: number;
  frame: Frame;
  county: Poly[];
  layout: Layout;
  villages: Village[];
  townships: { code: string; name: string }[];
  villagePolys: Map<number, Poly[]>;
  plots: PlotRecord[];
  forest: ForestRecord[];
  survey: SurveyRecord[];
  wells: WellRecord[];
  canals: CanalRecord[];
  reservoirs: { outline: Ring; name: string; capacityWanM3: number }[];
  anomalies: Anomaly[];
}

export function areaMuOf(frame: Frame, polys: Poly[]): number {
  return ellipsoidalAreaOfGk(polys.map((poly) => poly.map((ring) => ring.map((p) => toGk(frame, p))))) / M2_PER_MU;
}

export function buildSample(realOutline: FeatureCollection, seed = DEFAULT_SEED): SampleModel {
  const rng = makeRng(seed);
  const frame = makeFrame(87.27, 44.18, 8);
  const county = countyOutline(realOutline, frame, rng.fork('county'));
  const layout = planLayout(county, rng.fork('layout'));
  const { villages, townships } = nameUnits(layout, rng.fork('names'));
  const profiles = new Map<number, BlockProfile>();
  const reservoirs: SampleModel['reservoirs'] = [];
  const contents = regionContents(layout, county, villages, profiles, reservoirs, rng.fork('blocks'));
  const model: SampleModel = { seed, frame, county, layout, villages, townships, villagePolys: new Map(), plots: [], forest: [], survey: [], wells: [], canals: [], reservoirs, anomalies: [] };
  const ids = idMakers(villages);
  const attrRng = rng.fork('attributes');
  for (const { region, content } of contents) {
    for (const piece of content.plots) {
      const profile = profiles.get(region.id) as BlockProfile;
      const attrs = plotAttributes(profile, piece.crop, piece.courtyard, villages[piece.village].name, attrRng);
      model.plots.push(ids.plot({ polys: piece.polys, village: piece.village, recordedVillage: piece.village, cell: region.id, attrs, strip: piece.strip ?? false, courtyard: piece.courtyard }, frame, attrRng, profile.group));
    }
    for (const piece of content.forest) {
      const source = profiles.get(region.id)?.source ?? '井灌';
      model.forest.push(ids.forest({ polys: piece.polys, village: piece.village, type: piece.type, source, irrigated: irrigated(piece.type, attrRng) }, frame));
    }
  }
  model.anomalies = seedAnomalies(model, ids, rng.fork('anomalies'), drylandCells(contents));
  const surveyPieces = [...contents.flatMap((c) => c.content.survey), ...corridorSurvey(layout, county)];
  const jitterSeed = rng.fork('jitter').int(1, 2 ** 30);
  model.survey = surveyPieces.map((piece, k) => ({ ...piece, bsm: `${COUNTY_CODE}${String(k + 1).padStart(8, '0')}`, jittered: surveyGeometry(piece.polys, jitterSeed) }));
  for (const s of model.survey) {
    if (s.tag !== 'uncovered') continue;
    model.anomalies.push({ kind: 'uncovered_cultivated', layer: 'survey', featureId: s.bsm, villageCode: villages[s.village].code, expectedAreaMu: Math.round(areaMuOf(frame, s.uncoveredPolys as Poly[]) * 1e4) / 1e4, note: '三调耕地图斑内有一块既无种植地块也无林地' });
  }
  model.wells = withCoefficientSlips(buildWells(model, profiles, rng.fork('wells')));
  const idle = idleWell(model);
  if (idle) model.wells.push(idle);
  model.canals = buildCanals({ grid: layout.grid, corridors: layout.corridors, mainLines: layout.mainLines, mainNames: [MAIN_CANAL_NAMES[0], MAIN_CANAL_NAMES[1]], riverLine: layout.riverLine });
  model.villagePolys = villagePolygons(layout, county);
  return model;
}

function nameUnits(layout: Layout, rng: Rng): { villages: Village[]; townships: SampleModel['townships'] } {
  const seat = layout.townshipOfVillage[layout.townshipSeatVillage];
  const tCount = Math.max(...layout.townshipOfVillage) + 1;
  const tOrder = [seat, ...Array.from({ length: tCount }, (_, t) => t).filter((t) => t !== seat)];
  const townships = tOrder.map((_, k) => ({ code: `${COUNTY_CODE}${k === 0 ? '100' : String(199 + k)}`, name: TOWNSHIP_NAMES[k] }));
  const townshipIndex = new Map(tOrder.map((t, k) => [t, k]));
  const names = villageNames(layout.villageSeeds.length, rng);
  const centre = (v: number) => layout.regions[layout.villageSeeds[v]].box;
  const order = layout.villageSeeds.map((_, v) => v).sort((a, b) => (townshipIndex.get(layout.townshipOfVillage[a]) as number) - (townshipIndex.get(layout.townshipOfVillage[b]) as number) || centre(b)[1] - centre(a)[1] || centre(a)[0] - centre(b)[0]);
  const villages: Village[] = new Array(order.length);
  const counters = new Map<number, number>();
  order.forEach((v, k) => {
    const t = townshipIndex.get(layout.townshipOfVillage[v]) as number;
    const n = (counters.get(t) ?? 200) + 1;
    counters.set(t, n);
    villages[v] = { code: `${townships[t].code}${n}`, name: names[k], township: t, groups: rng.int(4, 8) };
  });
  return { villages, townships };
}

function irrigated(type: ForestRecord['type'], rng: Rng): boolean {
  const p = { 退耕还林: 0.6, 道路林: 0.8, 农田防护林: 0.9, 经济林: 1, 村庄绿化: 0.7, 苗圃: 1 }[type];
  return rng.chance(p);
}

function regionContents(layout: Layout, county: Poly[], villages: Village[], profiles: Map<number, BlockProfile>, reservoirs: SampleModel['reservoirs'], rng: Rng) {
  const { grid, regions } = layout;
  const mainU = layout.mainLines.map((i) => grid.U[i]);
  const riverShape = { centreU: (grid.U[layout.riverLine] + grid.U[layout.riverLine + 2]) / 2, phases: [rng.uniform(0, 6.28), rng.uniform(0, 6.28), rng.uniform(0, 6.28), rng.uniform(0, 6.28)] };
  const farms = regions.filter((r) => r.status === 'inside' && r.type === 'farm');
  const uncovered = new Set(farms.map((r) => ({ r, k: rng.next() })).sort((a, b) => a.k - b.k).slice(0, 16).map((x) => x.r.id));
  const out: { region: Region; content: CellContent }[] = [];
  for (const r of regions) {
    if (r.status === 'outside') continue;
    const cu = (r.box[0] + r.box[2]) / 2;
    const profile = blockProfile({ canalDistanceM: Math.min(...mainU.map((u) => Math.abs(u - cu))), nearRiver: r.type === 'river', rowsFromNorth: layout.rowsFromNorth[r.id], rowsFromSouth: layout.rowsFromSouth[r.id], groups: villages[r.village].groups }, rng);
    profiles.set(r.id, profile);
    const v = r.village;
    let content: CellContent;
    switch (r.type) {
      case 'farm':
        content = farmBlock({ box: r.box, cell: r.id, village: v, highwayAbove: grid.vKind[r.j1 + 1] === 'highway', dryShare: layout.rowsFromNorth[r.id] <= 2 ? 0.45 : 0.04, uncoveredCorner: uncovered.has(r.id), wide: (profile.tenure === '国有耕地' || profile.tenure === '集体机动地') && rng.chance(0.6) }, rng);
        break;
      case 'river':
        content = riverReach(r.box, riverShape, r.id, v, rng);
        break;
      case 'village':
        content = villageBlock(r.box, r.id, v, rng);
        break;
      case 'town':
        content = townBlock(r.box, v, rng);
        break;
      case 'orchard':
        content = orchardBlock(r.box, r.id, v, rng);
        break;
      case 'forest':
      case 'nursery':
        content = forestBlock(r.box, v, r.type === 'nursery', rng);
        break;
      case 'reservoir': {
        const res = reservoirBlock(r.box, v, rng);
        reservoirs.push({ outline: res.outline, name: reservoirs.length === 0 ? '南山水库' : '东岔水库', capacityWanM3: reservoirs.length === 0 ? 1850 : 960 });
        content = res.content;
        break;
      }
      case 'facility':
        content = plainBlock(r.box, v, '1202');
        break;
      case 'piedmont':
        content = plainBlock(r.box, v, '0401');
        break;
      default:
        content = plainBlock(r.box, v, layout.rowsFromSouth[r.id] < layout.rowsFromNorth[r.id] ? '0401' : '0404');
    }
    // the survey records well-irrigated land as 水浇地: rain-fed 旱地 under well-fed plots would be
    // irrigation expansion, which only the seeded anomalies are
    if (profile.source !== '渠灌') for (const s of content.survey) if (s.dlbm === '0103' && s.tag !== 'uncovered') s.dlbm = '0102';
    for (const s of content.survey) if (s.dlbm.startsWith('01')) s.zzsx = profile.status === '休耕' ? 'XG' : profile.crop === '小麦' || profile.crop === '玉米' ? 'LS' : 'FLS';
    out.push({ region: r, content: r.status === 'edge' ? clipContent(content, county) : content });
  }
  return out;
}

/** A block cut by the county outline keeps only its survey parcels (cultivated land there is left as grass). */
function clipContent(content: CellContent, county: Poly[]): CellContent {
  const survey = content.survey
    .map((s) => ({ ...s, polys: clipToCounty(s.polys, county), clipped: true, dlbm: /^0[12]/.test(s.dlbm) ? '0404' : s.dlbm, zzsx: undefined }))
    .filter((s) => s.polys.length > 0);
  return { survey, plots: [], forest: [] };
}

const CORRIDOR_CLASS = { road: '1006', lateral: '1107', main: '1107A', branch: '1107', highway: '1003' } as const;

function corridorSurvey(layout: Layout, county: Poly[]): SurveyPiece[] {
  const out: SurveyPiece[] = [];
  for (const c of layout.corridors) {
    if (c.status === 'outside' || c.village < 0) continue;
    const polys = [[rect(...c.box)]];
    const clipped = c.status === 'edge' ? clipToCounty(polys, county) : polys;
    const widthM = 2 * LINE_HALF_WIDTH_M[c.kind];
    if (clipped.length) out.push({ polys: clipped, dlbm: CORRIDOR_CLASS[c.kind], village: c.village, clipped: c.status === 'edge', widthM });
  }
  return out;
}

function idMakers(villages: Village[]) {
  const plotSerial = new Map<number, number>();
  const forestSerial = new Map<number, number>();
  return {
    plot(t: Omit<PlotRecord, 'dkbm' | 'areaMu' | 'sbmjMu'>, frame: Frame, rng: Rng, group = 1): PlotRecord {
      const n = (plotSerial.get(t.village) ?? 0) + 1;
      plotSerial.set(t.village, n);
      const areaMu = areaMuOf(frame, t.polys);
      // declared areas are rounded census figures within half a per cent of the map's
      const sbmjMu = Math.round(areaMu * (1 + rng.uniform(-0.005, 0.005)) * 100) / 100;
      return { ...t, dkbm: `${villages[t.village].code}${String(group).padStart(2, '0')}${String(n).padStart(5, '0')}`, areaMu, sbmjMu };
    },
    forest(t: Omit<ForestRecord, 'ldbm' | 'areaMu'>, frame: Frame): ForestRecord {
      const n = (forestSerial.get(t.village) ?? 0) + 1;
      forestSerial.set(t.village, n);
      return { ...t, ldbm: `${villages[t.village].code}L${String(n).padStart(5, '0')}`, areaMu: areaMuOf(frame, t.polys) };
    },
  };
}

/** Farm blocks whose cultivated survey parcels are all 0103 旱地. */
function drylandCells(contents: { region: Region; content: CellContent }[]): Set<number> {
  const out = new Set<number>();
  for (const { region, content } of contents) {
    const cultivated = content.survey.filter((s) => s.dlbm.startsWith('01'));
    if (region.type === 'farm' && region.status === 'inside' && cultivated.length && cultivated.every((s) => s.dlbm === '0103')) out.add(region.id);
  }
  return out;
}

function seedAnomalies(model: SampleModel, ids: ReturnType<typeof idMakers>, rng: Rng, dryland: ReadonlySet<number>): Anomaly[] {
  const { layout, villages, frame } = model;
  const ctx: anomalies.AnomalyContext = {
    plots: model.plots,
    forest: model.forest,
    regions: layout.regions,
    villageCode: (v) => villages[v].code,
    villageName: (v) => villages[v].name,
    neighbourVillages: (r) => neighbourVillages(layout, r),
    areaMu: (polys) => areaMuOf(frame, polys),
    drylandCells: dryland,
    newPlot: (t) => {
      const p = ids.plot(t, frame, rng);
      model.plots.push(p);
      return p;
    },
    newForest: (t) => {
      const f = ids.forest(t, frame);
      model.forest.push(f);
      return f;
    },
  };
  const template = model.plots.find((p) => !p.courtyard && p.attrs.ZT === '种植')?.attrs;
  if (!template) throw new Error('no planted plot to copy attributes from');
  return [
    ...anomalies.seedNonCultivated(ctx, rng, { ...template, ZT: '种植', DKLB: '集体机动地' }),
    ...anomalies.seedForestOnPlanting(ctx, rng),
    ...anomalies.seedPlotOverlap(ctx, rng),
    ...anomalies.seedVillageMismatch(ctx, rng),
    ...anomalies.seedAreaMismatch(ctx, rng),
    ...anomalies.seedDrylandIrrigation(ctx, rng),
  ];
}

function neighbourVillages(layout: Layout, r: Region): number[] {
  const { grid, regionAt, regions } = layout;
  const out = new Set<number>();
  const look = (i: number, j: number) => {
    if (i < 0 || j < 0 || i >= grid.ni || j >= grid.nj) return;
    const n = regions[regionAt[j * grid.ni + i]];
    if (n.status !== 'outside' && n.village !== r.village) out.add(n.village);
  };
  for (let i = r.i0; i <= r.i1; i++) [r.j0 - 1, r.j1 + 1].forEach((j) => look(i, j));
  for (let j = r.j0; j <= r.j1; j++) [r.i0 - 1, r.i1 + 1].forEach((i) => look(i, j));
  return [...out].sort((a, b) => a - b);
}

/** Share of well-fed blocks with a well of their own; each well also serves the blocks around it. */
const BLOCKS_WITH_A_WELL = 0.45;

function buildWells(model: SampleModel, profiles: Map<number, BlockProfile>, rng: Rng): WellRecord[] {
  const byCell = new Map<number, PlotRecord[]>();
  for (const p of model.plots) if (!p.courtyard) byCell.set(p.cell, [...(byCell.get(p.cell) ?? []), p]);
  const serial = new Map<number, number>();
  const wells: WellRecord[] = [];
  for (const r of model.layout.regions) {
    const profile = profiles.get(r.id);
    const plots = byCell.get(r.id);
    if (!profile || !plots || profile.source === '渠灌' || r.type === 'river' || !rng.chance(BLOCKS_WITH_A_WELL)) continue;
    const share = { 井灌: 1, 井渠混灌: 0.5, 渠灌: 0 } as const;
    const demandM3 = plots.filter((p) => p.attrs.ZT === '种植').reduce((s, p) => s + p.areaMu * cropQuota(p.attrs.ZZZW, p.attrs.GGFS) * share[p.attrs.SYLX], 0);
    if (demandM3 < 20000) continue;
    const n = (serial.get(r.village) ?? 0) + 1;
    serial.set(r.village, n);
    const at: [number, number] = [r.box[0] + rng.uniform(3, 25), r.box[1] + rng.uniform(3, 25)];
    wells.push(makeWell(at, r.village, `${model.villages[r.village].code}J${String(n).padStart(3, '0')}`, demandM3 / BLOCKS_WITH_A_WELL, rng));
  }
  return wells;
}
