import { describe, expect, test } from 'vitest';
import { importForMapJob } from '../../src/jobs/importForMap.ts';

const geojson = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { DKBM: 'A', ZZZW: '棉花' }, geometry: { type: 'Polygon', coordinates: [[[87.3, 44], [87.31, 44], [87.31, 44.01], [87.3, 44]]] } },
    { type: 'Feature', properties: { DKBM: 'B', ZZZW: '小麦' }, geometry: null },
    { type: 'Feature', properties: { DKBM: 'C', ZZZW: '玉米' }, geometry: { type: 'Polygon', coordinates: [[[87.32, 44], [87.33, 44], [87.33, 44.01], [87.32, 44]]] } },
  ],
};

describe('import for the map', () => {
  test('gives each layer the GeoJSON the map draws: features with a geometry, id = index in the layer', async () => {
    const files = { 'plots.geojson': new TextEncoder().encode(JSON.stringify(geojson)) };
    const { layers, display } = await importForMapJob({ files, kind: 'plots' });
    expect(layers).toHaveLength(1);
    const drawn = JSON.parse(new TextDecoder().decode(display[0]));
    expect(drawn.features.map((f: { id: number }) => f.id)).toEqual([0, 2]);
    expect(drawn.features.map((f: { properties: { ZZZW: string } }) => f.properties.ZZZW)).toEqual(['棉花', '玉米']);
    expect(drawn.features[1].geometry).toEqual(layers[0].features.features[2].geometry);
  });
});
