/**
 * The map: an offline style (no tiles, glyphs or sprites from anywhere; labels are drawn with the
 * machine's own fonts), one GeoJSON source per loaded layer. Status and selection colours change
 * through feature-state, never by re-sending a layer.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { FeatureCollection } from 'geojson';
import { Map as MaplibreMap, NavigationControl, ScaleControl, type GeoJSONSource, type StyleSpecification } from 'maplibre-gl';
import './maplibreSetup.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useProjectStore } from '../../state/projectStore.ts';
import type { Layer, LayerKind } from '../../core/types.ts';
import { bboxOfAll } from '../../core/bbox.ts';
import { displayFeatureCollection } from '../../core/display/displayFeatures.ts';
import { adoptDisplayUrl, displayUrl, forgetDisplay } from './displaySources.ts';
import { whenWorkersReadBlobs } from './maplibreSetup.ts';
import type { EarlyDisplay } from '../../state/displayCache.ts';
import { sortEarly, type EarlyDrawn } from './earlyLayers.ts';
import { fillId, labelSourceId, MapContext, selectionSourceId, sourceId } from './MapContext.tsx';
import { labelPoints } from '../../core/display/labelPoints.ts';
import { KIND_ORDER, styleLayersFor, villagePaint } from './layerStyles.ts';
import { clampBounds, useMapUiStore } from './mapState.ts';
import { gatePainting, paintGateOf, type PaintGate } from './paintGate.ts';

/** While the map opens, at most one frame painted per this (see paintGate.ts). */
const PAINT_INTERVAL_MS = 1_000;
/** The colouring's hold ends with the county coloured, or after this (no plots, no figures). */
const COLOURING_HOLD_MAX_MS = 20_000;

const BASE_STYLE: StyleSpecification = {
  version: 8,
  name: 'Shuidi offline',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f3f1ea' } }],
};

function firstStyleLayerAbove(map: MaplibreMap, layers: Pick<Layer, 'id' | 'kind'>[], layer: Pick<Layer, 'id' | 'kind'>): string | undefined {
  const rank = KIND_ORDER.indexOf(layer.kind);
  const above = layers
    .filter((l) => l.id !== layer.id && KIND_ORDER.indexOf(l.kind) > rank)
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  for (const l of above) {
    const first = styleLayersFor(l)[0];
    if (first && map.getLayer(first.id)) return first.id;
  }
  return undefined;
}

function removeSource(map: MaplibreMap, id: string): void {
  const sources = [sourceId(id), labelSourceId(id), selectionSourceId(id)];
  for (const styleLayer of map.getStyle().layers ?? []) {
    if ('source' in styleLayer && sources.includes(styleLayer.source as string)) map.removeLayer(styleLayer.id);
  }
  for (const source of sources) if (map.getSource(source)) map.removeSource(source);
}

const villageLabels = (layer: Layer) => labelPoints(layer.features.features, ['ZLDWMC', 'CJMC']);

/**
 * The order sources are handed to the map's worker, which reads them one after another: what the
 * county opens coloured by first. The land survey is drawn from zoom 12 only, so it waits until
 * the other layers' tiles are loaded (`late`): at the county's zoom it would only delay the plots.
 */
const ADD_ORDER: LayerKind[] = ['villages', 'plots', 'forest', 'wells', 'reservoirs', 'canals', 'other', 'survey'];
const LATE_KINDS: ReadonlySet<LayerKind> = new Set(['survey']);
const addOrder = (layers: Layer[]): Layer[] => [...layers].sort((a, b) => ADD_ORDER.indexOf(a.kind) - ADD_ORDER.indexOf(b.kind));

/**
 * Sources follow the layer objects: a layer removed goes, a layer replaced (imported again, even
 * under the same id) is drawn anew, so the map never shows stale geometry under new attributes.
 * Returns whether a late layer is still to be added.
 */
function syncLayers(map: MaplibreMap, layers: Layer[], shown: Map<string, Layer>, late: boolean, early: Map<string, EarlyDrawn>): boolean {
  const wanted = new Map(layers.map((l) => [l.id, l]));
  if (layers.length > 0) adoptEarly(map, wanted, shown, early);
  for (const [id, drawn] of [...shown]) {
    if (wanted.get(id) === drawn) continue;
    removeSource(map, id);
    if (!wanted.has(id)) forgetDisplay(id);
    shown.delete(id);
  }
  let waiting = false;
  for (const layer of addOrder(layers)) {
    if (shown.has(layer.id)) continue;
    if (LATE_KINDS.has(layer.kind) && !late) {
      waiting = true;
      continue;
    }
    addToMap(map, layer, displayUrl(layer) ?? displayFeatureCollection(layer), () => villageLabels(layer), layers);
    shown.set(layer.id, layer);
  }
  return waiting;
}

/** A new empty collection each time: maplibre may keep a source's data object as its own. */
const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/**
 * A layer's sources and style layers, placed under the first style layer of a kind drawn above it.
 * A source drawn from a blob URL never has its data sent back to the page
 * (public/map-worker-protocol.mjs): its `getData()` would wait for ever, so the page looks
 * features up in the layer, never in the source.
 */
function addToMap(map: MaplibreMap, layer: Pick<Layer, 'id' | 'kind'>, data: string | FeatureCollection, labels: () => FeatureCollection, all: Pick<Layer, 'id' | 'kind'>[]): void {
  map.addSource(sourceId(layer.id), { type: 'geojson', data, buffer: TILE_BUFFER[layer.kind] ?? 64, tolerance: 0.3 });
  if (layer.kind === 'villages') map.addSource(labelSourceId(layer.id), { type: 'geojson', data: labels() });
  if (layer.kind === 'plots') map.addSource(selectionSourceId(layer.id), { type: 'geojson', data: empty() });
  const before = firstStyleLayerAbove(map, all, layer);
  for (const styleLayer of styleLayersFor(layer)) map.addLayer(styleLayer, before);
  if (layer.kind === 'plots') revealWhenLoaded(map, layer.id);
}

/**
 * Draws the saved villages and plots from their kept map GeoJSON (src/state/persistence.ts
 * peekSavedDisplays) while the project is still read back: the map's workers read and tile them
 * meanwhile instead of after. The view is fitted to the villages, as it is once they are read.
 * Needs the villages (the view) and workers that read blob URLs; else nothing is drawn early.
 */
async function drawEarly(map: MaplibreMap, entries: EarlyDisplay[], early: Map<string, EarlyDrawn>, fitted: { current: boolean }): Promise<void> {
  const stillWanted = () => !fitted.current && useProjectStore.getState().layers.length === 0;
  const villages = entries.find((entry) => entry.kind === 'villages');
  if (!villages || !(await whenWorkersReadBlobs())) return;
  let box: ReturnType<typeof clampBounds> = null;
  try {
    const collection = JSON.parse(await villages.display.text()) as Layer['features'];
    box = clampBounds(bboxOfAll(collection.features.map((f) => f.geometry)));
  } catch {
    return; // the restored layers are drawn as usual
  }
  if (!box || !stillWanted()) return;
  safely(() => map.fitBounds(box, { padding: 30, duration: 0 }));
  fitted.current = true;
  const ordered = [...entries].sort((a, b) => ADD_ORDER.indexOf(a.kind) - ADD_ORDER.indexOf(b.kind));
  for (const entry of ordered) {
    const url = URL.createObjectURL(entry.display);
    // the villages' labels come with the villages' attributes, once read
    addToMap(map, entry, url, empty, ordered);
    early.set(entry.id, { kind: entry.kind, generation: entry.generation, display: entry.display, url });
  }
  performance.mark('shuidi:map:early', { detail: { layers: ordered.map((entry) => entry.id) } });
}

/**
 * Once the project is read back: a layer drawn early is kept when the restored layer is of the
 * very generation it was drawn from (its labels added), and replaced otherwise.
 */
function adoptEarly(map: MaplibreMap, wanted: Map<string, Layer>, shown: Map<string, Layer>, early: Map<string, EarlyDrawn>): void {
  if (early.size === 0) return;
  const { adopt, drop } = sortEarly(early, wanted, shown);
  for (const layer of adopt) {
    adoptDisplayUrl(layer, early.get(layer.id)!.url);
    shown.set(layer.id, layer);
    if (layer.kind === 'villages') (map.getSource(labelSourceId(layer.id)) as GeoJSONSource | undefined)?.setData(villageLabels(layer));
  }
  for (const id of drop) {
    removeSource(map, id);
    URL.revokeObjectURL(early.get(id)!.url);
  }
  performance.mark('shuidi:map:early-adopted', { detail: { adopted: adopt.map((l) => l.id), replaced: drop } });
  early.clear();
}

/**
 * The plots' fill is drawn once all the tiles in view are loaded, not tile by tile: where the map
 * is drawn in software each frame with part of the county's plots costs the processor the tiles are
 * still being made with, and the clerk waits for the whole county anyway. The other layers (the
 * villages first) show as they come. Revealed after `REVEAL_MAX_MS` in any case.
 */
const REVEAL_MAX_MS = 15_000;

/**
 * The buffer around a tile, in pixels of its 512 (maplibre's default is 128). Each tile is made of
 * every feature within it, so a polygon kind drawn with thin lines only (at most 0.8 px for the
 * plots) takes 8: a plot near a tile's edge is then made into one tile instead of two, which for
 * the county's plots at 64 was half as many again. Points, canals and the villages' wide outlines
 * keep 64.
 */
const TILE_BUFFER: Partial<Record<LayerKind, number>> = { plots: 8, forest: 8, survey: 8 };

function revealWhenLoaded(map: MaplibreMap, layerId: string): void {
  const fill = fillId(layerId);
  map.setPaintProperty(fill, 'fill-layer-opacity', 0);
  // meanwhile the frames show nothing new (see paintGate.ts)
  const gate = paintGateOf(map);
  gate?.hold(`reveal:${layerId}`);
  const reveal = () => {
    gate?.release(`reveal:${layerId}`);
    map.off('sourcedata', onData);
    clearTimeout(timer);
    if (map.getLayer(fill)) map.setPaintProperty(fill, 'fill-layer-opacity', 1);
  };
  const onData = () => {
    if (!map.getLayer(fill) || map.isSourceLoaded(sourceId(layerId))) reveal();
  };
  const timer = setTimeout(reveal, REVEAL_MAX_MS);
  map.on('sourcedata', onData);
}

/** Village tint as fill or outline (the outline when plots are on the map, unless the user wants the fill). */
function applyVillagePaint(map: MaplibreMap, layers: Layer[], hidden: Record<string, boolean>, fillWanted: boolean | null): void {
  const plotsShown = layers.some((l) => l.kind === 'plots' && !hidden[l.id]);
  const fill = fillWanted ?? !plotsShown;
  for (const layer of layers.filter((l) => l.kind === 'villages')) {
    for (const [id, property, value] of villagePaint(layer.id, fill)) {
      if (map.getLayer(id)) map.setPaintProperty(id, property as never, value as never);
    }
  }
}

function applyVisibility(map: MaplibreMap, layers: Layer[], hidden: Record<string, boolean>): void {
  for (const layer of layers) {
    for (const styleLayer of styleLayersFor(layer)) {
      if (map.getLayer(styleLayer.id)) map.setLayoutProperty(styleLayer.id, 'visibility', hidden[layer.id] ? 'none' : 'visible');
    }
  }
}

/** A camera move that fails (a degenerate box) leaves the map where it was instead of failing the page. */
function safely(move: () => void): void {
  try {
    move();
  } catch (error) {
    console.warn('map move refused:', error);
  }
}

export function MapView({ children }: { children?: ReactNode }) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const shown = useRef(new Map<string, Layer>());
  const early = useRef(new Map<string, EarlyDrawn>());
  const fitted = useRef(false);
  const layers = useProjectStore((s) => s.layers);
  const hidden = useMapUiStore((s) => s.hidden);
  const fitTo = useMapUiStore((s) => s.fitTo);

  useEffect(() => {
    if (!container.current) return;
    const instance = new MaplibreMap({
      container: container.current,
      style: BASE_STYLE,
      center: [87.3, 44.0],
      zoom: 8,
      attributionControl: false,
      localIdeographFontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif',
      canvasContextAttributes: { preserveDrawingBuffer: true },
      // labels appear at once: a fade takes several more frames, and where the map is drawn in
      // software (no GPU) each frame of the county's plots takes a good part of a second
      fadeDuration: 0,
    });
    // little that a frame shows is new until the county is first coloured (ColouredSignal
    // releases 'colouring', also for a project that nothing will colour)
    const gate = gatePainting(instance, PAINT_INTERVAL_MS);
    gate.hold('colouring');
    const coloured = setTimeout(() => gate.release('colouring'), COLOURING_HOLD_MAX_MS);
    instance.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    instance.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    instance.on('load', () => {
      performance.mark('shuidi:map:load');
      setMap(instance);
    });
    Object.assign(window as unknown as { __shuidiMap?: MaplibreMap; __shuidiPaintGate?: PaintGate }, { __shuidiMap: instance, __shuidiPaintGate: gate });
    return () => {
      clearTimeout(coloured);
      instance.remove();
      shown.current.clear();
      early.current.clear();
      useMapUiStore.setState({ drawn: {} });
      setMap(null);
    };
  }, []);

  // true once the first layers' tiles are loaded: the late ones may come then
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!map) return;
    const waiting = syncLayers(map, layers, shown.current, late, early.current);
    useMapUiStore.setState({ drawn: Object.fromEntries(shown.current) });
    applyVisibility(map, layers, useMapUiStore.getState().hidden);
    if (!fitted.current && layers.length > 0) {
      const extentLayer = layers.find((l) => l.kind === 'villages') ?? layers[0];
      const box = clampBounds(bboxOfAll(extentLayer.features.features.map((f) => f.geometry)));
      if (box) {
        safely(() => map.fitBounds(box, { padding: 30, duration: 0 }));
        fitted.current = true;
      }
    }
    if (!waiting) return undefined;
    const drawnFirst = [...shown.current.keys()];
    const onData = () => {
      if (!drawnFirst.every((id) => !map.getSource(sourceId(id)) || map.isSourceLoaded(sourceId(id)))) return;
      map.off('sourcedata', onData);
      setLate(true);
    };
    map.on('sourcedata', onData);
    onData();
    return () => {
      map.off('sourcedata', onData);
    };
  }, [map, layers, late]);

  // the saved villages and plots, drawn while the project is read back (nothing to wait for after)
  const earlyDisplays = useMapUiStore((s) => s.early);
  useEffect(() => {
    if (!map || !earlyDisplays) return;
    useMapUiStore.setState({ early: null });
    if (shown.current.size > 0) return;
    void drawEarly(map, earlyDisplays, early.current, fitted);
  }, [map, earlyDisplays]);

  useEffect(() => {
    if (map) applyVisibility(map, layers, hidden);
  }, [map, layers, hidden]);

  const villageFill = useMapUiStore((s) => s.villageFill);
  useEffect(() => {
    if (map) applyVillagePaint(map, layers, hidden, villageFill);
  }, [map, layers, hidden, villageFill]);

  useEffect(() => {
    if (!map || !fitTo) return;
    safely(() => map.fitBounds(fitTo, { padding: 60, maxZoom: 16, duration: 600 }));
    useMapUiStore.getState().clearFit();
  }, [map, fitTo]);

  return (
    <MapContext.Provider value={map}>
      <div className="map-wrap">
        <div ref={container} className="map" data-testid="map" />
        {children}
      </div>
    </MapContext.Provider>
  );
}
