/**
 * `npx tsx scripts/bench/concaveCountyPostgis.ts`: the reference figures of the concave county
 * (scripts/fuzz/concaveCounty.ts) from PostGIS — per village, the planted area (Σ of every plot's
 * part inside it, ellipsoidal on CGCS2000, EPSG:4490) and the irrigation demand (that area × the
 * crop's quota) — written with the SQL that computed them to
 * test/fixtures/accounting/concave-county/, where test/accounting/concaveCounty.test.ts compares
 * Shuidi's accounting with them. Needs Debian's postgresql-15-postgis-3.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeConcaveCounty, CONCAVE_COUNTY_SEED } from '../fuzz/concaveCounty.ts';
import { startPostgis } from './postgis.ts';

export const CONCAVE_COUNTY_DIR = new URL('../../test/fixtures/accounting/concave-county/', import.meta.url).pathname;

/** The quotas of the fixture (m³/亩), as quotas.csv rows and as SQL. */
export const CONCAVE_COUNTY_QUOTAS: Record<string, number> = { 棉花: 301, 玉米: 248, 小麦: 200 };

const SQL = `-- Reference figures of the concave county (scripts/fuzz/concaveCounty.ts, seed ${CONCAVE_COUNTY_SEED}).
-- villages(code, geom) and plots(dkbm, crop, geom) are loaded from GeoJSON in EPSG:4490 (CGCS2000).
-- A plot's part in a village: ST_Intersection on the lon/lat geometries (straight edges in lon/lat;
-- the village edges are at most ~70 m, where that and a geodesic differ by well under 1e-6 m),
-- measured as geography (geodesic area on the CGCS2000 ellipsoid). 1 亩 = 10000/15 m².
CREATE INDEX ON villages USING gist (geom);
CREATE INDEX ON plots USING gist (geom);
SELECT json_agg(row_to_json(t) ORDER BY t.code) FROM (
  SELECT v.code,
         sum(ST_Area(ST_Intersection(p.geom, v.geom)::geography)) / (10000.0 / 15) AS planted_mu,
         sum(ST_Area(ST_Intersection(p.geom, v.geom)::geography) / (10000.0 / 15) * q.quota) AS irrigation_demand_m3
  FROM plots p
  JOIN villages v ON ST_Intersects(p.geom, v.geom)
  JOIN quotas q ON q.crop = p.crop
  GROUP BY v.code
) t;
`;

function main(): void {
  const county = makeConcaveCounty();
  mkdirSync(CONCAVE_COUNTY_DIR, { recursive: true });
  const pg = startPostgis();
  try {
    const villages = county.villages.features.map((f) => `${f.properties!.ZLDWDM}\t${JSON.stringify(f.geometry)}`).join('\n');
    const plots = county.plots.features.map((f) => `${f.properties!.DKBM}\t${f.properties!.ZZZW}\t${JSON.stringify(f.geometry)}`).join('\n');
    const villageFile = pg.writeServerFile('villages.tsv', villages + '\n');
    const plotFile = pg.writeServerFile('plots.tsv', plots + '\n');
    pg.psql(`
      CREATE TABLE villages_raw (code text, geojson text);
      CREATE TABLE plots_raw (dkbm text, crop text, geojson text);
      COPY villages_raw FROM '${villageFile}' WITH (FORMAT text, DELIMITER E'\\t');
      COPY plots_raw FROM '${plotFile}' WITH (FORMAT text, DELIMITER E'\\t');
      CREATE TABLE villages AS SELECT code, ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4490) AS geom FROM villages_raw;
      CREATE TABLE plots AS SELECT dkbm, crop, ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4490) AS geom FROM plots_raw;
      CREATE TABLE quotas (crop text, quota double precision);
      INSERT INTO quotas VALUES ${Object.entries(CONCAVE_COUNTY_QUOTAS).map(([c, q]) => `('${c}', ${q})`).join(', ')};
    `);
    const rows = JSON.parse(pg.psql(SQL).trim());
    const version = pg.psql('SELECT postgis_full_version();').trim().split(' ').slice(0, 2).join(' ');
    writeFileSync(join(CONCAVE_COUNTY_DIR, 'postgis.sql'), SQL);
    writeFileSync(
      join(CONCAVE_COUNTY_DIR, 'postgis-values.json'),
      JSON.stringify({ seed: CONCAVE_COUNTY_SEED, postgis: version, quotas: CONCAVE_COUNTY_QUOTAS, villages: rows }, null, 1) + '\n',
    );
    console.log(JSON.stringify({ villages: rows.length, postgis: version }));
  } finally {
    pg.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
