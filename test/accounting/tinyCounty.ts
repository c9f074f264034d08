/** The tiny GeoJSON county of test/fixtures/accounting/tiny as layers, without the import job. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Layer, LayerKind } from '../../src/core/types.ts';
import { readCaps, readQuotas } from '../../src/io/tables/readTable.ts';

export const TINY_DIR = fileURLToPath(new URL('../fixtures/accounting/tiny/', import.meta.url));

export function tinyLayer(kind: LayerKind): Layer {
  const features = JSON.parse(readFileSync(TINY_DIR + `${kind}.geojson`, 'utf8'));
  return {
    id: kind, name: kind, kind, sourceFiles: [`${kind}.geojson`],
    crs: { code: 'EPSG:4490', name: 'CGCS2000', proj4: '', source: 'geojson', detail: '' },
    encoding: 'utf-8', encodingSource: 'none', fields: [], features, warnings: [],
  };
}

export async function tinyTables() {
  return {
    quotas: await readQuotas(new Uint8Array(readFileSync(TINY_DIR + 'quotas.csv')), 'quotas.csv'),
    caps: await readCaps(new Uint8Array(readFileSync(TINY_DIR + 'caps.csv')), 'caps.csv'),
  };
}

/** Ellipsoidal 亩 of a lon/lat rectangle, the independent reference for the pieces. */
export const rect = (w: number, s: number, e: number, n: number) =>
  ({ type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
