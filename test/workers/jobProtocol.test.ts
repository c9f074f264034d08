import { describe, expect, test } from 'vitest';
import { FEATURES_PER_MESSAGE, joinLayerFeatures, sliceLayerFeatures } from '../../src/workers/jobProtocol.ts';

const layer = (name: string, n: number) => ({
  name,
  features: { type: 'FeatureCollection', features: Array.from({ length: n }, (_, i) => ({ id: `${name}${i}` })) },
});

describe('layer results cross to the page in feature slices', () => {
  test('slices hold at most FEATURES_PER_MESSAGE features and join back in order', () => {
    const result = Object.freeze({ layers: [layer('a', FEATURES_PER_MESSAGE * 2 + 5), layer('b', 3), layer('c', 0)], note: 'x' });
    const { slices, rest } = sliceLayerFeatures(result);
    expect(slices.map((s) => [s.layer, s.features.length])).toEqual([
      [0, FEATURES_PER_MESSAGE],
      [0, FEATURES_PER_MESSAGE],
      [0, 5],
      [1, 3],
    ]);
    expect((rest as typeof result).layers.every((l) => l.features.features.length === 0)).toBe(true);
    // the input is left as it was
    expect(result.layers[0].features.features.length).toBe(FEATURES_PER_MESSAGE * 2 + 5);
    const joined = structuredClone(joinLayerFeatures(structuredClone(rest), structuredClone(slices)));
    expect(joined).toEqual(result);
  });

  test('other results pass through untouched', () => {
    const result = { units: [1, 2, 3] };
    expect(sliceLayerFeatures(result)).toEqual({ slices: [], rest: result });
    expect(joinLayerFeatures(result, [])).toBe(result);
  });
});
