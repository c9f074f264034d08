/**
 * ESRI WKT (.prj) for CGCS2000 and its 3° Gauss-Krüger zones, spelled the way ArcGIS writes them
 * (names as in ArcGIS' coordinate-system catalogue, e.g. "CGCS2000_3_Degree_GK_Zone_29" =
 * EPSG:4517, "CGCS2000_3_Degree_GK_CM_87E" = EPSG:4538; checked in the PROJ database).
 */

const GEOGCS_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",' +
  'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** Geographic CGCS2000 (EPSG:4490). */
export const ESRI_WKT_CGCS2000 = GEOGCS_CGCS2000;

function gaussKruger(name: string, falseEastingM: number, centralMeridianDeg: number): string {
  return (
    `PROJCS["${name}",${GEOGCS_CGCS2000},PROJECTION["Gauss_Kruger"],` +
    `PARAMETER["False_Easting",${falseEastingM.toFixed(1)}],PARAMETER["False_Northing",0.0],` +
    `PARAMETER["Central_Meridian",${centralMeridianDeg.toFixed(1)}],PARAMETER["Scale_Factor",1.0],` +
    `PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
  );
}

/** 3° zone with the zone number in the easting (zones 25–45, EPSG:4513–4533). */
export function esriWktCgcs2000Gk3Zone(zone: number): string {
  if (!Number.isInteger(zone) || zone < 25 || zone > 45) throw new RangeError(`3° zone ${zone} is outside 25–45`);
  return gaussKruger(`CGCS2000_3_Degree_GK_Zone_${zone}`, zone * 1_000_000 + 500_000, zone * 3);
}

/** 3° zone named by its central meridian, easting without the zone number (EPSG:4534–4554). */
export function esriWktCgcs2000Gk3Cm(centralMeridianDeg: number): string {
  if (!Number.isInteger(centralMeridianDeg / 3) || centralMeridianDeg < 75 || centralMeridianDeg > 135) {
    throw new RangeError(`${centralMeridianDeg}°E is not a 3° central meridian within 75–135°E`);
  }
  return gaussKruger(`CGCS2000_3_Degree_GK_CM_${centralMeridianDeg}E`, 500_000, centralMeridianDeg);
}

/** The proj4 string matching {@link esriWktCgcs2000Gk3Zone}. */
export function proj4Cgcs2000Gk3Zone(zone: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${zone * 3} +k=1 +x_0=${zone * 1_000_000 + 500_000} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}
