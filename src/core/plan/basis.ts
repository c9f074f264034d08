/**
 * The two bases of "over its cap" (docs/contract.md `plan`): demand (groundwaterExcessM3, the
 * census's use − cap) or metered (actualGroundwaterExcessM3, the wells' volumes − cap).
 */
import type { Unit } from '../accounting/types.ts';
import type { PlanAction, PlanBasis } from './types.ts';

export type ExcessFields = Pick<Unit, 'groundwaterExcessM3' | 'actualGroundwaterExcessM3'>;

export function excessOn(unit: ExcessFields | undefined, basis: PlanBasis): number | null {
  if (!unit) return null;
  const value = basis === 'metered' ? unit.actualGroundwaterExcessM3 : unit.groundwaterExcessM3;
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}

/** A quotas.csv row as any version of the reader gives it (类别 状态 rows included). */
export interface AnyQuotaRow {
  category: string;
  name: string;
  method: string;
  quotaM3PerMu: number;
}

/**
 * Water a 状态 row (类别 状态, 名称 休耕 or 退减, 灌溉方式 *) still gives land of the action, m³/亩;
 * 0 with no such row (docs/contract.md quotas.csv).
 */
export function actionQuotaM3PerMu(quotas: readonly AnyQuotaRow[], action: PlanAction): number {
  const row = quotas.find((q) => q.category === '状态' && q.name === action && (q.method === '*' || q.method === ''))
    ?? quotas.find((q) => q.category === '状态' && q.name === action);
  return row ? row.quotaM3PerMu : 0;
}
