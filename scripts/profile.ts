/**
 * SHUIDI_PROFILE=1: the CLI prints where its time went to stderr as one JSON line at exit —
 * per stage the wall milliseconds, CPU milliseconds (user + system, every thread of the process),
 * CPU utilisation (CPU / wall; 2 = both cores of a 2-core machine busy), the RSS at its end and
 * the process's peak RSS so far.
 * Stages are named by the command (read, import, write) and by the jobs' progress reports
 * (each overlay). Off, every call is a no-op.
 */
import type { JobProgress } from '../src/core/types.ts';

const enabled = Boolean(process.env.SHUIDI_PROFILE);

interface Totals { wallMs: number; cpuMs: number; rssMB: number; peakRssMB: number }

const totals = new Map<string, Totals>();
let current: string | null = null;
let sinceWall = 0;
let sinceCpu = 0;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function close(): void {
  if (current === null) return;
  const wall = performance.now() - sinceWall;
  const cpu = cpuMs() - sinceCpu;
  const t = totals.get(current) ?? { wallMs: 0, cpuMs: 0, rssMB: 0, peakRssMB: 0 };
  t.wallMs += wall;
  t.cpuMs += cpu;
  t.rssMB = Math.round(process.memoryUsage.rss() / 1048576);
  t.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  totals.set(current, t);
  current = null;
}

/** Ends the running stage and starts `name` (a stage seen before adds to its totals). */
export function stage(name: string): void {
  if (!enabled) return;
  close();
  if (totals.size === 0 && !totals.has('start-up')) {
    // from the process's start (performance.timeOrigin) to the first stage: loading the code
    totals.set('start-up', { wallMs: performance.now(), cpuMs: cpuMs(), rssMB: Math.round(process.memoryUsage.rss() / 1048576), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) });
  }
  current = name;
  sinceWall = performance.now();
  sinceCpu = cpuMs();
}

/** A job's onProgress that opens a stage per progress stage, named `${prefix}${stage}`. */
export function progressStages(prefix: string): ((p: JobProgress) => void) | undefined {
  if (!enabled) return undefined;
  let last = '';
  return (p) => {
    if (p.stage === last) return;
    last = p.stage;
    stage(`${prefix}${p.stage}`);
  };
}

/** The import job's progress as stages: `plots: decode+reproject`, `plots: check+fields`. */
export function importStages(kind: string): ((p: JobProgress) => void) | undefined {
  if (!enabled) return undefined;
  const names: Record<string, string> = { read: 'decode+reproject', check: 'check+fields' };
  let last = '';
  return (p) => {
    if (p.stage === last) return;
    last = p.stage;
    stage(`${kind}: ${names[p.stage] ?? p.stage}`);
  };
}

/** Prints the stages (in order of first appearance) to stderr as one JSON line. */
export function printProfile(): void {
  if (!enabled) return;
  close();
  const stages = [...totals].map(([name, t]) => ({
    stage: name, wallMs: Math.round(t.wallMs), cpuMs: Math.round(t.cpuMs),
    cpuPerWall: t.wallMs > 0 ? Math.round((t.cpuMs / t.wallMs) * 100) / 100 : 0, rssMB: t.rssMB, peakRssMB: t.peakRssMB,
  }));
  process.stderr.write(`SHUIDI_PROFILE ${JSON.stringify({ totalWallMs: Math.round(performance.now()), totalCpuMs: Math.round(cpuMs()), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), stages })}\n`);
}
