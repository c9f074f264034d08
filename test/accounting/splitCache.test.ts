/**
 * The split cache: its key changes with every input the split reads (and with the code's salt),
 * a second run over the same inputs takes the kept split and gives the very same figures, and a
 * changed input misses the cache.
 */
import { describe, expect, it } from 'vitest';
import { runAccount, type AccountInput, type SplitCache } from '../../src/jobs/account.ts';
import { splitKey, splitKeyWith, type SplitKeyInput } from '../../src/core/accounting/splitKey.ts';
import { nativeSha256 } from '../../src/workers/splitCache.ts';
import { packLayer } from '../../src/core/geometry/packedLayer.ts';
import type { AccountingSplit } from '../../src/core/accounting/types.ts';
import type { Layer } from '../../src/core/types.ts';
import { tinyLayer, tinyTables } from './tinyCounty.ts';

const layers = Object.freeze({ villages: tinyLayer('villages'), plots: tinyLayer('plots'), forest: tinyLayer('forest'), wells: tinyLayer('wells') });

/** The page's input: packed geometry and the attributes, as accountingStore sends them. */
function pageInput(l: { villages: Layer; plots: Layer; forest: Layer; wells: Layer }, year: number, quotas: AccountInput['quotas'], caps: AccountInput['caps']): AccountInput {
  const props = (layer: Layer) => layer.features.features.map((f) => f.properties ?? {});
  return {
    year, quotas, caps,
    geometry: {
      villages: l.villages.features.features,
      plots: packLayer(l.plots.features.features.map((f) => f.geometry)),
      forest: packLayer(l.forest.features.features.map((f) => f.geometry)),
      wells: l.wells.features.features,
    },
    attributes: { plots: props(l.plots), forest: props(l.forest), wells: props(l.wells) },
  };
}

function memoryCache(salt = 'build-a'): SplitCache & { entries: Map<string, AccountingSplit>; gets: number } {
  const entries = new Map<string, AccountingSplit>();
  return {
    salt, entries, gets: 0,
    async get(key) {
      this.gets += 1;
      const kept = entries.get(key);
      return kept ? structuredClone(kept) : undefined;
    },
    async put(key, split) {
      entries.set(key, structuredClone(split));
    },
  };
}

/** The plots with one vertex of the first plot moved by 1e-9° (about 0.1 mm). */
function nudgedPlots(): Layer {
  const copy = structuredClone(layers.plots);
  const geometry = copy.features.features[0].geometry as { type: 'Polygon'; coordinates: number[][][] };
  geometry.coordinates[0][1][0] += 1e-9;
  return copy;
}

describe('splitKey', () => {
  const base = (): SplitKeyInput => {
    const input = pageInput(layers, 2024, [], []);
    const g = input.geometry!;
    return { villages: g.villages, plots: g.plots, forest: g.forest, wells: g.wells, villagesFile: 'villages' };
  };

  it('is the same for the same inputs and differs for every input the split reads', () => {
    const key = splitKey(base(), 'build-a');
    expect(splitKey(base(), 'build-a')).toBe(key);
    expect(splitKey(base(), 'build-b')).not.toBe(key);
    expect(splitKey({ ...base(), plots: packLayer(nudgedPlots().features.features.map((f) => f.geometry)) }, 'build-a')).not.toBe(key);
    expect(splitKey({ ...base(), forest: null }, 'build-a')).not.toBe(key);
    expect(splitKey({ ...base(), wells: null }, 'build-a')).not.toBe(key);
    expect(splitKey({ ...base(), villagesFile: 'other.shp' }, 'build-a')).not.toBe(key);
    const recoded = structuredClone(layers.villages.features.features);
    recoded[0].properties = { ...recoded[0].properties, ZLDWDM: '652301100009' };
    expect(splitKey({ ...base(), villages: recoded }, 'build-a')).not.toBe(key);
    const movedWell = structuredClone(layers.wells.features.features);
    (movedWell[0].geometry as { coordinates: number[] }).coordinates[0] += 1e-9;
    expect(splitKey({ ...base(), wells: movedWell }, 'build-a')).not.toBe(key);
  });

  it('is the same through the browser\'s native SHA-256 (WebCrypto, as the page takes it)', async () => {
    const digest = nativeSha256();
    expect(digest).toBeDefined();
    for (const input of [base(), { ...base(), forest: null, wells: null }]) {
      expect(await splitKeyWith(input, 'build-a', digest)).toBe(splitKey(input, 'build-a'));
    }
    expect(await splitKeyWith(base(), 'build-a')).toBe(splitKey(base(), 'build-a'));
  });
});

describe('runAccount with a split cache', async () => {
  const { quotas, caps } = await tinyTables();

  it('computes and keeps the split, then takes it back with identical figures', async () => {
    const cache = memoryCache();
    const without = await runAccount(pageInput(layers, 2024, quotas, caps));
    const first = await runAccount(pageInput(layers, 2024, quotas, caps), {}, undefined, cache);
    expect(first.splitFromCache).toBe(false);
    expect(cache.entries.size).toBe(1);
    const second = await runAccount(pageInput(layers, 2024, quotas, caps), {}, undefined, cache);
    expect(second.splitFromCache).toBe(true);
    expect(second.result).toEqual(without.result);
    expect(first.result).toEqual(without.result);
    expect(second.split).toEqual(without.split);
  });

  it('misses after any change of the inputs, and for another build', async () => {
    const cache = memoryCache();
    await runAccount(pageInput(layers, 2024, quotas, caps), {}, undefined, cache);
    const changed = { ...layers, plots: nudgedPlots() };
    const again = await runAccount(pageInput(changed, 2024, quotas, caps), {}, undefined, cache);
    expect(again.splitFromCache).toBe(false);
    expect(again.result).toEqual((await runAccount(pageInput(changed, 2024, quotas, caps))).result);
    expect(cache.entries.size).toBe(2);
    const otherBuild = await runAccount(pageInput(layers, 2024, quotas, caps), {}, undefined, { ...memoryCache('build-b'), get: cache.get.bind(cache), put: cache.put.bind(cache) });
    expect(otherBuild.splitFromCache).toBe(false);
  });

  it('is keyed by geometry only: another year reuses the split', async () => {
    const cache = memoryCache();
    await runAccount(pageInput(layers, 2024, quotas, caps), {}, undefined, cache);
    const other = await runAccount(pageInput(layers, 2023, quotas, caps), {}, undefined, cache);
    expect(other.splitFromCache).toBe(true);
    expect(other.result).toEqual((await runAccount(pageInput(layers, 2023, quotas, caps))).result);
  });

  it('still computes when the cache fails', async () => {
    const broken: SplitCache = { salt: '', get: () => Promise.reject(new Error('quota')), put: () => Promise.reject(new Error('quota')) };
    const out = await runAccount(pageInput(layers, 2024, quotas, caps), {}, undefined, broken);
    expect(out.splitFromCache).toBe(false);
    expect(out.result).toEqual((await runAccount(pageInput(layers, 2024, quotas, caps))).result);
  });
});
