/**
 * An independent reference for the overlay: JTS (the JavaScript port, jsts — the overlay
 * algorithm GEOS inherited, which PostGIS uses) intersecting the two features on the gnomonic
 * projection of the CGCS2000 authalic sphere, and the result measured as a spherical polygon on
 * that sphere. The formulas (authalic latitude, gnomonic projection, triangle excess) are the
 * textbook ones, written here and sharing no code with src/; no Shuidi clipping, plane or area
 * code is used.
 *
 * Both engines read an edge the same way — a great circle of the authalic sphere, where areas equal
 * ellipsoidal areas — so what is left to differ is the clipping itself (and Shuidi's 1 µm grid).
 */
import geodesic from 'geographiclib-geodesic';
import type { Geometry, Position } from 'geojson';
// jsts ships ES modules without type declarations.
// @ts-expect-error no declaration file
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
// @ts-expect-error no declaration file
import GeoJSONWriter from 'jsts/org/locationtech/jts/io/GeoJSONWriter.js';
// @ts-expect-error no declaration file
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
// @ts-expect-error no declaration file
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
// @ts-expect-error no declaration file
import SnapIfNeededOverlayOp from 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js';

const DEG = Math.PI / 180;
// CGCS2000 and its authalic sphere (Snyder 1987, eq. 3-11 to 3-13): on it, areas equal ellipsoidal areas.
const A = 6_378_137;
const F = 1 / 298.257222101;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const q = (sinPhi: number) =>
  (1 - E2) * (sinPhi / (1 - E2 * sinPhi * sinPhi) - (1 / (2 * E)) * Math.log((1 - E * sinPhi) / (1 + E * sinPhi)));
const QP = q(1);
const R = A * Math.sqrt(QP / 2);
const authalicLat = (lat: number) => Math.asin(Math.max(-1, Math.min(1, q(Math.sin(lat * DEG)) / QP)));
const geod = new geodesic.Geodesic.Geodesic(A, F);
/** As docs/area-and-overlay.md says of Shuidi: an edge longer than 0.01° (lon or lat) follows the geodesic. */
const DENSIFY_DEG = 0.01;
const reader = new GeoJSONReader();
const writer = new GeoJSONWriter();

/** The gnomonic projection of the authalic sphere: great circles are straight lines. */
interface Gnomonic {
  forward(p: Position): Position;
}

export function gnomonic(lon0: number, lat0: number): Gnomonic {
  const b0 = authalicLat(lat0);
  const sin0 = Math.sin(b0);
  const cos0 = Math.cos(b0);
  return {
    forward([lon, lat]) {
      const b = authalicLat(lat);
      const sinB = Math.sin(b);
      const cosB = Math.cos(b);
      const dl = (lon - lon0) * DEG;
      const cosC = sin0 * sinB + cos0 * cosB * Math.cos(dl);
      return [(cosB * Math.sin(dl)) / cosC, (cos0 * sinB - sin0 * cosB * Math.cos(dl)) / cosC];
    },
  };
}

/**
 * Spherical area (m², unsigned per ring, holes subtracted) of a projected Polygon/MultiPolygon:
 * each ring as a fan of spherical triangles from its first vertex, each triangle's excess by
 * Van Oosterom & Strackee (1983): tan(E/2) = a·(b×c) / (1 + a·b + b·c + c·a) for unit vectors.
 * With gnomonic points u = up + x·east + y·north, the triple product of the unnormalised vectors
 * is the planar determinant of the triangle, computed from coordinate differences so that small
 * triangles keep their precision; dividing by |u_a||u_b||u_c| normalises it.
 */
export function sphericalAreaM2(geometry: Geometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      const n = ring.length - 1;
      const norm = ring.map(([x, y]) => Math.sqrt(1 + x * x + y * y));
      const cosine = (i: number, j: number) => (1 + ring[i][0] * ring[j][0] + ring[i][1] * ring[j][1]) / (norm[i] * norm[j]);
      let excess = 0;
      for (let i = 1; i + 1 < n; i++) {
        const [xa, ya] = ring[0];
        const det = (ring[i][0] - xa) * (ring[i + 1][1] - ya) - (ring[i + 1][0] - xa) * (ring[i][1] - ya);
        const triple = det / (norm[0] * norm[i] * norm[i + 1]);
        excess += 2 * Math.atan2(triple, 1 + cosine(0, i) + cosine(i, i + 1) + cosine(i + 1, 0));
      }
      const area = Math.abs(excess) * R * R;
      total += r === 0 ? area : -area;
    });
  }
  return total;
}

/** A ring with the intermediate points of its long edges along the geodesic (GeographicLib). */
function densifyRing(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [lon1, lat1] = ring[i];
    const [lon2, lat2] = ring[i + 1];
    out.push(ring[i]);
    const extent = Math.max(Math.abs(lon2 - lon1), Math.abs(lat2 - lat1));
    if (extent <= DENSIFY_DEG) continue;
    const steps = Math.ceil(extent / DENSIFY_DEG);
    const line = geod.InverseLine(lat1, lon1, lat2, lon2);
    for (let k = 1; k < steps; k++) {
      const p = line.Position((line.s13 * k) / steps);
      out.push([p.lon2!, p.lat2!]);
    }
  }
  out.push(ring[ring.length - 1]);
  return out;
}

function densify(geometry: Geometry): Geometry {
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(densifyRing) };
  if (geometry.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(densifyRing)) };
  return geometry;
}

export function mapGeometry(geometry: Geometry, f: (p: Position) => Position): Geometry {
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map((r) => r.map(f)) };
  if (geometry.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map((r) => r.map(f))) };
  return geometry;
}

export interface ReferencePlane {
  /** a ∩ b area in m², or null when JTS cannot tell (invalid input or a topology error) */
  intersectionAreaM2(a: Geometry, b: Geometry): number | null;
  /** the area of a alone, measured the same way */
  areaM2(a: Geometry): number;
}

export function jstsReference(lon0: number, lat0: number): ReferencePlane {
  const plane = gnomonic(lon0, lat0);
  const read = (g: Geometry) => reader.read(mapGeometry(densify(g), plane.forward));
  return {
    areaM2(a) {
      return sphericalAreaM2(writer.write(read(a)) as Geometry);
    },
    intersectionAreaM2(a, b) {
      try {
        const ja = read(a);
        const jb = read(b);
        if (!IsValidOp.isValid(ja) || !IsValidOp.isValid(jb)) return null;
        const out = SnapIfNeededOverlayOp.overlayOp(ja, jb, OverlayOp.INTERSECTION);
        if (out.isEmpty()) return 0;
        const json = writer.write(out) as Geometry;
        const parts = json.type === 'GeometryCollection' ? json.geometries : [json];
        return parts.reduce((sum, g) => sum + sphericalAreaM2(g), 0);
      } catch {
        return null;
      }
    },
  };
}
