import { describe, expect, it } from 'vitest';
import {
  applyEdit,
  baseProperties,
  effectiveLayer,
  effectivePlotProperties,
  EditConflictError,
  invertEdit,
  makeEdit,
  overridesFor,
  overridesFromPlain,
  overridesToPlain,
  type Edit,
  type OverridesByYear,
} from '../../src/core/edits/index.ts';
import type { PropertyValue } from '../../src/core/types.ts';
import { mulberry32 } from '../../scripts/sample/prng.ts';
import { deepFreeze, pick, squarePlots } from './helpers.ts';

const layer = deepFreeze(squarePlots(300));
const baseOf = (plotId: string) => baseProperties(layer, plotId);

function edit(overrides: OverridesByYear, year: number, plotIds: string[], values: Record<string, PropertyValue>): Edit | null {
  return makeEdit({ year, layerId: layer.id, plotIds, values, baseOf, table: overridesFor(overrides, year, layer.id) });
}

const VALUES: Record<string, PropertyValue[]> = {
  ZT: ['种植', '退减', '休耕'],
  ZZZW: ['小麦', '棉花', '玉米', '<img src=x onerror=alert(1)>'],
  GGFS: ['滴灌', '喷灌', '管灌', '漫灌', null],
  SYLX: ['井灌', '渠灌', '井渠混灌'],
};

function randomEdit(random: () => number, overrides: OverridesByYear, year: number): Edit | null {
  const count = 1 + Math.floor(random() * 20);
  const plotIds = Array.from({ length: count }, () => `D${Math.floor(random() * 300)}`);
  const values: Record<string, PropertyValue> = {};
  for (const field of Object.keys(VALUES)) if (random() < 0.5) values[field] = pick(random, VALUES[field]);
  if (Object.keys(values).length === 0) values.ZT = pick(random, VALUES.ZT);
  return edit(overrides, year, plotIds, values);
}

describe('makeEdit / applyEdit', () => {
  it('records before and after per plot and field, only what changes', () => {
    const e = edit({}, 2025, ['D0', 'D1', 'D1'], { ZT: '休耕', GGFS: '滴灌' })!;
    expect(e.plotIds).toEqual(['D0', 'D1']);
    expect(e.changes.D0).toEqual({ ZT: { before: '种植', after: '休耕', overriddenBefore: false, overriddenAfter: true } });
    const next = applyEdit({}, e);
    expect(effectivePlotProperties(layer, overridesFor(next, 2025, 'plots'), 'D0')?.ZT).toBe('休耕');
    expect(effectivePlotProperties(layer, overridesFor(next, 2024, 'plots'), 'D0')?.ZT).toBe('种植');
    expect(layer.features.features[0].properties.ZT).toBe('种植');
  });

  it('returns null when nothing changes and throws on an unknown plot', () => {
    expect(edit({}, 2025, ['D0'], { ZT: '种植' })).toBeNull();
    expect(() => edit({}, 2025, ['nope'], { ZT: '休耕' })).toThrow(/nope/);
  });

  it('drops the override when a value is set back to the layer value', () => {
    const first = applyEdit({}, edit({}, 2025, ['D3'], { ZT: '退减' })!);
    const back = edit(first, 2025, ['D3'], { ZT: '种植' })!;
    expect(back.changes.D3.ZT.overriddenAfter).toBe(false);
    expect(applyEdit(first, back)).toEqual({});
  });

  it('refuses an edit whose before values are not the current ones', () => {
    const e = edit({}, 2025, ['D0'], { ZT: '休耕' })!;
    const once = applyEdit({}, e);
    expect(() => applyEdit(once, e)).toThrow(EditConflictError);
  });

  it('does not mutate its inputs and shares untouched tables', () => {
    const e = deepFreeze(edit({}, 2025, ['D0'], { ZT: '休耕' })!);
    const start = applyEdit({}, edit({}, 2024, ['D5'], { ZT: '退减' })!);
    deepFreeze(start);
    const next = applyEdit(start, e);
    expect(next['2024']).toBe(start['2024']);
  });

  it('apply then invert is the identity, for random edits and for sequences (seeded)', () => {
    const random = mulberry32(20250601); // seeded so the property test is reproducible
    let overrides: OverridesByYear = {};
    const applied: { before: OverridesByYear; edit: Edit }[] = [];
    for (let step = 0; step < 400; step++) {
      const year = pick(random, [2024, 2025]);
      const e = randomEdit(random, overrides, year);
      if (!e) continue;
      const after = applyEdit(overrides, e);
      expect(overridesToPlain(applyEdit(after, invertEdit(e)))).toEqual(overridesToPlain(overrides));
      expect(invertEdit(invertEdit(e))).toEqual(e);
      applied.push({ before: overrides, edit: e });
      overrides = after;
    }
    expect(applied.length).toBeGreaterThan(300);
    for (const { before, edit: e } of applied.reverse()) {
      overrides = applyEdit(overrides, invertEdit(e));
      expect(overridesToPlain(overrides)).toEqual(overridesToPlain(before));
    }
    expect(overridesToPlain(overrides)).toEqual({});
  });

  it('effectiveLayer replaces only overridden features and round-trips through plain JSON', () => {
    const overrides = applyEdit({}, edit({}, 2025, ['D7', 'D8'], { ZT: '休耕', ZZZW: '玉米' })!);
    const table = overridesFor(overrides, 2025, 'plots');
    const eff = effectiveLayer(layer, table);
    expect(eff.features.features[7].properties).toMatchObject({ ZT: '休耕', ZZZW: '玉米', DKBM: 'D7' });
    expect(eff.features.features[6]).toBe(layer.features.features[6]);
    const restored = overridesFromPlain(JSON.parse(JSON.stringify(overridesToPlain(overrides))));
    expect(overridesToPlain(restored)).toEqual(overridesToPlain(overrides));
    expect(effectiveLayer(layer, overridesFor(restored, 2025, 'plots')).features.features[8].properties.ZT).toBe('休耕');
  });
});
