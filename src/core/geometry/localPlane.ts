/**
 * A local integer plane for clipping: the gnomonic projection of the CGCS2000 authalic sphere,
 * centred near the data, in grid units of GRID_UNIT_M metres.
 *
 * Why gnomonic on the authalic sphere: great circles become straight lines, so a clipper working
 * with straight edges computes exactly the pieces bounded by great-circle edges, and the area of a
 * piece can be summed exactly back on the sphere (spherical excess), where areas equal ellipsoidal
 * areas (authalic latitude). Integers, because Clipper2 is robust on integer coordinates.
 */
import { CGCS2000_AUTHALIC, type AuthalicSphere } from './authalic.ts';

/** 1 µm: rounding a vertex moves a 60-亩 plot's area by ~1e-9, and slivers down to a few µm wide survive. */
export const GRID_UNIT_M = 1e-6;
const DEG = Math.PI / 180;

/** A grid point; the shape of Clipper2's Point64. */
export interface GridPoint {
  x: number;
  y: number;
}

export interface LocalPlane {
  lon0: number;
  lat0: number;
  /** writes grid x, y of (lon, lat) into out[offset], out[offset+1]; false if ≥ 80° from the centre */
  forward(lon: number, lat: number, out: Float64Array | number[], offset: number): boolean;
  /** lon/lat of a grid point */
  inverse(x: number, y: number): [number, number];
  /** signed area (counter-clockwise positive) in m² of a closed path of grid points */
  pathAreaM2(path: readonly GridPoint[]): number;
}

export function localPlane(lon0: number, lat0: number, sphere: AuthalicSphere = CGCS2000_AUTHALIC): LocalPlane {
  const sinB0 = sphere.sinBeta(lat0);
  const cosB0 = Math.sqrt(1 - sinB0 * sinB0);
  const unitsPerRadian = sphere.radiusM / GRID_UNIT_M;
  const radiansPerUnit = 1 / unitsPerRadian;
  const minCosC = Math.cos(80 * DEG);
  const areaScaleM2 = sphere.radiusM * sphere.radiusM;
  return {
    lon0,
    lat0,
    forward(lon, lat, out, offset) {
      const sinB = sphere.sinBeta(lat);
      const cosB = Math.sqrt(1 - sinB * sinB);
      const dLon = (lon - lon0) * DEG;
      const cosDLon = Math.cos(dLon);
      const cosC = sinB0 * sinB + cosB0 * cosB * cosDLon;
      if (!(cosC > minCosC)) return false;
      out[offset] = Math.round(((cosB * Math.sin(dLon)) / cosC) * unitsPerRadian);
      out[offset + 1] = Math.round(((cosB0 * sinB - sinB0 * cosB * cosDLon) / cosC) * unitsPerRadian);
      return true;
    },
    inverse(x, y) {
      const gx = x * radiansPerUnit;
      const gy = y * radiansPerUnit;
      const rho = Math.hypot(gx, gy);
      if (rho === 0) return [lon0, lat0];
      const c = Math.atan(rho);
      const sinC = Math.sin(c);
      const cosC = Math.cos(c);
      const sinB = cosC * sinB0 + (gy * sinC * cosB0) / rho;
      const lon = lon0 + Math.atan2(gx * sinC, rho * cosB0 * cosC - gy * sinB0 * sinC) / DEG;
      return [lon, sphere.latDegFromSinBeta(sinB)];
    },
    pathAreaM2(path) {
      return pathExcess(path, radiansPerUnit) * areaScaleM2;
    },
  };
}

/**
 * Spherical excess of a path given in gnomonic coordinates, as a fan of triangles from the
 * projection centre: for vectors a = (0,0,1), b = (x₁,y₁,1), c = (x₂,y₂,1),
 * tan(E/2) = a·(b×c) / (|a||b||c| + (a·b)|c| + (a·c)|b| + (b·c)|a|)
 * (Van Oosterom & Strackee, IEEE Trans. Biomed. Eng. 30(2), 1983).
 */
function pathExcess(path: readonly GridPoint[], scale: number): number {
  const n = path.length;
  if (n < 3) return 0;
  let x1 = path[n - 1].x * scale;
  let y1 = path[n - 1].y * scale;
  let n1 = Math.sqrt(x1 * x1 + y1 * y1 + 1);
  let excess = 0;
  for (let i = 0; i < n; i++) {
    const x2 = path[i].x * scale;
    const y2 = path[i].y * scale;
    const n2 = Math.sqrt(x2 * x2 + y2 * y2 + 1);
    excess += Math.atan2(x1 * y2 - x2 * y1, n1 * n2 + n1 + n2 + x1 * x2 + y1 * y2 + 1);
    x1 = x2;
    y1 = y2;
    n1 = n2;
  }
  return 2 * excess;
}
