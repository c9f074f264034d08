/**
 * Runs fuzz inputs through the import in child processes, each input with a time budget and
 * every child with a heap budget: a child that does not answer in time is killed (a hang), one
 * that dies is counted as out of memory (or crashed), and a fresh child takes the next input.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FuzzInput, Files } from './mutations.ts';
import { InputError } from '../../src/core/types.ts';
import { DamagedInputError } from '../../src/io/read/inputGuard.ts';

export type FuzzOutcome = { kind: 'imported' | 'clean' | 'wrapped' | 'internal' | 'hang' | 'oom'; message: string };

export interface FuzzResult {
  input: string;
  outcome: FuzzOutcome;
}

const CHINESE = /[\u4e00-\u9fff]/;

/** The tool's own message is an InputError in Chinese that does not wrap an error nobody foresaw. */
export function classifyError(error: unknown): FuzzOutcome {
  if (error instanceof DamagedInputError) return { kind: 'wrapped', message: `${error.message} [${error.unexpected}]` };
  if (error instanceof InputError && CHINESE.test(error.message)) return { kind: 'clean', message: error.message };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'internal', message: message.slice(0, 300) };
}

/** The child's side: answers each input sent with `run`'s outcome. */
export function serveFuzzInputs(run: (files: Files) => Promise<FuzzOutcome>): void {
  process.on('message', (message: { id: number; files: Files }) => {
    const files = Object.fromEntries(Object.entries(message.files).map(([name, bytes]) => [name, new Uint8Array(bytes)]));
    void run(files).then((outcome) => process.send!({ id: message.id, outcome }));
  });
  process.send!({ ready: true });
}

export interface FuzzOptions {
  /** the child process's script (tests give one that misbehaves on purpose) */
  child?: string;
  jobs?: number;
  timeoutMs?: number;
  heapMb?: number;
  onResult?: (result: FuzzResult, done: number) => void;
}

interface Child {
  process: ChildProcess;
  ready: Promise<void>;
}

function startChild(heapMb: number, script: string): Child {
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.resume();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`fuzz child exited (${code}) before it was ready`)));
  });
  return { process: child, ready };
}

function runOne(child: Child, id: number, input: FuzzInput, timeoutMs: number): Promise<FuzzOutcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      cleanup();
      child.process.kill('SIGKILL');
      resolve({ kind: 'hang', message: `no answer in ${timeoutMs / 1000} s` });
    }, timeoutMs);
    const onMessage = (message: { id?: number; outcome?: FuzzOutcome }) => {
      if (message.id !== id || !message.outcome) return;
      cleanup();
      resolve(message.outcome);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      resolve({ kind: 'oom', message: `the process died (code ${code}, signal ${signal})` });
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.process.off('message', onMessage);
      child.process.off('exit', onExit);
    };
    child.process.on('message', onMessage);
    child.process.once('exit', onExit);
    child.process.send({ id, files: input.files });
  });
}

export async function runFuzz(inputs: readonly FuzzInput[], options: FuzzOptions = {}): Promise<FuzzResult[]> {
  const jobs = options.jobs ?? 2;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const heapMb = options.heapMb ?? 2048;
  const script = options.child ?? join(import.meta.dirname, 'fuzzChild.ts');
  const results: FuzzResult[] = new Array(inputs.length);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    let child = startChild(heapMb, script);
    await child.ready;
    while (next < inputs.length) {
      const index = next++;
      const outcome = await runOne(child, index, inputs[index], timeoutMs);
      results[index] = { input: inputs[index].name, outcome };
      options.onResult?.(results[index], ++done);
      if (outcome.kind === 'hang' || outcome.kind === 'oom') {
        child.process.kill('SIGKILL');
        child = startChild(heapMb, script);
        await child.ready;
      }
    }
    child.process.kill();
  };
  await Promise.all(Array.from({ length: Math.min(jobs, inputs.length) }, lane));
  return results;
}

/** The table of the issue: inputs | imported | clean error | internal error text | hang (and OOM, wrapped). */
export function fuzzTable(results: readonly FuzzResult[]): string {
  const count = (kind: FuzzOutcome['kind']): number => results.filter((r) => r.outcome.kind === kind).length;
  return [
    '| inputs | imported | clean error | internal error text | hang > 20 s | OOM / crash | unforeseen error, shown as a clean message |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| ${results.length} | ${count('imported')} | ${count('clean')} | ${count('internal')} | ${count('hang')} | ${count('oom')} | ${count('wrapped')} |`,
  ].join('\n');
}
