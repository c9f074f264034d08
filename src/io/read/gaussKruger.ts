/**
 * Gauss-Krüger (ellipsoidal transverse Mercator) by the Krüger series to 6th order in n, the
 * Poder/Engsager formulation that PROJ's tmerc and proj4js's etmerc use (ported from proj4js
 * lib/projections/etmerc.js, MIT). A direct port without proj4's per-point object handling:
 * import reprojects hundreds of thousands of vertices, and this is ~3× faster. Checked against
 * PROJ cs2cs to 1 mm in test/io/crs.test.ts.
 */
export interface Ellipsoid {
  a: number;
  /** inverse flattening */
  rf: number;
}

export const ELLIPSOIDS: Record<string, Ellipsoid> = {
  GRS80: { a: 6378137, rf: 298.257222101 },
  WGS84: { a: 6378137, rf: 298.257223563 },
  IAU76: { a: 6378140, rf: 298.257 },
  krass: { a: 6378245, rf: 298.3 },
};

export interface TmercParams {
  ellipsoid: Ellipsoid;
  lon0Deg: number;
  lat0Deg: number;
  k0: number;
  x0: number;
  y0: number;
}

const D2R = Math.PI / 180;
const R2D = 180 / Math.PI;

/** Clenshaw summation for the Gauss ↔ geodetic latitude series. */
function gatg(pp: Float64Array, b: number): number {
  const cos2B = 2 * Math.cos(2 * b);
  let h1 = pp[5];
  let h2 = 0;
  let h = h1;
  for (let i = 4; i >= 0; i--) {
    h = -h2 + cos2B * h1 + pp[i];
    h2 = h1;
    h1 = h;
  }
  return b + h * Math.sin(2 * b);
}

function clens(pp: Float64Array, arg: number): number {
  const r = 2 * Math.cos(arg);
  let hr1 = pp[5];
  let hr2 = 0;
  let hr = hr1;
  for (let i = 4; i >= 0; i--) {
    hr = -hr2 + r * hr1 + pp[i];
    hr2 = hr1;
    hr1 = hr;
  }
  return Math.sin(arg) * hr;
}

/** Complex Clenshaw summation; writes [real, imaginary] into out. */
function clensComplex(pp: Float64Array, argR: number, argI: number, out: Float64Array): void {
  const sinR = Math.sin(argR);
  const cosR = Math.cos(argR);
  const sinhI = Math.sinh(argI);
  const coshI = Math.cosh(argI);
  const r = 2 * cosR * coshI;
  const i = -2 * sinR * sinhI;
  let hr = pp[5];
  let hi = 0;
  let hr1 = 0;
  let hi1 = 0;
  for (let j = 4; j >= 0; j--) {
    const hr2 = hr1;
    const hi2 = hi1;
    hr1 = hr;
    hi1 = hi;
    hr = -hr2 + r * hr1 - i * hi1 + pp[j];
    hi = -hi2 + i * hr1 + r * hi1;
  }
  const rr = sinR * coshI;
  const ii = cosR * sinhI;
  out[0] = rr * hr - ii * hi;
  out[1] = rr * hi + ii * hr;
}

export interface GaussKruger {
  /** easting, northing (m) → [lon, lat] in degrees */
  inverse(x: number, y: number): [number, number];
  /** lon, lat in degrees → [easting, northing] (m) */
  forward(lonDeg: number, latDeg: number): [number, number];
}

export function gaussKruger(params: TmercParams): GaussKruger {
  const { a, rf } = params.ellipsoid;
  const f = 1 / rf;
  const n = f / (2 - f);
  const n2 = n * n;
  const cgb = new Float64Array([
    n * (2 + n * (-2 / 3 + n * (-2 + n * (116 / 45 + n * (26 / 45 + n * (-2854 / 675)))))),
    n2 * (7 / 3 + n * (-8 / 5 + n * (-227 / 45 + n * (2704 / 315 + n * (2323 / 945))))),
    n2 * n * (56 / 15 + n * (-136 / 35 + n * (-1262 / 105 + n * (73814 / 2835)))),
    n2 * n2 * (4279 / 630 + n * (-332 / 35 + n * (-399572 / 14175))),
    n2 * n2 * n * (4174 / 315 + n * (-144838 / 6237)),
    n2 * n2 * n2 * (601676 / 22275),
  ]);
  const cbg = new Float64Array([
    n * (-2 + n * (2 / 3 + n * (4 / 3 + n * (-82 / 45 + n * (32 / 45 + n * (4642 / 4725)))))),
    n2 * (5 / 3 + n * (-16 / 15 + n * (-13 / 9 + n * (904 / 315 + n * (-1522 / 945))))),
    n2 * n * (-26 / 15 + n * (34 / 21 + n * (8 / 5 + n * (-12686 / 2835)))),
    n2 * n2 * (1237 / 630 + n * (-12 / 5 + n * (-24832 / 14175))),
    n2 * n2 * n * (-734 / 315 + n * (109598 / 31185)),
    n2 * n2 * n2 * (444337 / 155925),
  ]);
  const utg = new Float64Array([
    n * (-0.5 + n * (2 / 3 + n * (-37 / 96 + n * (1 / 360 + n * (81 / 512 + n * (-96199 / 604800)))))),
    n2 * (-1 / 48 + n * (-1 / 15 + n * (437 / 1440 + n * (-46 / 105 + n * (1118711 / 3870720))))),
    n2 * n * (-17 / 480 + n * (37 / 840 + n * (209 / 4480 + n * (-5569 / 90720)))),
    n2 * n2 * (-4397 / 161280 + n * (11 / 504 + n * (830251 / 7257600))),
    n2 * n2 * n * (-4583 / 161280 + n * (108847 / 3991680)),
    n2 * n2 * n2 * (-20648693 / 638668800),
  ]);
  const gtu = new Float64Array([
    n * (0.5 + n * (-2 / 3 + n * (5 / 16 + n * (41 / 180 + n * (-127 / 288 + n * (7891 / 37800)))))),
    n2 * (13 / 48 + n * (-3 / 5 + n * (557 / 1440 + n * (281 / 630 + n * (-1983433 / 1935360))))),
    n2 * n * (61 / 240 + n * (-103 / 140 + n * (15061 / 26880 + n * (167603 / 181440)))),
    n2 * n2 * (49561 / 161280 + n * (-179 / 168 + n * (6601661 / 7257600))),
    n2 * n2 * n * (34729 / 80640 + n * (-3418889 / 1995840)),
    n2 * n2 * n2 * (212378941 / 319334400),
  ]);
  const qn = (params.k0 / (1 + n)) * (1 + n2 * (1 / 4 + n2 * (1 / 64 + n2 / 256)));
  const z = gatg(cbg, params.lat0Deg * D2R);
  const zb = -qn * (z + clens(gtu, 2 * z));
  const lon0 = params.lon0Deg * D2R;
  const tmp = new Float64Array(2);

  return {
    inverse(x, y) {
      let ce = (x - params.x0) / a / qn;
      let cn = ((y - params.y0) / a - zb) / qn;
      if (Math.abs(ce) > 2.623395162778) return [Infinity, Infinity];
      clensComplex(utg, 2 * cn, 2 * ce, tmp);
      cn += tmp[0];
      ce = Math.atan(Math.sinh(ce + tmp[1]));
      const sinCn = Math.sin(cn);
      const cosCn = Math.cos(cn);
      const sinCe = Math.sin(ce);
      const cosCe = Math.cos(ce);
      const lat = gatg(cgb, Math.atan2(sinCn * cosCe, Math.hypot(sinCe, cosCe * cosCn)));
      const lon = Math.atan2(sinCe, cosCe * cosCn) + lon0;
      return [lon * R2D, lat * R2D];
    },
    forward(lonDeg, latDeg) {
      let ce = lonDeg * D2R - lon0;
      let cn = gatg(cbg, latDeg * D2R);
      const sinCn = Math.sin(cn);
      const cosCn = Math.cos(cn);
      const sinCe = Math.sin(ce);
      const cosCe = Math.cos(ce);
      cn = Math.atan2(sinCn, cosCe * cosCn);
      ce = Math.asinh(Math.tan(Math.atan2(sinCe * cosCn, Math.hypot(sinCn, cosCn * cosCe))));
      clensComplex(gtu, 2 * cn, 2 * ce, tmp);
      return [a * qn * (ce + tmp[1]) + params.x0, a * (qn * (cn + tmp[0]) + zb) + params.y0];
    },
  };
}

/** Reads our own `+proj=tmerc … +ellps=…` definitions; null for anything else (proj4 handles it). */
export function parseTmerc(definition: string): TmercParams | null {
  if (!/^\s*\+proj=tmerc\b/.test(definition)) return null;
  const get = (key: string): string | undefined => new RegExp(`\\+${key}=(\\S+)`).exec(definition)?.[1];
  if (/\+(towgs84|nadgrids|datum|to_meter|axis|approx)\b/.test(definition)) return null;
  const units = get('units');
  if (units !== undefined && units !== 'm') return null;
  const ellps = get('ellps');
  const a = get('a');
  const rf = get('rf');
  const ellipsoid = ellps ? ELLIPSOIDS[ellps] : a && rf ? { a: Number(a), rf: Number(rf) } : ELLIPSOIDS.GRS80;
  if (!ellipsoid || !Number.isFinite(ellipsoid.a) || !Number.isFinite(ellipsoid.rf)) return null;
  const num = (key: string, fallback: number): number => Number(get(key) ?? fallback);
  const params = { ellipsoid, lon0Deg: num('lon_0', 0), lat0Deg: num('lat_0', 0), k0: num('k', num('k_0', 1)), x0: num('x_0', 0), y0: num('y_0', 0) };
  return Object.values(params).every((v) => typeof v === 'object' || Number.isFinite(v)) ? params : null;
}
