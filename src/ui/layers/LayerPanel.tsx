/** Loaded layers with their legend, visibility, source CRS/encoding and import warnings. */
import { useState } from 'react';
import type { Layer, LayerKind } from '../../core/types.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { useT, type Translate } from '../i18n.ts';
import { useMapUiStore } from '../map/mapState.ts';
import { STATUS_COLORS, SURVEY_CLASS_COLORS } from '../map/layerStyles.ts';
import { bboxOfAll } from '../../core/bbox.ts';
import { warningText } from '../import/warningText.ts';
import { errorText } from '../edit/OperatorField.tsx';
import { removeLayerAudited, setReadingsYear, undoLayerChange } from './layerActions.ts';

export function kindName(kind: LayerKind, t: Translate): string {
  const names: Record<LayerKind, [string, string]> = {
    villages: ['村级行政区', 'Villages'],
    survey: ['三调地类图斑', 'Land survey (DLTB)'],
    plots: ['种植地块', 'Planting plots'],
    forest: ['人工林', 'Artificial forest'],
    wells: ['机电井', 'Wells'],
    canals: ['渠道', 'Canals'],
    reservoirs: ['水库', 'Reservoirs'],
    other: ['其他图层', 'Other layer'],
  };
  return t(...names[kind]);
}

function Legend({ layer }: { layer: Layer }) {
  const t = useT();
  if (layer.kind === 'plots') {
    return (
      <ul className="legend">
        {Object.entries(STATUS_COLORS).map(([status, color]) => (
          <li key={status}>
            <span className="swatch" style={{ background: color }} />
            {t(status, { 种植: 'planted', 退减: 'retired irrigation', 休耕: 'fallow rotation' }[status] ?? status)}
          </li>
        ))}
      </ul>
    );
  }
  if (layer.kind === 'survey') {
    return (
      <ul className="legend">
        {SURVEY_CLASS_COLORS.map(([code, color, name]) => (
          <li key={code}>
            <span className="swatch" style={{ background: color }} />
            {code} {name}
          </li>
        ))}
      </ul>
    );
  }
  return null;
}

/** The year a wells layer's readings (NJLL/NYDL, JLL…/YDL…) are of; other years have no reading. */
function ReadingsYear({ layer, onError }: { layer: Layer; onError: (message: string | null) => void }) {
  const t = useT();
  const years = useProjectStore((s) => s.years);
  const options = layer.readingsYear !== undefined && !years.includes(layer.readingsYear) ? [...years, layer.readingsYear].sort() : years;
  const change = (value: string) => {
    try {
      setReadingsYear(layer, Number(value));
      onError(null);
    } catch (e) {
      onError(errorText(e, t));
    }
  };
  return (
    <label className="small readings-year" title={t('井图层中的计量水量和用电量是哪一年的；其他年度没有读数，实际取水不计', 'The year of the metered volumes and electricity in this layer; other years have no reading')}>
      {t('读数年份', 'Readings year')}{' '}
      <select value={layer.readingsYear ?? ''} onChange={(e) => change(e.target.value)} data-testid="readings-year">
        {layer.readingsYear === undefined && <option value="">{t('未设', 'not set')}</option>}
        {options.map((y) => <option key={y} value={y}>{y}</option>)}
      </select>
    </label>
  );
}

function LayerRow({ layer }: { layer: Layer }) {
  const t = useT();
  const hidden = useMapUiStore((s) => !!s.hidden[layer.id]);
  const toggle = useMapUiStore((s) => s.toggle);
  const fit = useMapUiStore((s) => s.fit);
  const [open, setOpen] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = layer.features.features.length;
  const remove = () => {
    try {
      removeLayerAudited(layer);
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  const zoom = () => {
    const box = bboxOfAll(layer.features.features.map((f) => f.geometry));
    if (box) fit(box);
  };
  return (
    <li className="layer-row" data-testid="layer-row" data-kind={layer.kind} data-layer-id={layer.id}>
      <div className="layer-row-head">
        <input type="checkbox" checked={!hidden} onChange={() => toggle(layer.id)} aria-label={t('显示', 'Show')} />
        <button className="link" onClick={() => setOpen(!open)} title={layer.sourceFiles.join(', ')}>
          {layer.name}
        </button>
        <span className="muted">
          {kindName(layer.kind, t)} · {count.toLocaleString()}
        </span>
        <button className="icon" onClick={zoom} title={t('缩放到图层', 'Zoom to layer')}>
          ⤢
        </button>
        <button className="icon" onClick={() => setRemoving(true)} title={t('移除图层', 'Remove layer')} data-testid="layer-remove">
          ✕
        </button>
      </div>
      {removing && (
        <div className="layer-confirm" data-testid="layer-remove-confirm">
          {t(`移除「${layer.name}」（${count.toLocaleString()} 个要素）？可撤销。`, `Remove “${layer.name}” (${count.toLocaleString()} features)? It can be undone.`)}{' '}
          <button onClick={remove} data-testid="layer-remove-yes">{t('移除', 'Remove')}</button>{' '}
          <button onClick={() => setRemoving(false)}>{t('取消', 'Cancel')}</button>
        </div>
      )}
      {error && <div className="edit-message bad" role="alert">{error}</div>}
      {(layer.kind === 'survey' || layer.kind === 'wells') && (
        <div className="muted small">{t('县域视图下不显示，放大到村级后显示', 'Hidden at county zoom; shown when zoomed in')}</div>
      )}
      {layer.kind === 'wells' && <ReadingsYear layer={layer} onError={setError} />}
      <Legend layer={layer} />
      {layer.warnings.length > 0 && (
        <button className="warn-count link" data-testid="layer-warnings" onClick={() => setOpen(!open)} aria-expanded={open}>
          {t(`${layer.warnings.length} 条导入提示`, `${layer.warnings.length} import notes`)} {open ? '▴' : '▾'}
        </button>
      )}
      {open && (
        <div className="layer-details">
          <div>
            {t('文件', 'Files')}: {layer.sourceFiles.join(', ')}
          </div>
          <div>
            {t('坐标系', 'CRS')}: {layer.crs.name} {layer.crs.code ? `(${layer.crs.code})` : ''} — {layer.crs.detail}
          </div>
          <div>
            {t('编码', 'Encoding')}: {layer.encoding} ({layer.encodingSource})
          </div>
          <ul className="warnings">
            {layer.warnings.slice(0, 200).map((w, i) => (
              <li key={i}>
                {w.featureId ? `#${w.featureId} ` : ''}
                {warningText(w, t)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

/** Undo of the latest layer change (import, replace, remove). */
function LayerUndo() {
  const t = useT();
  const last = useProjectStore((s) => s.layerHistory[s.layerHistory.length - 1]);
  const [message, setMessage] = useState<string | null>(null);
  if (!last && !message) return null;
  const undo = () => {
    try {
      const label = undoLayerChange();
      setMessage(label ? t(`已撤销：${label}`, `Undone: ${label}`) : null);
    } catch (e) {
      setMessage(errorText(e, t));
    }
  };
  return (
    <div className="row layer-undo">
      {last && (
        <button data-testid="layer-undo" onClick={undo}>
          ↶ {t(`撤销：${last.label}`, `Undo: ${last.label}`)}
        </button>
      )}
      {message && <span className="edit-message" data-testid="layer-undo-message">{message}</span>}
    </div>
  );
}

export function LayerPanel() {
  const layers = useProjectStore((s) => s.layers);
  const t = useT();
  if (layers.length === 0) return <><LayerUndo /><p className="muted">{t('尚未加载图层。', 'No layers loaded yet.')}</p></>;
  const ordered = [...layers].reverse();
  return (
    <>
      <LayerUndo />
      <ul className="layer-list" data-testid="layer-list">
        {ordered.map((layer) => (
          <LayerRow key={layer.id} layer={layer} />
        ))}
      </ul>
    </>
  );
}
