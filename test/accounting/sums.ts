import { expect } from 'vitest';
import type { Unit } from '../../src/core/accounting/types.ts';

/** Checks that children add up to their parent for every summed field, to rounding. */
export function expectSumsAddUp(units: Unit[]): void {
  const fields = ['plantedMu', 'retiredMu', 'fallowMu', 'forestMu', 'irrigatedForestMu', 'irrigationDemandM3', 'groundwaterDemandM3'] as const;
  for (const parent of units.filter((u) => u.level !== 'village')) {
    const children = units.filter((u) => u.parentCode === parent.code);
    expect(children.length).toBeGreaterThan(0);
    for (const field of fields) {
      const sum = children.reduce((s, c) => s + c[field], 0);
      expect(Math.abs(sum - parent[field])).toBeLessThanOrEqual(children.length * 0.01);
    }
    for (const [crop, mu] of Object.entries(parent.plantedMuByCrop)) {
      const sum = children.reduce((s, c) => s + (c.plantedMuByCrop[crop] ?? 0), 0);
      expect(Math.abs(sum - mu)).toBeLessThanOrEqual(children.length * 1e-3);
    }
    const actual = children.filter((c) => c.actualGroundwaterM3 !== null);
    if (actual.length) expect(actual.reduce((s, c) => s + c.actualGroundwaterM3!, 0)).toBeCloseTo(parent.actualGroundwaterM3!, 1);
    else expect(parent.actualGroundwaterM3).toBeNull();
  }
}

