-- Independent check of the sample county with PostGIS (GEOS overlay, ST_Area on the geography
-- = ellipsoidal area on CGCS2000/GRS80). Finds everything the reconciliation would report with
-- the default tolerances (>= 0.5 亩 AND >= 1 % share), using the MOST inclusive share (overlap
-- over the smaller feature), so anything near a tolerance shows up.
-- Layers are loaded by load.sh (villages, survey, plots, forest; EPSG:4517).
\set ON_ERROR_STOP on
\timing off
create or replace function mu(g geometry) returns double precision language sql immutable as
  $$ select st_area(st_transform(g, 4490)::geography) / (10000 / 15.0) $$;

create index if not exists plots_g on plots using gist (geom);
create index if not exists survey_g on survey using gist (geom);
create index if not exists forest_g on forest using gist (geom);
create index if not exists villages_g on villages using gist (geom);

drop table if exists findings;
create table findings (kind text, feature_id text, other_id text, village text, area_mu double precision, share double precision);

-- validity of every geometry
select 'invalid geometries' as check, (select count(*) from plots where not st_isvalid(geom)) plots,
  (select count(*) from survey where not st_isvalid(geom)) survey, (select count(*) from forest where not st_isvalid(geom)) forest,
  (select count(*) from villages where not st_isvalid(geom)) villages;

-- plots overlapping plots
insert into findings
select 'plot_overlap', least(a.dkbm, b.dkbm), greatest(a.dkbm, b.dkbm), a.zldwdm, mu(i), st_area(i) / least(st_area(a.geom), st_area(b.geom))
from plots a join plots b on a.dkbm < b.dkbm and a.geom && b.geom and st_relate(a.geom, b.geom, 'T********'),
lateral (select st_collectionextract(st_intersection(a.geom, b.geom), 3) i) x;

-- planting on land that is neither cultivated (01) nor plantation (02)
insert into findings
select 'non_cultivated_planting', p.dkbm, null, p.zldwdm, mu(u), st_area(u) / st_area(p.geom)
from plots p, lateral (
  select st_union(st_collectionextract(st_intersection(p.geom, s.geom), 3)) u from survey s
  where s.geom && p.geom and s.dlbm not like '01%' and s.dlbm not like '02%' and st_relate(p.geom, s.geom, 'T********')) x
where u is not null;

-- forest on planted plots
insert into findings
select 'forest_on_planting', f.ldbm, p.dkbm, f.zldwdm, mu(i), st_area(i) / least(st_area(f.geom), st_area(p.geom))
from forest f join plots p on p.zt = '种植' and f.geom && p.geom and st_relate(f.geom, p.geom, 'T********'),
lateral (select st_collectionextract(st_intersection(f.geom, p.geom), 3) i) x;

-- cultivated survey land covered by no plot and no forest
insert into findings
select 'uncovered_cultivated', s.bsm, null, left(s.zldwdm, 12), mu(d), st_area(d) / st_area(s.geom)
from survey s, lateral (
  select st_difference(s.geom, coalesce(st_union(c.geom), 'SRID=4517;POLYGON EMPTY'::geometry)) d from (
    select geom from plots where geom && s.geom union all select geom from forest where geom && s.geom) c) x
where s.dlbm like '01%';

-- recorded village vs the village holding most of the plot; plots crossing a village boundary
drop table if exists plot_parts;
create table plot_parts as
select p.dkbm, p.zldwdm recorded, v.zldwdm village, st_area(st_intersection(p.geom, v.geom)) part_m2, st_area(p.geom) plot_m2, p.geom
from plots p join villages v on p.geom && v.geom and st_relate(p.geom, v.geom, 'T********');
insert into findings
select 'village_mismatch', dkbm, village, recorded, mu(geom), part_m2 / plot_m2 from (
  select distinct on (dkbm) * from plot_parts order by dkbm, part_m2 desc) m where recorded <> village;
insert into findings
select 'boundary_crossing', dkbm, village, recorded, part_m2 / (10000 / 15.0), part_m2 / plot_m2 from (
  select *, row_number() over (partition by dkbm order by part_m2 desc) k from plot_parts) m where k > 1;

-- declared vs ellipsoidal area
insert into findings
select 'area_mismatch', dkbm, null, zldwdm, abs(sbmj - mu(geom)), abs(sbmj - mu(geom)) / mu(geom) from plots;

-- the answer: what crosses the default tolerances (area mismatch: 5 % and 1 亩)
\copy (select kind, feature_id, coalesce(other_id, ''), village, round(area_mu::numeric, 4), round(share::numeric, 6) from findings where (kind <> 'area_mismatch' and area_mu >= 0.5 and share >= 0.01) or (kind = 'area_mismatch' and area_mu >= 1 and share >= 0.05) order by 1, 2, 3) to '/tmp/pgsample/findings.csv' csv
-- the largest sub-tolerance values per kind (how far below the tolerances the slivers stay)
select kind, count(*) as below_tolerance, round(max(area_mu)::numeric, 4) as max_mu, round(max(share)::numeric, 6) as max_share
from findings where not ((kind <> 'area_mismatch' and area_mu >= 0.5 and share >= 0.01) or (kind = 'area_mismatch' and area_mu >= 1 and share >= 0.05))
group by kind order by kind;
