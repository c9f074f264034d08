-- The water accounting of `shuidi account --year 2024` in PostGIS, per village, for the
-- whole-command comparison (scripts/bench/commands.ts). Tables as ogr2ogr loads the county's
-- Shapefiles (-t_srs EPSG:4490, GiST index on geom, lower-case field names): villages, plots,
-- forest, wells; quotas.csv and caps.csv are copied from the files the CLI reads
-- ({{QUOTAS}} and {{CAPS}} are replaced by their paths). docs/accounting.md defines each figure:
-- - planted_mu: Σ over planted plots (ZT 种植 or unknown) of their piece in the village (geodesic m²);
-- - irrigation_demand_m3: planted pieces × quota(crop, method; the method's row, else '*') + irrigated
--   forest (SFGG 是) pieces × quota(forest type); no 状态 rows in quotas.csv, so no fallow water;
-- - groundwater_demand_m3: the same weighted by source: 井灌 1, 井渠混灌 the village's mixed share
--   (its caps row, else its township's, else the city's, else 0.5), 渠灌 and none 0;
-- - overlap_mu: planted area under two planted plots (pairs − triples) plus
--   irrigated forest on planted plots, each overlap ≥ 0.01 m², split among villages;
-- - actual_groundwater_m3: the wells inside the village (the county's wells carry no ZLDWDM):
--   metered (SFJL 是) Σ JLL01–12, else Σ YDL01–12 × ZSXS.
-- Output: one JSON array, one object per village, ordered by code.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 100;
SET parallel_tuple_cost = 0.01;
SET min_parallel_table_scan_size = 0;
SET work_mem = '256MB';

CREATE TABLE quotas (category text, name text, method text, quota double precision);
COPY quotas FROM '{{QUOTAS}}' WITH (FORMAT csv, HEADER true);
CREATE TABLE caps (year int, code text, name text, total_cap double precision, groundwater_cap double precision,
                   industrial double precision, domestic double precision, mixed_share double precision);
COPY caps FROM '{{CAPS}}' WITH (FORMAT csv, HEADER true);

CREATE TABLE village AS
  SELECT left(v.zldwdm, 12) AS code, v.geom,
         coalesce(cv.mixed_share, ct.mixed_share, cc.mixed_share, 0.5) AS mixed_share
  FROM villages v
  LEFT JOIN caps cv ON cv.year = 2024 AND cv.code = left(v.zldwdm, 12)
  LEFT JOIN caps ct ON ct.year = 2024 AND ct.code = left(v.zldwdm, 9)
  LEFT JOIN caps cc ON cc.year = 2024 AND cc.code = left(v.zldwdm, 6);
CREATE INDEX ON village USING gist (geom);
ANALYZE village;

CREATE TABLE plot_facts AS
  SELECT p.ogc_fid AS id, p.geom,
         coalesce(p.zt, '') NOT IN ('退减', '退减灌溉', '休耕', '休耕轮作') AS planted,
         coalesce(p.sylx, '') AS source,
         coalesce(qm.quota, qs.quota) AS quota
  FROM plots p
  LEFT JOIN quotas qm ON qm.category = '作物' AND qm.name = p.zzzw AND qm.method = p.ggfs
  LEFT JOIN quotas qs ON qs.category = '作物' AND qs.name = p.zzzw AND qs.method = '*';
CREATE INDEX ON plot_facts USING gist (geom);
ANALYZE plot_facts;

-- every planted plot's piece in every village (whole when the plot lies inside)
CREATE TABLE planted_piece AS
  SELECT v.code, p.quota, p.source,
         CASE WHEN ST_CoveredBy(p.geom, v.geom) THEN ST_Area(p.geom::geography)
              ELSE ST_Area(ST_Intersection(p.geom, v.geom)::geography) END AS m2
  FROM plot_facts p JOIN village v ON ST_Intersects(p.geom, v.geom)
  WHERE p.planted;

CREATE TABLE forest_piece AS
  SELECT v.code, coalesce(qs.quota, 0) AS quota, coalesce(f.sylx, '') AS source,
         CASE WHEN ST_CoveredBy(f.geom, v.geom) THEN ST_Area(f.geom::geography)
              ELSE ST_Area(ST_Intersection(f.geom, v.geom)::geography) END AS m2
  FROM forest f JOIN village v ON ST_Intersects(f.geom, v.geom)
  LEFT JOIN quotas qs ON qs.category = '林种' AND qs.name = f.lzlx AND qs.method = '*'
  WHERE f.sfgg = '是';

-- overlaps: pairs of planted plots, irrigated forest on planted plots; each split among villages.
-- Area under three planted plots is in three pairs, counted once too often: the triples are taken
-- back (pairs − triples, as overlaps.ts). Pieces under 0.01 m² are boundary noise.
CREATE TABLE plot_pair AS
  SELECT a.id AS a, b.id AS b, ST_Intersection(a.geom, b.geom) AS geom
  FROM plot_facts a JOIN plot_facts b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)
  WHERE a.planted AND b.planted;
DELETE FROM plot_pair WHERE ST_Area(geom::geography) < 0.01;
CREATE INDEX ON plot_pair (a, b);
CREATE TABLE overlap_geom AS
  SELECT geom, 1 AS sign FROM plot_pair
  UNION ALL
  SELECT ST_Intersection(f.geom, p.geom), 1
  FROM forest f JOIN plot_facts p ON ST_Intersects(f.geom, p.geom)
  WHERE f.sfgg = '是' AND p.planted
  UNION ALL
  SELECT ST_Intersection(ab.geom, c.geom), -1
  FROM plot_pair ab JOIN plot_pair bc ON bc.a = ab.b JOIN plot_pair ac ON ac.a = ab.a AND ac.b = bc.b
  JOIN plot_facts c ON c.id = bc.b;
DELETE FROM overlap_geom WHERE ST_Area(geom::geography) < 0.01;
CREATE TABLE overlap_piece AS
  SELECT v.code, o.sign * ST_Area(ST_Intersection(o.geom, v.geom)::geography) AS m2
  FROM overlap_geom o JOIN village v ON ST_Intersects(o.geom, v.geom);

CREATE TABLE well_volume AS
  SELECT v.code,
         CASE WHEN w.sfjl = '是' THEN coalesce(w.jll01, 0) + coalesce(w.jll02, 0) + coalesce(w.jll03, 0) + coalesce(w.jll04, 0)
                + coalesce(w.jll05, 0) + coalesce(w.jll06, 0) + coalesce(w.jll07, 0) + coalesce(w.jll08, 0)
                + coalesce(w.jll09, 0) + coalesce(w.jll10, 0) + coalesce(w.jll11, 0) + coalesce(w.jll12, 0)
              ELSE (coalesce(w.ydl01, 0) + coalesce(w.ydl02, 0) + coalesce(w.ydl03, 0) + coalesce(w.ydl04, 0)
                + coalesce(w.ydl05, 0) + coalesce(w.ydl06, 0) + coalesce(w.ydl07, 0) + coalesce(w.ydl08, 0)
                + coalesce(w.ydl09, 0) + coalesce(w.ydl10, 0) + coalesce(w.ydl11, 0) + coalesce(w.ydl12, 0)) * w.zsxs END AS m3
  FROM wells w JOIN village v ON ST_Intersects(w.geom, v.geom);

SELECT json_agg(row_to_json(t) ORDER BY t.code) FROM (
  SELECT v.code,
    coalesce((SELECT sum(m2) FROM planted_piece x WHERE x.code = v.code), 0) / (10000.0 / 15) AS planted_mu,
    coalesce((SELECT sum(m2 * quota) FROM planted_piece x WHERE x.code = v.code), 0) / (10000.0 / 15)
      + coalesce((SELECT sum(m2 * quota) FROM forest_piece x WHERE x.code = v.code), 0) / (10000.0 / 15) AS irrigation_demand_m3,
    (coalesce((SELECT sum(m2 * quota * CASE source WHEN '井灌' THEN 1 WHEN '井渠混灌' THEN v.mixed_share ELSE 0 END) FROM planted_piece x WHERE x.code = v.code), 0)
      + coalesce((SELECT sum(m2 * quota * CASE source WHEN '井灌' THEN 1 WHEN '井渠混灌' THEN v.mixed_share ELSE 0 END) FROM forest_piece x WHERE x.code = v.code), 0))
      / (10000.0 / 15) AS groundwater_demand_m3,
    coalesce((SELECT sum(m2) FROM overlap_piece x WHERE x.code = v.code), 0) / (10000.0 / 15) AS overlap_mu,
    (SELECT sum(m3) FROM well_volume x WHERE x.code = v.code) AS actual_groundwater_m3
  FROM village v
) t;
