/**
 * The problem geometries of a reconciliation as GeoJSON and as a zipped Shapefile (GBK, .cpg,
 * CGCS2000 .prj), for the bureau's own GIS. One feature per finding; a finding without geometry
 * (none of the kinds should lack one) is written with its bbox as the polygon.
 */
import type { Feature, FeatureCollection, Geometry, Polygon } from 'geojson';
import { FINDING_KIND_LABELS, FINDING_MARK_LABELS, type FindingMark } from '../../core/reconcile/kindLabels.ts';
import type { Finding, ReconcileReport } from '../../core/reconcile/types.ts';
import { ESRI_WKT_CGCS2000 } from './prj.ts';
import { writeShapefile, type DbfEncoding, type DbfFieldDef } from './shapefileWriter.ts';
import { zipFiles } from './zipFiles.ts';

export type FindingMarks = Readonly<Record<string, FindingMark | undefined>>;

function bboxPolygon([w, s, e, n]: Finding['bbox']): Polygon {
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

function geometryOf(finding: Finding): Geometry {
  return finding.geometry ?? bboxPolygon(finding.bbox);
}

export function findingsFeatureCollection(report: ReconcileReport, marks: FindingMarks = {}): FeatureCollection {
  const features: Feature[] = report.findings.map((f) => ({
    type: 'Feature',
    geometry: geometryOf(f),
    properties: {
      key: f.key,
      kind: f.kind,
      kindZh: FINDING_KIND_LABELS[f.kind].zh,
      layer: f.layer,
      featureId: f.featureId,
      otherId: f.otherId ?? null,
      villageCode: f.villageCode,
      areaMu: f.areaMu,
      share: f.share,
      explanation: f.explanation,
      mark: marks[f.key]?.status ?? null,
      markReason: marks[f.key]?.reason ?? null,
    },
  }));
  return { type: 'FeatureCollection', features };
}

export function findingsGeoJsonBytes(report: ReconcileReport, marks: FindingMarks = {}): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(findingsFeatureCollection(report, marks)) + '\n');
}

/** DBF columns (names ≤ 10 bytes): what the xlsx shows, minus the long settings. */
const SHAPE_FIELDS: DbfFieldDef[] = [
  { name: 'LX', type: 'C', length: 40 },
  { name: 'LXMC', type: 'C', length: 60 },
  { name: 'TC', type: 'C', length: 10 },
  { name: 'YSBH', type: 'C', length: 40 },
  { name: 'GLYS', type: 'C', length: 40 },
  { name: 'CJDM', type: 'C', length: 12 },
  { name: 'MJMU', type: 'N', length: 16, decimals: 4 },
  { name: 'ZB', type: 'N', length: 10, decimals: 6 },
  { name: 'FHZT', type: 'C', length: 10 },
  { name: 'SM', type: 'C', length: 254 },
];

/** A .zip holding findings.shp/.shx/.dbf/.prj/.cpg. Field names are pinyin initials (see SHAPE_FIELDS). */
export function findingsShapefileZip(
  report: ReconcileReport,
  marks: FindingMarks = {},
  encoding: DbfEncoding = 'GBK',
  layerName = 'findings',
): Uint8Array {
  const features: Feature<Geometry | null>[] = report.findings.map((f) => ({
    type: 'Feature',
    geometry: geometryOf(f),
    properties: {
      LX: f.kind,
      LXMC: FINDING_KIND_LABELS[f.kind].sheet,
      TC: f.layer,
      YSBH: f.featureId,
      GLYS: f.otherId ?? '',
      CJDM: f.villageCode,
      MJMU: f.areaMu,
      ZB: f.share,
      FHZT: marks[f.key] ? FINDING_MARK_LABELS[marks[f.key]!.status].zh : '',
      SM: f.explanation,
    },
  }));
  const files = writeShapefile(layerName, features, {
    encoding,
    prj: ESRI_WKT_CGCS2000,
    cpg: true,
    fields: SHAPE_FIELDS,
    family: 'polygon',
  });
  return zipFiles(files);
}
