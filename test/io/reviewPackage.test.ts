/**
 * The township package and its return file (src/io/review/reviewPackage.ts): a package is read
 * only when its content is what its digest names; the return's digest is the package's review plus
 * the additions, as the server recomputes it; a return's every field is checked, in Chinese first.
 */
import { describe, expect, it } from 'vitest';
import { reviewDigestOf, type ReviewDigestContent } from '../../src/core/review/reviewDigest.ts';
import { base64ToBytes, buildReviewReturn, bytesToBase64, parseReviewPackage, parseReviewReturn, returnedContent } from '../../src/io/review/reviewPackage.ts';

const content: ReviewDigestContent = Object.freeze({
  year: 2027, township: '130102002',
  overrides: [['plots', 'P5', { ZT: '休耕' }]],
  comments: [{ id: 4, target_kind: 'village', target_id: '130102002003', text: '看过', author: 'xiangzhen-b' }],
  proposals: [{ id: 7, plot_id: 'P6', field: 'ZT', value: '退减', status: 'rejected', decided_by: 'nongye' }],
}) as ReviewDigestContent;
const pkg = {
  format: 'shuidi-review-package', version: 1, packageId: '41fa2991-ef56-4ca6-a9ad-9fa867b66881', year: 2027, township: '130102002',
  villages: ['130102002003'], projectName: '示例县', madeBy: 'shuili', madeAt: '2027-03-01T00:00:00.000Z', baseDigest: reviewDigestOf(content), content,
  comments: [], proposals: [], signoff: null, projectFile: bytesToBase64(new Uint8Array([80, 75, 3, 4, 255])),
};

describe('township review package', () => {
  it('opens a package whose content matches its digest, refuses one that was changed', () => {
    const read = parseReviewPackage(JSON.stringify(pkg), 'p.json');
    expect(read.township).toBe('130102002');
    expect([...base64ToBytes(read.projectFile)]).toEqual([80, 75, 3, 4, 255]);
    const changed = { ...pkg, content: { ...content, overrides: [['plots', 'P5', { ZT: '种植' }]] } };
    expect(() => parseReviewPackage(JSON.stringify(changed), 'p.json')).toThrow(/^p\.json：审核包内容与其摘要不符/);
    expect(() => parseReviewPackage('{"format":"x"}', 'p.json')).toThrow(/不是水地乡镇审核包文件/);
    expect(() => parseReviewPackage('not json', 'p.json')).toThrow(/JSON/);
  });

  it('the return names the digest of the package plus the additions; with none, the package\'s own', () => {
    const none = buildReviewReturn(pkg, { official: '李乡长', comments: [], proposals: [], signedAt: null, savedAt: '' });
    expect(none.reviewedHash).toBe(pkg.baseDigest);
    const file = buildReviewReturn(pkg, {
      official: '李乡长', comments: [{ targetKind: 'plot', targetId: 'P5', text: '=1+1' }], proposals: [{ layerId: 'plots', plotId: 'P6', field: 'GGFS', value: '滴灌', reason: '已改滴灌' }],
      signedAt: '2027-03-02T08:00:00+08:00', savedAt: '2027-03-02T00:00:00.000Z',
    });
    const added = returnedContent(content, '李乡长', file.comments, file.proposals);
    expect(added.comments.at(-1)).toEqual({ id: 'package-1', target_kind: 'plot', target_id: 'P5', text: '=1+1', author: '李乡长' });
    expect(added.proposals.at(-1)).toMatchObject({ id: 'package-1', status: 'pending', decided_by: null });
    expect(file.reviewedHash).toBe(reviewDigestOf(added));
    expect(content.comments).toHaveLength(1); // the package's content is not changed
    const parsed = parseReviewReturn(JSON.parse(JSON.stringify(file)));
    expect(parsed.signoff).toEqual({ signer: '李乡长', signedAt: '2027-03-02T00:00:00.000Z' });
    expect(parsed.comments[0].text).toBe('=1+1');
  });

  it('checks every field of a return, in Chinese with English', () => {
    const file = buildReviewReturn(pkg, { official: '李乡长', comments: [], proposals: [], signedAt: null, savedAt: '' });
    const refused = (change: Record<string, unknown>) => {
      try {
        parseReviewReturn({ ...file, ...change }, 'r.json');
      } catch (error) {
        return [(error as Error).message, (error as { messageEn: string }).messageEn];
      }
      return null;
    };
    expect(refused({ format: 'other' })?.[0]).toMatch(/不是水地乡镇审核回执文件/);
    expect(refused({ official: ' ' })?.[0]).toMatch(/填写人/);
    expect(refused({ comments: [{ targetKind: 'finding', targetId: 'x', text: 'y' }] })?.[1]).toMatch(/village or a plot/);
    expect(refused({ proposals: [{ layerId: 'plots', plotId: 'P6', field: 'SBMJ', value: '1', reason: 'x' }] })?.[0]).toMatch(/ZT/);
    expect(refused({ comments: [{ targetKind: 'village', targetId: '130102002003', text: 'x'.repeat(2001) }] })?.[0]).toMatch(/2000/);
    expect(refused({ reviewedHash: 'abc' })?.[0]).toMatch(/摘要/);
    expect(refused({ signoff: { signer: '李乡长', signedAt: 'yesterday' } })?.[0]).toMatch(/签字时间/);
    expect(refused({})).toBeNull();
  });
});
