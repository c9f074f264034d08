/**
 * The groundwater shares of an accounting's units (groundwater use ÷ cap, on the demand and the
 * metered basis): what colours the village map and its legend. On a first run the page has them
 * before the whole result: they are final once the plots, forest and wells are split among the
 * villages, since the overlaps found after change only the overlap figures (overlapSums.ts).
 */
import type { AccountingResult, Unit } from './types.ts';

export type UnitShare = Pick<Unit, 'level' | 'code' | 'gwShare' | 'actualGwShare'>;

export interface GroundwaterShares {
  year: number;
  units: UnitShare[];
}

export function groundwaterShares(result: AccountingResult): GroundwaterShares {
  return { year: result.year, units: result.units.map(({ level, code, gwShare, actualGwShare }) => ({ level, code, gwShare, actualGwShare })) };
}

export function sameShares(a: GroundwaterShares, b: GroundwaterShares): boolean {
  return a.year === b.year && a.units.length === b.units.length && a.units.every((u, i) => {
    const v = b.units[i];
    return u.level === v.level && u.code === v.code && u.gwShare === v.gwShare && u.actualGwShare === v.actualGwShare;
  });
}
