/**
 * Attributes of the feature last clicked on the map, shown as text (never as HTML), under their
 * Chinese field names. It closes when it would show something stale: the plot left the selection.
 * A plot's declared area (SBMJ) and the area computed from its shape are both labelled as such.
 */
import { useEffect } from 'react';
import { plotAreasMu } from '../../core/selection/index.ts';
import { formatNumber } from '../i18n.ts';
import { FieldLabel } from './FieldLabel.tsx';
import type { MapMouseEvent } from 'maplibre-gl';
import { useProjectStore } from '../../state/projectStore.ts';
import { useT } from '../i18n.ts';
import { useMapInstance } from './MapContext.tsx';
import { useMapUiStore } from './mapState.ts';
import { justDragged } from './selectionTools.tsx';
import { effectivePlotProperties, useEditStore } from '../../state/editStore.ts';
import { plotIdOf } from '../../core/edits/effective.ts';

const PICK_ORDER = ['wells', 'forest', 'plots', 'reservoirs', 'canals', 'survey', 'villages', 'other'];

export function FeatureInfo() {
  const map = useMapInstance();
  const t = useT();
  const layers = useProjectStore((s) => s.layers);
  const picked = useMapUiStore((s) => s.picked);
  const setPicked = useMapUiStore((s) => s.setPicked);
  // plots show their attributes in the chosen year (edits included), and follow every edit
  const year = useProjectStore((s) => s.year);
  useEditStore((s) => s.version);
  const selection = useEditStore((s) => s.selection);

  useEffect(() => {
    // a plot shown here that is no longer selected: the panel would describe what the user left
    const current = useMapUiStore.getState().picked;
    if (!current) return;
    const layer = useProjectStore.getState().layers.find((l) => l.id === current.layerId);
    if (layer?.kind !== 'plots') return;
    const feature = layer.features.features[current.index];
    const stillSelected = selection.layerId === layer.id && feature !== undefined && selection.plotIds.has(plotIdOf(feature, current.index));
    if (!stillSelected) setPicked(null);
  }, [selection, setPicked]);

  useEffect(() => {
    if (!map) return;
    const onClick = (event: MapMouseEvent) => {
      if (justDragged()) return;
      // the project's layers only (not the village labels' or a selection's own sources)
      const hits = map.queryRenderedFeatures(event.point).filter((f) => rank(f.source) < PICK_ORDER.length);
      hits.sort((a, b) => rank(a.source) - rank(b.source));
      const hit = hits[0];
      setPicked(hit && typeof hit.id === 'number' ? { layerId: hit.source.slice(2), index: hit.id } : null);
    };
    const rank = (source: string) => {
      const layer = useProjectStore.getState().layers.find((l) => `L:${l.id}` === source);
      return layer ? PICK_ORDER.indexOf(layer.kind) : 99;
    };
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map, setPicked]);

  if (!picked) return null;
  const layer = layers.find((l) => l.id === picked.layerId);
  const feature = layer?.features.features[picked.index];
  if (!layer || !feature) return null;
  const properties = layer.kind === 'plots' ? effectivePlotProperties(layer, year, plotIdOf(feature, picked.index)) : feature.properties;
  const entries = Object.entries(properties ?? {});
  return (
    <div className="feature-info" data-testid="feature-info">
      <div className="feature-info-head">
        <strong>{layer.name}</strong> · {String(feature.id ?? picked.index + 1)}
        <button className="icon" onClick={() => setPicked(null)} aria-label={t('关闭', 'Close')}>
          ×
        </button>
      </div>
      <table>
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key}>
              <th><FieldLabel kind={layer.kind} name={key} /></th>
              <td>{value === null ? '' : String(value)}</td>
            </tr>
          ))}
          {layer.kind === 'plots' && (
            <tr data-testid="feature-info-area">
              <th>{t('图形计算面积（亩）', 'Area from the shape (mu)')}</th>
              <td>{formatNumber(plotAreasMu(layer)[picked.index], 2)} <small className="field-code">{t('按图形椭球面积计算，申报面积见 SBMJ', 'ellipsoidal, from the geometry; the declared area is SBMJ')}</small></td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
