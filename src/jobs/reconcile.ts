import type { JobContext } from '../core/types.ts';

/** Placeholder until the job is built; the worker table and the CLI already point here. */
export async function reconcileJob(_input: unknown, _context: JobContext = {}): Promise<never> {
  throw new Error('reconcile: not built yet');
}
