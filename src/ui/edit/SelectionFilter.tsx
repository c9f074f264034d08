/** Selecting plots by attributes (village, crop, tenure, source, status, area) or by a well. */
import { useMemo, useState } from 'react';
import type { Layer } from '../../core/types.ts';
import { PLOT_STATUSES, TENURES, WATER_SOURCES } from '../../core/types.ts';
import { plotAreasMu, plotCentroids, selectByFilter, selectServedByWell, wellPoints, DEFAULT_WELL_RADIUS_M, type PlotFilter } from '../../core/selection/index.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { useEditStore, type SelectMode } from '../../state/editStore.ts';
import { useMapUiStore } from '../map/mapState.ts';
import { useT } from '../i18n.ts';
import { indicesToPlotIds, propertiesAccessor } from './plotsData.ts';

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

/** Villages to choose from: the villages layer's codes and names, else the plots' own codes. */
function useVillageOptions(plots: Layer): [string, string][] {
  const layers = useProjectStore((s) => s.layers);
  const villages = layerOfKind(layers, 'villages');
  return useMemo(() => {
    const options = new Map<string, string>();
    for (const f of villages?.features.features ?? []) {
      const code = str(f.properties?.ZLDWDM ?? f.properties?.CJDM).slice(0, 12);
      if (code) options.set(code, str(f.properties?.ZLDWMC ?? f.properties?.CJMC) || code);
    }
    if (options.size === 0) for (const f of plots.features.features) options.set(str(f.properties?.ZLDWDM).slice(0, 12), str(f.properties?.ZLDWDM).slice(0, 12));
    options.delete('');
    return [...options].sort((a, b) => a[0].localeCompare(b[0]));
  }, [villages, plots]);
}

function useCropOptions(plots: Layer): string[] {
  return useMemo(() => [...new Set(plots.features.features.map((f) => str(f.properties?.ZZZW)).filter(Boolean))].sort(), [plots]);
}

function Choice({ label, testId, value, options, onChange }: { label: string; testId: string; value: string; options: readonly (string | [string, string])[]; onChange(v: string): void }) {
  const t = useT();
  return (
    <label>
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('全部', 'any')}</option>
        {options.map((o) => {
          const [v, text] = typeof o === 'string' ? [o, o] : o;
          return (
            <option key={v} value={v}>
              {text === v ? v : `${text} ${v}`}
            </option>
          );
        })}
      </select>
    </label>
  );
}

export function SelectionFilter({ layer }: { layer: Layer }) {
  const t = useT();
  const year = useProjectStore((s) => s.year);
  const [f, setF] = useState({ village: '', crop: '', tenure: '', source: '', status: '', min: '', max: '' });
  const villages = useVillageOptions(layer);
  const crops = useCropOptions(layer);
  const set = (key: keyof typeof f) => (value: string) => setF({ ...f, [key]: value });

  const run = (mode: SelectMode) => {
    const filter: PlotFilter = {
      unitCode: f.village || undefined,
      crops: f.crop ? [f.crop] : undefined,
      tenures: f.tenure ? [f.tenure] : undefined,
      sources: f.source ? [f.source] : undefined,
      statuses: f.status ? [f.status] : undefined,
      minAreaMu: f.min === '' ? undefined : Number(f.min),
      maxAreaMu: f.max === '' ? undefined : Number(f.max),
    };
    const props = propertiesAccessor(layer, useEditStore.getState().overrides, year);
    const indices = selectByFilter(layer.features.features.length, props, plotAreasMu(layer), filter);
    useEditStore.getState().select(layer.id, indicesToPlotIds(layer, indices), mode);
  };

  return (
    <section>
      <h3>{t('按条件选择', 'Select by attributes')}</h3>
      <div className="row">
        <Choice label={t('村', 'Village')} testId="filter-village" value={f.village} options={villages} onChange={set('village')} />
        <Choice label={t('作物', 'Crop')} testId="filter-crop" value={f.crop} options={crops} onChange={set('crop')} />
        <Choice label={t('状态', 'Status')} testId="filter-status" value={f.status} options={PLOT_STATUSES} onChange={set('status')} />
        <Choice label={t('权属', 'Tenure')} testId="filter-tenure" value={f.tenure} options={TENURES} onChange={set('tenure')} />
        <Choice label={t('水源', 'Source')} testId="filter-source" value={f.source} options={WATER_SOURCES} onChange={set('source')} />
      </div>
      <div className="row">
        <label>
          {t('面积(亩)', 'Area (mu)')}
          <input type="number" data-testid="filter-min-mu" value={f.min} min={0} onChange={(e) => set('min')(e.target.value)} placeholder="≥" />
          –
          <input type="number" data-testid="filter-max-mu" value={f.max} min={0} onChange={(e) => set('max')(e.target.value)} placeholder="≤" />
        </label>
      </div>
      <div className="row">
        <button className="primary" data-testid="filter-select" onClick={() => run('replace')}>
          {t('选择', 'Select')}
        </button>
        <button data-testid="filter-add" onClick={() => run('add')}>
          {t('加入选择', 'Add')}
        </button>
        <button data-testid="filter-remove" onClick={() => run('remove')}>
          {t('移出选择', 'Remove')}
        </button>
      </div>
      <WellSelect layer={layer} />
    </section>
  );
}

/** "Plots served by this well": the well clicked on the map, or one typed by its code (JBM). */
function WellSelect({ layer }: { layer: Layer }) {
  const t = useT();
  const year = useProjectStore((s) => s.year);
  const wells = layerOfKind(useProjectStore((s) => s.layers), 'wells');
  const picked = useMapUiStore((s) => s.picked);
  const [code, setCode] = useState('');
  const [radius, setRadius] = useState(String(DEFAULT_WELL_RADIUS_M));
  const [note, setNote] = useState('');
  if (!wells) return null;
  const pickedIndex = picked && picked.layerId === wells.id ? picked.index : null;

  const run = () => {
    const index = code.trim() ? wells.features.features.findIndex((w) => str(w.properties?.JBM) === code.trim() || str(w.id) === code.trim()) : pickedIndex ?? -1;
    if (index < 0) return setNote(code.trim() ? t(`没有编码为 ${code.trim()} 的井`, `No well with code ${code.trim()}`) : t('请先在地图上点击一口井，或输入井编码', 'Click a well on the map or type its code'));
    const props = propertiesAccessor(layer, useEditStore.getState().overrides, year);
    const indices = selectServedByWell(wellPoints(wells.features.features), index, plotCentroids(layer), props, Number(radius) || DEFAULT_WELL_RADIUS_M);
    useEditStore.getState().select(layer.id, indicesToPlotIds(layer, indices), 'replace');
    setNote(t(`井 ${str(wells.features.features[index].properties?.JBM) || index + 1}：${indices.length} 块`, `Well ${str(wells.features.features[index].properties?.JBM) || index + 1}: ${indices.length} plots`));
  };

  return (
    <div className="row" title={t('本村、非纯渠灌、距该井不超过半径且以该井为最近井的地块', 'Plots of the well’s village, not canal-only, within the radius, nearest to this well')}>
      <label>
        {t('井', 'Well')}
        <input type="text" data-testid="well-code" value={code} placeholder={pickedIndex !== null ? t('地图所选', 'picked on map') : 'JBM'} onChange={(e) => setCode(e.target.value)} style={{ width: 110 }} />
      </label>
      <label>
        {t('半径(米)', 'Radius (m)')}
        <input type="number" value={radius} min={50} step={50} onChange={(e) => setRadius(e.target.value)} />
      </label>
      <button data-testid="select-well" onClick={run}>
        {t('选择该井灌溉的地块', 'Plots served by the well')}
      </button>
      {note && <span className="muted">{note}</span>}
    </div>
  );
}
