/**
 * An independent cross-check on real-looking geometry: a cut of the sample county
 * (test/fixtures/reconcile/sample-extract, see its README.md) with two findings of every kind,
 * whose areas PostGIS computed (expected.sql → expected.txt, ST_Area on geography, SRID 4490).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { m2ToMu } from '../../src/core/units.ts';
import { reconcileLayers } from '../../src/core/reconcile/reconcileLayers.ts';
import { overlayEngine } from '../../src/core/reconcile/realEngine.ts';
import { expectedAreasM2, fixtureLayers } from './fixtureLayers.ts';

interface Picked {
  key: string;
  kind: string;
}

const DIR = 'sample-extract';
const picked = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/reconcile', DIR, 'picked.json'), 'utf8')) as Picked[];
const postgis = expectedAreasM2(DIR);

/** PostGIS intersects with straight lon/lat edges, the overlay with geodesic ones: measured ≤ 0.0008 亩 apart here. */
const TOLERANCE_MU = 0.002;

describe('PostGIS cross-check on a cut of the sample county', () => {
  const report = reconcileLayers(fixtureLayers(DIR), {}, overlayEngine());

  it.each(picked.map((p) => [p.key, p] as const))('%s', async (key) => {
    const finding = (await report).findings.find((f) => f.key === key);
    expect(finding, `finding ${key}`).toBeDefined();
    const expectedMu = m2ToMu(postgis.get(key)!);
    expect(Math.abs(finding!.areaMu - expectedMu)).toBeLessThan(TOLERANCE_MU);
  });
});
