/**
 * Reconciliation benchmark: the sample county (through the import job, as the CLI reads it) and a
 * synthetic county of 50k plots × 100k survey parcels (seeded), in-process and on the overlay's
 * worker threads, with the time of every stage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import type { JobContext, Layer, LayerKind, Properties } from '../../src/core/types.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { runReconcile, type ReconcileInput } from '../../src/jobs/reconcile.ts';
import type { ReconcileReport } from '../../src/core/reconcile/types.ts';
import { createNodeOverlayPool } from '../nodeOverlayPool.ts';
import { GK_ZONE_29_CM_87, jitteredGrid } from './_overlayData.ts';
import { mulberry32 } from '../sample/prng.ts';
import { sampleCountyDir, syntheticCounty } from './account.ts';

const mb = (bytes: number): number => Math.round(bytes / 1048576);

/** Runs once, timing each stage from the job's progress reports. */
async function timed(input: ReconcileInput, withPool: boolean): Promise<{ totalMs: number; stagesMs: Record<string, number>; report: ReconcileReport }> {
  const pool = withPool ? createNodeOverlayPool() : undefined;
  const stagesMs: Record<string, number> = {};
  let stage = '';
  let since = performance.now();
  const context: JobContext = {
    onProgress: (p) => {
      if (p.stage === stage) return;
      const now = performance.now();
      if (stage) stagesMs[stage] = Math.round((stagesMs[stage] ?? 0) + now - since);
      stage = p.stage;
      since = now;
    },
  };
  try {
    const t0 = performance.now();
    const report = await runReconcile(input, context, pool);
    const end = performance.now();
    if (stage) stagesMs[stage] = Math.round((stagesMs[stage] ?? 0) + end - since);
    return { totalMs: Math.round(end - t0), stagesMs, report };
  } finally {
    pool?.close();
  }
}

async function benchSample(): Promise<Record<string, unknown>> {
  const dir = sampleCountyDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { layers: { file: string; kind: string }[] };
  const t0 = performance.now();
  const layers: Partial<Record<LayerKind, Layer>> = {};
  for (const kind of ['villages', 'plots', 'survey', 'forest'] as const) {
    const entry = manifest.layers.find((l) => l.kind === kind)!;
    layers[kind] = (await importLayerJob({ files: { [entry.file]: new Uint8Array(readFileSync(join(dir, entry.file))) }, kind })).layers[0];
  }
  const importMs = Math.round(performance.now() - t0);
  const input: ReconcileInput = { villages: layers.villages!, plots: layers.plots!, survey: layers.survey!, forest: layers.forest };
  const inProcess = await timed(input, false);
  const pooled = await timed(input, true);
  return {
    dir, plots: input.plots.features.features.length, survey: layers.survey!.features.features.length, forest: layers.forest?.features.features.length,
    importMs, inProcess: { totalMs: inProcess.totalMs, stagesMs: inProcess.stagesMs }, workerThreads: { totalMs: pooled.totalMs, stagesMs: pooled.stagesMs },
    summary: pooled.report.summary, rssMB: mb(process.memoryUsage().rss),
  };
}

/** Survey parcels on an independent jittered grid (≈ 2 per plot), 83 % irrigated land and the rest mixed (2 % homestead 0702). */
export function syntheticSurvey(plotCount: number, seed: number): Layer {
  const random = mulberry32(seed);
  const nx = Math.round(Math.sqrt(plotCount));
  const ny = Math.round(plotCount / nx);
  const cell = 200 / Math.SQRT2;
  const cells = jitteredGrid(Math.ceil((nx * 200) / cell) + 2, Math.ceil((ny * 200) / cell) + 2, cell, [-0.63 * cell, -0.47 * cell], random);
  const toLonLat = proj4(GK_ZONE_29_CM_87, 'EPSG:4326');
  const classes: [string, number][] = [['0102', 0.83], ['0103', 0.05], ['0201', 0.03], ['0404', 0.03], ['1006', 0.02], ['0301K', 0.02], ['0702', 0.02]];
  const dlbm = (): string => {
    let r = random();
    for (const [code, p] of classes) if ((r -= p) < 0) return code;
    return '0102';
  };
  const features = cells.map((ring, k) => {
    const ll = ring.map((p) => toLonLat.forward(p) as Position);
    const geometry: Polygon = { type: 'Polygon', coordinates: [[...ll, ll[0]]] };
    return { type: 'Feature' as const, geometry, properties: { BSM: `TB${k + 1}`, DLBM: dlbm(), ZLDWDM: '' } as Properties };
  });
  return {
    id: 'survey', name: 'survey', kind: 'survey', sourceFiles: [], fields: [], warnings: [], encoding: 'utf-8', encodingSource: 'none',
    crs: { code: 'EPSG:4490', name: 'CGCS2000', proj4: '', source: 'default', detail: 'synthetic' },
    features: { type: 'FeatureCollection', features },
  };
}

async function benchSynthetic(plotCount: number, withInProcess: boolean): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const county = syntheticCounty(plotCount);
  const survey = syntheticSurvey(plotCount, 20240602);
  const generateMs = Math.round(performance.now() - t0);
  const input: ReconcileInput = { villages: county.layers.villages, plots: county.layers.plots, survey, forest: county.layers.forest };
  const pooled = await timed(input, true);
  const inProcess = withInProcess ? await timed(input, false) : null;
  return {
    plots: input.plots.features.features.length, survey: survey.features.features.length, forest: county.layers.forest?.features.features.length,
    villages: input.villages.features.features.length, generateMs,
    workerThreads: { totalMs: pooled.totalMs, stagesMs: pooled.stagesMs },
    ...(inProcess ? { inProcess: { totalMs: inProcess.totalMs, stagesMs: inProcess.stagesMs } } : {}),
    summary: pooled.report.summary, warnings: pooled.report.warnings.length, rssMB: mb(process.memoryUsage().rss),
  };
}

export async function benchReconcile(options: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  out.sample = await benchSample();
  out[options.quick ? 'synthetic10k' : 'synthetic50k'] = await benchSynthetic(options.quick ? 10_000 : 50_000, !options.quick);
  return out;
}
