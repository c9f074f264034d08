import { describe, expect, test } from 'vitest';
import { importForMapJob, type DisplayFirst } from '../../src/jobs/importForMap.ts';
import { displayGeometry } from '../../src/core/display/displayFeatures.ts';

const geojson = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { DKBM: 'A', ZZZW: '棉花', ZT: '种植' }, geometry: { type: 'Polygon', coordinates: [[[87.3, 44], [87.31, 44], [87.31, 44.01], [87.3, 44]]] } },
    { type: 'Feature', properties: { DKBM: 'B', ZZZW: '小麦' }, geometry: null },
    { type: 'Feature', properties: { DKBM: 'C', ZZZW: '玉米', ZT: '休耕' }, geometry: { type: 'Polygon', coordinates: [[[87.32, 44], [87.33, 44], [87.33, 44.01], [87.32, 44]]] } },
  ],
};

describe('import for the map', () => {
  test('gives each layer the GeoJSON the map draws: features with a geometry, id = index in the layer, the fields the style reads', async () => {
    const files = { 'plots.geojson': new TextEncoder().encode(JSON.stringify(geojson)) };
    const { layers, display } = await importForMapJob({ files, kind: 'plots' });
    expect(layers).toHaveLength(1);
    const drawn = JSON.parse(new TextDecoder().decode(display[0]));
    expect(drawn.features.map((f: { id: number }) => f.id)).toEqual([0, 2]);
    expect(drawn.features.map((f: { properties: Record<string, string> }) => f.properties)).toEqual([{ ZT: '种植' }, { ZT: '休耕' }]);
    // the layer keeps every field
    expect(layers[0].features.features[2].properties).toMatchObject({ DKBM: 'C', ZZZW: '玉米' });
    expect(drawn.features[1].geometry).toEqual(displayGeometry(layers[0].features.features[2].geometry!));
  });

  test('asked to, gives the map GeoJSON first, the result\'s own, naming each layer; not otherwise', async () => {
    const files = { 'plots.geojson': new TextEncoder().encode(JSON.stringify(geojson)) };
    const partials: DisplayFirst[] = [];
    const { layers, display } = await importForMapJob({ files, kind: 'plots', displayFirst: true }, { onPartial: (p) => partials.push(p as DisplayFirst) });
    expect(partials).toHaveLength(1);
    expect(partials[0].layers).toEqual([{ id: layers[0].id, kind: 'plots' }]);
    // the very bytes of the result (the page's worker posts a copy of a partial)
    expect(partials[0].display).toBe(display);
    const none: unknown[] = [];
    await importForMapJob({ files, kind: 'plots' }, { onPartial: (p) => none.push(p) });
    expect(none).toEqual([]);
  });
});
