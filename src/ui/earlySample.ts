/**
 * The sample county, started before the page has done anything else (main.tsx imports this
 * first): a browser that has never saved work here (src/state/savedHint.ts) opens the sample, so
 * its first layers are imported at once, each job worker fetching its own files, while the page
 * starts, makes the map and looks for saved work, instead of after (about half a second later on
 * a fresh profile, the main thread being busy meanwhile). The manifest and the tables are asked
 * for too. src/ui/loadSample.ts takes all of it from here, and puts the county into the project
 * only once the restore has found nothing; a file not started here is read there.
 */
import type { LayerKind } from '../core/types.ts';
import { nothingSaved } from '../state/savedHint.ts';
import { runJob, type JobLane } from '../workers/jobClient.ts';
import type { JobOutput } from '../workers/jobTable.ts';
import type { DisplayFirst } from '../jobs/importForMap.ts';
import type { EarlyDisplay } from '../state/displayCache.ts';
import { displayBlob } from './map/displayBlob.ts';

/** Where the sample county is served, beside the app (scripts/generate-sample.ts writes it). */
export const SAMPLE_BASE = './sample/';

/**
 * The layers the county opens coloured with, as scripts/sample/output.ts names them (named here
 * rather than read from the manifest, which would wait for the busy main thread;
 * test/ui/earlySample.test.ts checks them against the generator's list): the plots in the main
 * worker, the small ones meanwhile in the second (as loadSample does).
 */
export const EARLY_SAMPLE_LAYERS: readonly { file: string; kind: LayerKind; lane: JobLane }[] = [
  { file: 'plots.zip', kind: 'plots', lane: 'main' },
  { file: 'villages.zip', kind: 'villages', lane: 'side' },
  { file: 'forest.zip', kind: 'forest', lane: 'side' },
  { file: 'wells.zip', kind: 'wells', lane: 'side' },
];

/** The sample's quota and cap tables (read with the first layers). */
export const SAMPLE_TABLES = { quotas: 'quotas.csv', caps: 'caps.csv' } as const;

/** Files the main thread reads itself: the manifest and the tables. */
const EARLY_SAMPLE_FILES = ['manifest.json', SAMPLE_TABLES.quotas, SAMPLE_TABLES.caps];

type Imported = JobOutput<'importForMap'>;

/** An import started here: its result, and the map GeoJSON it gave first (the kinds the map opens with). */
export interface EarlyImport {
  result: Promise<Imported>;
  /** layer id → the Blob of its map GeoJSON, once given */
  displays: Map<string, Blob>;
}

/** The kinds the map draws as soon as their GeoJSON is made, before the layers are in the project. */
const DRAWN_FIRST: readonly LayerKind[] = ['villages', 'plots'];

const imports = new Map<string, { kind: LayerKind; started: EarlyImport }>();
const answers = new Map<string, Promise<Response>>();
const drawnFirst: Promise<EarlyDisplay[]>[] = [];

let started = false;

/** Whether the sample was started here (the page then loads it while it restores). */
export const earlySampleStarted = (): boolean => started;

/** The import of this file started here, if it was (each is given once). */
export function takeEarlyImport(file: string, kind: LayerKind): EarlyImport | undefined {
  const early = imports.get(file);
  if (!early || early.kind !== kind) return undefined;
  imports.delete(file);
  return early.started;
}

/**
 * The map GeoJSON of the villages and plots started here, once both are made (the map then draws
 * them while their features still come to the page: MapView `drawEarly`); an import that failed
 * gives none.
 */
export async function earlyDisplays(): Promise<EarlyDisplay[]> {
  return (await Promise.all(drawnFirst)).flat();
}

/** The answer for this URL asked for here, if it was (each is given once: a body reads once). */
export function takeEarlyAnswer(url: string): Promise<Response> | undefined {
  const response = answers.get(url);
  answers.delete(url);
  return response;
}

/** Imports one of the sample's layers in a job worker that fetches the file itself. */
export function importSampleLayer(
  file: string,
  kind: LayerKind,
  options: { lane: JobLane; signal?: AbortSignal; displayFirst?: boolean; onPartial?: (first: DisplayFirst) => void },
): Promise<Imported> {
  const { lane, signal, displayFirst, onPartial } = options;
  return runJob('importForMap', { files: {}, kind, ...(displayFirst ? { displayFirst } : {}) }, { lane, signal, onPartial, fetchFiles: { [file]: SAMPLE_BASE + file } });
}

function opensSample(): boolean {
  // under a county's server the project comes from it: no sample
  return typeof document !== 'undefined' && !document.querySelector('meta[name="shuidi-server"]') && nothingSaved();
}

if (opensSample() && typeof Worker === 'function') {
  started = true;
  for (const { file, kind, lane } of EARLY_SAMPLE_LAYERS) {
    const displays = new Map<string, Blob>();
    const displayFirst = DRAWN_FIRST.includes(kind);
    let given: (entries: EarlyDisplay[]) => void = () => undefined;
    if (displayFirst) drawnFirst.push(new Promise((resolve) => (given = resolve)));
    const result = importSampleLayer(file, kind, {
      lane,
      displayFirst,
      onPartial: (first) => {
        const entries = first.layers.map(({ id, kind: layerKind }, i) => ({ id, kind: layerKind, display: displayBlob(first.display[i]) }));
        for (const entry of entries) displays.set(entry.id, entry.display);
        given(entries);
      },
    });
    // none if the import gave no GeoJSON first (a promise resolves once: after the partial,
    // nothing); a failure is reported by the taker, which awaits the import
    result.then(() => given([]), () => given([]));
    imports.set(file, { kind, started: { result, displays } });
  }
  for (const file of EARLY_SAMPLE_FILES) {
    const response = fetch(SAMPLE_BASE + file);
    response.catch(() => undefined);
    answers.set(SAMPLE_BASE + file, response);
  }
}
