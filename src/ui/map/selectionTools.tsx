/**
 * Selecting plots on the map: click (replace), shift-click (toggle: adds or removes one plot; a
 * shift-press that does not move is a shift-click, not an empty box), box (shift-drag, or drag
 * with the box tool) and lasso (drag a freehand line with the lasso tool). Box and lasso select
 * the plots whose centroid falls inside (src/core/selection); hold Ctrl/⌘ to add to the
 * selection instead of replacing it. Results go to the edit store; MapEditSync shows them.
 */
import { useEffect } from 'react';
import type { Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import { create } from 'zustand';
import type { Position } from 'geojson';
import type { Layer } from '../../core/types.ts';
import { plotCentroids, selectInRing } from '../../core/selection/index.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useT } from '../i18n.ts';
import { fillId, useMapInstance } from './MapContext.tsx';
import { indicesToPlotIds, usePlotsLayer } from '../edit/plotsData.ts';

export type SelectionTool = 'pointer' | 'box' | 'lasso';

export const useSelectionToolStore = create<{ tool: SelectionTool; setTool(tool: SelectionTool): void }>((set) => ({
  tool: 'pointer',
  setTool: (tool) => set({ tool }),
}));

type Point = [number, number];

function selectRing(map: MaplibreMap, layer: Layer, screen: Point[], add: boolean): void {
  const ring: Position[] = screen.map(([x, y]) => {
    const ll = map.unproject([x, y]);
    return [ll.lng, ll.lat];
  });
  ring.push(ring[0]);
  const ids = indicesToPlotIds(layer, selectInRing(plotCentroids(layer), ring));
  useEditStore.getState().select(layer.id, ids, add ? 'add' : 'replace');
}

/** A temporary outline drawn over the map while dragging (DOM, not a map layer). */
function createOutline(container: HTMLElement): { update(points: Point[], box: boolean): void; remove(): void } {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'selection-outline');
  svg.setAttribute('data-testid', 'selection-outline');
  const shape = document.createElementNS('http://www.w3.org/2000/svg', 'polygon');
  svg.appendChild(shape);
  container.appendChild(svg);
  return {
    update(points, box) {
      const [a, b] = [points[0], points[points.length - 1]];
      const drawn = box ? [a, [b[0], a[1]], b, [a[0], b[1]]] : points;
      shape.setAttribute('points', drawn.map((p) => p.join(',')).join(' '));
    },
    remove: () => svg.remove(),
  };
}

function boxCorners([x0, y0]: Point, [x1, y1]: Point): Point[] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

/** A press and release within a few pixels: a click, not a box. */
const CLICK_TOLERANCE_PX = 4;
function isClick(points: Point[]): boolean {
  const [x0, y0] = points[0];
  return points.every(([x, y]) => Math.abs(x - x0) <= CLICK_TOLERANCE_PX && Math.abs(y - y0) <= CLICK_TOLERANCE_PX);
}

/** Shift+click: adds the plot under the point to the selection, or removes it when it is selected. */
function togglePlotAt(map: MaplibreMap, layer: Layer, point: Point): void {
  if (!map.getLayer(fillId(layer.id))) return;
  const hit = map.queryRenderedFeatures(point, { layers: [fillId(layer.id)] }).find((f) => typeof f.id === 'number');
  if (hit) useEditStore.getState().select(layer.id, indicesToPlotIds(layer, [hit.id as number]), 'toggle');
}

/** Drag handling for box and lasso on the map's canvas container. */
function attachDrag(map: MaplibreMap, getLayer: () => Layer | undefined): () => void {
  const container = map.getCanvasContainer();
  const pointOf = (e: MouseEvent): Point => {
    const rect = container.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  };
  const onDown = (e: MouseEvent) => {
    const tool = useSelectionToolStore.getState().tool;
    const isBox = tool === 'box' || (tool === 'pointer' && e.shiftKey);
    if (e.button !== 0 || (!isBox && tool !== 'lasso') || !getLayer()) return;
    e.preventDefault();
    e.stopPropagation();
    map.dragPan.disable();
    const points: Point[] = [pointOf(e)];
    const outline = createOutline(container);
    const onMove = (m: MouseEvent) => {
      points.push(pointOf(m));
      outline.update(points, isBox);
    };
    const onUp = (u: MouseEvent) => {
      document.removeEventListener('mousemove', onMove);
      document.removeEventListener('mouseup', onUp);
      outline.remove();
      if (useSelectionToolStore.getState().tool === 'pointer') map.dragPan.enable();
      points.push(pointOf(u));
      const layer = getLayer();
      if (tool === 'pointer' && layer && isClick(points)) {
        togglePlotAt(map, layer, points[points.length - 1]);
        dragEndedAt = Date.now(); // the browser's click that follows is this same pick
        return;
      }
      const screen = isBox ? boxCorners(points[0], points[points.length - 1]) : points;
      if (layer && points.length >= 2) selectRing(map, layer, screen, u.ctrlKey || u.metaKey);
      dragEndedAt = Date.now();
    };
    document.addEventListener('mousemove', onMove);
    document.addEventListener('mouseup', onUp);
  };
  container.addEventListener('mousedown', onDown, true);
  return () => container.removeEventListener('mousedown', onDown, true);
}

/** When the last drag ended: the click event the browser fires right after it must not also select. */
let dragEndedAt = 0;

/** True just after a box or lasso drag: the click the browser fires then is not a pick. */
export function justDragged(): boolean {
  return Date.now() - dragEndedAt < 300;
}

function attachClick(map: MaplibreMap, getLayer: () => Layer | undefined): () => void {
  const onClick = (e: MapMouseEvent) => {
    const layer = getLayer();
    if (justDragged()) return;
    if (!layer || useSelectionToolStore.getState().tool !== 'pointer' || !map.getLayer(fillId(layer.id))) return;
    const hit = map.queryRenderedFeatures(e.point, { layers: [fillId(layer.id)] }).find((f) => typeof f.id === 'number');
    const store = useEditStore.getState();
    const shift = e.originalEvent.shiftKey;
    if (!hit) {
      if (!shift) store.clearSelection();
      return;
    }
    store.select(layer.id, indicesToPlotIds(layer, [hit.id as number]), shift ? 'toggle' : 'replace');
  };
  map.on('click', onClick);
  return () => map.off('click', onClick);
}

/** The tool buttons (over the map) and the handlers; mount once inside the MapView. */
export function SelectionTools() {
  const map = useMapInstance();
  const layer = usePlotsLayer();
  const tool = useSelectionToolStore((s) => s.tool);
  const setTool = useSelectionToolStore((s) => s.setTool);
  const t = useT();

  useEffect(() => {
    if (!map) return;
    let current = layer;
    map.boxZoom.disable(); // shift-drag selects plots instead of zooming
    const getLayer = () => current;
    const offDrag = attachDrag(map, getLayer);
    const offClick = attachClick(map, getLayer);
    return () => {
      current = undefined;
      offDrag();
      offClick();
      map.boxZoom.enable();
    };
  }, [map, layer]);

  useEffect(() => {
    if (!map) return;
    if (tool === 'pointer') map.dragPan.enable();
    else map.dragPan.disable();
    map.getCanvas().style.cursor = tool === 'pointer' ? '' : 'crosshair';
  }, [map, tool]);

  if (!map || !layer) return null;
  const button = (id: SelectionTool, testId: string, zh: string, en: string, title: [string, string]) => (
    <button data-testid={testId} aria-pressed={tool === id} className={tool === id ? 'active' : ''} title={t(...title)} onClick={() => setTool(tool === id && id !== 'pointer' ? 'pointer' : id)}>
      {t(zh, en)}
    </button>
  );
  return (
    <div className="selection-tools" role="toolbar" aria-label={t('选择工具', 'Selection tools')}>
      {button('pointer', 'tool-pointer', '点选', 'Click', ['单击选择，Shift+单击增减，Shift+拖动框选', 'Click to select, shift-click to toggle, shift-drag for a box'])}
      {button('box', 'tool-box', '框选', 'Box', ['拖动画框选择地块（按住 Ctrl 追加）', 'Drag a box to select plots (Ctrl adds)'])}
      {button('lasso', 'tool-lasso', '套索', 'Lasso', ['按住拖动画任意形状选择地块（按住 Ctrl 追加）', 'Drag a freehand shape to select plots (Ctrl adds)'])}
    </div>
  );
}
