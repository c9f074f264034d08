import { describe, expect, it } from 'vitest';
import { canonicalJson, filterAudit, auditRows, nextAuditEntry, sha256Hex, verifyChain, type AuditDraft, type AuditEntry } from '../../src/core/edits/index.ts';

function draft(i: number): AuditDraft {
  return {
    time: `2025-06-${String(10 + (i % 5)).padStart(2, '0')}T08:00:00.000Z`,
    user: i % 2 ? '李四' : '张三',
    action: 'edit',
    year: 2025,
    layerId: 'plots',
    plotIds: [`D${i}`],
    changes: { [`D${i}`]: { ZT: { before: '种植', after: '休耕', overriddenBefore: false, overriddenAfter: true } } },
    reason: i === 3 ? '轮作' : '',
    detail: '',
  };
}

function chainOf(n: number): AuditEntry[] {
  const chain: AuditEntry[] = [];
  for (let i = 0; i < n; i++) chain.push(nextAuditEntry(chain, draft(i)));
  return chain;
}

describe('audit hash chain', () => {
  it('uses standard SHA-256 and key-order independent JSON', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(canonicalJson({ b: 1, a: [{ d: null, c: '水' }] })).toBe('{"a":[{"c":"水","d":null}],"b":1}');
  });

  it('verifies an intact chain', () => {
    const chain = chainOf(8);
    const check = verifyChain(chain);
    expect(check).toEqual({ ok: true, length: 8, headHash: chain[7].hash });
    expect(verifyChain([])).toMatchObject({ ok: true, length: 0 });
  });

  it('names the altered entry, whichever one is altered', () => {
    for (let k = 0; k < 8; k++) {
      const chain = chainOf(8).map((e) => structuredClone(e));
      chain[k] = { ...chain[k], user: '王五' };
      expect(verifyChain(chain)).toMatchObject({ ok: false, index: k, problem: 'hash' });
    }
    const changedValue = chainOf(5);
    changedValue[2] = { ...changedValue[2], changes: { D2: { ZT: { before: '种植', after: '种植', overriddenBefore: false, overriddenAfter: false } } } };
    expect(verifyChain(changedValue)).toMatchObject({ ok: false, index: 2, problem: 'hash' });
  });

  it('finds a removed or re-hashed entry by the broken link after it', () => {
    const chain = chainOf(6);
    const removed = [...chain.slice(0, 2), ...chain.slice(3)].map((e, i) => ({ ...e, seq: i }));
    expect(verifyChain(removed)).toMatchObject({ ok: false, index: 2 });
    const forged = chainOf(6);
    const unsigned = { ...forged[4], reason: '伪造' };
    forged[4] = nextAuditEntry(forged.slice(0, 4), unsigned);
    forged[4] = { ...forged[4], prevHash: forged[3].hash };
    expect(verifyChain(forged)).toMatchObject({ ok: false, index: 5, problem: 'link' });
  });

  it('filters by user, plot and date and flattens to rows', () => {
    const chain = chainOf(10);
    expect(filterAudit(chain, { user: '李' }).map((e) => e.seq)).toEqual([1, 3, 5, 7, 9]);
    expect(filterAudit(chain, { plotId: 'D4' }).map((e) => e.seq)).toEqual([4]);
    expect(filterAudit(chain, { from: '2025-06-11', to: '2025-06-12' }).map((e) => e.seq)).toEqual([1, 2, 6, 7]);
    const rows = auditRows(chain.slice(3, 4));
    expect(rows).toEqual([expect.objectContaining({ seq: 3, user: '李四', plotId: 'D3', field: 'ZT', before: '种植', after: '休耕', reason: '轮作' })]);
  });
});
