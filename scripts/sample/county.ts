/**
 * The fictional county's outline: the real 昌吉市 outline (data/changji-outline, GeoMapData_CN)
 * cut to its irrigated central belt between the Tianshan foothills and the desert edge, with
 * gently wavy southern and northern limits.
 */
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { type Frame, fromGk, lonLatToGk } from './frame.ts';
import type { Rng } from './prng.ts';
import type { Poly, Pt } from './types.ts';
import { signedArea } from './trace.ts';

export const SOUTH_LAT = 44.075;
export const NORTH_LAT = 44.285;

export function countyOutline(real: FeatureCollection, frame: Frame, rng: Rng): Poly[] {
  const outline = real.features[0] as Feature<Polygon | MultiPolygon>;
  const toFrame = (p: number[]): Pt => fromGk(frame, lonLatToGk(p));
  const projected = turf.multiPolygon(
    (outline.geometry.type === 'Polygon' ? [outline.geometry.coordinates] : outline.geometry.coordinates).map((poly) =>
      poly.map((ring) => ring.map(toFrame)),
    ),
  );
  const phase = [rng.uniform(0, 6.28), rng.uniform(0, 6.28), rng.uniform(0, 6.28), rng.uniform(0, 6.28)];
  const south: Pt[] = [];
  const north: Pt[] = [];
  for (let lon = 86.8; lon <= 87.7 + 1e-9; lon += 0.01) {
    const wave = (k: number) => 0.008 * Math.sin(lon * 37 + phase[k]) + 0.005 * Math.sin(lon * 91 + phase[k + 1]);
    south.push(toFrame([lon, SOUTH_LAT + wave(0)]));
    north.push(toFrame([lon, NORTH_LAT + wave(2)]));
  }
  const band = turf.polygon([[...south, ...north.reverse(), south[0]]]);
  const clipped = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([projected, band]));
  if (!clipped) throw new Error('the county band does not meet the 昌吉市 outline');
  const polys = clipped.geometry.type === 'Polygon' ? [clipped.geometry.coordinates] : clipped.geometry.coordinates;
  // keep the main piece only: slivers of the real outline's wiggles are not a county
  const main = polys.reduce((a, b) => (Math.abs(signedArea(b[0] as Pt[])) > Math.abs(signedArea(a[0] as Pt[])) ? b : a));
  return [main.map((ring) => ring.map(([u, v]) => [u, v] as Pt))];
}
