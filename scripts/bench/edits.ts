/**
 * Edits at county scale: 100,000 plots. Times the edit path (make + apply + audit entry), undo,
 * the effective layer, selections, the map's per-edit work and the autosave conversion.
 */
import type { Layer, Properties } from '../../src/core/types.ts';
import { effectiveLayer, overridesFor, overridesToPlain, verifyChain } from '../../src/core/edits/index.ts';
import { plotAreasMu, plotCentroids, selectByFilter, selectInRing } from '../../src/core/selection/index.ts';
import { useEditStore } from '../../src/state/editStore.ts';

function plots(n: number): Layer {
  const side = Math.ceil(Math.sqrt(n));
  const size = 0.0009;
  const features = Array.from({ length: n }, (_, i) => {
    const x = 87 + (i % side) * size * 1.1;
    const y = 44 + Math.floor(i / side) * size * 1.1;
    const properties: Properties = { DKBM: `P${i}`, ZLDWDM: `6523011${String(100 + Math.floor(i / 1000)).padStart(5, '0')}`, ZZZW: i % 3 ? '棉花' : '小麦', ZT: '种植', SYLX: '井灌', GGFS: '滴灌' };
    return { type: 'Feature' as const, id: `P${i}`, properties, geometry: { type: 'Polygon' as const, coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] } };
  });
  return { id: 'plots', name: 'plots', kind: 'plots', sourceFiles: [], crs: { code: 'EPSG:4490', name: '', proj4: '', source: 'geojson', detail: '' }, encoding: 'UTF-8', encodingSource: 'none', fields: [], features: { type: 'FeatureCollection', features }, warnings: [] };
}

const ms = (start: number): number => Math.round((performance.now() - start) * 10) / 10;

export async function benchEdits(options: { quick?: boolean } = {}): Promise<Record<string, unknown>> {
  const n = options.quick ? 20_000 : 100_000;
  const layer = plots(n);
  const store = useEditStore.getState();
  store.reset();
  let t = performance.now();
  const areas = plotAreasMu(layer);
  const centroids = plotCentroids(layer);
  const geometryMs = ms(t);

  // a day's work: 200 edits of 50 plots each, then one edit of 1,000 plots
  t = performance.now();
  for (let k = 0; k < 200; k++) {
    const ids = Array.from({ length: 50 }, (_, j) => `P${(k * 50 + j) % n}`);
    store.setValues({ layer, year: 2025, plotIds: ids, values: { ZT: k % 2 ? '休耕' : '退减' }, reason: 'bench' });
  }
  const edit50Ms = ms(t) / 200;
  const bigIds = Array.from({ length: 1000 }, (_, j) => `P${n - 1 - j}`);
  t = performance.now();
  store.setValues({ layer, year: 2025, plotIds: bigIds, values: { ZT: '休耕' } });
  const edit1000Ms = ms(t);
  t = performance.now();
  useEditStore.getState().undo(2025);
  const undo1000Ms = ms(t);
  useEditStore.getState().redo(2025);

  const overrides = useEditStore.getState().overrides;
  t = performance.now();
  const eff = effectiveLayer(layer, overridesFor(overrides, 2025, 'plots'));
  const effectiveLayerMs = ms(t);
  t = performance.now();
  const filtered = selectByFilter(n, (i) => eff.features.features[i].properties, areas, { statuses: ['休耕'], minAreaMu: 1 });
  const filterMs = ms(t);
  t = performance.now();
  const lasso = selectInRing(centroids, [[87.01, 44.01], [87.1, 44.02], [87.05, 44.1], [87.01, 44.01]]);
  const lassoMs = ms(t);
  t = performance.now();
  const plain = overridesToPlain(overrides);
  const autosaveConvertMs = ms(t);
  t = performance.now();
  const check = verifyChain(useEditStore.getState().audit);
  const verifyMs = ms(t);
  return {
    plots: n,
    geometryOnceMs: geometryMs,
    editOf50PlotsMs: Math.round(edit50Ms * 100) / 100,
    editOf1000PlotsMs: edit1000Ms,
    undoOf1000PlotsMs: undo1000Ms,
    effectiveLayerMs,
    filterSelectMs: filterMs,
    filterSelected: filtered.length,
    lassoSelectMs: lassoMs,
    lassoSelected: lasso.length,
    overriddenPlots: Object.keys(plain['2025']?.plots ?? {}).length,
    autosaveConvertMs,
    auditEntries: useEditStore.getState().audit.length,
    verifyChainMs: verifyMs,
    chainOk: check.ok,
  };
}
