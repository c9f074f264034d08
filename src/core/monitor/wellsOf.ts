/** The monitor's view of a wells layer (docs/contract.md wells fields; EDGL, rated power in kW, optional). */
import { numberOf, text, yes } from '../accounting/attributes.ts';
import { villageCodeOf } from '../codes.ts';
import type { Feature, Geometry, Properties } from '../types.ts';
import type { MonitorWell } from './types.ts';

export function monitorWellsOf(features: readonly Feature<Geometry | null, Properties>[]): MonitorWell[] {
  return features.map((f, index) => {
    const p = f.properties ?? {};
    const g = f.geometry;
    const point = g?.type === 'Point' ? g.coordinates : g?.type === 'MultiPoint' ? g.coordinates[0] : null;
    const village = villageCodeOf(text(p, 'ZLDWDM'));
    return {
      code: text(p, 'JBM') || String(index + 1),
      villageCode: /^\d{12}$/.test(village) ? village : '',
      metered: yes(p, 'SFJL'),
      coefficientM3PerKwh: numberOf(p.ZSXS),
      permittedM3: numberOf(p.QSXKL),
      ratedPowerKw: numberOf(p.EDGL),
      lon: point ? point[0] : Number.NaN,
      lat: point ? point[1] : Number.NaN,
    };
  });
}
