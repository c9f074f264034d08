/**
 * The authalic (equal-area) sphere of an ellipsoid. Mapping geodetic latitude φ to authalic
 * latitude β preserves area exactly: any region of the ellipsoid has the same area as its image
 * on the sphere of radius R_q. Formulas: Snyder, "Map Projections — A Working Manual" (USGS PP
 * 1395, 1987), eq. 3-11 (q), 3-12 (q_p), 3-13 (R_q) and 3-18 (β).
 */
import { CGCS2000 } from '../units.ts';

export interface Ellipsoid {
  /** semi-major axis, metres */
  a: number;
  /** flattening */
  f: number;
}

export interface AuthalicSphere {
  ellipsoid: Ellipsoid;
  /** authalic radius R_q, metres */
  radiusM: number;
  /** sin β of a geodetic latitude given in degrees */
  sinBeta(latDeg: number): number;
  /** geodetic latitude (degrees) of an authalic latitude given by sin β */
  latDegFromSinBeta(sinBeta: number): number;
}

const DEG = Math.PI / 180;

export function authalicSphere(ellipsoid: Ellipsoid): AuthalicSphere {
  const e2 = ellipsoid.f * (2 - ellipsoid.f);
  const e = Math.sqrt(e2);
  const q = (sinPhi: number): number =>
    (1 - e2) *
    (sinPhi / (1 - e2 * sinPhi * sinPhi) + Math.atanh(e * sinPhi) / e);
  const qp = q(1);
  const radiusM = ellipsoid.a * Math.sqrt(qp / 2);
  // Inverse (β → φ): Snyder eq. 3-18 series; then two Newton steps on q(φ) for full precision.
  const c2 = e2 / 3 + (31 * e2 * e2) / 180 + (517 * e2 * e2 * e2) / 5040;
  const c4 = (23 * e2 * e2) / 360 + (251 * e2 * e2 * e2) / 3780;
  const c6 = (761 * e2 * e2 * e2) / 45360;
  return {
    ellipsoid,
    radiusM,
    sinBeta: (latDeg) => q(Math.sin(latDeg * DEG)) / qp,
    latDegFromSinBeta(sinBeta) {
      const beta = Math.asin(Math.max(-1, Math.min(1, sinBeta)));
      let phi = beta + c2 * Math.sin(2 * beta) + c4 * Math.sin(4 * beta) + c6 * Math.sin(6 * beta);
      const target = sinBeta * qp;
      for (let i = 0; i < 2 && Math.abs(phi) < Math.PI / 2 - 1e-9; i++) {
        const s = Math.sin(phi);
        const w = 1 - e2 * s * s;
        // dq/dφ = 2 (1 − e²) cos φ / (1 − e² sin²φ)²
        phi -= (q(s) - target) / ((2 * (1 - e2) * Math.cos(phi)) / (w * w));
      }
      return phi / DEG;
    },
  };
}

export const CGCS2000_AUTHALIC = authalicSphere(CGCS2000);
