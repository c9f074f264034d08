/**
 * Reviewers' marks on reconciliation findings through the API, on PGlite and on PostgreSQL: the
 * natural resources bureau marks; a mark made on a mark that is no longer the server's is a
 * conflict (409, theirs in the answer), never an overwrite; a retry is applied once; a township
 * reads only its villages' marks, also in its project file; every mark is in the chain.
 */
import { describe, expect, test } from 'vitest';
import { readProjectFile } from '../../src/io/project/projectFile.ts';
import { ROLE_ACCOUNTS, VILLAGES, serverForSuite } from './harness.ts';

const KEY_A = `non_cultivated_planting|P1|S1`;
const KEY_B = `plot_overlap|P5|P6`;

for (const kind of ['pglite', 'postgresql'] as const) {
  describe(`finding marks on ${kind}`, () => {
    const { as, url } = serverForSuite(kind);

    test('the natural resources bureau marks; a stale "before" is a conflict with theirs in the answer; a retry is applied once', async () => {
      for (const who of ['agriculture', 'water', 'readonly', 'township']) {
        expect((await as[who].request('POST', '/api/findings/marks', { key: KEY_A, kind: 'non_cultivated_planting', villageCode: VILLAGES[0], before: null, after: { status: 'confirmed' } })).status, who).toBe(403);
      }
      const first = await as.resources.request('POST', '/api/findings/marks', { key: KEY_A, kind: 'non_cultivated_planting', villageCode: VILLAGES[0], before: null, after: { status: 'confirmed' }, clientId: 'mark-first-0001' });
      expect(first.status).toBe(200);
      const again = await as.resources.request('POST', '/api/findings/marks', { key: KEY_A, kind: 'non_cultivated_planting', villageCode: VILLAGES[0], before: null, after: { status: 'confirmed' }, clientId: 'mark-first-0001' });
      expect(again.body).toMatchObject({ seq: first.body.seq, duplicate: true });
      // the administrator, not having seen it, marks from "no mark": refused, told what is there
      const stale = await as.admin.request('POST', '/api/findings/marks', { key: KEY_A, kind: 'non_cultivated_planting', villageCode: VILLAGES[0], before: null, after: { status: 'dismissed', reason: '临时设施' } });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toBe('markChanged');
      expect(stale.body.message).toContain('已被他人改动');
      expect(stale.body.current).toMatchObject({ status: 'confirmed', by: ROLE_ACCOUNTS.resources.name });
      // made on theirs: applied
      expect((await as.admin.request('POST', '/api/findings/marks', { key: KEY_A, kind: 'non_cultivated_planting', villageCode: VILLAGES[0], before: { status: 'confirmed' }, after: { status: 'dismissed', reason: '<b>临时设施</b>' } })).status).toBe(200);
      expect((await as.resources.request('POST', '/api/findings/marks', { key: KEY_B, kind: 'plot_overlap', villageCode: VILLAGES[2], before: null, after: { status: 'fixed' } })).status).toBe(200);
      expect((await as.resources.request('POST', '/api/findings/marks', { key: 'x', kind: 'nonsense', before: null, after: null })).status).toBe(400);
      const marks = (await as.water.request('GET', '/api/findings/marks')).body.marks;
      expect(Object.keys(marks).sort()).toEqual([KEY_A, KEY_B]);
      expect(marks[KEY_A]).toMatchObject({ status: 'dismissed', reason: '<b>临时设施</b>', by: 'admin' });
    });

    test('a township reads its villages\' marks only, in the API and in its project file', async () => {
      const own = (await as.township.request('GET', '/api/findings/marks')).body.marks;
      expect(Object.keys(own)).toEqual([KEY_A]);
      const file = await as.township.request('GET', '/api/project/file');
      const project = readProjectFile(file.body as Uint8Array, 'project.zip');
      expect(Object.keys((project.marks as { findings: { marks: Record<string, unknown> } }).findings.marks)).toEqual([KEY_A]);
    });

    test('the published report: the bureau\'s to publish, all of it for the bureaus, its villages\' findings for a township (also in its project file)', async () => {
      const finding = (key: string, kind: string, villageCode: string, areaMu: number) => ({ key, kind, villageCode, areaMu, layer: 'plots', featureId: key.split('|')[1], bbox: [0, 0, 1, 1], share: 1, featureAreaMu: areaMu, explanation: '<i>说明</i>', geometry: null });
      const report = {
        settings: {}, summary: { non_cultivated_planting: 1, plot_overlap: 1 }, warnings: ['w'],
        findings: [finding(KEY_A, 'non_cultivated_planting', VILLAGES[0], 2.5), finding(KEY_B, 'plot_overlap', VILLAGES[2], 1)],
        groups: [{ kind: 'non_cultivated_planting', villageCode: VILLAGES[0], count: 1, areaMu: 2.5 }, { kind: 'plot_overlap', villageCode: VILLAGES[2], count: 1, areaMu: 1 }],
      };
      expect((await as.township.request('PUT', '/api/findings/report', report)).status).toBe(403);
      expect((await as.resources.request('PUT', '/api/findings/report', { findings: [{ key: 1 }] })).status).toBe(400);
      expect((await as.resources.request('PUT', '/api/findings/report', { ...report, findings: [{ ...report.findings[0], recordedVillageCode: 5 }] })).status).toBe(400);
      expect((await as.resources.request('PUT', '/api/findings/report', { ...report, groups: [null] })).status).toBe(400);
      expect((await as.resources.request('GET', '/api/findings/report')).body.published).toBeNull();
      const published = await as.resources.request('PUT', '/api/findings/report', report);
      expect(published.body).toMatchObject({ findings: 2 });
      const all = (await as.agriculture.request('GET', '/api/findings/report')).body.published;
      expect(all.report.findings.map((f: { key: string }) => f.key)).toEqual([KEY_A, KEY_B]);
      expect(all.publishedBy).toBe(ROLE_ACCOUNTS.resources.name);
      const own = (await as.township.request('GET', '/api/findings/report')).body.published.report;
      expect(own.findings.map((f: { key: string }) => f.key)).toEqual([KEY_A]);
      expect(own.findings[0].explanation).toBe('<i>说明</i>');
      expect(own.summary).toMatchObject({ non_cultivated_planting: 1, plot_overlap: 0 });
      expect(own.groups).toHaveLength(1);
      const file = readProjectFile((await as.township.request('GET', '/api/project/file')).body as Uint8Array, 'project.zip');
      const slot = (file.marks as { findings: { report: { findings: { key: string }[] } } }).findings;
      expect(slot.report.findings.map((f) => f.key)).toEqual([KEY_A]);
      const entries = (await as.admin.request('GET', '/api/audit?limit=1000')).body.entries as { seq: number; action: string; detail: string }[];
      expect(entries.find((e) => e.seq === published.body.seq)).toMatchObject({ action: 'findings-published' });
      expect(entries.find((e) => e.seq === published.body.seq)!.detail).toContain('2 处');
      // a mark's village is the published report's, whatever the page says: township A does not see B's finding
      expect((await as.resources.request('POST', '/api/findings/marks', { key: KEY_B, kind: 'plot_overlap', villageCode: VILLAGES[0], before: { status: 'fixed' }, after: { status: 'confirmed' } })).status).toBe(200);
      expect(Object.keys((await as.township.request('GET', '/api/findings/marks')).body.marks)).toEqual([KEY_A]);
      expect((await as.resources.request('POST', '/api/findings/marks', { key: KEY_B, kind: 'plot_overlap', villageCode: VILLAGES[0], before: { status: 'confirmed' }, after: { status: 'fixed' } })).status).toBe(200);
    });

    test('clearing a mark, and every mark in the chain under its author', async () => {
      expect((await as.resources.request('POST', '/api/findings/marks', { key: KEY_B, kind: 'plot_overlap', villageCode: VILLAGES[2], before: { status: 'fixed' }, after: null })).status).toBe(200);
      expect(Object.keys((await as.admin.request('GET', '/api/findings/marks')).body.marks)).toEqual([KEY_A]);
      const entries = (await as.admin.request('GET', '/api/audit?limit=1000')).body.entries as { action: string; user: string; detail: string }[];
      const marks = entries.filter((e) => e.action === 'finding-mark');
      const r = ROLE_ACCOUNTS.resources.name;
      expect(marks.map((e) => e.user)).toEqual([r, 'admin', r, r, r, r]);
      expect(marks[marks.length - 1].detail).toContain('清除标记');
      // the project exported and imported again keeps its marks
      const exported = (await as.admin.request('GET', '/api/project/file')).body as Uint8Array;
      expect((await as.admin.request('PUT', '/api/project/file', exported)).status).toBe(200);
      expect((await as.water.request('GET', '/api/findings/marks')).body.marks[KEY_A]).toMatchObject({ status: 'dismissed', reason: '<b>临时设施</b>' });
      expect(Object.keys((await as.township.request('GET', '/api/findings/marks')).body.marks)).toEqual([KEY_A]);
      expect((await as.admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
    });
  });
}
