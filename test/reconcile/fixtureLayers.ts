/** Loads the hand-made fixtures of test/fixtures/reconcile/ as layers (as the import would). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Layer, LayerKind, Properties } from '../../src/core/types.ts';
import type { ReconcileLayers } from '../../src/core/reconcile/reconcileLayers.ts';

const ROOT = join(import.meta.dirname, '../fixtures/reconcile');
const CODE_FIELD: Partial<Record<LayerKind, string>> = { plots: 'DKBM', survey: 'BSM', forest: 'LDBM', villages: 'CJDM' };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export function fixtureLayer(dir: string, kind: LayerKind): Layer {
  const fc = JSON.parse(readFileSync(join(ROOT, dir, `${kind}.geojson`), 'utf8')) as FeatureCollection<Geometry | null, Properties>;
  const codeField = CODE_FIELD[kind];
  fc.features.forEach((f, i) => {
    f.id = codeField ? String(f.properties[codeField]) : String(i + 1);
  });
  const fields = Object.keys(fc.features[0]?.properties ?? {}).map((name) => ({ name, type: 'C', canonical: name }));
  return deepFreeze({
    id: `${dir}-${kind}`,
    name: kind,
    kind,
    sourceFiles: [`${kind}.geojson`],
    crs: { code: 'EPSG:4490', name: 'CGCS2000', proj4: '', source: 'geojson', detail: '' },
    encoding: 'utf-8',
    encodingSource: 'none',
    fields,
    features: fc,
    warnings: [],
  } satisfies Layer);
}

export function fixtureLayers(dir: string): ReconcileLayers {
  return {
    villages: fixtureLayer(dir, 'villages'),
    plots: fixtureLayer(dir, 'plots'),
    survey: fixtureLayer(dir, 'survey'),
    forest: fixtureLayer(dir, 'forest'),
  };
}

/** test/fixtures/reconcile/<dir>/expected.txt: "label id area_m2" lines written by expected.sql. */
export function expectedAreasM2(dir: string): Map<string, number> {
  const lines = readFileSync(join(ROOT, dir, 'expected.txt'), 'utf8').trim().split('\n');
  return new Map(
    lines.map((line) => {
      const parts = line.trim().split(/\s+/);
      return [parts.slice(0, -1).join(' '), Number(parts[parts.length - 1])];
    }),
  );
}
