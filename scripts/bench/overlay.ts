/**
 * Overlay and area benchmark (issue 4). `npm run bench -- --only overlay [--postgis] [--quick]`
 * or standalone `npx tsx scripts/bench/overlay.ts [--postgis] [--quick]`.
 *
 * Generates (seeded) plots × a survey of twice as many parcels, with offset or nearly coincident
 * (±5 cm) boundaries, at 10k × 20k and 50k × 100k; runs overlay() on a pool of worker threads;
 * prints seconds, pairs, failures, peak RSS and area closure. With --postgis it starts its own
 * PostgreSQL cluster, runs the same overlay there, and prints the ratio of the times.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import geodesic from 'geographiclib-geodesic';
import type { Polygon, Position } from 'geojson';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { overlay, type OverlayResult } from '../../src/core/geometry/overlay.ts';
import { CGCS2000 } from '../../src/core/units.ts';
import { createNodeOverlayPool } from '../nodeOverlayPool.ts';
import { generateOverlayData, type OverlayData, type SurveyCase } from './_overlayData.ts';
import { startPostgis, type PostgisCluster } from './postgis.ts';

export interface OverlayBenchOptions {
  postgis?: boolean;
  quick?: boolean;
  /** plot counts; the survey has about twice as many parcels */
  sizes?: number[];
  cases?: SurveyCase[];
  workers?: number;
}

export async function benchOverlay(options: OverlayBenchOptions = {}): Promise<Record<string, unknown>> {
  const sizes = options.sizes ?? (options.quick ? [10_000] : [10_000, 50_000]);
  const cases = options.cases ?? ['off', 'near'];
  const workers = options.workers ?? Math.min(2, availableParallelism());
  const pool = createNodeOverlayPool(workers);
  const postgis = options.postgis ? startPostgis() : null;
  const figures: Record<string, unknown> = { workers, area: benchArea(options.quick ? 10_000 : 50_000) };
  try {
    // Start the threads and let their JIT warm up on a small overlay before timing, as a page or
    // the CLI keeps its pool warm across overlays (PostGIS, too, is a warm server).
    const warmUp = generateOverlayData(400, 'near', 1);
    await overlay(warmUp.plots, warmUp.survey, { runner: pool });
    for (const size of sizes) {
      for (const surveyCase of cases) {
        const generationStart = performance.now();
        const data = generateOverlayData(size, surveyCase);
        const generationSeconds = seconds(generationStart);
        const ours = await measureOurs(data, pool);
        const row: Record<string, unknown> = {
          plots: data.plots.length,
          survey: data.survey.length,
          generationSeconds,
          ...ours,
        };
        if (size <= 10_000) row.inProcessSeconds = (await measureOurs(data, undefined)).seconds;
        if (postgis) {
          const reference = measurePostgis(postgis, data);
          row.postgis = reference;
          row.ratioToPostgisPlanar = round(ours.seconds / reference.planarSeconds, 3);
          row.ratioToPostgisGeography = round(ours.seconds / reference.geographySeconds, 3);
          // CPU time does not depend on what else the (shared) machine runs; ours is spread over the pool's threads.
          row.cpuRatioToPostgisPlanar = round(ours.cpuSeconds / reference.planarCpuSeconds, 3);
          row.cpuRatioToPostgisGeography = round(ours.cpuSeconds / reference.geographyCpuSeconds, 3);
        }
        figures[`${surveyCase}-${size}`] = row;
        process.stderr.write(`  ${surveyCase}-${size}: ${JSON.stringify(row)}\n`);
      }
    }
  } finally {
    pool.close();
    postgis?.stop();
  }
  return figures;
}

async function measureOurs(data: OverlayData, runner: ReturnType<typeof createNodeOverlayPool> | undefined) {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let result: OverlayResult;
  try {
    result = await overlay(data.plots, data.survey, { runner });
  } finally {
    clearInterval(sampler);
  }
  const elapsed = seconds(start);
  const cpu = process.cpuUsage(cpuStart);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const pairAreaM2 = sum(result.pairs.map((p) => p.areaM2));
  const plotAreaM2 = sum(result.areaM2A);
  return {
    seconds: elapsed,
    /** all threads of this process: the work done, whatever else the machine is running */
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 3),
    pairs: result.pairs.length,
    slivers: result.pairs.filter((p) => p.areaM2 < 1).length,
    failures: result.failures.length,
    peakRssMB: Math.round(peakRss / 2 ** 20),
    closure: pairAreaM2 / plotAreaM2 - 1,
    coveredShare: sum(result.coveredM2A) / plotAreaM2,
    pairAreaM2,
  };
}

/** The same overlay in PostGIS: planar in Gauss-Krüger metres, and ellipsoidal (geography). */
function measurePostgis(pg: PostgisCluster, data: OverlayData) {
  const loadStart = performance.now();
  for (const [table, ringsGK, polygons] of [
    ['plots', data.plotsGK, data.plots],
    ['survey', data.surveyGK, data.survey],
  ] as const) {
    const rows = ringsGK.map((ring, k) => `${k}\t${wkt(ring)}\t${wkt((polygons[k] as Polygon).coordinates[0])}`);
    const file = pg.writeServerFile(`${table}.tsv`, rows.join('\n') + '\n');
    pg.psql(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (id int, gk_wkt text, ll_wkt text);
      COPY ${table} FROM '${file}';
      ALTER TABLE ${table} ADD COLUMN gk geometry(Polygon, 4538), ADD COLUMN ll geometry(Polygon, 4490);
      UPDATE ${table} SET gk = ST_GeomFromText(gk_wkt, 4538), ll = ST_GeomFromText(ll_wkt, 4490);
      CREATE INDEX ON ${table} USING gist (gk); CREATE INDEX ON ${table} USING gist (ll); VACUUM ANALYZE ${table};`);
  }
  const loadSeconds = seconds(loadStart);
  const run = (sql: string) => {
    const cpuStart = pg.serverCpuSeconds();
    const start = performance.now();
    const [count, areaM2] = pg.psql(sql).trim().split('|').map(Number);
    const elapsed = seconds(start);
    const waitUntil = Date.now() + 300; // let the postmaster reap the finished backend
    while (Date.now() < waitUntil) { /* busy wait: no timers in this synchronous helper */ }
    return { seconds: elapsed, cpuSeconds: round(pg.serverCpuSeconds() - cpuStart, 2), pairs: count, areaM2 };
  };
  const planar = run(`SELECT count(*) FILTER (WHERE a > 0), sum(a) FROM (SELECT ST_Area(ST_Intersection(p.gk, s.gk)) a
    FROM plots p JOIN survey s ON ST_Intersects(p.gk, s.gk)) t;`);
  const geography = run(`SELECT count(*) FILTER (WHERE a > 0), sum(a) FROM (SELECT ST_Area(ST_Intersection(p.ll, s.ll)::geography) a
    FROM plots p JOIN survey s ON ST_Intersects(p.ll, s.ll)) t;`);
  return {
    loadSeconds,
    planarSeconds: planar.seconds,
    planarCpuSeconds: planar.cpuSeconds,
    planarPairs: planar.pairs,
    planarAreaM2: planar.areaM2,
    geographySeconds: geography.seconds,
    geographyCpuSeconds: geography.cpuSeconds,
    geographyPairs: geography.pairs,
    geographyAreaM2: geography.areaM2,
  };
}

/** ellipsoidalAreaM2 on n plots: time (best of 5) and agreement with GeographicLib. */
function benchArea(n: number): Record<string, unknown> {
  const plots = generateOverlayData(n, 'off', 7).plots;
  const vertices = sum(plots.map((p) => p.coordinates[0].length - 1));
  let best = Infinity;
  let totalM2 = 0;
  for (let k = 0; k < 5; k++) {
    const start = performance.now();
    totalM2 = 0;
    for (const plot of plots) totalM2 += ellipsoidalAreaM2(plot);
    best = Math.min(best, performance.now() - start);
  }
  const geod = new geodesic.Geodesic.Geodesic(CGCS2000.a, CGCS2000.f);
  const geographicLib = (ring: Position[]) => {
    const polygon = geod.Polygon(false);
    for (const p of ring.slice(0, -1)) polygon.AddPoint(p[1], p[0]);
    return Math.abs(polygon.Compute(false, true).area!);
  };
  const start = performance.now();
  let worst = 0;
  let referenceTotalM2 = 0;
  for (const plot of plots) {
    const reference = geographicLib(plot.coordinates[0]);
    referenceTotalM2 += reference;
    worst = Math.max(worst, Math.abs(ellipsoidalAreaM2(plot) / reference - 1));
  }
  return {
    parcels: plots.length,
    vertices,
    milliseconds: round(best, 1),
    geographicLibMilliseconds: round(performance.now() - start, 0),
    maxRelativeDifferenceToGeographicLib: worst,
    totalRelativeDifferenceToGeographicLib: totalM2 / referenceTotalM2 - 1,
  };
}

function wkt(ring: Position[]): string {
  const closed = ring[0] === ring[ring.length - 1] ? ring : [...ring, ring[0]];
  return `POLYGON((${closed.map((p) => `${p[0]} ${p[1]}`).join(',')}))`;
}

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0);
const seconds = (start: number) => round((performance.now() - start) / 1000, 3);
const round = (value: number, digits: number) => Number(value.toFixed(digits));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  benchOverlay({ postgis: args.includes('--postgis'), quick: args.includes('--quick') }).then(
    (figures) => process.stdout.write(JSON.stringify(figures, null, 2) + '\n'),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
