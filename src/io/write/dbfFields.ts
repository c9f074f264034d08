/**
 * Field definitions inferred from the values: numbers → N with the decimals they need (at most
 * 8), booleans → L, anything else → C as wide as its longest encoded value.
 */
import type { PropertyValue } from '../../core/types.ts';
import type { TextEncoderLike } from './dbfEncoding.ts';
import type { DbfFieldDef } from './dbfWriter.ts';

const MAX_C_BYTES = 254;
const MAX_N_BYTES = 20;
const MAX_DECIMALS = 8;

type Kind = 'number' | 'boolean' | 'text' | 'empty';

export function inferDbfFields(
  records: readonly Record<string, PropertyValue | undefined>[],
  encoder: TextEncoderLike,
): DbfFieldDef[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  return names.map((name) => inferField(name, records, encoder));
}

function inferField(
  name: string,
  records: readonly Record<string, PropertyValue | undefined>[],
  encoder: TextEncoderLike,
): DbfFieldDef {
  let kind: Kind = 'empty';
  let textBytes = 1;
  let intDigits = 1;
  let decimals = 0;
  for (const record of records) {
    const value = record[name];
    if (value === null || value === undefined || value === '') continue;
    kind = mergeKind(kind, typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text');
    textBytes = Math.max(textBytes, encoder.encode(String(value)).length);
    if (typeof value === 'number' && Number.isFinite(value)) {
      intDigits = Math.max(intDigits, Math.trunc(Math.abs(value)).toString().length + (value < 0 ? 1 : 0));
      decimals = Math.max(decimals, decimalsOf(value));
    }
  }
  if (kind === 'number') {
    const length = Math.min(MAX_N_BYTES, intDigits + (decimals > 0 ? decimals + 1 : 0));
    return { name, type: 'N', length, decimals: Math.max(0, Math.min(decimals, length - intDigits - 1)) };
  }
  if (kind === 'boolean') return { name, type: 'L', length: 1 };
  return { name, type: 'C', length: Math.min(MAX_C_BYTES, textBytes) };
}

function mergeKind(a: Kind, b: Kind): Kind {
  if (a === 'empty' || a === b) return b;
  return 'text';
}

function decimalsOf(value: number): number {
  if (Number.isInteger(value)) return 0;
  const text = value.toString();
  if (text.includes('e')) return MAX_DECIMALS;
  const dot = text.indexOf('.');
  return Math.min(MAX_DECIMALS, dot < 0 ? 0 : text.length - dot - 1);
}
