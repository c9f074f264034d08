/**
 * Audit verification gaps (issue 15, item 8): deleting the last entry, re-hashing the chain after
 * changing an entry, and changing a stored status without touching the log all verified as intact.
 * The anchor (count and head hash) and the replay of the log against the stored edits catch them.
 */
import { describe, expect, it } from 'vitest';
import {
  anchorText,
  applyEdit,
  baseProperties,
  chainAnchor,
  checkAnchor,
  entryHash,
  makeEdit,
  nextAuditEntry,
  overridesFromPlain,
  overridesToPlain,
  parseAnchor,
  verifyChain,
  verifyStoredEdits,
  type AuditEntry,
  type OverridesByYear,
} from '../../src/core/edits/index.ts';
import type { Layer } from '../../src/core/types.ts';
import { deepFreeze, squarePlots } from './helpers.ts';

const layer = deepFreeze(squarePlots(10));

/** Three edits through the one edit path, with their log. */
function history(): { overrides: OverridesByYear; audit: AuditEntry[] } {
  let overrides: OverridesByYear = {};
  const audit: AuditEntry[] = [];
  const steps: [string[], string][] = [[['D1', 'D2'], '休耕'], [['D3'], '退减'], [['D1'], '种植']];
  steps.forEach(([plotIds, ZT], i) => {
    const table = overrides['2025']?.[layer.id];
    const edit = makeEdit({ year: 2025, layerId: layer.id, plotIds, values: { ZT }, baseOf: (id) => baseProperties(layer, id), table })!;
    overrides = applyEdit(overrides, edit);
    audit.push(nextAuditEntry(audit, { time: `2025-06-0${i + 1}T08:00:00.000Z`, user: '张三', action: 'edit', year: 2025, layerId: layer.id, plotIds: edit.plotIds, changes: edit.changes, reason: '', detail: '' }));
  });
  return { overrides, audit };
}

/** The chain re-hashed from `from` on, as someone covering a change would do. */
function rehash(chain: AuditEntry[], from: number): AuditEntry[] {
  const out = chain.slice(0, from);
  for (const entry of chain.slice(from)) {
    const { hash: _hash, ...rest } = entry;
    const unsigned = { ...rest, seq: out.length, prevHash: out.length ? out[out.length - 1].hash : '0'.repeat(64) };
    out.push({ ...unsigned, hash: entryHash(unsigned) });
  }
  return out;
}

describe('the anchor pins the chain', () => {
  it('is shown as "count:hash" and read back', () => {
    const { audit } = history();
    const anchor = chainAnchor(audit);
    expect(anchor).toEqual({ count: 3, headHash: audit[2].hash });
    expect(parseAnchor(anchorText(anchor))).toEqual(anchor);
    expect(parseAnchor('3：' + audit[2].hash.toUpperCase())).toEqual(anchor);
    expect(parseAnchor('garbage')).toBeNull();
  });

  it('the log as anchored, or with entries added since, matches', () => {
    const { audit } = history();
    const anchor = chainAnchor(audit.slice(0, 2));
    expect(checkAnchor(audit.slice(0, 2), anchor)).toEqual({ ok: true, added: 0 });
    expect(checkAnchor(audit, anchor)).toEqual({ ok: true, added: 1 });
  });

  it('deleting the last entry verifies as a chain but not against the anchor', () => {
    const { audit } = history();
    const anchor = chainAnchor(audit);
    const shortened = audit.slice(0, -1);
    expect(verifyChain(shortened)).toMatchObject({ ok: true });
    expect(checkAnchor(shortened, anchor)).toMatchObject({ ok: false, problem: 'shorter' });
  });

  it('re-hashing after changing an entry verifies as a chain but not against the anchor', () => {
    const { audit } = history();
    const anchor = chainAnchor(audit);
    const changed = audit.map((e, i) => (i === 1 ? { ...e, user: '李四' } : e));
    const covered = rehash(changed, 1);
    expect(verifyChain(covered)).toMatchObject({ ok: true });
    expect(checkAnchor(covered, anchor)).toMatchObject({ ok: false, problem: 'rewritten' });
  });
});

describe('replaying the log against the stored edits', () => {
  it('the stored edits as the log made them verify', () => {
    const { overrides, audit } = history();
    expect(verifyStoredEdits(audit, overrides, [layer])).toEqual({ ok: true, entries: 3 });
  });

  it('a status changed in storage without touching the log is named', () => {
    const { overrides, audit } = history();
    const plain = overridesToPlain(overrides);
    plain['2025'][layer.id].D3.ZT = '种植';
    const check = verifyStoredEdits(audit, overridesFromPlain(plain), [layer]);
    expect(check).toMatchObject({ ok: false, differences: [{ plotId: 'D3', field: 'ZT', stored: '种植', replayed: '退减', where: 'overrides' }] });
  });

  it('a stored override with no entry at all is named', () => {
    const { overrides, audit } = history();
    const plain = overridesToPlain(overrides);
    plain['2025'][layer.id].D7 = { ZT: '休耕' };
    expect(verifyStoredEdits(audit, overridesFromPlain(plain), [layer])).toMatchObject({ ok: false, differences: [{ plotId: 'D7', replayed: undefined }] });
  });

  it('a layer whose own status was changed under the log is named', () => {
    const { overrides, audit } = history();
    const changed: Layer = { ...layer, features: { ...layer.features, features: layer.features.features.map((f) => (f.properties?.DKBM === 'D2' ? { ...f, properties: { ...f.properties, ZT: '退减' } } : f)) } };
    expect(verifyStoredEdits(audit, overrides, [changed])).toMatchObject({ ok: false, differences: [{ plotId: 'D2', where: 'layer', stored: '退减', replayed: '种植' }] });
  });

  it('an entry removed from the middle and the chain re-hashed: the replay no longer follows', () => {
    const { overrides, audit } = history();
    const covered = rehash([audit[0], audit[2]], 1);
    expect(verifyChain(covered)).toMatchObject({ ok: true });
    expect(verifyStoredEdits(covered, overrides, [layer])).toMatchObject({ ok: false });
  });
});
