/**
 * `allocate` on the sample county, checked against the `account` command's figures of the basis
 * year: every township's and village's cap is its share of the level above in proportion to its
 * use (within 1 m³), every level adds up exactly, caps.csv keeps every other row and column; the
 * city's cap of a year without its own row follows the 前轻后重 schedule (hand computed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountingResult } from '../../src/core/accounting/types.ts';
import type { Allocation } from '../../src/core/accounting/allocation.ts';
import { capsFromCsvText } from '../../src/io/tables/readTable.ts';
import { sampleCountyDir } from '../../scripts/bench/account.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function cli(command: string, args: string[]) {
  const run = spawnSync('npx', ['tsx', 'scripts/cli.ts', command, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr.replace(/^npm warn.*\n/gm, '') };
}

describe('cli allocate on the sample county', () => {
  const dir = mkdtempSync(join(tmpdir(), 'allocate-sample-'));
  const sample = sampleCountyDir();
  const layers = ['--villages', join(sample, 'villages.zip'), '--plots', join(sample, 'plots.zip'), '--forest', join(sample, 'forest.zip'), '--wells', join(sample, 'wells.zip'), '--quotas', join(sample, 'quotas.csv')];
  const capsPath = join(sample, 'caps.csv');
  let allocation: Allocation & { cityCaps: { groundwaterCapM3: { valueM3: number; source: string } } };
  let account: AccountingResult;
  let run: ReturnType<typeof cli>;

  beforeAll(() => {
    run = cli('allocate', [...layers, '--caps', capsPath, '--year', '2025', '--json', join(dir, 'allocation.json'), '--csv', join(dir, 'caps.csv')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(cli('account', [...layers, '--caps', capsPath, '--year', '2024', '--json', join(dir, 'account.json')]).code).toBe(0);
    allocation = JSON.parse(readFileSync(join(dir, 'allocation.json'), 'utf8'));
    account = JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8'));
  }, 180_000);

  it('says what it did, in Chinese', () => {
    expect(run.stdout).toContain('2025 年控制指标分配（依据 2024 年用水）');
    expect(run.stdout).toContain('各级合计一致');
  });

  it('shares each level out in proportion to the 2024 use of the units below, adding up exactly', () => {
    const caps = capsFromCsvText(readFileSync(capsPath, 'utf8'), 'caps.csv');
    const city = account.units.find((u) => u.level === 'city')!;
    const cityCap = caps.find((c) => c.year === 2025 && c.code === city.code)!.groundwaterCapM3!;
    expect(allocation.cityCaps.groundwaterCapM3).toMatchObject({ valueM3: cityCap, source: 'caps' });
    const rowOf = (code: string) => allocation.rows.find((r) => r.code === code)!;
    const parents = account.units.filter((u) => u.level !== 'village');
    let checked = 0;
    for (const parent of parents) {
      const children = account.units.filter((u) => u.parentCode === parent.code && u.level !== parent.level);
      const whole = rowOf(parent.code).groundwaterCapM3!;
      const use = children.reduce((s, u) => s + u.groundwaterUseM3, 0);
      expect(children.reduce((s, u) => s + rowOf(u.code).groundwaterCapM3!, 0)).toBe(whole);
      for (const u of children) {
        expect(Math.abs(rowOf(u.code).groundwaterCapM3! - (whole * u.groundwaterUseM3) / use)).toBeLessThan(1 + 1e-6);
        checked++;
      }
    }
    expect(checked).toBe(account.units.length - 1);
  });

  it('writes caps.csv with the 2025 caps replaced and every other row and column kept', () => {
    const before = capsFromCsvText(readFileSync(capsPath, 'utf8'), 'caps.csv');
    const after = capsFromCsvText(readFileSync(join(dir, 'caps.csv'), 'utf8'), 'caps.csv');
    expect(after.filter((c) => c.year !== 2025)).toEqual(before.filter((c) => c.year !== 2025));
    for (const row of before.filter((c) => c.year === 2025)) {
      const now = after.find((c) => c.year === 2025 && c.code === row.code)!;
      const given = allocation.rows.find((r) => r.code === row.code);
      expect({ ...now, totalCapM3: null, groundwaterCapM3: null }).toEqual({ ...row, totalCapM3: null, groundwaterCapM3: null });
      if (given) expect(now.groundwaterCapM3).toBe(given.groundwaterCapM3);
    }
  });

  it('a year without the city\'s row follows 前轻后重 to the target; without any later target it says what to add', () => {
    const text = readFileSync(capsPath, 'utf8').split(/\r?\n/).filter((line) => !/^2024,\d{6},/.test(line)).join('\n');
    const trimmed = join(dir, 'caps-without-2024.csv');
    writeFileSync(trimmed, text);
    const scheduled = cli('allocate', [...layers, '--caps', trimmed, '--year', '2024', '--json', join(dir, 'scheduled.json')]);
    expect(scheduled.code).toBe(0);
    // 2023: 243,911,000; 2025 target: 209,817,000; n = 2: the 2024 cut is a third of 34,094,000
    const got = JSON.parse(readFileSync(join(dir, 'scheduled.json'), 'utf8'));
    expect(got.cityCaps.groundwaterCapM3).toMatchObject({ valueM3: 232_546_333, source: 'schedule', fromYear: 2023, targetYear: 2025 });
    expect(scheduled.stdout).toContain('按前轻后重由 2023 年推至 2025 年目标');
    const none = cli('allocate', [...layers, '--caps', capsPath, '--year', '2027']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(capsPath);
    expect(none.stderr).toContain('--city-groundwater-cap');
  });
});
