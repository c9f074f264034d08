/**
 * The plan's plots: for every plot, its village (the one holding most of its area), area, tenure,
 * household and the groundwater it would save, and whether it is a candidate (docs/contract.md
 * `plan` rules): planted, fed by 井灌 or 井渠混灌, not courtyard (TYZZ 是), not locked.
 *
 * A plot's saving, per piece in a village: area × quota(crop, method) × groundwater share of its
 * source in that village, less the water a 状态 quota row for the action still gives that land
 * (at the same share, as the accounting counts it).
 */
import { NOT_FILLED, sourceKindOf, statusOf, text, yes } from '../accounting/attributes.ts';
import type { QuotaLookup } from '../accounting/quotaLookup.ts';
import type { PieceSet } from '../accounting/types.ts';
import { groundwaterFraction } from '../accounting/villageSums.ts';
import type { Properties } from '../types.ts';
import { M2_PER_MU } from '../units.ts';
import { tenureTier } from './types.ts';

export interface PlanPlots {
  /** village index (into the split's villages) of each plot; -1 when it lies in no village */
  village: Int32Array;
  areaMu: Float64Array;
  /** saving of the whole plot (all its pieces) */
  savedM3: Float64Array;
  /** saving of the plot's pieces lying in its own village */
  savedOwnM3: Float64Array;
  candidate: Uint8Array;
  tier: Uint8Array;
  code: string[];
  tenure: string[];
  household: string[];
  crop: string[];
  /** pieces lying outside the plot's own village: [plot, village, savedM3] triples */
  foreign: { plot: number; village: number; savedM3: number }[];
  lockedFound: number;
}

export interface CandidateInput {
  pieces: PieceSet;
  plots: readonly Properties[];
  quotas: QuotaLookup;
  /** the mixed-source groundwater share in force in each village */
  shares: readonly number[];
  actionQuotaM3PerMu: number;
  locked: ReadonlySet<string>;
}

const isPlanted = (p: Properties): boolean => {
  const status = statusOf(p);
  // the accounting counts a plot with no or an unknown status as planted, so does the plan
  return status === 'planted' || status === null;
};

export function planPlots(input: CandidateInput): PlanPlots {
  const n = input.plots.length;
  const quota = new Float64Array(n);
  const fracKind = input.plots.map((p) => sourceKindOf(text(p, 'SYLX')));
  const planted = new Uint8Array(n);
  const code: string[] = [];
  const tenure: string[] = [];
  const household: string[] = [];
  const crop: string[] = [];
  let lockedFound = 0;
  input.plots.forEach((p, i) => {
    code.push(text(p, 'DKBM') || String(i + 1));
    tenure.push(text(p, 'DKLB') || NOT_FILLED);
    household.push(text(p, 'CBFMC') || NOT_FILLED);
    crop.push(text(p, 'ZZZW') || NOT_FILLED);
    if (isPlanted(p)) {
      planted[i] = 1;
      quota[i] = input.quotas.quota('作物', text(p, 'ZZZW'), text(p, 'GGFS'));
    }
  });
  const { pieceFeature, pieceVillage, pieceAreaM2 } = input.pieces;
  const village = new Int32Array(n).fill(-1);
  const largest = new Float64Array(n);
  const areaMu = new Float64Array(n);
  for (let k = 0; k < pieceFeature.length; k++) {
    const i = pieceFeature[k];
    if (pieceVillage[k] < 0) continue;
    areaMu[i] += pieceAreaM2[k] / M2_PER_MU;
    if (pieceAreaM2[k] > largest[i]) {
      largest[i] = pieceAreaM2[k];
      village[i] = pieceVillage[k];
    }
  }
  const savedM3 = new Float64Array(n);
  const savedOwnM3 = new Float64Array(n);
  const foreign: PlanPlots['foreign'] = [];
  for (let k = 0; k < pieceFeature.length; k++) {
    const i = pieceFeature[k];
    const v = pieceVillage[k];
    if (v < 0 || !planted[i]) continue;
    const saved = (pieceAreaM2[k] / M2_PER_MU) * (quota[i] - input.actionQuotaM3PerMu) * groundwaterFraction(fracKind[i], input.shares[v]);
    savedM3[i] += saved;
    if (v === village[i]) savedOwnM3[i] += saved;
    else foreign.push({ plot: i, village: v, savedM3: saved });
  }
  const candidate = new Uint8Array(n);
  const tier = new Uint8Array(n);
  input.plots.forEach((p, i) => {
    tier[i] = tenureTier(tenure[i]);
    const locked = input.locked.has(code[i]);
    if (locked) lockedFound += 1;
    const kind = fracKind[i];
    candidate[i] = planted[i] && village[i] >= 0 && (kind === 'well' || kind === 'mixed') && !yes(p, 'TYZZ') && !locked ? 1 : 0;
  });
  return { village, areaMu, savedM3, savedOwnM3, candidate, tier, code, tenure, household, crop, foreign, lockedFound };
}
