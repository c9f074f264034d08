/**
 * Survey cultivated land (01xx) covered by no plot of any status and no forest: left out of the
 * census (遗漏). Per survey parcel: uncovered = parcel area − area covered by the union of plots
 * and forest. The tolerance's share is of the parcel. The geometry is the difference, computed only
 * for parcels that are reported.
 */
import type { Geometry } from 'geojson';
import { m2ToMu } from '../../units.ts';
import type { OverlayOutcome } from '../engine.ts';
import type { SurveyRecord } from '../records.ts';
import type { ReconcileSettings } from '../settings.ts';
import { formatMu, formatPercent, passesTolerance, shareOf } from '../tolerance.ts';
import type { RuleFinding } from './context.ts';

export interface UncoveredInput {
  settings: ReconcileSettings;
  /** the 01xx parcels, in the order of the overlay's first collection */
  parcels: readonly SurveyRecord[];
  parcelGeometry: (i: number) => Geometry | null;
  /** the covering features (plots then forest), in the order of the overlay's second collection */
  covererGeometry: (j: number) => Geometry | null;
  /** parcels (a) × coverers (b); pairs may be empty when only coveredM2A is known */
  outcome: OverlayOutcome;
  difference: (a: Geometry, others: readonly Geometry[]) => Promise<Geometry | null>;
  areaM2: (geometry: Geometry | null) => number;
  signal?: AbortSignal;
}

export async function uncoveredCultivated(input: UncoveredInput): Promise<RuleFinding[]> {
  const { outcome, parcels, settings } = input;
  const coverersOf = new Map<number, number[]>();
  for (const pair of outcome.pairs) {
    if (!(pair.areaM2 > 0)) continue;
    const list = coverersOf.get(pair.a) ?? [];
    list.push(pair.b);
    coverersOf.set(pair.a, list);
  }
  const findings: RuleFinding[] = [];
  for (let i = 0; i < parcels.length; i++) {
    if (input.signal?.aborted) break;
    const parcelM2 = outcome.areaM2A[i];
    const coverers = coverersOf.get(i) ?? [];
    // a parcel with a pair the overlay failed on has no reliable coveredM2A: measure the difference
    const measured = outcome.repairedA?.has(i) ? await differenceOf(input, i, coverers) : undefined;
    const uncoveredM2 = measured ? measured.areaM2 : Math.max(0, parcelM2 - outcome.coveredM2A[i]);
    if (!passesTolerance(uncoveredM2, parcelM2, settings)) continue;
    const geometry = measured ? measured.geometry : (await differenceOf(input, i, coverers)).geometry;
    findings.push(finding(input.parcels[i], parcelM2, uncoveredM2, geometry));
  }
  return findings;
}

async function differenceOf(
  input: UncoveredInput,
  i: number,
  coverers: readonly number[],
): Promise<{ geometry: Geometry | null; areaM2: number }> {
  const own = input.parcelGeometry(i);
  if (!own) return { geometry: null, areaM2: 0 };
  const others = coverers.map(input.covererGeometry).filter((g): g is Geometry => g !== null);
  try {
    const geometry = others.length ? await input.difference(own, others) : own;
    return { geometry, areaM2: input.areaM2(geometry) };
  } catch {
    // the finding stays, located by the whole parcel, with the overlay's area
    return { geometry: own, areaM2: Math.max(0, input.outcome.areaM2A[i] - input.outcome.coveredM2A[i]) };
  }
}

function finding(parcel: SurveyRecord, parcelM2: number, uncoveredM2: number, geometry: Geometry | null): RuleFinding {
  const areaMu = m2ToMu(uncoveredM2);
  const share = shareOf(uncoveredM2, parcelM2);
  return {
    kind: 'uncovered_cultivated',
    layer: 'survey',
    featureId: parcel.id,
    villageCode: parcel.villageCode,
    areaMu,
    share,
    featureAreaMu: m2ToMu(parcelM2),
    geometry,
    explanation:
      `三调耕地图斑${parcel.id}（${parcel.dlbm}）有${formatMu(areaMu)}亩（占图斑${formatPercent(share)}）` +
      `未被任何种植地块或林地覆盖，可能漏登。`,
  };
}
