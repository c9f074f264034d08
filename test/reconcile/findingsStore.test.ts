/** The findings store: marks survive a re-run, the filter, and the persisted state round trip. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  countByKind,
  filterFindings,
  getPersistedState,
  loadPersistedState,
  useFindingsStore,
} from '../../src/state/findingsStore.ts';
import { reconcileLayers } from '../../src/core/reconcile/reconcileLayers.ts';
import { overlayEngine } from '../../src/core/reconcile/realEngine.ts';
import { fixtureLayers } from './fixtureLayers.ts';

const report = await reconcileLayers(fixtureLayers('basic'), {}, overlayEngine());
const initial = useFindingsStore.getState();

describe('findings store', () => {
  beforeEach(() => useFindingsStore.setState(initial, true));

  it('keeps marks by finding key across re-runs', async () => {
    const store = useFindingsStore.getState();
    store.finishRun(report);
    store.mark('plot_overlap|PC1|PC2', { status: 'dismissed', reason: '同一户' });
    store.select('plot_overlap|PC1|PC2');
    const again = await reconcileLayers(fixtureLayers('basic'), {}, overlayEngine());
    useFindingsStore.getState().finishRun(again);
    const s = useFindingsStore.getState();
    expect(s.report).toBe(again);
    expect(s.marks['plot_overlap|PC1|PC2']).toMatchObject({ status: 'dismissed', reason: '同一户' });
    expect(s.selectedKey).toBe('plot_overlap|PC1|PC2');
    useFindingsStore.getState().mark('plot_overlap|PC1|PC2', null);
    expect(useFindingsStore.getState().marks).toEqual({});
  });

  it('filters by kind, village, minimum area and mark, largest first', () => {
    const all = filterFindings(report.findings, EMPTY_FILTER, {});
    expect(all).toHaveLength(report.findings.length);
    expect(all.map((f) => f.areaMu)).toEqual([...all.map((f) => f.areaMu)].sort((a, b) => b - a));
    expect(filterFindings(report.findings, { ...EMPTY_FILTER, kind: 'village_mismatch' }, {}).map((f) => f.featureId)).toEqual(['PE1', 'PE2']);
    expect(filterFindings(report.findings, { ...EMPTY_FILTER, villageCode: '652301100002' }, {})).toHaveLength(2);
    expect(filterFindings(report.findings, { ...EMPTY_FILTER, minAreaMu: 100 }, {}).every((f) => f.areaMu >= 100)).toBe(true);
    const marks = { 'area_mismatch|PC1|': { status: 'fixed' as const } };
    expect(filterFindings(report.findings, { ...EMPTY_FILTER, marks: 'marked' }, marks).map((f) => f.key)).toEqual(['area_mismatch|PC1|']);
    expect(filterFindings(report.findings, { ...EMPTY_FILTER, marks: 'open' }, marks)).toHaveLength(report.findings.length - 1);
    expect(countByKind(report.findings).get('village_mismatch')?.count).toBe(2);
  });

  it('saves and restores marks, settings and the report', () => {
    const store = useFindingsStore.getState();
    store.finishRun(report);
    store.setSettings({ minOverlapMu: 2 });
    store.mark('uncovered_cultivated|S8|', { status: 'confirmed' });
    const saved = JSON.parse(JSON.stringify(getPersistedState()));
    useFindingsStore.setState(initial, true);
    loadPersistedState(saved);
    const s = useFindingsStore.getState();
    expect(s.settings.minOverlapMu).toBe(2);
    expect(s.marks['uncovered_cultivated|S8|'].status).toBe('confirmed');
    expect(s.report?.findings).toHaveLength(report.findings.length);
    loadPersistedState('garbage');
    expect(useFindingsStore.getState().marks['uncovered_cultivated|S8|'].status).toBe('confirmed');
  });
});
