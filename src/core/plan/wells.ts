/**
 * Well command areas for "wells freed": the same rule as the map's "plots served by this well"
 * (src/core/selection/wellService.ts): a plot not fed by canals only belongs to the nearest well of
 * its village (or a well of unknown village) within the radius. A well is freed by the plan when
 * it commands at least one plot, every plot it commands is retired or fallow after the plan, and
 * the plan chose at least one of them.
 */
import Flatbush from 'flatbush';
import type { Geometry } from 'geojson';
import { villageCodeOf } from '../codes.ts';
import { centroidOf } from '../selection/plotGeometry.ts';
import { distanceM } from '../selection/selectPlots.ts';
import type { WellPoint } from '../selection/wellService.ts';
import type { Properties } from '../types.ts';

/** The well (index) commanding each plot, or -1. */
export function commandingWells(wells: readonly WellPoint[], plots: readonly Properties[], geometries: readonly (Geometry | null)[], radiusM: number): Int32Array {
  const wellOf = new Int32Array(plots.length).fill(-1);
  const usable = wells.map((w, j) => j).filter((j) => Number.isFinite(wells[j].lon) && Number.isFinite(wells[j].lat));
  if (usable.length === 0) return wellOf;
  const index = new Flatbush(usable.length);
  for (const j of usable) index.add(wells[j].lon, wells[j].lat, wells[j].lon, wells[j].lat);
  index.finish();
  const dLat = (radiusM / 110000) * 1.05;
  plots.forEach((p, i) => {
    if (String(p.SYLX ?? '').trim() === '渠灌') return;
    const c = centroidOf(geometries[i]);
    if (!c) return;
    const [x, y] = c;
    const dLon = dLat / Math.max(0.01, Math.cos((y * Math.PI) / 180));
    const village = p.ZLDWDM === null || p.ZLDWDM === undefined ? '' : villageCodeOf(String(p.ZLDWDM));
    let best = -1;
    let bestM = Infinity;
    for (const hit of index.search(x - dLon, y - dLat, x + dLon, y + dLat)) {
      const j = usable[hit];
      const w = wells[j];
      if (w.villageCode && w.villageCode !== village) continue;
      const d = distanceM(w.lon, w.lat, x, y);
      if (d > radiusM) continue;
      if (d < bestM || (d === bestM && j < best)) {
        bestM = d;
        best = j;
      }
    }
    wellOf[i] = best;
  });
  return wellOf;
}

/**
 * Wells freed: per well, whether its command area is wholly out of planting after the plan
 * (`plantedAfter[i]` false) and the plan chose one of its plots (`chosen[i]`).
 */
export function freedWells(wellOf: Int32Array, wellCount: number, plantedAfter: ArrayLike<number>, chosen: ArrayLike<number>): Uint8Array {
  const commands = new Uint8Array(wellCount);
  const stillPlanted = new Uint8Array(wellCount);
  const touched = new Uint8Array(wellCount);
  for (let i = 0; i < wellOf.length; i++) {
    const w = wellOf[i];
    if (w < 0) continue;
    commands[w] = 1;
    if (plantedAfter[i]) stillPlanted[w] = 1;
    if (chosen[i]) touched[w] = 1;
  }
  const freed = new Uint8Array(wellCount);
  for (let w = 0; w < wellCount; w++) freed[w] = commands[w] && !stillPlanted[w] && touched[w] ? 1 : 0;
  return freed;
}
