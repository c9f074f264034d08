/** Layers are never replaced silently (issue 14, item 1): beside by default, replacing chosen, undoable. */
import { beforeEach, describe, expect, it } from 'vitest';
import { layerConflicts, placeLayers, useProjectStore } from '../../src/state/projectStore.ts';
import type { Layer, LayerKind } from '../../src/core/types.ts';

const layer = (id: string, kind: LayerKind, n: number): Layer =>
  ({ id, name: id, kind, sourceFiles: [`${id}.zip`], fields: [], warnings: [], features: { type: 'FeatureCollection', features: Array.from({ length: n }, () => ({ type: 'Feature', properties: {}, geometry: null })) } }) as unknown as Layer;

beforeEach(() => useProjectStore.getState().setProject({ layers: [layer('DLTB', 'survey', 8700), layer('CJDCQ', 'villages', 48)] }));

describe('placing imported layers', () => {
  it('names what an import could replace: the same name, or the same single kind', () => {
    const current = useProjectStore.getState().layers;
    expect(layerConflicts(current, [layer('DLTB', 'other', 120)]).map((c) => [c.existing.id, c.reason])).toEqual([['DLTB', 'same-name']]);
    expect(layerConflicts(current, [layer('cun', 'villages', 1)]).map((c) => [c.existing.id, c.reason])).toEqual([['CJDCQ', 'same-kind']]);
    expect(layerConflicts(current, [layer('roads', 'other', 5)])).toEqual([]);
  });

  it('adds beside under a new id unless replacing is chosen', () => {
    const current = useProjectStore.getState().layers;
    const beside = placeLayers(current, [layer('DLTB', 'other', 120)], []);
    expect(beside.map((l) => [l.id, l.features.features.length])).toEqual([['DLTB', 8700], ['CJDCQ', 48], ['DLTB_2', 120]]);
    const replaced = placeLayers(current, [layer('cun', 'villages', 1)], ['CJDCQ']);
    expect(replaced.map((l) => l.id)).toEqual(['DLTB', 'cun']);
  });

  it('undoes the latest layer changes, newest first', () => {
    const store = useProjectStore.getState();
    store.addLayers([layer('cun', 'villages', 1)]);
    expect(useProjectStore.getState().layers).toHaveLength(3);
    useProjectStore.getState().placeLayers([layer('cun2', 'villages', 1)], ['CJDCQ'], '替换「CJDCQ」');
    useProjectStore.getState().removeLayer('DLTB');
    expect(useProjectStore.getState().layers.map((l) => l.id)).toEqual(['cun', 'cun2']);
    expect(useProjectStore.getState().undoLayers()?.label).toContain('DLTB');
    expect(useProjectStore.getState().undoLayers()?.label).toBe('替换「CJDCQ」');
    expect(useProjectStore.getState().layers.map((l) => [l.id, l.features.features.length])).toEqual([['DLTB', 8700], ['CJDCQ', 48], ['cun', 1]]);
  });
});
