/**
 * Reading the canonical attributes (docs/contract.md) of plots, forest and wells: text trimmed, numbers
 * from numbers or numeric text, the few spellings of a status that appear in real tables.
 */
import type { Properties, PropertyValue } from '../types.ts';
import type { StatusKey } from './types.ts';

/** Shown where a breakdown attribute is empty. */
export const NOT_FILLED = '未填';

export function text(properties: Properties | null | undefined, field: string): string {
  const value = properties?.[field];
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

/** A number from a number or numeric text ("1,234.5" allowed); null when empty or not numeric. */
export function numberOf(value: PropertyValue | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return null;
  const cleaned = value.replace(/[,\s，]/g, '');
  if (cleaned === '') return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

const STATUS_BY_TEXT: Record<string, StatusKey> = {
  种植: 'planted',
  实际种植: 'planted',
  退减: 'retired',
  退减灌溉: 'retired',
  退地减水: 'retired',
  休耕: 'fallow',
  休耕轮作: 'fallow',
  轮作休耕: 'fallow',
};

/** The plot's status (ZT); null when empty or unknown (the caller decides and warns). */
export function statusOf(properties: Properties | null | undefined): StatusKey | null {
  return STATUS_BY_TEXT[text(properties, 'ZT')] ?? null;
}

export const STATUS_LABEL: Record<StatusKey, string> = { planted: '种植', retired: '退减', fallow: '休耕' };

/** 是/否 style flags: 是, Y, 1, true. */
export function yes(properties: Properties | null | undefined, field: string): boolean {
  const value = properties?.[field];
  if (value === true || value === 1) return true;
  const t = text(properties, field).toLowerCase();
  return t === '是' || t === 'y' || t === 'yes' || t === '1' || t === 'true' || t === 't';
}

export type SourceKind = 'well' | 'canal' | 'mixed' | 'unknown';

export function sourceKindOf(source: string): SourceKind {
  if (source === '井灌') return 'well';
  if (source === '渠灌') return 'canal';
  if (source === '井渠混灌' || source === '混灌') return 'mixed';
  return 'unknown';
}
