/**
 * Layer changes the user makes (import beside or replacing, remove, undo), each audited under
 * the operator's name and undoable. The map's ready-made GeoJSON follows the final layer ids.
 */
import type { Layer, LayerKind } from '../../core/types.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { forgetDisplay, registerDisplayBytes } from '../map/displaySources.ts';

export const KIND_ZH: Record<LayerKind, string> = {
  villages: '村界', survey: '三调地类图斑', plots: '种植地块', forest: '人工林', wells: '机电井', canals: '渠道', reservoirs: '水库、渠首', other: '其他',
};

const describe = (layer: Layer) => `「${layer.name}」（${KIND_ZH[layer.kind]}，${layer.features.features.length} 个要素）`;

export interface ImportedLayer {
  layer: Layer;
  display: Uint8Array;
}

/**
 * Adds the imported layers; `replace` maps an imported layer's id to the loaded layer it replaces
 * (chosen explicitly by the user). Throws NoOperatorError (and changes nothing) without a name.
 */
export function applyImport(imported: readonly ImportedLayer[], replace: Readonly<Record<string, string>>): Layer[] {
  const edits = useEditStore.getState();
  edits.requireOperator();
  const project = useProjectStore.getState();
  const replaceIds = Object.values(replace);
  const replaced = project.layers.filter((l) => replaceIds.includes(l.id));
  for (const layer of replaced) forgetDisplay(layer.id);
  const label = replaced.length ? `替换${replaced.map((l) => `「${l.name}」`).join('、')}` : `导入${imported.map((i) => `「${i.layer.name}」`).join('、')}`;
  // a wells layer's readings are taken to be of the year chosen at import (changeable in its card)
  const layers = imported.map(({ layer }) => (layer.kind === 'wells' && layer.readingsYear === undefined ? { ...layer, readingsYear: project.year } : layer));
  const placed = project.placeLayers(layers, replaceIds, label);
  placed.forEach((layer, i) => registerDisplayBytes(layer, imported[i].display));
  imported.forEach(({ layer }, i) => {
    const old = replace[layer.id] ? replaced.find((l) => l.id === replace[layer.id]) : undefined;
    const files = layer.sourceFiles.join('、');
    if (old) {
      edits.recordEvent({ action: 'layer-replace', layerId: placed[i].id, detail: `以${describe(placed[i])}替换${describe(old)}，要素 ${old.features.features.length} → ${placed[i].features.features.length}；文件 ${files}` });
    } else {
      edits.recordEvent({ action: 'layer-import', layerId: placed[i].id, detail: `导入${describe(placed[i])}；文件 ${files}` });
    }
  });
  return placed;
}

export function removeLayerAudited(layer: Layer): void {
  useEditStore.getState().requireOperator();
  forgetDisplay(layer.id);
  useProjectStore.getState().removeLayer(layer.id, `移除「${layer.name}」`);
  useEditStore.getState().recordEvent({ action: 'layer-remove', layerId: layer.id, detail: `移除${describe(layer)}` });
}

/** Undoes the latest layer change (the layers come back as they were, drawn from their features). */
export function undoLayerChange(): string | null {
  const edits = useEditStore.getState();
  edits.requireOperator();
  const project = useProjectStore.getState();
  const change = project.layerHistory[project.layerHistory.length - 1];
  if (!change) return null;
  const restoredIds = new Set(change.before.map((l) => l.id));
  for (const layer of project.layers) if (!restoredIds.has(layer.id) || !change.before.includes(layer)) forgetDisplay(layer.id);
  project.undoLayers();
  edits.recordEvent({ action: 'layer-restore', detail: `撤销：${change.label}（恢复为 ${change.before.length} 个图层：${change.before.map((l) => `「${l.name}」${l.features.features.length}`).join('、')}）` });
  return change.label;
}

/** Sets the year a wells layer's readings are of (audited, undoable with the layer changes). */
export function setReadingsYear(layer: Layer, year: number): void {
  const edits = useEditStore.getState();
  edits.requireOperator();
  if (layer.readingsYear === year) return;
  const before = layer.readingsYear === undefined ? '未设' : `${layer.readingsYear} 年`;
  useProjectStore.getState().updateLayer(layer.id, { readingsYear: year }, `「${layer.name}」读数年份改为 ${year} 年`);
  edits.recordEvent({ action: 'layer-setting', layerId: layer.id, detail: `${describe(layer)}的读数年份：${before} → ${year} 年` });
}
