/** What becomes of the layers drawn before the project was read back (src/ui/map/earlyLayers.ts). */
import { describe, expect, it } from 'vitest';
import { sortEarly, type EarlyDrawn } from '../../src/ui/map/earlyLayers.ts';
import type { Layer } from '../../src/core/types.ts';

const layer = (id: string, kind: Layer['kind']): Layer => ({ id, kind, features: { type: 'FeatureCollection', features: [] } }) as unknown as Layer;
const drawn = (kind: Layer['kind'], generation: string): EarlyDrawn => ({ kind, generation, display: new Blob([generation]), url: `blob:${generation}` });

describe('layers drawn early', () => {
  const villages = layer('CJDCQ', 'villages');
  const plots = layer('ZZDK', 'plots');
  const generations = new Map<Layer['features'], string>([[villages.features, 'g1'], [plots.features, 'g7']]);
  const generationOf = (features: Layer['features']) => generations.get(features);

  it('are kept for restored layers of the very generation they were drawn from', () => {
    const early = new Map([['CJDCQ', drawn('villages', 'g1')], ['ZZDK', drawn('plots', 'g7')]]);
    const wanted = new Map([['CJDCQ', villages], ['ZZDK', plots]]);
    expect(sortEarly(early, wanted, new Map(), generationOf)).toEqual({ adopt: [villages, plots], drop: [] });
  });

  it('go when the layer was saved again since, removed, of another kind, or drawn already', () => {
    const early = new Map([['CJDCQ', drawn('villages', 'g0')], ['ZZDK', drawn('plots', 'g7')], ['GONE', drawn('plots', 'g3')]]);
    expect(sortEarly(early, new Map([['CJDCQ', villages], ['ZZDK', plots]]), new Map(), generationOf)).toEqual({ adopt: [plots], drop: ['CJDCQ', 'GONE'] });
    expect(sortEarly(new Map([['ZZDK', drawn('villages', 'g7')]]), new Map([['ZZDK', plots]]), new Map(), generationOf).drop).toEqual(['ZZDK']);
    expect(sortEarly(new Map([['ZZDK', drawn('plots', 'g7')]]), new Map([['ZZDK', plots]]), new Map([['ZZDK', plots]]), generationOf).drop).toEqual(['ZZDK']);
  });

  it('go when the restored layer has no stored generation (not read from storage)', () => {
    expect(sortEarly(new Map([['ZZDK', drawn('plots', 'g7')]]), new Map([['ZZDK', layer('ZZDK', 'plots')]]), new Map(), generationOf).drop).toEqual(['ZZDK']);
  });

  it('a layer just imported (no generation) is kept only for the very GeoJSON made from its features', () => {
    const made = new Blob(['{}']);
    const displays = new Map<Layer['features'], Blob>([[plots.features, made]]);
    const displayFor = (features: Layer['features']) => displays.get(features);
    const fresh = (display: Blob): EarlyDrawn => ({ kind: 'plots', display, url: 'blob:x' });
    expect(sortEarly(new Map([['ZZDK', fresh(made)]]), new Map([['ZZDK', plots]]), new Map(), generationOf, displayFor).adopt).toEqual([plots]);
    // the same bytes in another Blob (another import of the file) are not the same
    expect(sortEarly(new Map([['ZZDK', fresh(new Blob(['{}']))]]), new Map([['ZZDK', plots]]), new Map(), generationOf, displayFor).drop).toEqual(['ZZDK']);
    expect(sortEarly(new Map([['ZZDK', fresh(made)]]), new Map([['ZZDK', layer('ZZDK', 'plots')]]), new Map(), generationOf, displayFor).drop).toEqual(['ZZDK']);
  });
});
