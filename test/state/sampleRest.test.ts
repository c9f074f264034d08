/**
 * The sample county's survey, canals and reservoirs come once the county shows coloured: by then
 * the user may have added or removed a layer, or opened another project.
 */
import { describe, expect, it } from 'vitest';
import type { Layer, LayerKind } from '../../src/core/types.ts';
import { withSampleRest } from '../../src/state/projectStore.ts';

const layer = (id: string, kind: LayerKind): Layer => ({ id, kind, name: id, features: { type: 'FeatureCollection', features: [] } }) as unknown as Layer;

const villages = layer('CJDCQ', 'villages');
const plots = layer('ZZDK', 'plots');
const survey = layer('DLTB', 'survey');
const canals = layer('QD', 'canals');
const first = [villages, plots];
// the manifest's order: the survey between the villages and the plots, the canals last
const ordered = [villages, survey, plots, canals];

describe('the rest of the sample county', () => {
  it('goes in the manifest\'s order into the project as it was left', () => {
    expect(withSampleRest({ layers: first, isSample: true }, first, ordered)).toEqual([villages, survey, plots, canals]);
  });

  it('comes after a layer the user added meanwhile, which stays', () => {
    const mine = layer('MINE', 'other');
    expect(withSampleRest({ layers: [...first, mine], isSample: true }, first, ordered)).toEqual([villages, plots, mine, survey, canals]);
  });

  it('does not bring back a sample layer the user removed, nor replace one imported again under its id', () => {
    expect(withSampleRest({ layers: [villages], isSample: true }, first, ordered)).toEqual([villages, survey, canals]);
    const mySurvey = layer('DLTB', 'survey');
    expect(withSampleRest({ layers: [...first, mySurvey], isSample: true }, first, ordered)).toEqual([villages, plots, mySurvey, canals]);
  });

  it('leaves another project alone', () => {
    expect(withSampleRest({ layers: [layer('X', 'villages')], isSample: false }, first, ordered)).toBeNull();
    expect(withSampleRest({ layers: [layer('X', 'villages')], isSample: true }, first, ordered)).toBeNull();
  });
});
