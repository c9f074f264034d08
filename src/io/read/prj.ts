/**
 * .prj / user CRS text → an explicit proj4 definition, the catalogue code and how it was found.
 * Gauss-Krüger / Transverse Mercator on a Chinese datum becomes
 * `+proj=tmerc +lat_0=0 +lon_0=CM +k=1 +x_0=FE +y_0=0 +ellps=GRS80|IAU76|krass` (never raw WKT);
 * other projections fall back to proj4's own WKT1 reader.
 */
import { GCJ02_CODE, GCJ02_DEFINITION } from './gcj02.ts';
import type { CrsInfo, CrsSource } from '../../core/types.ts';
import { child, find, nameOf, numberArg, parameters, parseWkt, type WktNode } from './wkt.ts';
import {
  crsByCode,
  findGaussKruger,
  longlatProj4,
  tmercProj4,
  type CatalogueCrs,
  type ChineseDatum,
} from './chineseCrs.ts';

export interface ResolvedCrs {
  info: CrsInfo;
  datum: ChineseDatum | 'other';
  geographic: boolean;
  /** human-readable cautions, e.g. the Xian 1980 → CGCS2000 datum note */
  cautions: string[];
}

const PROJECTED = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];
const GEOGRAPHIC = ['GEOGCS', 'GEOGCRS', 'GEODCRS', 'GEOGRAPHICCRS', 'GEODETICCRS', 'BASEGEOGCRS', 'BASEGEODCRS'];

export function datumCaution(datum: ChineseDatum | 'other'): string[] {
  if (datum === 'Xian1980' || datum === 'Beijing1954') {
    const name = datum === 'Xian1980' ? 'Xian 1980' : 'Beijing 1954';
    const size = datum === 'Xian1980' ? 'metre-level offsets' : 'offsets of metres to tens of metres';
    return [
      `${name} coordinates are treated as CGCS2000 lon/lat: no datum shift parameters are known, expect ${size}; supply the bureau's transformation parameters to correct them`,
    ];
  }
  return [];
}

function fromCatalogue(entry: CatalogueCrs, source: CrsSource, detail: string): ResolvedCrs {
  return {
    info: { code: entry.code, name: entry.name, proj4: entry.kind === 'geographic' ? '' : entry.proj4, source, detail },
    datum: entry.datum,
    geographic: entry.kind === 'geographic',
    cautions: datumCaution(entry.datum),
  };
}

/** Datum from names and ellipsoid axes: CGCS2000 (GRS80), Xian 1980 (IAU76), Beijing 1954 (Krassowsky), WGS84. */
function classifyDatum(geog: WktNode | undefined): ChineseDatum | 'other' {
  if (!geog) return 'other';
  const datum = find(geog, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE');
  const ellipsoid = find(geog, 'SPHEROID', 'ELLIPSOID');
  const label = `${nameOf(geog)} ${nameOf(datum)} ${nameOf(ellipsoid)}`.toLowerCase();
  const a = numberArg(ellipsoid, 1);
  const rf = numberArg(ellipsoid, 2) ?? 0;
  if (/cgcs|china[_ ]2000|china geodetic/.test(label)) return 'CGCS2000';
  if (/xian|xi'an/.test(label)) return 'Xian1980';
  if (/beijing/.test(label)) return 'Beijing1954';
  if (/wgs.?84|wgs 1984|wgs_1984/.test(label)) return 'WGS84';
  // Unnamed or unfamiliar datum names: a named foreign datum (GDA94, NAD83 …) stays "other".
  if (nameOf(datum) && !/unknown|unnamed|^d_$/.test(nameOf(datum).toLowerCase())) return 'other';
  if (a === 6378137 && Math.abs(rf - 298.257222101) < 1e-6) return 'CGCS2000';
  if (a === 6378140) return 'Xian1980';
  if (a === 6378245) return 'Beijing1954';
  if (a === 6378137 && Math.abs(rf - 298.257223563) < 1e-6) return 'WGS84';
  return 'other';
}

function ellipsoidProj4(geog: WktNode | undefined, datum: ChineseDatum | 'other'): string {
  if (datum === 'CGCS2000') return '+ellps=GRS80';
  if (datum === 'Xian1980') return '+ellps=IAU76';
  if (datum === 'Beijing1954') return '+ellps=krass';
  if (datum === 'WGS84') return '+ellps=WGS84';
  const ellipsoid = geog ? find(geog, 'SPHEROID', 'ELLIPSOID') : undefined;
  const a = numberArg(ellipsoid, 1);
  const rf = numberArg(ellipsoid, 2);
  return a && rf !== undefined ? `+a=${a} +rf=${rf}` : '+ellps=GRS80';
}

function unwrapCrs(root: WktNode): WktNode {
  if (root.keyword === 'COMPD_CS' || root.keyword === 'COMPOUNDCRS') {
    return child(root, ...PROJECTED, ...GEOGRAPHIC) ?? root;
  }
  if (root.keyword === 'BOUNDCRS') {
    const source = child(root, 'SOURCECRS');
    return source ? (child(source, ...PROJECTED, ...GEOGRAPHIC) ?? root) : root;
  }
  return root;
}

/** Parses WKT text; throws an Error saying why when it is not a CRS we can use. */
export function crsFromWkt(text: string, source: CrsSource, detailPrefix: string): ResolvedCrs {
  const root = unwrapCrs(parseWkt(text));
  const flavour = /^(PROJCRS|GEOGCRS|GEODCRS|BOUNDCRS|COMPOUNDCRS)$/.test(root.keyword) ? 'WKT2' : /AUTHORITY|AXIS/.test(text) ? 'OGC WKT1' : 'ESRI WKT';
  const detail = `${detailPrefix} (${flavour})`;
  if (GEOGRAPHIC.includes(root.keyword)) {
    const datum = classifyDatum(root);
    const entry = { CGCS2000: 'EPSG:4490', WGS84: 'EPSG:4326', Xian1980: 'EPSG:4610', Beijing1954: 'EPSG:4214', other: '' }[datum];
    const known = entry ? crsByCode(entry) : undefined;
    if (known) return fromCatalogue(known, source, detail);
    return { info: { code: null, name: nameOf(root), proj4: '', source, detail }, datum, geographic: true, cautions: [`unknown datum "${nameOf(root)}": treated as CGCS2000 lon/lat`] };
  }
  if (!PROJECTED.includes(root.keyword)) throw new Error(`not a coordinate reference system (${root.keyword})`);
  return projectedFromWkt(root, text, source, detail);
}

function projectedFromWkt(root: WktNode, text: string, source: CrsSource, detail: string): ResolvedCrs {
  const geog = child(root, ...GEOGRAPHIC);
  const datum = classifyDatum(geog);
  const method = `${nameOf(child(root, 'PROJECTION'))} ${nameOf(find(root, 'METHOD', 'PROJECTIONMETHOD'))}`.toLowerCase();
  const params = parameters(root);
  const name = nameOf(root);
  const isTm = /gauss|transverse[ _]mercator/.test(method) && !/south/.test(method);
  if (!isTm) {
    // Not Gauss-Krüger: proj4 reads WKT1 for the other common projections.
    return { info: { code: null, name, proj4: text.trim(), source, detail }, datum, geographic: false, cautions: [] };
  }
  const cm = params.get('centralmeridian') ?? params.get('longitudeofnaturalorigin') ?? params.get('longitudeofcenter') ?? 0;
  const fe = params.get('falseeasting') ?? 0;
  const fn = params.get('falsenorthing') ?? 0;
  const k = params.get('scalefactor') ?? params.get('scalefactoratnaturalorigin') ?? 1;
  const lat0 = params.get('latitudeoforigin') ?? params.get('latitudeofnaturalorigin') ?? 0;
  const unit = numberArg(child(root, 'UNIT', 'LENGTHUNIT'), 1) ?? 1;
  if (datum !== 'other' && datum !== 'WGS84' && k === 1 && fn === 0 && lat0 === 0 && unit === 1) {
    // ESRI and EPSG name 3° systems "3_Degree"/"3-degree"; a GK name without it is a 6° system.
    const prefer = /3.?degree|3度/i.test(name) ? 'gk3' : /gk|gauss/i.test(name) ? 'gk6' : 'gk3';
    const entry = findGaussKruger(datum, cm, fe, prefer);
    if (entry) return fromCatalogue(entry, source, detail);
    return { info: { code: null, name, proj4: tmercProj4(datum, cm, fe), source, detail }, datum, geographic: false, cautions: datumCaution(datum) };
  }
  const proj4 = `+proj=tmerc +lat_0=${lat0} +lon_0=${cm} +k=${k} +x_0=${fe} +y_0=${fn} ${ellipsoidProj4(geog, datum)} ${unit === 1 ? '+units=m' : `+to_meter=${unit}`} +no_defs`;
  return { info: { code: null, name, proj4, source, detail }, datum, geographic: false, cautions: datumCaution(datum) };
}

/** A user's choice: "EPSG:4517", "4517", a proj4 string or WKT. Throws an Error when unusable. */
export function crsFromUserInput(text: string): ResolvedCrs {
  const trimmed = text.trim();
  if (trimmed.toUpperCase().replace(/[^A-Z0-9]/g, '') === 'GCJ02' || trimmed === GCJ02_DEFINITION) {
    return {
      info: { code: GCJ02_CODE, name: 'GCJ-02 (AMap, Tencent, DataV)', proj4: GCJ02_DEFINITION, source: 'user', detail: 'chosen by the user: web-map lon/lat converted to WGS 84' },
      datum: 'WGS84',
      geographic: false,
      cautions: [],
    };
  }
  const entry = crsByCode(trimmed);
  if (entry) return fromCatalogue(entry, 'user', 'chosen by the user');
  if (/^(epsg\s*:)?\s*\d+$/i.test(trimmed)) throw new Error(`${trimmed} is not in the catalogue of Chinese coordinate systems; give a proj4 string or WKT instead`);
  if (trimmed.startsWith('+')) {
    const datum: ChineseDatum | 'other' = /ellps=GRS80/.test(trimmed) ? 'CGCS2000' : /ellps=IAU76/.test(trimmed) ? 'Xian1980' : /ellps=krass/.test(trimmed) ? 'Beijing1954' : /WGS84/.test(trimmed) ? 'WGS84' : 'other';
    const geographic = /\+proj=(longlat|latlong|lonlat|latlon)\b/.test(trimmed);
    return { info: { code: null, name: 'proj4 definition', proj4: geographic ? '' : trimmed, source: 'user', detail: 'proj4 string given by the user' }, datum, geographic, cautions: datumCaution(datum) };
  }
  return crsFromWkt(trimmed, 'user', 'WKT given by the user');
}

export { longlatProj4 };
