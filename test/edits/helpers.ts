import type { Layer, Properties } from '../../src/core/types.ts';

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Deep-freezes a fixture so a test fails if code under test mutates it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** A plots layer of n unit squares in a row near 87.3°E 44°N, villages alternating A/B. */
export function squarePlots(n: number, id = 'plots'): Layer {
  const size = 0.001;
  const features = Array.from({ length: n }, (_, i) => {
    const x = 87.3 + (i % 100) * size * 1.5;
    const y = 44 + Math.floor(i / 100) * size * 1.5;
    const properties: Properties = {
      DKBM: `D${i}`,
      ZLDWDM: i % 2 === 0 ? '652301100001' : '652301100002',
      ZZZW: i % 3 === 0 ? '小麦' : '棉花',
      ZT: '种植',
      DKLB: i % 4 === 0 ? '集体机动地' : '确权承包地',
      GGFS: '滴灌',
      SYLX: i % 5 === 0 ? '渠灌' : '井灌',
      CBFMC: `农户${i}`,
    };
    return {
      type: 'Feature' as const,
      id: `D${i}`,
      properties,
      geometry: {
        type: 'Polygon' as const,
        coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
      },
    };
  });
  return {
    id,
    name: '种植地块',
    kind: 'plots',
    sourceFiles: ['plots.geojson'],
    crs: { code: 'EPSG:4490', name: 'CGCS2000', proj4: '', source: 'geojson', detail: '' },
    encoding: 'UTF-8',
    encodingSource: 'none',
    fields: Object.keys(features[0]?.properties ?? {}).map((name) => ({ name, type: 'C' })),
    features: { type: 'FeatureCollection', features },
    warnings: [],
  };
}
