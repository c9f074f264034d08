/**
 * How each kind of layer is drawn. Colours follow the customary 三调 palette for land classes
 * (耕地 yellow, 园地 orange, 林地 green, 草地 light green, 水域 blue, 交通 grey, 建设 red).
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { Layer, LayerKind } from '../../core/types.ts';
import { circleId, fillId, haloId, labelId, labelSourceId, lineId, selectedLineId, selectionSourceId, sourceId } from './MapContext.tsx';

export const STATUS_COLORS: Record<string, string> = { 种植: '#4caf50', 退减: '#c2703d', 休耕: '#e6c229' };

export const SURVEY_CLASS_COLORS: [string, string, string][] = [
  ['01', '#f5e6a8', '耕地'],
  ['02', '#f0b46e', '园地'],
  ['03', '#6fae72', '林地'],
  ['04', '#c6e3a1', '草地'],
  ['10', '#b0b0b0', '交通运输用地'],
  ['11', '#8ec5e8', '水域及水利设施'],
  ['12', '#d9cfc1', '其他土地'],
  ['20', '#e58f8f', '城镇村及工矿'],
];

/** The zoom from which every plot is outlined (below it a plot is a few pixels: its fill says it all). */
export const PLOT_OUTLINE_MINZOOM = 11;

/** Village fill by groundwater use ÷ cap (feature-state gwShare). */
export const GW_SHARE_STOPS: [number, string][] = [
  [0, '#d7ecf7'],
  [0.8, '#9ecae1'],
  [0.95, '#fdd49e'],
  [1.0, '#fc8d59'],
  [1.2, '#d7301f'],
];

const plotStatus: ExpressionSpecification = ['coalesce', ['feature-state', 'status'], ['get', 'ZT']];

function surveyColor(): ExpressionSpecification {
  const cases: (string | ExpressionSpecification)[] = [];
  for (const [prefix, color] of SURVEY_CLASS_COLORS) {
    cases.push(['==', ['slice', ['to-string', ['get', 'DLBM']], 0, 2], prefix] as ExpressionSpecification, color);
  }
  return ['case', ...cases, '#dddddd'] as unknown as ExpressionSpecification;
}

/**
 * Villages are tinted by groundwater share either as a fill (no plots shown) or as a thick
 * outline (plots shown: a tint over plot colours reads as the 退减 swatch).
 */
export function villagePaint(layerId: string, fill: boolean): [string, string, unknown][] {
  return [
    [fillId(layerId), 'fill-opacity', fill ? ['interpolate', ['linear'], ['zoom'], 9, 0.6, 12, 0.35, 14, 0.12] : 0],
    [lineId(layerId), 'line-color', fill ? '#5a4a7a' : ['case', ['==', ['typeof', ['feature-state', 'gwShare']], 'number'], gwShareColor(), '#5a4a7a']],
    [lineId(layerId), 'line-width', fill ? ['interpolate', ['linear'], ['zoom'], 8, 0.8, 13, 2.2] : ['interpolate', ['linear'], ['zoom'], 8, 2.5, 13, 4]],
  ];
}

function gwShareColor(): ExpressionSpecification {
  const steps: (number | string)[] = [];
  for (const [stop, color] of GW_SHARE_STOPS.slice(1)) steps.push(stop, color);
  return [
    'case',
    ['==', ['typeof', ['feature-state', 'gwShare']], 'number'],
    ['step', ['feature-state', 'gwShare'], GW_SHARE_STOPS[0][1], ...steps],
    'rgba(0,0,0,0)',
  ] as unknown as ExpressionSpecification;
}

/** The style layers for one loaded layer, bottom to top. */
export function styleLayersFor(layer: Pick<Layer, 'id' | 'kind'>): LayerSpecification[] {
  const source = sourceId(layer.id);
  const kind: LayerKind = layer.kind;
  switch (kind) {
    case 'villages':
      return [
        // strong at county scale, faint when zoomed in to plots
        { id: fillId(layer.id), type: 'fill', source, paint: { 'fill-color': gwShareColor(), 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 12, 0.35, 14, 0.12] } },
        { id: lineId(layer.id), type: 'line', source, paint: { 'line-color': '#5a4a7a', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.8, 13, 2.2], 'line-dasharray': [3, 1.5] } },
        {
          id: labelId(layer.id),
          type: 'symbol',
          source: labelSourceId(layer.id),
          minzoom: 9,
          layout: { 'text-field': ['coalesce', ['get', 'ZLDWMC'], ['get', 'CJMC'], ''], 'text-size': 13, 'text-font': ['sans-serif'] },
          paint: { 'text-color': '#3d2f5c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
        },
      ];
    case 'survey':
      // the survey's 8,000+ patches are detail: drawn from plot zoom, not over the county view
      return [
        { id: fillId(layer.id), type: 'fill', source, minzoom: 12, paint: { 'fill-color': surveyColor(), 'fill-opacity': 0.4 } },
        { id: lineId(layer.id), type: 'line', source, minzoom: 12, paint: { 'line-color': '#9a8f7a', 'line-width': 0.5 } },
      ];
    case 'plots':
      // What a frame costs matters here: where the map is drawn in software (no GPU) a frame of
      // the county's 30,000+ plots with outlines, a halo and antialiased fills took 0.4-1 s; with
      // plain fills and outlines from plot zoom it takes about a quarter of that (docs/architecture.md).
      return [
        {
          id: fillId(layer.id),
          type: 'fill',
          source,
          paint: {
            'fill-color': ['match', plotStatus, '种植', STATUS_COLORS['种植'], '退减', STATUS_COLORS['退减'], '休耕', STATUS_COLORS['休耕'], '#9e9e9e'],
            'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.9, 0.7],
            // the edges are drawn by the outline layer once plots are big enough to have edges
            'fill-antialias': false,
            // 0 while the tiles in view load, then 1 at once (MapView revealWhenLoaded): a value
            // in between would draw the layer offscreen first
            'fill-layer-opacity-transition': { duration: 0, delay: 0 },
          },
        },
        {
          // outlines from the zoom where a plot is more than a few pixels across
          id: lineId(layer.id),
          type: 'line',
          source,
          minzoom: PLOT_OUTLINE_MINZOOM,
          paint: { 'line-color': '#2e5d32', 'line-width': ['interpolate', ['linear'], ['zoom'], PLOT_OUTLINE_MINZOOM, 0.2, 14, 0.8] },
        },
        {
          // a wide light halo under the selection's outline, visible at any zoom
          id: haloId(layer.id),
          type: 'line',
          source: selectionSourceId(layer.id),
          paint: { 'line-color': '#fff59d', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 4, 14, 7], 'line-opacity': 0.95 },
        },
        {
          id: selectedLineId(layer.id),
          type: 'line',
          source: selectionSourceId(layer.id),
          paint: { 'line-color': '#1565c0', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 14, 3] },
        },
      ];
    case 'forest':
      return [
        { id: fillId(layer.id), type: 'fill', source, paint: { 'fill-color': '#1b5e20', 'fill-opacity': 0.75 } },
        { id: lineId(layer.id), type: 'line', source, minzoom: 12, paint: { 'line-color': '#0d3b10', 'line-width': 0.5 } },
      ];
    case 'reservoirs':
      return [
        { id: fillId(layer.id), type: 'fill', source, paint: { 'fill-color': '#4a90d9', 'fill-opacity': 0.8 } },
        { id: lineId(layer.id), type: 'line', source, paint: { 'line-color': '#1f5fa8', 'line-width': 1 } },
      ];
    case 'canals':
      return [
        {
          id: lineId(layer.id),
          type: 'line',
          source,
          paint: {
            'line-color': '#1f78b4',
            'line-width': ['match', ['get', 'QDDJ'], '干渠', 3, '支渠', 1.8, 0.9],
          },
        },
      ];
    case 'wells':
      return [
        {
          id: circleId(layer.id),
          type: 'circle',
          source,
          // 1,000+ wells are dots of noise at county zoom: shown once zoomed in to villages
          minzoom: 11.5,
          paint: {
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 11.5, 2.5, 14, 5],
            'circle-color': ['case', ['==', ['get', 'SFJL'], '是'], '#0d47a1', '#ffffff'],
            'circle-stroke-color': '#0d47a1',
            'circle-stroke-width': 1.2,
          },
        },
      ];
    default:
      return [
        { id: fillId(layer.id), type: 'fill', source, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#8e44ad', 'fill-opacity': 0.3 } },
        { id: lineId(layer.id), type: 'line', source, paint: { 'line-color': '#8e44ad', 'line-width': 1 } },
        { id: circleId(layer.id), type: 'circle', source, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 3, 'circle-color': '#8e44ad' } },
      ];
  }
}

/** Draw order: area layers under lines under points. */
export const KIND_ORDER: LayerKind[] = ['survey', 'plots', 'forest', 'reservoirs', 'villages', 'canals', 'wells', 'other'];
