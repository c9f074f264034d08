import type { JobContext } from '../core/types.ts';

/** Placeholder until the job is built; the worker table and the CLI already point here. */
export async function importLayerJob(_input: unknown, _context: JobContext = {}): Promise<never> {
  throw new Error('importLayer: not built yet');
}
