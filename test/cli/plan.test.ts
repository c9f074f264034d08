/**
 * `plan` on the sample county, checked against the account command's figures and against savings
 * recomputed here from the plots' attributes, ellipsoidal areas, quotas.csv and caps.csv — the
 * invariants of docs/contract.md, not stored numbers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountingResult } from '../../src/core/accounting/types.ts';
import type { PlanResult } from '../../src/core/plan/types.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { sampleCountyDir } from '../../scripts/bench/account.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const M2_PER_MU = 10000 / 15;

function cli(command: string, args: string[]) {
  const run = spawnSync('npx', ['tsx', 'scripts/cli.ts', command, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr.replace(/^npm warn.*\n/gm, '') };
}

function parseCsv(path: string): string[][] {
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((line) => line.split(','));
}

describe('cli plan on the sample county', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-sample-'));
  const sample = sampleCountyDir();
  const year = '2025';
  const inputs = [
    '--villages', join(sample, 'villages.zip'), '--plots', join(sample, 'plots.zip'), '--forest', join(sample, 'forest.zip'),
    '--wells', join(sample, 'wells.zip'), '--quotas', join(sample, 'quotas.csv'), '--caps', join(sample, 'caps.csv'), '--year', year,
  ];
  let plan: PlanResult;
  let account: AccountingResult;
  let run: ReturnType<typeof cli>;
  let plotProps: Map<string, Record<string, unknown>>;
  let plotAreaMu: Map<string, number>;

  beforeAll(async () => {
    run = cli('plan', [...inputs, '--json', join(dir, 'plan.json'), '--xlsx', join(dir, 'plan.xlsx'), '--notice-dir', join(dir, 'notices')]);
    const accountRun = cli('account', [...inputs, '--json', join(dir, 'account.json')]);
    expect(accountRun.code).toBe(0);
    plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    account = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
    const plots = (await importLayerJob({ files: { 'plots.zip': new Uint8Array(readFileSync(join(sample, 'plots.zip'))) }, kind: 'plots' })).layers[0];
    plotProps = new Map(plots.features.features.map((f) => [String(f.properties!.DKBM), f.properties as Record<string, unknown>]));
    plotAreaMu = new Map(plots.features.features.map((f) => [String(f.properties!.DKBM), ellipsoidalAreaM2(f.geometry) / M2_PER_MU]));
  }, 300_000);

  it('exits 0 and prints the plan beside the naive greedy choice', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/规划：[\d.]+ 亩，\d+ 块，\d+ 片/);
    expect(run.stdout).toMatch(/贪心（不顾连片）：[\d.]+ 亩，\d+ 片/);
    process.stdout.write(`sample county ${year}:\n${run.stdout}`);
  });

  it('meets every over-cap village (the account command decides which are over)', () => {
    const over = account.units.filter((u) => u.level === 'village' && (u.groundwaterExcessM3 ?? 0) > 0);
    expect(over.length).toBeGreaterThan(0);
    for (const a of over) {
      const u = plan.units.find((p) => p.level === 'village' && p.code === a.code)!;
      expect(u.excessBeforeM3!).toBeCloseTo(a.groundwaterExcessM3!, 0);
      expect(u.capMet).toBe(true);
      expect(u.excessAfterM3!).toBeLessThanOrEqual(0);
      expect(u.excessAfterM3!).toBeCloseTo(u.excessBeforeM3! - u.savedM3, 3);
    }
    for (const u of plan.units.filter((p) => p.level === 'village' && !over.some((a) => a.code === p.code))) {
      expect(plan.plots.some((p) => p.villageCode === u.code)).toBe(false);
    }
  });

  it('has fewer patches than the naive greedy choice for the same or less area', () => {
    const city = plan.units.find((u) => u.level === 'city')!;
    expect(city.chosenMu).toBeLessThanOrEqual(city.greedy.chosenMu + 1e-6);
    expect(city.patchCount).toBeLessThan(city.greedy.patchCount);
    for (const u of plan.units.filter((p) => p.level === 'village')) expect(u.chosenMu).toBeLessThanOrEqual(u.greedy.chosenMu + 1e-6);
  });

  it('saves what the plots, quotas and shares say (recomputed here)', () => {
    const quotas = parseCsv(join(sample, 'quotas.csv')).slice(1);
    const quota = (crop: string, method: string) => Number((quotas.find((q) => q[0] === '作物' && q[1] === crop && q[2] === method) ?? quotas.find((q) => q[0] === '作物' && q[1] === crop && q[2] === '*'))![3]);
    const caps = parseCsv(join(sample, 'caps.csv')).slice(1).filter((r) => r[0] === year);
    const share = (village: string) => {
      for (const code of [village, village.slice(0, 9), village.slice(0, 6)]) {
        const cell = caps.find((r) => r[1] === code)?.[7];
        if (cell) return Number(cell);
      }
      return 0.5;
    };
    for (const p of plan.plots) {
      const props = plotProps.get(p.DKBM)!;
      expect(props.ZT).toBe('种植');
      expect(['井灌', '井渠混灌']).toContain(props.SYLX);
      expect(props.TYZZ).not.toBe('是');
      const fraction = props.SYLX === '井灌' ? 1 : share(p.villageCode);
      const expected = plotAreaMu.get(p.DKBM)! * quota(String(props.ZZZW), String(props.GGFS)) * fraction;
      expect(Math.abs(p.savedM3 - expected)).toBeLessThan(Math.max(0.5, expected * 2e-3));
    }
    for (const u of plan.units.filter((x) => x.level === 'village' && x.plotCount > 0)) {
      const mine = plan.plots.filter((p) => p.villageCode === u.code);
      expect(u.savedM3).toBeCloseTo(mine.reduce((s, p) => s + p.savedM3, 0), -2);
      expect(u.chosenMu).toBeCloseTo(mine.reduce((s, p) => s + p.areaMu, 0), 3);
      expect(u.plotCount).toBe(mine.length);
      expect(u.householdCount).toBe(new Set(mine.map((p) => p.household)).size);
      expect(new Set(mine.map((p) => p.patch)).size).toBe(u.patchCount);
      const byPatch = new Map<number, number>();
      for (const p of mine) byPatch.set(p.patch, (byPatch.get(p.patch) ?? 0) + p.areaMu);
      expect(u.largestPatchMu).toBeCloseTo(Math.max(...byPatch.values()), 3);
      for (const [tenure, mu] of Object.entries(u.chosenMuByTenure)) expect(mu).toBeCloseTo(mine.filter((p) => p.tenure === tenure).reduce((s, p) => s + p.areaMu, 0), 3);
    }
  });

  it('keeps the strict tenure order and is minimal', () => {
    const tier = (t: string) => (t === '国有耕地' || t === '储备补充耕地' ? 0 : t === '确权承包地' ? 2 : 1);
    const chosen = new Set(plan.plots.map((p) => p.DKBM));
    // plots the sample records in one village but draws in another (its generator's own list) belong to the other
    const anomalies = JSON.parse(readFileSync(join(sample, 'anomalies.json'), 'utf8')).anomalies as { kind: string; featureId: string }[];
    const elsewhere = new Set(anomalies.filter((a) => a.kind === 'village_mismatch').map((a) => a.featureId));
    for (const u of plan.units.filter((x) => x.level === 'village' && x.plotCount > 0)) {
      const mine = plan.plots.filter((p) => p.villageCode === u.code);
      const chosenTiers = new Set(mine.map((p) => tier(p.tenure)));
      // candidates of the village recorded in it (ZLDWDM) that were left out
      const left = [...plotProps.values()].filter((p) => String(p.ZLDWDM).slice(0, 12) === u.code && !chosen.has(String(p.DKBM)) && !elsewhere.has(String(p.DKBM))
        && p.ZT === '种植' && (p.SYLX === '井灌' || p.SYLX === '井渠混灌') && p.TYZZ !== '是');
      const leftTiers = new Set(left.map((p) => tier(String(p.DKLB))));
      if (chosenTiers.has(2)) expect(leftTiers.has(0) || leftTiers.has(1)).toBe(false);
      if (chosenTiers.has(1)) expect(leftTiers.has(0)).toBe(false);
      for (const p of mine) {
        const t = tier(p.tenure);
        const breaksOrder = (t === 0 && (chosenTiers.has(1) || chosenTiers.has(2))) || (t === 1 && chosenTiers.has(2));
        if (!breaksOrder) expect(u.excessBeforeM3! - (u.savedM3 - p.savedM3)).toBeGreaterThan(0);
      }
    }
  });

  it('writes the 包联清单 with one row per household, and one 公示 PDF per village with plots', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'plan.xlsx'));
    const sheet = book.getWorksheet('包联清单')!;
    expect(sheet.rowCount - 2).toBe(plan.households.length);
    const villages = [...new Set(plan.plots.map((p) => p.villageCode))];
    const files = readdirSync(join(dir, 'notices'));
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(villages.length);
    const first = files.find((f) => f.startsWith(villages[0]))!;
    const pdf = await PDFDocument.load(readFileSync(join(dir, 'notices', first)));
    const name = plan.units.find((u) => u.code === villages[0])!.name;
    expect(pdf.getTitle()).toBe(`${name}${year}年退减地块公示`);
    expect(pdf.getPageCount()).toBeGreaterThan(0);
  });

  it('refuses a bad option or a missing file with a one-line Chinese reason naming it', () => {
    const bad = cli('plan', [...inputs, '--action', '拆除']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--action 应为 退减 或 休耕/);
    const missing = cli('plan', [...inputs.slice(0, 2), '--plots', join(dir, 'nope.zip'), ...inputs.slice(4)]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.zip');
    expect(existsSync(join(dir, 'nope.zip'))).toBe(false);
  });
});
