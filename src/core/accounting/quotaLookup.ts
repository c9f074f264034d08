/**
 * Quota lookup (docs/contract.md quotas.csv): a row for the specific irrigation method wins over the
 * `*` row of the same crop or forest type. A name with no row at all is an error naming it.
 */
import { InputError } from '../types.ts';
import type { QuotaCategory, QuotaRow, StatusKey } from './types.ts';

/**
 * m³/亩 still given to fallow (休耕) or retired (退减) land by a quotas.csv row with 类别 `状态`;
 * 0 when there is no such row (docs/contract.md: with no such row that land needs no water).
 */
export function statusQuotaM3PerMu(rows: readonly QuotaRow[], status: StatusKey): number {
  if (status === 'planted') return 0;
  const name = status === 'fallow' ? '休耕' : '退减';
  const row = rows.find((r) => r.category === '状态' && r.name === name && (r.method || '*') === '*');
  return row ? row.quotaM3PerMu : 0;
}

export interface QuotaLookup {
  /** m³/亩, or throws an InputError naming the crop (or forest type) and the method */
  quota(category: QuotaCategory, name: string, method: string): number;
}

const key = (category: string, name: string, method: string): string => `${category}\u0000${name}\u0000${method}`;

export function makeQuotaLookup(rows: readonly QuotaRow[], file = 'quotas'): QuotaLookup {
  const table = new Map<string, number>();
  const names = new Set<string>();
  for (const row of rows) {
    table.set(key(row.category, row.name, row.method || '*'), row.quotaM3PerMu);
    names.add(`${row.category}\u0000${row.name}`);
  }
  const cache = new Map<string, number>();
  return {
    quota(category, name, method) {
      const k = key(category, name, method);
      const hit = cache.get(k);
      if (hit !== undefined) return hit;
      const value = table.get(k) ?? table.get(key(category, name, '*'));
      if (value === undefined) {
        const what = category === '作物' ? 'crop' : 'forest type';
        const known = names.has(`${category}\u0000${name}`);
        throw new InputError(
          file,
          known
            ? `no quota for ${what} "${name}" with method "${method || '(none)'}" and no "*" row for it`
            : `no quota for ${what} "${name}" (类别 ${category}), ${category === '作物' ? 'which is planted in the plots' : 'which is irrigated in the forest layer'}`,
        );
      }
      cache.set(k, value);
      return value;
    },
  };
}
