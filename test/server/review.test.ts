/**
 * The township review round through the API, on PGlite and on PostgreSQL: who may open, comment,
 * propose, decide and sign; a proposal accepted becomes an edit under the deciding official; a
 * sign-off names exactly what was reviewed; a township without network reviews through a package
 * file and its return; a signed township's review as a PDF; the chain verifies throughout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { readProjectFile } from '../../src/io/project/projectFile.ts';
import { base64ToBytes, buildReviewReturn, parseReviewPackage, type ReviewPackage } from '../../src/io/review/reviewPackage.ts';
import { PLOTS_A, PLOTS_B, ROLE_ACCOUNTS, TOWN_A, TOWN_B, VILLAGES, serverForSuite } from './harness.ts';

const YEAR = 2027;

for (const kind of ['pglite', 'postgresql'] as const) {
  describe(`township review round on ${kind}`, () => {
    const { as, url } = serverForSuite(kind);

    test('nothing before the water bureau opens the round; only it (or the administrator) may', async () => {
      expect((await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'village', targetId: VILLAGES[0], text: '看过' })).status).toBe(409);
      const board = (await as.water.request('GET', `/api/review/${YEAR}`)).body;
      expect(board.open).toBe(false);
      expect(board.townships.map((t: { status: string }) => t.status)).toEqual(['not-opened', 'not-opened']);
      for (const who of ['agriculture', 'resources', 'readonly', 'township']) expect((await as[who].request('POST', `/api/review/${YEAR}/open`)).status).toBe(403);
      expect((await as.water.request('POST', `/api/review/${YEAR}/open`)).body.opened).toBe(true);
      expect((await as.admin.request('POST', `/api/review/${YEAR}/open`)).body.opened).toBe(false);
    });

    test('a township sees and touches only its own township; comments are data, never markup', async () => {
      const own = (await as.township.request('GET', `/api/review/${YEAR}`)).body;
      expect(own.townships.map((t: { township: string }) => t.township)).toEqual([TOWN_A]);
      const markup = '<img src=x onerror=alert(1)>';
      const comment = await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'plot', targetId: PLOTS_A[0], text: markup });
      expect(comment.status).toBe(201);
      expect(comment.body.text).toBe(markup);
      expect(comment.body.township).toBe(TOWN_A);
      expect((await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'plot', targetId: PLOTS_B[0], text: '别人的' })).status).toBe(403);
      expect((await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'village', targetId: VILLAGES[2], text: '别人的' })).status).toBe(403);
      expect((await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_B[0], field: 'ZT', value: '休耕', reason: 'x' })).status).toBe(403);
      expect((await as.readonly.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'village', targetId: VILLAGES[0], text: 'x' })).status).toBe(403);
      // township B does not see A's comments
      const other = (await as.townshipB.request('GET', `/api/review/${YEAR}`)).body;
      expect(other.comments).toEqual([]);
      expect(other.townships.map((t: { township: string }) => t.township)).toEqual([TOWN_B]);
    });

    test('a proposal waits; the agriculture bureau accepts it as an edit in its own name; the figures follow', async () => {
      expect((await as.agriculture.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[1], field: 'ZT', value: '退减', reason: 'x' })).status).toBe(403);
      expect((await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[1], field: 'DKLB', value: '国有耕地', reason: 'x' })).status).toBe(400);
      const made = await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[1], field: 'ZT', value: '退减', reason: '该地块已无井灌条件' });
      expect(made.status).toBe(201);
      const board = (await as.water.request('GET', `/api/review/${YEAR}`)).body;
      expect(board.townships.find((t: { township: string }) => t.township === TOWN_A).status).toBe('changes-proposed');
      for (const who of ['water', 'resources', 'readonly', 'township']) expect((await as[who].request('POST', `/api/review/${YEAR}/proposals/${made.body.id}/accept`)).status).toBe(403);
      const accepted = await as.agriculture.request('POST', `/api/review/${YEAR}/proposals/${made.body.id}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body.proposal.status).toBe('accepted');
      expect((await as.agriculture.request('POST', `/api/review/${YEAR}/proposals/${made.body.id}/reject`)).status).toBe(409);
      const overrides = (await as.water.request('GET', `/api/overrides?year=${YEAR}`)).body.overrides.plots;
      expect(overrides[PLOTS_A[1]].ZT).toBe('退减');
      const audit = (await as.admin.request('GET', '/api/audit?limit=1000')).body.entries as { seq: number; user: string; action: string; reason: string; plotIds: string[] }[];
      const edit = audit.find((e) => e.seq === accepted.body.editSeq)!;
      expect(edit.user).toBe(ROLE_ACCOUNTS.agriculture.name);
      expect(edit.action).toBe('edit');
      expect(edit.reason).toContain(`乡镇提议 #${made.body.id}（${ROLE_ACCOUNTS.township.name}）`);
      expect(audit.filter((e) => e.action === 'review-proposal' && e.user === ROLE_ACCOUNTS.township.name)).toHaveLength(1);
      // a rejected proposal changes nothing
      const second = await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[2], field: 'ZZZW', value: '玉米', reason: '实种玉米' });
      expect((await as.agriculture.request('POST', `/api/review/${YEAR}/proposals/${second.body.id}/reject`)).body.proposal.status).toBe('rejected');
      expect((await as.water.request('GET', `/api/overrides?year=${YEAR}`)).body.overrides.plots[PLOTS_A[2]]).toBeUndefined();
    });

    test('sign-off names the digest of exactly what was reviewed; a stale digest or a pending proposal is refused', async () => {
      const { hash } = (await as.township.request('GET', `/api/review/${YEAR}/digest`)).body;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      // something changes after the official looked: the old digest no longer signs
      await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'village', targetId: VILLAGES[0], text: '再看一遍' });
      expect((await as.township.request('POST', `/api/review/${YEAR}/signoff`, { hash })).status).toBe(409);
      const pending = await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[3], field: 'ZT', value: '休耕', reason: '轮作' });
      const fresh = (await as.township.request('GET', `/api/review/${YEAR}/digest`)).body.hash;
      expect((await as.township.request('POST', `/api/review/${YEAR}/signoff`, { hash: fresh })).status).toBe(409);
      await as.agriculture.request('POST', `/api/review/${YEAR}/proposals/${pending.body.id}/reject`);
      const now = (await as.township.request('GET', `/api/review/${YEAR}/digest`)).body.hash;
      expect((await as.agriculture.request('POST', `/api/review/${YEAR}/signoff`, { hash: now })).status).toBe(403);
      const signed = await as.township.request('POST', `/api/review/${YEAR}/signoff`, { hash: now });
      expect(signed.status).toBe(200);
      expect(signed.body.reviewedHash).toBe(now);
      const board = (await as.agriculture.request('GET', `/api/review/${YEAR}`)).body;
      const a = board.townships.find((t: { township: string }) => t.township === TOWN_A);
      expect(a.status).toBe('signed');
      expect(a.signoff.signer).toBe(ROLE_ACCOUNTS.township.name);
      expect(board.townships.find((t: { township: string }) => t.township === TOWN_B).status).toBe('in-review');
      // signed: no more proposals
      expect((await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[0], field: 'ZT', value: '休耕', reason: 'x' })).status).toBe(409);
      expect((await as.admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
    });

    test('a signed township\'s review as a PDF: its digest in full; a township reads its own only; not before it signed', async () => {
      const signed = (await as.water.request('GET', `/api/review/${YEAR}`)).body.townships.find((t: { township: string }) => t.township === TOWN_A).signoff.reviewedHash;
      const fetchPdf = (who: string, query = '') => fetch(`${url()}/api/review/${YEAR}/pdf${query}`, { headers: { cookie: as[who].cookie! } });
      const reply = await fetchPdf('water', `?township=${TOWN_A}`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/pdf');
      const bytes = new Uint8Array(await reply.arrayBuffer());
      expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThanOrEqual(1);
      const dir = mkdtempSync(join(tmpdir(), 'shuidi-review-'));
      try {
        writeFileSync(join(dir, 'r.pdf'), bytes);
        const text = spawnSync('pdftotext', [join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
        expect(text).toContain(signed);
        expect(text).toContain('再看一遍');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect((await fetchPdf('township', `?township=${TOWN_B}`)).status).toBe(200); // its own (A), whatever the query says
      const unsigned = await as.water.request('GET', `/api/review/${YEAR}/pdf?township=${TOWN_B}`);
      expect(unsigned.status).toBe(409);
      expect(unsigned.body.message).toMatch(/尚未签字/);
    });

    test('a township without network: package out, return in (comments, proposals, sign-off under the official\'s name); the same return again adds nothing; a changed or foreign return is refused', async () => {
      const path = `/api/review/${YEAR}/package`;
      for (const who of ['agriculture', 'readonly', 'township', 'townshipB']) expect((await as[who].request('GET', `${path}?township=${TOWN_B}`)).status).toBe(403);
      const made = await as.water.request('GET', `${path}?township=${TOWN_B}`);
      expect(made.status).toBe(200);
      expect(made.headers.get('content-disposition')).toContain('.shuidi-review.json');
      const pkg: ReviewPackage = parseReviewPackage(JSON.stringify(made.body));
      expect(pkg.township).toBe(TOWN_B);
      expect(pkg.baseDigest).toBe((await as.water.request('GET', `/api/review/${YEAR}/digest?township=${TOWN_B}`)).body.hash);
      // only its villages and plots travel
      const project = readProjectFile(base64ToBytes(pkg.projectFile));
      expect(project.layers.map((l) => l.kind).sort()).toEqual(['plots', 'villages']);
      expect(project.layers.find((l) => l.kind === 'plots')!.features.features.map((f) => f.id)).toEqual(PLOTS_B);
      expect(pkg.villages).toEqual([VILLAGES[2], VILLAGES[3]]);

      const markup = '<img src=x onerror=alert(1)> 同意';
      const official = '李乡长';
      const file = buildReviewReturn(pkg, {
        official,
        comments: [{ targetKind: 'village', targetId: VILLAGES[2], text: markup }, { targetKind: 'plot', targetId: PLOTS_B[0], text: '已实地核实' }],
        proposals: [{ layerId: 'plots', plotId: PLOTS_B[1], field: 'ZT', value: '休耕', reason: '轮作' }],
        signedAt: '2027-03-01T02:00:00.000Z', savedAt: '2027-03-01T02:00:00.000Z',
      });
      const commentsBefore = (await as.water.request('GET', `/api/review/${YEAR}`)).body.comments.length;
      // changed after it was saved, or made to reach another township: refused, with a Chinese reason, nothing imported
      const tampered = await as.water.request('POST', path, { ...file, comments: [{ ...file.comments[0], text: '不同意' }, file.comments[1]] });
      expect(tampered.status).toBe(400);
      expect(tampered.body).toMatchObject({ error: 'packageTampered', message: expect.stringMatching(/改动/) });
      const otherTownship = await as.water.request('POST', path, { ...file, township: TOWN_A });
      expect(otherTownship.status).toBe(400);
      expect(otherTownship.body.message).toMatch(/[\u4e00-\u9fff]/);
      const foreign = buildReviewReturn(pkg, { official, comments: [{ targetKind: 'village', targetId: VILLAGES[0], text: '别人的村' }], proposals: [], signedAt: null, savedAt: '' });
      const reached = await as.water.request('POST', path, foreign);
      expect(reached.status).toBe(403);
      expect(reached.body.message).toMatch(/[\u4e00-\u9fff]/);
      expect((await as.water.request('POST', path, { format: 'x' })).status).toBe(400);
      expect((await as.townshipB.request('POST', path, file)).status).toBe(403);
      expect((await as.agriculture.request('POST', path, file)).status).toBe(403);
      expect((await as.water.request('GET', `/api/review/${YEAR}`)).body.comments).toHaveLength(commentsBefore);

      const imported = await as.water.request('POST', path, file);
      expect(imported.status).toBe(200);
      // as at the server: no sign-off while a proposal (here the return's own) waits for a decision
      expect(imported.body).toMatchObject({ duplicate: false, comments: 2, proposals: 1, signoff: null, signoffRefused: { error: 'reviewPending', message: expect.stringMatching(/待处理/) } });
      const board = (await as.agriculture.request('GET', `/api/review/${YEAR}`)).body;
      const b = board.townships.find((t: { township: string }) => t.township === TOWN_B);
      expect(b.status).toBe('changes-proposed');
      expect(b.signoff).toBeNull();
      const theirs = board.comments.filter((c: { township: string }) => c.township === TOWN_B);
      expect(theirs.map((c: { text: string; author: string; viaPackage: string; receivedBy: string }) => [c.text, c.author, c.viaPackage, c.receivedBy])).toEqual([
        [markup, official, pkg.packageId, ROLE_ACCOUNTS.water.name], ['已实地核实', official, pkg.packageId, ROLE_ACCOUNTS.water.name],
      ]);
      const proposal = board.proposals.find((p: { township: string }) => p.township === TOWN_B);
      expect(proposal).toMatchObject({ plotId: PLOTS_B[1], field: 'ZT', value: '休耕', author: official, status: 'pending', viaPackage: pkg.packageId });

      // the same return again: nothing twice
      const again = await as.water.request('POST', path, file);
      expect(again.status).toBe(200);
      expect(again.body.duplicate).toBe(true);
      const after = (await as.agriculture.request('GET', `/api/review/${YEAR}`)).body;
      expect(after.comments).toHaveLength(board.comments.length);
      expect(after.proposals).toHaveLength(board.proposals.length);
      // another return of the same package is refused
      const second = buildReviewReturn(pkg, { official, comments: [{ targetKind: 'village', targetId: VILLAGES[3], text: '再补一条' }], proposals: [], signedAt: null, savedAt: '' });
      expect((await as.water.request('POST', path, second)).status).toBe(409);

      const audit = (await as.admin.request('GET', '/api/audit?limit=1000')).body.entries as { action: string; user: string; detail: string }[];
      expect(audit.some((e) => e.action === 'review-signed' && e.detail.includes(pkg.packageId))).toBe(false);
      const returned = audit.filter((e) => e.action === 'review-package-returned');
      expect(returned).toHaveLength(1);
      expect(returned[0].detail).toContain('签字未记录');
      expect((await as.admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
    });

    test('a package whose township changed on the server since it was made: comments and proposals come in, the sign-off is not recorded', async () => {
      const path = `/api/review/${YEAR}/package`;
      const pkg = parseReviewPackage(JSON.stringify((await as.admin.request('GET', `${path}?township=${TOWN_B}`)).body));
      const pending = pkg.proposals.find((p) => p.status === 'pending')!;
      // meanwhile the agriculture bureau decides the pending proposal: the township's review is not the package's any more
      expect((await as.agriculture.request('POST', `/api/review/${YEAR}/proposals/${pending.id}/reject`)).status).toBe(200);
      const signedBefore = (await as.water.request('GET', `/api/review/${YEAR}`)).body.townships.find((t: { township: string }) => t.township === TOWN_B).signoff;
      const file = buildReviewReturn(pkg, { official: '李乡长', comments: [{ targetKind: 'village', targetId: VILLAGES[3], text: '复核无误' }], proposals: [], signedAt: '2027-03-05T02:00:00.000Z', savedAt: '' });
      const imported = await as.water.request('POST', path, file);
      expect(imported.status).toBe(200);
      expect(imported.body.signoff).toBeNull();
      expect(imported.body.signoffRefused).toMatchObject({ error: 'packageStale', message: expect.stringMatching(/签字未记录/) });
      const board = (await as.water.request('GET', `/api/review/${YEAR}`)).body;
      expect(board.comments.some((c: { text: string }) => c.text === '复核无误')).toBe(true);
      expect(board.townships.find((t: { township: string }) => t.township === TOWN_B).signoff).toEqual(signedBefore);
      expect((await as.admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
    });

    test('with nothing pending, a package\'s sign-off is recorded under the official\'s name; a sign-off by another name than the return\'s official is not', async () => {
      const path = `/api/review/${YEAR}/package`;
      const fresh = async () => parseReviewPackage(JSON.stringify((await as.water.request('GET', `${path}?township=${TOWN_B}`)).body));
      const pkg = await fresh();
      expect(pkg.proposals.filter((p) => p.status === 'pending')).toEqual([]);
      const forged = { ...buildReviewReturn(pkg, { official: '李乡长', comments: [], proposals: [], signedAt: '2027-03-06T02:00:00.000Z', savedAt: '' }) };
      forged.signoff = { ...forged.signoff!, signer: '王某' };
      const refused = await as.water.request('POST', path, forged);
      expect(refused.status).toBe(200);
      expect(refused.body.signoff).toBeNull();
      expect(refused.body.signoffRefused).toMatchObject({ error: 'packageMismatch' });
      const again = await fresh();
      const file = buildReviewReturn(again, { official: '李乡长', comments: [{ targetKind: 'village', targetId: VILLAGES[2], text: '复核同意' }], proposals: [], signedAt: '2027-03-07T02:00:00.000Z', savedAt: '' });
      const imported = await as.water.request('POST', path, file);
      expect(imported.body).toMatchObject({ signoffRefused: null, signoff: { signer: '李乡长', reviewedHash: file.reviewedHash } });
      const b = (await as.agriculture.request('GET', `/api/review/${YEAR}`)).body.townships.find((t: { township: string }) => t.township === TOWN_B);
      expect(b.status).toBe('signed');
      expect(b.signoff).toMatchObject({ signer: '李乡长', signedAt: '2027-03-07T02:00:00.000Z', reviewedHash: file.reviewedHash });
      const audit = (await as.admin.request('GET', '/api/audit?limit=1000')).body.entries as { action: string; user: string; detail: string }[];
      const signedEntry = audit.find((e) => e.action === 'review-signed' && e.detail.includes(again.packageId))!;
      expect(signedEntry.user).toBe(ROLE_ACCOUNTS.water.name);
      expect(signedEntry.detail).toContain('李乡长');
      expect(signedEntry.detail).toContain(file.reviewedHash);
      expect((await as.admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
    });
  });
}
