-- The reconciliation (套核) checks of `shuidi reconcile` in PostGIS, for the whole-command comparison
-- (scripts/bench/commands.ts). Tables as ogr2ogr loads the county's Shapefiles (-t_srs EPSG:4490,
-- GiST index on geom, lower-case field names): villages, plots, survey, forest.
-- Areas are geodesic on the ellipsoid (ST_Area(geography)); pieces are ST_Intersection of the
-- lon/lat geometries. 1 亩 = 10000/15 m². Settings are the CLI's defaults: a finding needs
-- ≥ 0.5 亩 and ≥ 1 % of its reference feature; area_mismatch ≥ 1 亩 and ≥ 5 %; 1202 not reported.
-- Output: one JSON object, finding kind → count.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 100;
SET parallel_tuple_cost = 0.01;
SET min_parallel_table_scan_size = 0;
SET work_mem = '256MB';

-- a finding's tolerance (settings.ts): area ≥ 0.5 亩 and ≥ 1 % of the reference
CREATE FUNCTION passes(area_m2 double precision, reference_m2 double precision) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT area_m2 > 0 AND area_m2 / (10000.0 / 15) >= 0.5 AND (reference_m2 <= 0 OR area_m2 / reference_m2 >= 0.01) $$;
-- the land class without its K suffix (0201K → 0201)
CREATE FUNCTION land_class(dlbm text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT regexp_replace(upper(trim(coalesce(dlbm, ''))), '[A-Z]+$', '') $$;

-- TYZZ (courtyard) is optional in a plots file: without it no plot is a courtyard
ALTER TABLE plots ADD COLUMN IF NOT EXISTS tyzz text;
CREATE TABLE plot_area AS
  SELECT ogc_fid AS id, dkbm, left(coalesce(zldwdm, ''), 12) AS recorded, coalesce(zt, '') AS zt, coalesce(sylx, '') AS sylx,
         lower(trim(coalesce(tyzz, ''))) IN ('是', 'y', 'yes', '1', 'true') AS courtyard,
         sbmj, ST_Area(geom::geography) AS m2
  FROM plots;
CREATE UNIQUE INDEX ON plot_area (id);
CREATE TABLE survey_class AS SELECT ogc_fid AS id, land_class(dlbm) AS class, ST_Area(geom::geography) AS m2 FROM survey;
CREATE UNIQUE INDEX ON survey_class (id);
ANALYZE plot_area; ANALYZE survey_class;

-- plots × villages: every plot's piece in every village
CREATE TABLE plot_village AS
  SELECT p.ogc_fid AS plot, left(v.zldwdm, 12) AS village,
         CASE WHEN ST_CoveredBy(p.geom, v.geom) THEN ST_Area(p.geom::geography)
              ELSE ST_Area(ST_Intersection(p.geom, v.geom)::geography) END AS m2
  FROM plots p JOIN villages v ON ST_Intersects(p.geom, v.geom);
DELETE FROM plot_village WHERE NOT m2 > 0;
CREATE TABLE plot_main AS
  SELECT DISTINCT ON (plot) plot, village FROM plot_village ORDER BY plot, m2 DESC;

-- village_mismatch: recorded village ≠ the main one (area outside the recorded village passes),
-- or more than one village holds a significant piece (crossing a village line)
CREATE TABLE f_village AS
  WITH per_plot AS (
    SELECT pv.plot, pa.recorded, pm.village AS main, pa.m2 AS plot_m2,
           count(*) FILTER (WHERE pv.village = pm.village OR passes(pv.m2, pa.m2)) AS significant,
           sum(pv.m2) FILTER (WHERE pv.village <> pa.recorded) AS outside_recorded_m2
    FROM plot_village pv JOIN plot_area pa ON pa.id = pv.plot JOIN plot_main pm ON pm.plot = pv.plot
    GROUP BY pv.plot, pa.recorded, pm.village, pa.m2
  )
  SELECT plot FROM per_plot
  WHERE CASE WHEN recorded <> main THEN passes(coalesce(outside_recorded_m2, 0), plot_m2) ELSE significant > 1 END;

-- area_mismatch: declared SBMJ against the computed area
CREATE TABLE f_area AS
  SELECT id FROM plot_area
  WHERE sbmj IS NOT NULL AND abs(sbmj - m2 / (10000.0 / 15)) > 0 AND abs(sbmj - m2 / (10000.0 / 15)) >= 1
    AND abs(sbmj - m2 / (10000.0 / 15)) / (m2 / (10000.0 / 15)) >= 0.05;

-- plots × survey once: the pieces on non-plantable land and on dry land (0103)
CREATE TABLE plot_survey AS
  SELECT p.ogc_fid AS plot, sc.class, ST_Area(ST_Intersection(p.geom, s.geom)::geography) AS m2
  FROM plots p JOIN survey s ON ST_Intersects(p.geom, s.geom) JOIN survey_class sc ON sc.id = s.ogc_fid
  WHERE sc.class <> '' AND (sc.class !~ '^0[12]' OR sc.class = '0103');

-- non_cultivated_planting: plots (any status) on land neither cultivated (01) nor plantation (02);
-- 1202 not reported, nor a courtyard plot (TYZZ 是) on 0702 homestead land
CREATE TABLE f_noncultivated AS
  SELECT ps.plot FROM plot_survey ps JOIN plot_area pa ON pa.id = ps.plot
  WHERE ps.class !~ '^0[12]' AND ps.class <> '1202' AND NOT (ps.class = '0702' AND pa.courtyard) AND ps.m2 > 0
  GROUP BY ps.plot, pa.m2 HAVING passes(sum(ps.m2), pa.m2);

-- dryland_irrigation: well-fed planted plots on 0103
CREATE TABLE f_dryland AS
  SELECT ps.plot FROM plot_survey ps JOIN plot_area pa ON pa.id = ps.plot
  WHERE ps.class = '0103' AND ps.m2 > 0 AND pa.zt IN ('种植', '') AND pa.sylx IN ('井灌', '井渠混灌', '混灌')
  GROUP BY ps.plot, pa.m2 HAVING passes(sum(ps.m2), pa.m2);

-- uncovered_cultivated: the part of each 01 parcel under no plot and no forest patch
CREATE TABLE coverers AS SELECT geom FROM plots UNION ALL SELECT geom FROM forest;
CREATE INDEX ON coverers USING gist (geom);
ANALYZE coverers;
CREATE TABLE f_uncovered AS
  SELECT s.ogc_fid AS parcel FROM survey s JOIN survey_class sc ON sc.id = s.ogc_fid
  LEFT JOIN LATERAL (SELECT ST_Union(c.geom) AS g FROM coverers c WHERE ST_Intersects(c.geom, s.geom)) u ON true
  WHERE sc.class ~ '^01'
    AND passes(CASE WHEN u.g IS NULL THEN sc.m2 ELSE coalesce(ST_Area(ST_Difference(s.geom, u.g)::geography), 0) END, sc.m2);

-- plot_overlap: pairs of plots sharing area
CREATE TABLE f_overlap AS
  SELECT a.ogc_fid AS a, b.ogc_fid AS b FROM plots a JOIN plots b ON a.ogc_fid < b.ogc_fid AND ST_Intersects(a.geom, b.geom)
  JOIN plot_area pa ON pa.id = a.ogc_fid JOIN plot_area pb ON pb.id = b.ogc_fid
  WHERE passes(ST_Area(ST_Intersection(a.geom, b.geom)::geography), least(pa.m2, pb.m2));

-- forest_on_planting: forest on plots with status 种植 (or none)
CREATE TABLE f_forest AS
  SELECT f.ogc_fid AS forest, p.ogc_fid AS plot FROM forest f JOIN plots p ON ST_Intersects(f.geom, p.geom)
  JOIN plot_area pa ON pa.id = p.ogc_fid
  WHERE pa.zt IN ('种植', '') AND passes(ST_Area(ST_Intersection(f.geom, p.geom)::geography), least(ST_Area(f.geom::geography), pa.m2));

SELECT json_build_object(
  'non_cultivated_planting', (SELECT count(*) FROM f_noncultivated),
  'forest_on_planting', (SELECT count(*) FROM f_forest),
  'plot_overlap', (SELECT count(*) FROM f_overlap),
  'uncovered_cultivated', (SELECT count(*) FROM f_uncovered),
  'village_mismatch', (SELECT count(*) FROM f_village),
  'area_mismatch', (SELECT count(*) FROM f_area),
  'dryland_irrigation', (SELECT count(*) FROM f_dryland)
);
