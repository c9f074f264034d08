/**
 * The coordinate reference systems Chinese county data come in, as a searchable catalogue.
 * Codes, names and parameters follow the EPSG registry as shipped with PROJ 9.1 (checked by
 * test/io/crs.test.ts against `projinfo` output committed in test/fixtures/io/crs/).
 * Gauss-Krüger: 6° zone n has central meridian 6n−3, 3° zone n has 3n; "zone" codes put the
 * zone number in front of the easting (false easting n·10⁶ + 500 000), "CM" codes do not.
 */
export type ChineseDatum = 'CGCS2000' | 'Xian1980' | 'Beijing1954' | 'WGS84';

export interface CatalogueCrs {
  code: string;
  name: string;
  nameZh: string;
  datum: ChineseDatum;
  /** 'geographic', or a Gauss-Krüger family */
  kind: 'geographic' | 'gk6' | 'gk3';
  centralMeridian?: number;
  falseEasting?: number;
  zone?: number;
  proj4: string;
}

export const DATUM_ELLIPSOID: Record<ChineseDatum, string> = {
  CGCS2000: 'GRS80',
  Xian1980: 'IAU76',
  Beijing1954: 'krass',
  WGS84: 'WGS84',
};

const DATUM_NAME: Record<ChineseDatum, [string, string]> = {
  CGCS2000: ['CGCS2000', 'CGCS2000 国家大地坐标系'],
  Xian1980: ['Xian 1980', '西安 1980'],
  Beijing1954: ['Beijing 1954', '北京 1954'],
  WGS84: ['WGS 84', 'WGS 84'],
};

export function tmercProj4(datum: ChineseDatum, centralMeridian: number, falseEasting: number, scale = 1): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=${scale} +x_0=${falseEasting} +y_0=0 +ellps=${DATUM_ELLIPSOID[datum]} +units=m +no_defs`;
}

export function longlatProj4(datum: ChineseDatum): string {
  return `+proj=longlat +ellps=${DATUM_ELLIPSOID[datum]} +no_defs`;
}

function gkFamily(datum: ChineseDatum, firstCode: number, width: 3 | 6, withZone: boolean, label?: string): CatalogueCrs[] {
  const zones = width === 6 ? [13, 23] : [25, 45];
  const out: CatalogueCrs[] = [];
  for (let zone = zones[0]; zone <= zones[1]; zone++) {
    const cm = width === 6 ? 6 * zone - 3 : 3 * zone;
    const fe = withZone ? zone * 1e6 + 500000 : 500000;
    const [en, zh] = DATUM_NAME[datum];
    const prefix = width === 3 ? '3-degree Gauss-Kruger' : 'Gauss-Kruger';
    const prefixZh = width === 3 ? '3度带高斯-克吕格' : '6度带高斯-克吕格';
    const suffix = label === 'N' ? `${zone}N` : withZone ? `zone ${zone}` : `CM ${cm}E`;
    out.push({
      code: `EPSG:${firstCode + zone - zones[0]}`,
      name: `${en} / ${prefix} ${suffix}`,
      nameZh: `${zh} / ${prefixZh} ${withZone ? `第${zone}带` : `中央经线${cm}°E`}（${withZone ? `中央经线${cm}°E，横坐标带带号` : `第${zone}带，横坐标不带带号`}）`,
      datum,
      kind: width === 6 ? 'gk6' : 'gk3',
      centralMeridian: cm,
      falseEasting: fe,
      zone,
      proj4: tmercProj4(datum, cm, fe),
    });
  }
  return out;
}

function geographic(code: string, datum: ChineseDatum, name: string, nameZh: string): CatalogueCrs {
  return { code, name, nameZh, datum, kind: 'geographic', proj4: longlatProj4(datum) };
}

export const CHINESE_CRS: readonly CatalogueCrs[] = [
  geographic('EPSG:4490', 'CGCS2000', 'China Geodetic Coordinate System 2000', 'CGCS2000 国家大地坐标系（经纬度）'),
  geographic('EPSG:4326', 'WGS84', 'WGS 84', 'WGS 84（经纬度）'),
  geographic('EPSG:4610', 'Xian1980', 'Xian 1980', '西安 1980（经纬度）'),
  geographic('EPSG:4214', 'Beijing1954', 'Beijing 1954', '北京 1954（经纬度）'),
  ...gkFamily('CGCS2000', 4491, 6, true),
  ...gkFamily('CGCS2000', 4502, 6, false),
  ...gkFamily('CGCS2000', 4513, 3, true),
  ...gkFamily('CGCS2000', 4534, 3, false),
  ...gkFamily('Xian1980', 2327, 6, true),
  ...gkFamily('Xian1980', 2338, 6, false),
  ...gkFamily('Xian1980', 2349, 3, true),
  ...gkFamily('Xian1980', 2370, 3, false),
  ...gkFamily('Beijing1954', 2401, 3, true),
  ...gkFamily('Beijing1954', 2422, 3, false),
  ...gkFamily('Beijing1954', 21413, 6, true),
  ...gkFamily('Beijing1954', 21453, 6, false),
  ...gkFamily('Beijing1954', 21473, 6, false, 'N'),
];

const BY_CODE = new Map(CHINESE_CRS.map((c) => [c.code, c]));

/** "EPSG:4517", "epsg:4517" or "4517" → catalogue entry. */
export function crsByCode(code: string): CatalogueCrs | undefined {
  const m = /^(?:epsg\s*:+\s*)?(\d{4,5})$/i.exec(code.trim()) ?? /EPSG(?:::|:)(\d{4,5})$/i.exec(code.trim());
  return m ? BY_CODE.get(`EPSG:${m[1]}`) : undefined;
}

/**
 * The catalogue entry for a datum + GK parameters. A "CM" code is ambiguous between the 3° and
 * 6° families (CM 87E is both 3° zone 29 and 6° zone 15, same projection): `prefer` decides.
 */
export function findGaussKruger(
  datum: ChineseDatum,
  centralMeridian: number,
  falseEasting: number,
  prefer: 'gk3' | 'gk6' = 'gk3',
): CatalogueCrs | undefined {
  const matches = CHINESE_CRS.filter(
    (c) => c.datum === datum && c.kind !== 'geographic' && c.centralMeridian === centralMeridian && c.falseEasting === falseEasting,
  );
  return matches.find((c) => c.kind === prefer) ?? matches[0];
}

/** Case-insensitive search over code, English and Chinese names; every word must match. */
export function searchChineseCrs(query: string, limit = 50): CatalogueCrs[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return CHINESE_CRS.slice(0, limit);
  return CHINESE_CRS.filter((c) => {
    const hay = `${c.code} ${c.name} ${c.nameZh} ${c.centralMeridian ?? ''}e`.toLowerCase();
    return words.every((w) => hay.includes(w));
  }).slice(0, limit);
}
