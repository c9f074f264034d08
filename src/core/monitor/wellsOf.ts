/** The monitor's view of a wells layer (docs/contract.md wells fields; EDGL, rated power in kW, optional). */
import { numberOf, text, yes } from '../accounting/attributes.ts';
import { villageCodeOf } from '../codes.ts';
import type { Feature, Geometry, Properties } from '../types.ts';
import { pointInRing } from '../selection/selectPlots.ts';
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

const inPolygon = (x: number, y: number, rings: readonly (readonly number[][])[]): boolean =>
  rings.length > 0 && pointInRing(x, y, rings[0]) && !rings.slice(1).some((hole) => pointInRing(x, y, hole));

/**
 * Wells without a village code placed in the village polygon that holds them (as the accounting
 * places them, docs/accounting.md); the others as they are. Returns the wells and how many were placed.
 */
export function placeWellsByLocation(wells: readonly MonitorWell[], villages: readonly Feature<Geometry | null, Properties>[]): { wells: MonitorWell[]; placed: number } {
  let placed = 0;
  const out = wells.map((w) => {
    if (w.villageCode || !Number.isFinite(w.lon)) return w;
    const hit = villages.find((v) => {
      const g = v.geometry;
      const polygons = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
      return polygons.some((rings) => inPolygon(w.lon, w.lat, rings));
    });
    const code = hit ? villageCodeOf(text(hit.properties, 'ZLDWDM') || text(hit.properties, 'CJDM')) : '';
    if (!/^\d{12}$/.test(code)) return w;
    placed++;
    return { ...w, villageCode: code };
  });
  return { wells: out, placed };
}
