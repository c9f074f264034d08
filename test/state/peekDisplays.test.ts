/**
 * The saved villages' and plots' map GeoJSON, read before the project itself so the map can start
 * on it (src/state/persistence.ts peekSavedDisplays), each with the generation it was made from.
 */
import { describe, expect, it } from 'vitest';
import { usePersistenceHarness } from './persistenceHarness.ts';
import { flush, peekSavedDisplays, startPersistence } from '../../src/state/persistence.ts';
import { keepDisplay } from '../../src/state/displayCache.ts';
import { storedGeneration } from '../../src/state/persistLayers.ts';
import { useProjectStore } from '../../src/state/projectStore.ts';
import type { Layer } from '../../src/core/types.ts';
import { squarePlots } from '../edits/helpers.ts';

usePersistenceHarness();

const asKind = (layer: Layer, kind: Layer['kind'], id: string): Layer => ({ ...layer, id, kind });
const geoJson = (layer: Layer) => new Blob([JSON.stringify(layer.features)], { type: 'application/geo+json' });

describe('saved map GeoJSON read ahead of the project', () => {
  it('is none when nothing is saved', async () => {
    expect(await peekSavedDisplays(['villages', 'plots'])).toEqual([]);
  });

  it('gives the kinds asked for, with the generation each was made from, and nothing of a layer kept without it', async () => {
    const villages = asKind(squarePlots(2, 'CJDCQ'), 'villages', 'CJDCQ');
    const plots = asKind(squarePlots(20, 'ZZDK'), 'plots', 'ZZDK');
    const forest = asKind(squarePlots(3, 'LD'), 'forest', 'LD');
    const wells = asKind(squarePlots(3, 'JD'), 'wells', 'JD');
    for (const layer of [villages, plots, forest]) keepDisplay(layer.features, geoJson(layer));
    await startPersistence({ debounceMs: 5 });
    useProjectStore.getState().setProject({ projectName: '县', layers: [villages, plots, forest, wells] });
    await flush();
    await flush(); // the map GeoJSON is stored once its layer's save is committed

    const early = await peekSavedDisplays(['villages', 'plots', 'wells']);
    expect(early.map((entry) => [entry.id, entry.kind, entry.generation])).toEqual([
      ['CJDCQ', 'villages', storedGeneration(villages.features)],
      ['ZZDK', 'plots', storedGeneration(plots.features)],
    ]);
    expect(JSON.parse(await early[1].display.text())).toEqual(JSON.parse(JSON.stringify(plots.features)));
  });
});
