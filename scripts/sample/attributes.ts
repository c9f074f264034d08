/**
 * Plot attributes with realistic mixes: a block has a main crop, a tenure and a water source;
 * households vary around them. Shares are invented for the sample but follow the county plan's
 * picture: mostly drip irrigation, cotton first, wells far from the main canals.
 */
import { householdName } from './names.ts';
import type { Rng } from './prng.ts';
import type { Crop, Method, Source, Status, Tenure } from './types.ts';

export interface BlockProfile {
  crop: Crop;
  tenure: Tenure;
  source: Source;
  status: Status;
  group: number;
}

const CROP_WEIGHTS: [Crop, number][] = [['棉花', 0.46], ['玉米', 0.2], ['小麦', 0.16], ['蔬菜', 0.06], ['苜蓿', 0.06], ['果树', 0.02]];

export interface ProfileInput {
  /** distance to the nearest main canal, m */
  canalDistanceM: number;
  nearRiver: boolean;
  /** rows to the desert edge in the north */
  rowsFromNorth: number;
  rowsFromSouth: number;
  groups: number;
}

export function blockProfile(input: ProfileInput, rng: Rng): BlockProfile {
  const source: Source = input.nearRiver
    ? rng.weighted([['渠灌', 0.5], ['井渠混灌', 0.3], ['井灌', 0.2]])
    : input.canalDistanceM < 2500
      ? rng.weighted([['渠灌', 0.35], ['井渠混灌', 0.45], ['井灌', 0.2]])
      : input.canalDistanceM < 5000
        ? rng.weighted([['渠灌', 0.15], ['井渠混灌', 0.4], ['井灌', 0.45]])
        : rng.weighted([['井灌', 0.75], ['井渠混灌', 0.25]]);
  const margin = input.rowsFromNorth <= 2 || input.rowsFromSouth <= 1;
  const tenure: Tenure = rng.weighted([
    ['确权承包地', 0.8],
    ['集体机动地', 0.1],
    ['国有耕地', 0.06],
    ['储备补充耕地', margin ? 0.12 : 0.03],
  ]);
  // retirement (退减) is concentrated at the desert edge where wells are deepest; fallow anywhere
  const status: Status = margin && rng.chance(tenure === '确权承包地' ? 0.25 : 0.55) ? '退减' : rng.chance(0.04) ? '休耕' : '种植';
  return { crop: rng.weighted(CROP_WEIGHTS), tenure, source, status, group: 1 + Math.floor(rng.next() * input.groups) };
}

export interface PlotAttributes {
  ZZZW: Crop;
  ZT: Status;
  DKLB: Tenure;
  TYZZ: '是' | '否';
  GGFS: Method;
  SYLX: Source;
  CBFMC: string;
}

export function plotAttributes(profile: BlockProfile, fixedCrop: Crop | undefined, courtyard: boolean, villageName: string, rng: Rng): PlotAttributes {
  const crop = fixedCrop ?? (rng.chance(0.65) ? profile.crop : rng.weighted(CROP_WEIGHTS));
  const flood = profile.source === '渠灌' ? 0.25 : 0.08;
  const method: Method = courtyard
    ? rng.weighted([['滴灌', 0.6], ['管灌', 0.3], ['漫灌', 0.1]])
    : crop === '小麦' || crop === '苜蓿'
      ? rng.weighted([['滴灌', 0.6], ['喷灌', 0.2], ['漫灌', flood + 0.05], ['管灌', 0.1]])
      : rng.weighted([['滴灌', 0.82], ['管灌', 0.07], ['漫灌', flood], ['喷灌', 0.02]]);
  const status: Status = courtyard ? '种植' : profile.status === '种植' && rng.chance(0.015) ? '休耕' : profile.status;
  const household =
    profile.tenure === '国有耕地' ? `${villageName.replace(/村$/, '')}农业专业合作社` : profile.tenure === '储备补充耕地' && rng.chance(0.4) ? `${villageName}村民委员会` : householdName(rng);
  return { ZZZW: crop, ZT: status, DKLB: courtyard ? '确权承包地' : profile.tenure, TYZZ: courtyard ? '是' : '否', GGFS: method, SYLX: profile.source, CBFMC: household };
}
