/**
 * What the map is given of a layer: ids are the features' indices, only the fields the style reads
 * go along, and the coordinates are rounded to 1e-7°. The style is read here too, so a style that
 * starts reading another field cannot find it silently missing from what the map was given.
 */
import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import type { Layer, LayerKind } from '../../src/core/types.ts';
import { DISPLAY_FIELDS, displayFeatureCollection } from '../../src/core/display/displayFeatures.ts';
import { styleLayersFor } from '../../src/ui/map/layerStyles.ts';

const square = (lon: number, lat: number): Geometry => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + 0.0012345678912, lat], [lon + 0.0012345678912, lat + 0.00098765432101], [lon, lat + 0.00098765432101], [lon, lat]]],
});

function layerOf(kind: LayerKind, properties: Record<string, unknown>[], geometries?: (Geometry | null)[]): Layer {
  return {
    id: `T-${kind}`, name: kind, kind, sourceFiles: [], crs: { code: 'EPSG:4490' } as Layer['crs'], encoding: 'utf-8', encodingSource: 'cpg' as Layer['encodingSource'], fields: [], warnings: [],
    features: { type: 'FeatureCollection', features: properties.map((p, i) => ({ type: 'Feature', properties: p, geometry: geometries ? geometries[i] : square(87.123456789123 + i * 0.01, 44.0000000123) })) },
  } as Layer;
}

/** Every ['get', field] of a style value. */
function fieldsRead(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    if (value[0] === 'get' && typeof value[1] === 'string') into.add(value[1]);
    for (const v of value) fieldsRead(v, into);
  } else if (value && typeof value === 'object') for (const v of Object.values(value)) fieldsRead(v, into);
  return into;
}

describe('displayFeatureCollection', () => {
  it('gives plots their index as id and only ZT, skipping features without geometry', () => {
    const plots = layerOf('plots', [
      { DKBM: 'A', ZT: '种植', ZZZW: '小麦', ZLDWDM: '659901001001' },
      { DKBM: 'B', ZT: '休耕' },
      { DKBM: 'C', ZT: '退减' },
    ], [square(87.1, 44), null, square(87.2, 44)]);
    const display = displayFeatureCollection(plots);
    expect(display.features.map((f) => f.id)).toEqual([0, 2]);
    expect(display.features.map((f) => f.properties)).toEqual([{ ZT: '种植' }, { ZT: '退减' }]);
  });

  it('rounds coordinates to 1e-7 degrees and no further', () => {
    const plots = layerOf('plots', [{ ZT: '种植' }]);
    const source = (plots.features.features[0].geometry as { coordinates: number[][][] }).coordinates[0];
    const shown = (displayFeatureCollection(plots).features[0].geometry as { coordinates: number[][][] }).coordinates[0];
    shown.forEach((position, i) => position.forEach((value, j) => {
      expect(Math.abs(value - source[i][j])).toBeLessThanOrEqual(0.5e-7 + 1e-12);
      expect(String(value).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(7);
    }));
  });

  it('keeps every field of the kinds it does not name (villages: the page reads their codes on the map)', () => {
    const villages = layerOf('villages', [{ ZLDWDM: '659901001001', ZLDWMC: '新村', XZDM: '659901001' }]);
    expect(displayFeatureCollection(villages).features[0].properties).toEqual({ ZLDWDM: '659901001001', ZLDWMC: '新村', XZDM: '659901001' });
  });

  it('names every field the style of a kind reads', () => {
    for (const [kind, fields] of Object.entries(DISPLAY_FIELDS) as [LayerKind, readonly string[]][]) {
      const read = new Set<string>();
      for (const styleLayer of styleLayersFor(layerOf(kind, [{}]))) {
        // the villages' labels come from a point source of their own
        if ('source' in styleLayer && styleLayer.source !== `L:T-${kind}`) continue;
        fieldsRead(styleLayer, read);
      }
      expect([...read].filter((field) => !fields.includes(field)), kind).toEqual([]);
    }
  });
});
