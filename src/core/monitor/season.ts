/**
 * The season against the cap, per village, township and city: monthly use (Σ of the wells'
 * volumes), cumulative use, the cap spread over the season by the profile, who is ahead of it and
 * by how much, and the year's total at the current pace (cumulative ÷ the profile's share to date:
 * the total the year reaches if the rest of it follows the profile).
 */
import type { CapsIndex } from '../accounting/capsIndex.ts';
import type { MonitorLevel, MonitorUnit, MonitorWellRow } from './types.ts';

export interface UnitNames {
  village(code: string): string;
  township(code: string): string;
  city(code: string): string;
}

function emptyUnit(level: MonitorLevel, code: string, name: string, parentCode: string | null): MonitorUnit {
  return {
    level, code, name, parentCode, wellCount: 0, reportingWellCount: 0, monthlyM3: new Array<number>(12).fill(0),
    monthM3: 0, cumulativeM3: 0, capM3: null, profileToDateM3: null, aheadM3: null, aheadShare: null,
    capShare: null, projectedM3: null, projectedExcessM3: null, rank: null,
  };
}

/** Figures that follow from the sums, the cap and the profile's share to date. */
export function finishUnit(unit: MonitorUnit, month: number, capM3: number | null, shareToDate: number): MonitorUnit {
  const cumulativeM3 = unit.monthlyM3.slice(0, month).reduce((s, v) => s + v, 0);
  const profileToDateM3 = capM3 === null ? null : capM3 * shareToDate;
  const aheadM3 = profileToDateM3 === null ? null : cumulativeM3 - profileToDateM3;
  const projectedM3 = shareToDate > 0 ? cumulativeM3 / shareToDate : null;
  return {
    ...unit,
    monthM3: unit.monthlyM3[month - 1],
    cumulativeM3,
    capM3,
    profileToDateM3,
    aheadM3,
    aheadShare: aheadM3 !== null && profileToDateM3 !== null && profileToDateM3 > 0 ? aheadM3 / profileToDateM3 : null,
    capShare: capM3 !== null && capM3 > 0 ? cumulativeM3 / capM3 : null,
    projectedM3,
    projectedExcessM3: projectedM3 !== null && capM3 !== null ? projectedM3 - capM3 : null,
  };
}

/** Townships ranked by share of cap, highest first (1); a township without a cap has no rank. */
function rankTownships(units: MonitorUnit[]): void {
  const ranked = units.filter((u) => u.level === 'township' && u.capShare !== null).sort((a, b) => b.capShare! - a.capShare! || (a.code < b.code ? -1 : 1));
  ranked.forEach((u, i) => (u.rank = i + 1));
}

export function seasonUnits(wells: readonly MonitorWellRow[], month: number, shareToDate: number, caps: CapsIndex, names: UnitNames, cityCode: string): MonitorUnit[] {
  const units = new Map<string, MonitorUnit>();
  const unitFor = (level: MonitorLevel, code: string, parentCode: string | null) => {
    let unit = units.get(code);
    if (!unit) {
      const name = (level === 'village' ? names.village(code) : level === 'township' ? names.township(code) : names.city(code)) || caps.row(code)?.name || '';
      units.set(code, (unit = emptyUnit(level, code, name, parentCode)));
    }
    return unit;
  };
  unitFor('city', cityCode, null);
  for (const well of wells) {
    const chain = [unitFor('city', cityCode, null)];
    if (well.villageCode) {
      chain.push(unitFor('township', well.townshipCode, cityCode), unitFor('village', well.villageCode, well.townshipCode));
    }
    for (const unit of chain) {
      unit.wellCount++;
      if (well.monthM3 !== null) unit.reportingWellCount++;
      well.monthlyM3.forEach((v, m) => (unit.monthlyM3[m] += v ?? 0));
    }
  }
  const order = { city: 0, township: 1, village: 2 } as const;
  const finished = [...units.values()]
    .map((u) => finishUnit(u, month, caps.row(u.code)?.groundwaterCapM3 ?? null, shareToDate))
    .sort((a, b) => order[a.level] - order[b.level] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  rankTownships(finished);
  return finished;
}
