/**
 * Every job a worker can run: name → function. Input and output types are read off the
 * functions, so the client is typed without a second table. Lists jobs only; no logic here.
 */
import { importLayerJob } from '../jobs/importLayer.ts';
import { importForMapJob, type DisplayFirst } from '../jobs/importForMap.ts';
import { previewImportJob } from '../jobs/previewImport.ts';
import { accountWithSplitCache } from './splitCache.ts';
import { reconcileJob } from '../jobs/reconcile.ts';
import { planJob, planScheduleSummaryJob } from '../jobs/plan.ts';
import { monitorJob, readReadingsJob } from '../jobs/monitor.ts';
import type { GroundwaterShares } from '../core/accounting/shares.ts';

export const jobTable = {
  importLayer: importLayerJob,
  importForMap: importForMapJob,
  previewImport: previewImportJob,
  account: accountWithSplitCache,
  reconcile: reconcileJob,
  plan: planJob,
  planSchedule: planScheduleSummaryJob,
  monitor: monitorJob,
  readReadings: readReadingsJob,
};

export type JobTable = typeof jobTable;
export type JobName = keyof JobTable;
export type JobInput<K extends JobName> = Parameters<JobTable[K]>[0];
export type JobOutput<K extends JobName> = Awaited<ReturnType<JobTable[K]>>;
/**
 * What a job may give before its result (JobContext.onPartial): the accounting's groundwater
 * shares; an import's map GeoJSON.
 */
export type JobPartial<K extends JobName> = K extends 'account' ? GroundwaterShares : K extends 'importForMap' ? DisplayFirst : never;
