/**
 * Ellipsoidal area of lon/lat polygons on CGCS2000, with edges taken as geodesics (the
 * interpretation of GeographicLib and PostGIS ST_Area(geography)); see docs/area-and-overlay.md.
 *
 * Small rings (every parcel, plot and village) are summed on the authalic sphere, which keeps
 * areas exactly; the only approximation is that an edge is a great circle of that sphere instead
 * of a geodesic of the ellipsoid, which moves a 1 km edge by well under a millimetre (measured
 * against GeographicLib: see test/geometry/ellipsoidalArea.test.ts). Large rings, rings near a
 * pole and rings crossing the antimeridian go to GeographicLib's exact polygon area.
 */
import geodesic from 'geographiclib-geodesic';
import type { Geometry, Position } from 'geojson';
import { CGCS2000 } from '../units.ts';
import { authalicSphere, type AuthalicSphere, type Ellipsoid } from './authalic.ts';

const DEG = Math.PI / 180;
/** Rings whose lon or lat extent exceeds this many degrees are measured by GeographicLib. */
export const SMALL_RING_MAX_EXTENT_DEG = 0.05;
const SMALL_RING_MAX_ABS_LAT_DEG = 85;

export interface AreaCalculator {
  /** signed area of one ring (counter-clockwise positive), m² */
  ringSignedAreaM2(ring: Position[]): number;
  /** |area| of a Polygon or MultiPolygon, holes subtracted; 0 for anything else */
  geometryAreaM2(geometry: Geometry | null | undefined): number;
}

/** An area calculator for any ellipsoid (tests use WGS84 to match published reference cases). */
export function makeAreaCalculator(ellipsoid: Ellipsoid): AreaCalculator {
  const sphere = authalicSphere(ellipsoid);
  const geod = new geodesic.Geodesic.Geodesic(ellipsoid.a, ellipsoid.f);
  const ringSignedAreaM2 = (ring: Position[]): number =>
    isSmallRing(ring) ? smallRingSignedAreaM2(ring, sphere) : geodesicRingSignedAreaM2(ring, geod);
  const polygonAreaM2 = (rings: Position[][]): number => {
    let areaM2 = 0;
    for (let i = 0; i < rings.length; i++) {
      const ringAreaM2 = Math.abs(ringSignedAreaM2(rings[i]));
      areaM2 += i === 0 ? ringAreaM2 : -ringAreaM2;
    }
    return Math.max(0, areaM2);
  };
  return {
    ringSignedAreaM2,
    geometryAreaM2(geometry) {
      if (!geometry) return 0;
      if (geometry.type === 'Polygon') return polygonAreaM2(geometry.coordinates);
      if (geometry.type === 'MultiPolygon') {
        let areaM2 = 0;
        for (const polygon of geometry.coordinates) areaM2 += polygonAreaM2(polygon);
        return areaM2;
      }
      return 0;
    },
  };
}

const cgcs2000Calculator = makeAreaCalculator(CGCS2000);

/**
 * Area in m² of a lon/lat Polygon or MultiPolygon on the CGCS2000 ellipsoid: outer rings minus
 * holes, orientation ignored. 0 for null and for every other geometry type.
 *
 * @example ellipsoidalAreaM2({ type: 'Polygon', coordinates: [[[87, 44], [87.01, 44], [87.01, 44.01], [87, 44]]] })
 */
export function ellipsoidalAreaM2(geometry: Geometry | null | undefined): number {
  return cgcs2000Calculator.geometryAreaM2(geometry);
}

/** Signed area (counter-clockwise positive) of one lon/lat ring on CGCS2000, m². */
export function ringSignedAreaM2(ring: Position[]): number {
  return cgcs2000Calculator.ringSignedAreaM2(ring);
}

function isSmallRing(ring: Position[]): boolean {
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const p of ring) {
    if (p[0] < west) west = p[0];
    if (p[0] > east) east = p[0];
    if (p[1] < south) south = p[1];
    if (p[1] > north) north = p[1];
  }
  return (
    east - west <= SMALL_RING_MAX_EXTENT_DEG &&
    north - south <= SMALL_RING_MAX_EXTENT_DEG &&
    Math.max(Math.abs(south), Math.abs(north)) <= SMALL_RING_MAX_ABS_LAT_DEG
  );
}

/**
 * Sum over edges of the spherical excess of the quadrilateral between the edge (a great circle
 * of the authalic sphere) and the equator: tan(E/2) = tan(Δλ/2)·(t₁+t₂)/(1+t₁t₂), t = tan(β/2)
 * (Chamberlain & Duquette, "Some algorithms for polygons on a sphere", JPL 2007, eq. for the
 * "trapezoid" excess). The sum over a closed ring is its area; the closing vertex may be repeated.
 */
export function smallRingSignedAreaM2(ring: Position[], sphere: AuthalicSphere): number {
  const n = ring.length;
  if (n < 3) return 0;
  let previousLon = ring[n - 1][0];
  let previousT = tanHalfBeta(sphere.sinBeta(ring[n - 1][1]));
  let excess = 0;
  for (let i = 0; i < n; i++) {
    const lon = ring[i][0];
    const t = tanHalfBeta(sphere.sinBeta(ring[i][1]));
    const halfDeltaLon = (lon - previousLon) * (DEG / 2);
    excess += Math.atan((Math.tan(halfDeltaLon) * (previousT + t)) / (1 + previousT * t));
    previousLon = lon;
    previousT = t;
  }
  // The trapezoid sum is clockwise-positive; flip it to the GeoJSON/GeographicLib convention.
  return -2 * excess * sphere.radiusM * sphere.radiusM;
}

function tanHalfBeta(sinBeta: number): number {
  return sinBeta / (1 + Math.sqrt(1 - sinBeta * sinBeta));
}

interface GeodesicLike {
  Polygon(polyline?: boolean): {
    AddPoint(lat: number, lon: number): void;
    Compute(reverse: boolean, sign: boolean): { area?: number };
  };
}

function geodesicRingSignedAreaM2(ring: Position[], geod: GeodesicLike): number {
  const polygon = geod.Polygon(false);
  let n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
  if (n < 3) return 0;
  for (let i = 0; i < n; i++) polygon.AddPoint(ring[i][1], ring[i][0]);
  return polygon.Compute(false, true).area ?? 0;
}
