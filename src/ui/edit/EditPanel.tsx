/**
 * Marking plots: the selection (count and area in 亩 always shown), attribute filters, setting
 * status / crop / method / source for the selection, one plot's form, undo/redo, the user name,
 * new years and exports of the edited plots. Every change goes through the edit store's one path.
 */
import { useState } from 'react';
import { addYear, effectivePlotLayer, useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { plotsGeoJson, plotsShapefileZip } from '../../io/project/exports.ts';
import type { DbfEncoding } from '../../io/write/shapefileWriter.ts';
import { formatNumber, useT } from '../i18n.ts';
import { BatchEdit } from './BatchEdit.tsx';
import { errorText, OperatorField } from './OperatorField.tsx';
import { PlotForm } from './PlotForm.tsx';
import { SelectionFilter } from './SelectionFilter.tsx';
import { StorageStatus } from './StorageStatus.tsx';
import { download, usePlotsLayer, useSelectionSummary } from './plotsData.ts';
import './edit.css';

function SelectionSummary() {
  const t = useT();
  const layer = usePlotsLayer();
  const { count, areaMu } = useSelectionSummary(layer);
  const clear = useEditStore((s) => s.clearSelection);
  return (
    <div className="selection-summary">
      <span>
        {t('已选', 'Selected')} <strong data-testid="selection-count">{count}</strong> {t('块', 'plots')}
      </span>
      <span>
        <strong data-testid="selection-area">{formatNumber(areaMu, 2)}</strong> {t('亩', 'mu')}
      </span>
      <button data-testid="selection-clear" disabled={count === 0} onClick={clear}>
        {t('清除', 'Clear')}
      </button>
    </div>
  );
}

function UserAndYear() {
  const t = useT();
  const year = useProjectStore((s) => s.year);
  const history = useEditStore((s) => s.history[String(year)]);
  const [message, setMessage] = useState('');
  const newYear = () => {
    try {
      const y = addYear();
      setMessage(t(`已新建 ${y} 年度（复制上一年度的状态）`, `Year ${y} added (a copy of the previous year)`));
    } catch (error) {
      setMessage(errorText(error, t));
    }
  };
  return (
    <section>
      <div className="row">
        <OperatorField />
      </div>
      <div className="row">
        <button data-testid="undo" disabled={!history?.undo.length} title="Ctrl+Z" onClick={() => useEditStore.getState().undo(year)}>
          ↶ {t('撤销', 'Undo')}
        </button>
        <button data-testid="redo" disabled={!history?.redo.length} title="Ctrl+Y / Ctrl+Shift+Z" onClick={() => useEditStore.getState().redo(year)}>
          ↷ {t('重做', 'Redo')}
        </button>
        <span className="spacer" />
        <button data-testid="year-new" onClick={newYear}>
          {t('新建下一年度', 'New year')}
        </button>
      </div>
      {message && <div className="edit-message">{message}</div>}
    </section>
  );
}

function ExportEdited() {
  const t = useT();
  const layer = usePlotsLayer();
  const year = useProjectStore((s) => s.year);
  const [encoding, setEncoding] = useState<DbfEncoding>('GBK');
  if (!layer) return null;
  const name = `${layer.name || 'plots'}_${year}`;
  return (
    <section>
      <h3>{t(`导出 ${year} 年度地块`, `Export the plots of ${year}`)}</h3>
      <div className="row">
        <label>
          {t('编码', 'Encoding')}
          <select data-testid="export-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value as DbfEncoding)}>
            <option value="GBK">GBK</option>
            <option value="UTF-8">UTF-8</option>
          </select>
        </label>
        <button data-testid="export-shp" onClick={() => download(`${name}.zip`, plotsShapefileZip(effectivePlotLayer(layer, year), encoding, name), 'application/zip')}>
          Shapefile
        </button>
        <button data-testid="export-geojson" onClick={() => download(`${name}.geojson`, plotsGeoJson(effectivePlotLayer(layer, year)), 'application/geo+json')}>
          GeoJSON
        </button>
      </div>
    </section>
  );
}

export function EditPanel() {
  const t = useT();
  const layer = usePlotsLayer();
  const selection = useEditStore((s) => s.selection);
  const [result, setResult] = useState<{ message: string; ok: boolean } | null>(null);
  const onResult = (message: string, ok: boolean) => setResult({ message, ok });
  if (!layer) return <p className="muted">{t('请先加载种植地块图层。', 'Load a plots layer first.')}</p>;
  const single = selection.layerId === layer.id && selection.plotIds.size === 1 ? [...selection.plotIds][0] : null;
  return (
    <div className="edit-panel" data-testid="edit-panel">
      <StorageStatus />
      <SelectionSummary />
      <p className="muted" style={{ fontSize: 12, margin: '4px 0' }}>
        {t('地图上单击选择，Shift+单击增减，Shift+拖动或“框选”工具画框，“套索”工具画任意形状。', 'Click on the map to select, shift-click to toggle, shift-drag or the Box tool for a box, the Lasso tool for a freehand shape.')}
      </p>
      <UserAndYear />
      <BatchEdit layer={layer} onResult={onResult} />
      {result && (
        <div className={result.ok ? 'edit-message' : 'edit-message bad'} data-testid="edit-result">
          {result.message}
        </div>
      )}
      {single && <PlotForm layer={layer} plotId={single} onResult={onResult} />}
      <SelectionFilter layer={layer} />
      <ExportEdited />
    </div>
  );
}
