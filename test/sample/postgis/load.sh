#!/bin/sh
# Load the generated sample county into a PostGIS database, for verify-sample.sql.
# usage: load.sh SAMPLE_DIR "PG:host=127.0.0.1 port=55433 user=postgres dbname=postgres"
set -e
dir=$1
pg=$2
for pair in villages:villages survey:survey plots:plots forest:forest; do
  name=${pair%%:*}
  ogr2ogr -overwrite -f PostgreSQL "$pg" "/vsizip/$dir/$name.zip" -nln "$name" -lco GEOMETRY_NAME=geom -lco FID=fid -nlt PROMOTE_TO_MULTI
done
