import { beforeEach, describe, expect, it } from 'vitest';
import { NoOperatorError, addYear, changesSince, editClock, editSnapshot, effectivePlotLayer, effectivePlotProperties, useEditStore } from '../../src/state/editStore.ts';
import { useProjectStore } from '../../src/state/projectStore.ts';
import { verifyChain } from '../../src/core/edits/index.ts';
import { deepFreeze, squarePlots } from '../edits/helpers.ts';

const layer = deepFreeze(squarePlots(50));
const zt = (year: number, id: string) => effectivePlotProperties(layer, year, id)?.ZT;

beforeEach(() => {
  useEditStore.getState().reset();
  useProjectStore.setState({ layers: [layer], years: [2024], year: 2024 });
  useEditStore.getState().setUserName('张三');
  let tick = 0;
  editClock.now = () => new Date(Date.UTC(2025, 5, 1, 8, 0, tick++)).toISOString();
});

describe('edit store', () => {
  it('refuses every change without an operator name: no name, no edit, no entry', () => {
    const s = useEditStore.getState();
    s.setUserName('  ');
    expect(() => s.setValues({ layer, year: 2024, plotIds: ['D1'], values: { ZT: '休耕' } })).toThrow(NoOperatorError);
    expect(() => addYear()).toThrow(NoOperatorError);
    expect(() => s.recordEvent({ action: 'table-edit', detail: '修改用水定额表' })).toThrow(NoOperatorError);
    expect(useEditStore.getState().audit).toEqual([]);
    expect(zt(2024, 'D1')).toBe('种植');
    expect(useProjectStore.getState().years).toEqual([2024]);
    s.setUserName('王五');
    expect(s.recordEvent({ action: 'table-edit', detail: '修改用水定额表' })).toMatchObject({ user: '王五', action: 'table-edit', year: 2024 });
  });

  it('sets values for a selection, undoes and redoes them, with an audit entry for each', () => {
    const s = useEditStore.getState();
    s.setUserName('张三');
    expect(s.setValues({ layer, year: 2024, plotIds: ['D1', 'D2'], values: { ZT: '休耕' }, reason: '轮作' })).not.toBeNull();
    s.setValues({ layer, year: 2024, plotIds: ['D2', 'D3'], values: { ZT: '退减', ZZZW: '玉米' } });
    expect([zt(2024, 'D1'), zt(2024, 'D2'), zt(2024, 'D3')]).toEqual(['休耕', '退减', '退减']);
    useEditStore.getState().undo(2024);
    expect([zt(2024, 'D1'), zt(2024, 'D2'), zt(2024, 'D3')]).toEqual(['休耕', '休耕', '种植']);
    useEditStore.getState().undo(2024);
    expect([zt(2024, 'D1'), zt(2024, 'D2')]).toEqual(['种植', '种植']);
    expect(useEditStore.getState().overrides).toEqual({});
    expect(useEditStore.getState().undo(2024)).toBeNull();
    useEditStore.getState().redo(2024);
    useEditStore.getState().redo(2024);
    expect(effectivePlotProperties(layer, 2024, 'D3')).toMatchObject({ ZT: '退减', ZZZW: '玉米', DKBM: 'D3' });
    expect(useEditStore.getState().redo(2024)).toBeNull();

    const audit = useEditStore.getState().audit;
    expect(audit.map((e) => e.action)).toEqual(['edit', 'edit', 'undo', 'undo', 'redo', 'redo']);
    expect(audit[0]).toMatchObject({ user: '张三', reason: '轮作', year: 2024, plotIds: ['D1', 'D2'], time: '2025-06-01T08:00:00.000Z' });
    expect(audit[2].changes?.D3.ZT).toMatchObject({ before: '退减', after: '种植' });
    expect(verifyChain(audit)).toMatchObject({ ok: true, length: 6 });
  });

  it('a new edit clears the redo stack; undo is per year', () => {
    const s = useEditStore.getState();
    s.setValues({ layer, year: 2024, plotIds: ['D1'], values: { ZT: '休耕' } });
    s.undo(2024);
    s.setValues({ layer, year: 2024, plotIds: ['D4'], values: { ZT: '退减' } });
    expect(useEditStore.getState().redo(2024)).toBeNull();
    expect(useEditStore.getState().undo(2025)).toBeNull();
    expect(zt(2024, 'D4')).toBe('退减');
  });

  it('a new year starts as a copy of the previous year, then goes its own way', () => {
    useEditStore.getState().setValues({ layer, year: 2024, plotIds: ['D1', 'D2'], values: { ZT: '休耕' } });
    expect(addYear()).toBe(2025);
    expect(useProjectStore.getState()).toMatchObject({ years: [2024, 2025], year: 2025 });
    expect(zt(2025, 'D1')).toBe('休耕');
    useEditStore.getState().setValues({ layer, year: 2025, plotIds: ['D1'], values: { ZT: '种植' } });
    expect(zt(2025, 'D1')).toBe('种植');
    expect(zt(2024, 'D1')).toBe('休耕');
    expect(zt(2025, 'D2')).toBe('休耕');
    expect(() => addYear(2025)).toThrow(/2025/);
    const audit = useEditStore.getState().audit;
    expect(audit[1]).toMatchObject({ action: 'new-year', year: 2025, detail: '复制自 2024 年度' });
  });

  it('tells the accounting what changed since a version, and keeps effective layers memoised', () => {
    const v0 = useEditStore.getState().version;
    useEditStore.getState().setValues({ layer, year: 2024, plotIds: ['D5'], values: { ZT: '休耕' } });
    useEditStore.getState().setValues({ layer, year: 2024, plotIds: ['D6', 'D7'], values: { GGFS: '漫灌' } });
    const changes = changesSince(v0)!;
    expect(changes.map((c) => c.plotIds)).toEqual([['D5'], ['D6', 'D7']]);
    expect(changes[1].fields).toEqual(['GGFS']);
    expect(changesSince(useEditStore.getState().version)).toEqual([]);
    expect(changesSince(-100)).toBeNull();
    const a = effectivePlotLayer(layer, 2024);
    expect(effectivePlotLayer(layer, 2024)).toBe(a);
    expect(a.features.features[5].properties.ZT).toBe('休耕');
    expect(effectivePlotLayer(layer, 2023)).toBe(layer);
  });

  it('selects by replace, add, toggle and remove', () => {
    const s = useEditStore.getState();
    s.select('plots', ['D1', 'D2']);
    s.select('plots', ['D3'], 'add');
    s.select('plots', ['D1', 'D4'], 'toggle');
    expect([...useEditStore.getState().selection.plotIds].sort()).toEqual(['D2', 'D3', 'D4']);
    s.select('plots', ['D2'], 'remove');
    expect(editSnapshot().selection).toEqual({ layerId: 'plots', plotIds: ['D3', 'D4'] });
    s.clearSelection();
    expect(useEditStore.getState().selection.plotIds.size).toBe(0);
  });
});
