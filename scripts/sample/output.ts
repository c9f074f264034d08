/**
 * The sample county as files: GBK shapefile zips (ESRI .prj for CGCS2000 3° GK zone 29; some with
 * a .cpg, some relying on the DBF's LDID byte, as bureaus send them), quotas.csv, caps.csv,
 * anomalies.json and manifest.json. Pure: returns {filename: bytes}.
 */
import { DEFAULT_RECONCILE_SETTINGS } from '../../src/core/reconcile/settings.ts';
import type { LayerKind } from '../../src/core/types.ts';
import { esriWktCgcs2000Gk3Zone } from '../../src/io/write/prj.ts';
import { writeShapefile } from '../../src/io/write/shapefileWriter.ts';
import { zipFiles } from '../../src/io/write/zipFiles.ts';
import { type SampleModel } from './build.ts';
import { buildCaps } from './capsTable.ts';
import * as layers from './features.ts';
import { ZONE } from './frame.ts';
import { COUNTY_CODE, COUNTY_NAME } from './names.ts';
import { makeRng } from './prng.ts';
import { quotasCsv } from './tables.ts';
import { monitorAnomalies, readingsCsv } from './readings.ts';
import { FOREST_TYPES } from './types.ts';

export const SAMPLE_FORMAT_VERSION = '1';

interface LayerSpec {
  file: string;
  shpName: string;
  kind: LayerKind;
  name: string;
  nameEn: string;
  cpg: boolean;
  build(m: SampleModel): layers.LayerOut;
}

/** The sample's layers, in the manifest's order (src/ui/earlySample.ts names the first ones too). */
export const LAYERS: LayerSpec[] = [
  { file: 'villages.zip', shpName: 'CJDCQ', kind: 'villages', name: '村级调查区', nameEn: 'Villages', cpg: true, build: layers.villageLayer },
  { file: 'survey.zip', shpName: 'DLTB', kind: 'survey', name: '三调地类图斑', nameEn: 'Land survey (DLTB)', cpg: false, build: layers.surveyLayer },
  { file: 'plots.zip', shpName: 'ZZDK', kind: 'plots', name: '种植地块', nameEn: 'Planting plots', cpg: true, build: layers.plotLayer },
  { file: 'forest.zip', shpName: 'RGL', kind: 'forest', name: '人工林', nameEn: 'Artificial forest', cpg: false, build: layers.forestLayer },
  { file: 'wells.zip', shpName: 'JDJ', kind: 'wells', name: '机电井', nameEn: 'Wells', cpg: true, build: layers.wellLayer },
  { file: 'canals.zip', shpName: 'QD', kind: 'canals', name: '渠道', nameEn: 'Canals', cpg: false, build: layers.canalLayer },
  { file: 'reservoirs.zip', shpName: 'SK', kind: 'reservoirs', name: '水库', nameEn: 'Reservoirs', cpg: true, build: layers.reservoirLayer },
];

export interface Manifest {
  version: string;
  generatorHash: string;
  seed: number;
  label: string;
  county: { code: string; name: string };
  crs: { name: string; code: string; proj4: string };
  layers: { file: string; kind: LayerKind; name: string; nameEn: string; featureCount: number }[];
  tables: { file: string; kind: string; name: string; nameEn: string }[];
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value, null, 1) + '\n');

export function sampleFiles(m: SampleModel, generatorHash: string): { files: Record<string, Uint8Array>; manifest: Manifest } {
  const prj = esriWktCgcs2000Gk3Zone(ZONE);
  const files: Record<string, Uint8Array> = {};
  const manifestLayers: Manifest['layers'] = [];
  for (const spec of LAYERS) {
    const { features, fields } = spec.build(m);
    files[spec.file] = zipFiles(writeShapefile(spec.shpName, features, { encoding: 'GBK', prj, cpg: spec.cpg, fields }));
    manifestLayers.push({ file: spec.file, kind: spec.kind, name: spec.name, nameEn: spec.nameEn, featureCount: features.length });
  }
  const caps = buildCaps(m, makeRng(m.seed ^ 0x9e3779b9));
  files['quotas.csv'] = encoder.encode(quotasCsv(FOREST_TYPES));
  files['caps.csv'] = encoder.encode(caps.csv);
  files['readings.csv'] = encoder.encode(readingsCsv(m.wells));
  files['anomalies.json'] = json({
    label: layers.SAMPLE_LABEL,
    settings: DEFAULT_RECONCILE_SETTINGS,
    anomalies: m.anomalies,
    boundaryCrossings: [],
    overCapVillages: caps.overCapVillages,
    monitor: monitorAnomalies(m.wells),
  });
  const manifest: Manifest = {
    version: `${SAMPLE_FORMAT_VERSION}+${generatorHash.slice(0, 12)}`,
    generatorHash,
    seed: m.seed,
    label: layers.SAMPLE_LABEL,
    county: { code: COUNTY_CODE, name: COUNTY_NAME },
    crs: { name: `CGCS2000_3_Degree_GK_Zone_${ZONE}`, code: 'EPSG:4517', proj4: '+proj=tmerc +lat_0=0 +lon_0=87 +k=1 +x_0=29500000 +y_0=0 +ellps=GRS80 +units=m +no_defs' },
    layers: manifestLayers,
    tables: [
      { file: 'quotas.csv', kind: 'quotas', name: '用水定额', nameEn: 'Irrigation quotas' },
      { file: 'caps.csv', kind: 'caps', name: '用水总量控制指标', nameEn: 'Water-use caps' },
      { file: 'readings.csv', kind: 'readings', name: '机电井月度读数', nameEn: 'Monthly well readings' },
      { file: 'anomalies.json', kind: 'anomalies', name: '预置套核问题', nameEn: 'Seeded reconciliation anomalies' },
    ],
  };
  files['manifest.json'] = json(manifest);
  return { files, manifest };
}
