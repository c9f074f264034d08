/**
 * Checks that the layers can be reconciled at all; anything else is a finding or a warning.
 * Throws InputError naming the file and the problem (the CLI prints it as its one line).
 */
import { InputError, type Layer } from '../types.ts';
import type { ReconcileLayers } from './reconcileLayers.ts';
import { surveyRecords, villageRecords } from './records.ts';

const AREAL = new Set(['Polygon', 'MultiPolygon']);

function fileOf(layer: Layer): string {
  return layer.sourceFiles.find((f) => /\.(shp|geojson|json)$/i.test(f)) ?? layer.sourceFiles[0] ?? layer.name;
}

function checkPolygons(layer: Layer, role: string): void {
  const features = layer.features.features;
  if (features.length === 0) throw new InputError(fileOf(layer), `${role} 图层没有要素，请检查文件 (the ${role} layer has no features)`);
  const wrong = features.findIndex((f) => f.geometry !== null && !AREAL.has(f.geometry.type));
  if (wrong >= 0) {
    const type = features[wrong].geometry?.type;
    throw new InputError(fileOf(layer), `${role} 图层应为面，此处是 ${type}，请换用面图层 (the ${role} layer must be polygons, found ${type})`, String(features[wrong].id ?? wrong + 1));
  }
  if (!features.some((f) => f.geometry !== null)) throw new InputError(fileOf(layer), `${role} 图层没有几何，请检查文件 (the ${role} layer has no geometry)`);
}

export function validateReconcileLayers(layers: ReconcileLayers): void {
  validateBaseLayers(layers);
  validateSurveyLayers(layers);
}

/** The villages and the plots (what the first checks need). */
export function validateBaseLayers(layers: Pick<ReconcileLayers, 'villages' | 'plots'>): void {
  checkPolygons(layers.villages, 'villages');
  checkPolygons(layers.plots, 'plots');
  const villages = villageRecords(layers.villages);
  const missing = villages.findIndex((v) => !/^\d{12}$/.test(v.code));
  if (missing >= 0) {
    const found = villages[missing].code;
    throw new InputError(
      fileOf(layers.villages),
      found ? `village code "${found}" is not 12 (or 19) digits` : 'no village code (ZLDWDM or CJDM)',
      String(layers.villages.features.features[missing].id ?? missing + 1),
    );
  }
}

/** The survey and the forest, once they are there. */
export function validateSurveyLayers(layers: Pick<ReconcileLayers, 'survey' | 'forest'>): void {
  checkPolygons(layers.survey, 'survey');
  if (layers.forest) checkPolygons(layers.forest, 'forest');
  if (!surveyRecords(layers.survey).some((p) => p.dlbm !== '')) {
    throw new InputError(fileOf(layers.survey), 'no land-class code field DLBM: is this the 三调 地类图斑 (DLTB) layer?');
  }
}
