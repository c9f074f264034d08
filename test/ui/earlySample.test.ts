/**
 * The sample county started with the page: only in a browser that has never saved work (and not
 * under a county's server), its first layers imported by job workers that fetch their own files;
 * the loader takes those imports instead of asking again, and puts the county into the project
 * only when the restore has found nothing. The workers and the network are fakes.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { LAYERS } from '../../scripts/sample/output.ts';
import { EARLY_SAMPLE_LAYERS, SAMPLE_TABLES } from '../../src/ui/earlySample.ts';
import type { Layer, LayerKind } from '../../src/core/types.ts';

const runJob = vi.fn();
const registered = new Map<unknown, Blob>();
vi.mock('../../src/workers/jobClient.ts', () => ({ runJob: (...args: unknown[]) => runJob(...args), closeLane: () => undefined }));
vi.mock('../../src/ui/map/displaySources.ts', () => ({ registerDisplay: (layer: Layer, blob: Blob) => void registered.set(layer.features, blob) }));

const manifest = {
  version: 1,
  county: { code: '659901', name: '示例县' },
  layers: LAYERS.map(({ file, kind, name }) => ({ file, kind, name })),
  tables: [],
};
const caps = 'year,code,name,totalCapM3\r\n2025,659901,示例县,1\r\n';


function stubPage(options: { saved?: boolean; server?: boolean } = {}): string[] {
  const fetched: string[] = [];
  vi.stubGlobal('document', { baseURI: 'http://h/app/', querySelector: (s: string) => (options.server && s.includes('shuidi-server') ? {} : null) });
  vi.stubGlobal('localStorage', { getItem: () => (options.saved ? '1' : null), setItem: () => undefined });
  vi.stubGlobal('Worker', class {});
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(url);
    if (url.endsWith('manifest.json')) return new Response(JSON.stringify(manifest), { headers: { 'content-type': 'application/json' } });
    if (url.endsWith(SAMPLE_TABLES.caps)) return new Response(caps);
    if (url.endsWith('.csv')) return new Response('a\r\n');
    return new Response(new Uint8Array([1]));
  });
  return fetched;
}

/** A layer per kind, the same object each time (as one import's result would be). */
const layers = new Map<LayerKind, Layer>();
const layerOf = (kind: LayerKind): Layer => {
  if (!layers.has(kind)) layers.set(kind, { id: kind.toUpperCase(), name: kind, kind, features: { type: 'FeatureCollection', features: [] } } as unknown as Layer);
  return layers.get(kind)!;
};

beforeEach(() => {
  vi.resetModules();
  layers.clear();
  registered.clear();
  runJob.mockReset();
  // the import gives its map GeoJSON first when asked to, as importForMap does
  runJob.mockImplementation(async (_name: string, input: { kind: LayerKind; displayFirst?: boolean }, options: { onPartial?: (p: unknown) => void } = {}) => {
    const layer = layerOf(input.kind);
    if (input.displayFirst) options.onPartial?.({ layers: [{ id: layer.id, kind: layer.kind }], display: [new Uint8Array([1])] });
    return { layers: [layer], display: [new Uint8Array([0])] };
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('the sample started with the page', () => {
  test('names the first layers as the generator writes them', () => {
    for (const early of EARLY_SAMPLE_LAYERS) expect(LAYERS.find((l) => l.file === early.file)?.kind).toBe(early.kind);
    expect(EARLY_SAMPLE_LAYERS.map((l) => l.kind).sort()).toEqual(['forest', 'plots', 'villages', 'wells']);
    expect(EARLY_SAMPLE_LAYERS.find((l) => l.kind === 'plots')?.lane).toBe('main');
  });

  test('starts the imports, each worker fetching its own file, and asks for the manifest and tables', async () => {
    const fetched = stubPage();
    const { earlySampleStarted } = await import('../../src/ui/earlySample.ts');
    expect(earlySampleStarted()).toBe(true);
    expect(runJob).toHaveBeenCalledTimes(EARLY_SAMPLE_LAYERS.length);
    for (const { file, kind, lane } of EARLY_SAMPLE_LAYERS) {
      const displayFirst = kind === 'villages' || kind === 'plots';
      expect(runJob).toHaveBeenCalledWith('importForMap', { files: {}, kind, ...(displayFirst ? { displayFirst } : {}) }, expect.objectContaining({ lane, fetchFiles: { [file]: `./sample/${file}` } }));
    }
    expect(fetched.sort()).toEqual(['./sample/caps.csv', './sample/manifest.json', './sample/quotas.csv']);
  });

  test('starts nothing where work was saved, or under a county\'s server', async () => {
    for (const options of [{ saved: true }, { server: true }]) {
      vi.resetModules();
      const fetched = stubPage(options);
      const { earlySampleStarted } = await import('../../src/ui/earlySample.ts');
      expect(earlySampleStarted()).toBe(false);
      expect(runJob).not.toHaveBeenCalled();
      expect(fetched).toEqual([]);
    }
  });

  test('the loader takes the started imports, and sets the project only when the restore found nothing', async () => {
    stubPage();
    await import('../../src/ui/earlySample.ts');
    const { loadSampleCounty } = await import('../../src/ui/loadSample.ts');
    const { useProjectStore } = await import('../../src/state/projectStore.ts');
    const started = runJob.mock.calls.length;
    expect(await loadSampleCounty(() => undefined, { proceed: Promise.resolve(false) })).toBeNull();
    expect(useProjectStore.getState().layers).toEqual([]);
    // none of the first layers was imported again; the project was left alone
    expect(runJob.mock.calls.length).toBe(started);
  });

  test('…and with nothing restored puts the first layers in, without importing them again', async () => {
    stubPage();
    const { earlyDisplays } = await import('../../src/ui/earlySample.ts');
    // the villages' and plots' GeoJSON, given first, is what the map draws at once…
    const drawn = await earlyDisplays();
    expect(drawn.map((d) => d.kind).sort()).toEqual(['plots', 'villages']);
    expect(drawn.every((d) => d.generation === undefined && d.display instanceof Blob)).toBe(true);
    const { loadSampleCounty } = await import('../../src/ui/loadSample.ts');
    const { useProjectStore } = await import('../../src/state/projectStore.ts');
    const started = runJob.mock.calls.length;
    const loaded = await loadSampleCounty(() => undefined, { proceed: Promise.resolve(true) });
    expect(loaded).not.toBeNull();
    await loaded!.rest;
    // imported since: the rest of the county (survey, canals, reservoirs), none of the first layers
    const since = runJob.mock.calls.slice(started).map(([, input]) => (input as { kind: LayerKind }).kind).sort();
    expect(since).toEqual(LAYERS.map((l) => l.kind).filter((k) => !EARLY_SAMPLE_LAYERS.some((e) => e.kind === k)).sort());
    // the whole county is in the project: the first layers, then the rest
    expect(useProjectStore.getState().layers.map((l) => l.kind).sort()).toEqual(LAYERS.map((l) => l.kind).sort());
    expect(useProjectStore.getState().years).toEqual([2025]);
    // …and the very Blob registered for their features, so the map keeps drawing it
    for (const d of drawn) expect(registered.get(layerOf(d.kind).features)).toBe(d.display);
    expect(registered.get(layerOf('forest').features)).toBeInstanceOf(Blob);
  });
});
