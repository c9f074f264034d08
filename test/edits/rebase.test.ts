import { describe, expect, it } from 'vitest';
import { applyEdit, editConflicts, getOverride, withoutConflicts, rebaseEdit, tableFromPlain, type CurrentOf, type Edit } from '../../src/core/edits/index.ts';

// P1's ZT was 种植 (the layer's) when the offline edit set it to 退减; meanwhile someone set it to 休耕.
const offline: Edit = {
  year: 2025, layerId: 'plots', plotIds: ['P1', 'P2'],
  changes: {
    P1: { ZT: { before: '种植', after: '退减', overriddenBefore: false, overriddenAfter: true } },
    P2: { ZT: { before: '种植', after: '退减', overriddenBefore: false, overriddenAfter: true } },
  },
};
const server: Record<string, Record<string, string>> = { P1: { ZT: '休耕' } };
const layer: Record<string, Record<string, string>> = { P1: { ZT: '种植' }, P2: { ZT: '种植' } };
const current: CurrentOf = (plotId, field) => field in (server[plotId] ?? {})
  ? { value: server[plotId][field], overridden: true }
  : { value: layer[plotId][field], overridden: false };

describe('offline edits against the server now', () => {
  it('names the field someone else changed, with the three values', () => {
    expect(editConflicts(offline, current)).toEqual([{ plotId: 'P1', field: 'ZT', base: '种植', theirs: '休耕', mine: '退减' }]);
  });

  it('"keep mine" makes the edit again on their value, and it applies where the original would not', () => {
    const rebased = rebaseEdit(offline, current)!;
    expect(rebased.changes.P1.ZT).toEqual({ before: '休耕', after: '退减', overriddenBefore: true, overriddenAfter: true });
    expect(rebased.changes.P2.ZT).toEqual(offline.changes.P2.ZT);
    const now = { '2025': { plots: tableFromPlain(server) } };
    expect(() => applyEdit(now, offline)).toThrow();
    const after = applyEdit(now, rebased);
    expect(getOverride(after['2025'].plots, 'P1')?.ZT).toBe('退减');
    expect(getOverride(after['2025'].plots, 'P2')?.ZT).toBe('退减');
  });

  it('leaves out a field whose value is already mine, and an edit with nothing left is null', () => {
    const mineAlready: CurrentOf = () => ({ value: '退减', overridden: true });
    expect(rebaseEdit(offline, mineAlready)).toBeNull();
    expect(editConflicts(offline, mineAlready)).toHaveLength(2);
  });

  it('"keep theirs" leaves the clashing field out and sends the rest as it was made', () => {
    const kept = withoutConflicts(offline, editConflicts(offline, current))!;
    expect(kept.plotIds).toEqual(['P2']);
    expect(kept.changes.P2.ZT).toEqual(offline.changes.P2.ZT);
    expect(withoutConflicts(offline, editConflicts(offline, () => ({ value: '休耕', overridden: true })))).toBeNull();
  });
});
