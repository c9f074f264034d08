/**
 * Fast path of phase 1: a plot whose bounding box no village boundary crosses lies wholly inside
 * one village (or outside all of them), so it needs no clipping: its piece is the whole plot,
 * measured by the same ellipsoidal area. In a county most plots are such; only the plots along
 * village boundaries go to the overlay. Boundary segments are indexed with flatbush.
 */
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import { ellipsoidalAreaM2 } from '../geometry/ellipsoidalArea.ts';

/** Boxes are widened by this many degrees (~0.1 m) so a plot touching a boundary is clipped, not guessed. */
const PAD_DEG = 1e-6;

/**
 * How far (in degrees of latitude) a boundary edge, which the overlay takes as a geodesic, may bow
 * away from the straight lon/lat segment indexed here: between two points at latitude φ a great
 * circle reaches φ + sinφ·cosφ·Δλ²/8 (Δλ in radians) at its middle. Doubled for the ellipsoid and
 * for edges that also change latitude; a 5 km east–west edge at 44°N bows ~0.5 m.
 */
function bowDeg(lon0: number, lat0: number, lon1: number, lat1: number): number {
  const dLon = ((lon1 - lon0) * Math.PI) / 180;
  const lat = (((lat0 + lat1) / 2) * Math.PI) / 180;
  return ((2 * Math.abs(Math.sin(lat) * Math.cos(lat)) * dLon * dLon) / 8) * (180 / Math.PI);
}

export function polygonsOf(geometry: Geometry | null | undefined): Position[][][] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/** Ray casting on lon/lat (even-odd over all rings, so holes count). */
export function pointInRings(x: number, y: number, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

export function bboxOf(polygons: Position[][][]): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

export interface VillageLocator {
  /** index of the village feature holding the point, or -1 */
  featureAt(x: number, y: number): number;
  /** true when some village boundary passes through the box */
  boundaryCrosses(box: [number, number, number, number]): boolean;
}

export function villageLocator(villages: readonly (Geometry | null)[]): VillageLocator {
  const shapes = villages.map((g) => polygonsOf(g));
  const boxes = shapes.map(bboxOf);
  let segmentCount = 0;
  for (const polygons of shapes) for (const rings of polygons) for (const ring of rings) segmentCount += Math.max(0, ring.length - 1);
  const segments = new Flatbush(Math.max(1, segmentCount));
  for (const polygons of shapes) {
    for (const rings of polygons) {
      for (const ring of rings) {
        for (let i = 1; i < ring.length; i++) {
          const [x0, y0] = ring[i - 1];
          const [x1, y1] = ring[i];
          const bow = bowDeg(x0, y0, x1, y1);
          segments.add(Math.min(x0, x1), Math.min(y0, y1) - bow, Math.max(x0, x1), Math.max(y0, y1) + bow);
        }
      }
    }
  }
  if (segmentCount === 0) segments.add(0, 0, 0, 0);
  segments.finish();
  return {
    featureAt(x, y) {
      return shapes.findIndex((polygons, k) => {
        const b = boxes[k];
        return b !== null && x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3] && polygons.some((rings) => pointInRings(x, y, rings));
      });
    },
    boundaryCrosses([w, s, e, n]) {
      return segmentCount > 0 && segments.search(w - PAD_DEG, s - PAD_DEG, e + PAD_DEG, n + PAD_DEG).length > 0;
    },
  };
}

export interface InteriorSplit {
  /** plot index → village feature index (-1 outside every village) for plots that need no clipping */
  interiorVillage: Map<number, number>;
  interiorAreaM2: Map<number, number>;
  /** plots along a boundary, for the overlay */
  boundary: number[];
}

export function splitInterior(plots: readonly (Geometry | null)[], locator: VillageLocator): InteriorSplit {
  const interiorVillage = new Map<number, number>();
  const interiorAreaM2 = new Map<number, number>();
  const boundary: number[] = [];
  plots.forEach((geometry, index) => {
    const polygons = polygonsOf(geometry);
    const box = bboxOf(polygons);
    if (!box) {
      interiorVillage.set(index, -1);
      interiorAreaM2.set(index, 0);
      return;
    }
    if (locator.boundaryCrosses(box)) {
      boundary.push(index);
      return;
    }
    const [x, y] = polygons[0][0][0];
    interiorVillage.set(index, locator.featureAt(x, y));
    interiorAreaM2.set(index, ellipsoidalAreaM2(geometry));
  });
  return { interiorVillage, interiorAreaM2, boundary };
}
