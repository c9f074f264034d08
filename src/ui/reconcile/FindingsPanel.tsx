/**
 * 三调套核: run the reconciliation (in the worker, with progress and cancel), walk through the
 * findings (filter by kind, village, minimum area, mark; sorted by area; counts per kind), see each
 * on the map, mark it, and export the list (xlsx, GeoJSON, Shapefile).
 */
import { useMemo } from 'react';
import { FINDING_KIND_LABELS } from '../../core/reconcile/kindLabels.ts';
import { FINDING_KINDS, type Finding, type FindingKind, type ReconcileReport } from '../../core/reconcile/types.ts';
import { countByKind, filterFindings, useFindingsStore, type MarkFilter } from '../../state/findingsStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { useMapUiStore } from '../map/mapState.ts';
import { formatNumber, useT } from '../i18n.ts';
import { FindingReview } from './FindingReview.tsx';
import { KIND_COLORS } from './FindingsMap.tsx';
import { RunControls } from './RunControls.tsx';
import { exportFindings, villageNameMap } from './reconcileActions.ts';
import './reconcile.css';

const MAX_ROWS_SHOWN = 500;

function KindSummary({ findings }: { findings: readonly Finding[] }) {
  const t = useT();
  const counts = useMemo(() => countByKind(findings), [findings]);
  const kind = useFindingsStore((s) => s.filter.kind);
  const setFilter = useFindingsStore((s) => s.setFilter);
  return (
    <table className="findings-summary" data-testid="findings-summary">
      <tbody>
        {FINDING_KINDS.map((k) => (
          <tr key={k} className={kind === k ? 'active' : ''} onClick={() => setFilter({ kind: kind === k ? '' : k })}>
            <td><span className="swatch" style={{ background: KIND_COLORS[k] }} /> {t(FINDING_KIND_LABELS[k].zh, FINDING_KIND_LABELS[k].en)}</td>
            <td className="num" data-kind={k}>{counts.get(k)?.count ?? 0}</td>
            <td className="num">{formatNumber(counts.get(k)?.areaMu ?? 0)} {t('亩', 'mu')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Counts and areas per village for the kind picked in the filter (report.groups). */
function VillageGroups({ report, names }: { report: ReconcileReport; names: Record<string, string> }) {
  const t = useT();
  const kind = useFindingsStore((s) => s.filter.kind);
  const setFilter = useFindingsStore((s) => s.setFilter);
  if (!kind) return null;
  const groups = report.groups.filter((g) => g.kind === kind).sort((a, b) => b.areaMu - a.areaMu);
  return (
    <table className="findings-summary" data-testid="findings-groups">
      <tbody>
        {groups.map((g) => (
          <tr key={g.villageCode} onClick={() => setFilter({ villageCode: g.villageCode })}>
            <td title={g.villageCode}>{names[g.villageCode] || g.villageCode || t('（无村）', '(no village)')}</td>
            <td className="num">{g.count}</td>
            <td className="num">{formatNumber(g.areaMu)} {t('亩', 'mu')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Filters({ villages, names }: { villages: string[]; names: Record<string, string> }) {
  const t = useT();
  const filter = useFindingsStore((s) => s.filter);
  const setFilter = useFindingsStore((s) => s.setFilter);
  return (
    <div className="row">
      <select data-testid="findings-filter-kind" value={filter.kind} onChange={(e) => setFilter({ kind: e.target.value as FindingKind | '' })}>
        <option value="">{t('全部类型', 'All kinds')}</option>
        {FINDING_KINDS.map((k) => <option key={k} value={k}>{t(FINDING_KIND_LABELS[k].sheet, FINDING_KIND_LABELS[k].en)}</option>)}
      </select>
      <select data-testid="findings-filter-village" value={filter.villageCode} onChange={(e) => setFilter({ villageCode: e.target.value })}>
        <option value="">{t('全部村', 'All villages')}</option>
        {villages.map((v) => <option key={v} value={v}>{names[v] ? `${names[v]}（${v}）` : v || t('（无村）', '(no village)')}</option>)}
      </select>
      <label>
        ≥
        <input type="number" min={0} step={0.5} data-testid="findings-filter-min-area" value={filter.minAreaMu} onChange={(e) => setFilter({ minAreaMu: Math.max(0, Number(e.target.value) || 0) })} />
        {t('亩', 'mu')}
      </label>
      <select data-testid="findings-filter-marks" value={filter.marks} onChange={(e) => setFilter({ marks: e.target.value as MarkFilter })}>
        <option value="all">{t('全部', 'All')}</option>
        <option value="open">{t('未复核', 'Not reviewed')}</option>
        <option value="marked">{t('已复核', 'Reviewed')}</option>
      </select>
    </div>
  );
}

function FindingRow({ finding, villageName }: { finding: Finding; villageName: string }) {
  const t = useT();
  const selected = useFindingsStore((s) => s.selectedKey === finding.key);
  const mark = useFindingsStore((s) => s.marks[finding.key]);
  const select = () => {
    useFindingsStore.getState().select(finding.key);
    useMapUiStore.getState().fit(finding.bbox);
  };
  return (
    <tr data-testid="finding-row" data-key={finding.key} className={selected ? 'selected' : ''} onClick={select}>
      <td><span className="swatch" style={{ background: KIND_COLORS[finding.kind] }} title={FINDING_KIND_LABELS[finding.kind].zh} /></td>
      <td>{finding.featureId}{finding.otherId ? ` × ${finding.otherId}` : ''}</td>
      <td title={finding.villageCode}>{villageName || finding.villageCode}</td>
      <td className="num">{formatNumber(finding.areaMu)}</td>
      <td className={`mark ${mark?.status ?? ''}`}>{mark ? t({ confirmed: '确认', dismissed: '排除', fixed: '已整改' }[mark.status], mark.status) : ''}</td>
    </tr>
  );
}

export function FindingsPanel() {
  const t = useT();
  const report = useFindingsStore((s) => s.report);
  const filter = useFindingsStore((s) => s.filter);
  const marks = useFindingsStore((s) => s.marks);
  const selectedKey = useFindingsStore((s) => s.selectedKey);
  const layers = useProjectStore((s) => s.layers);
  const names = useMemo(() => villageNameMap(layers), [layers]);
  const shown = useMemo(() => (report ? filterFindings(report.findings, filter, marks) : []), [report, filter, marks]);
  const villages = useMemo(() => [...new Set(report?.findings.map((f) => f.villageCode) ?? [])].sort(), [report]);
  const selected = report?.findings.find((f) => f.key === selectedKey) ?? null;
  const showOnMap = useFindingsStore((s) => s.showOnMap);
  const setShowOnMap = useFindingsStore((s) => s.setShowOnMap);

  return (
    <div className="findings-panel" data-testid="findings-panel">
      <RunControls />
      {report && (
        <>
          <section>
            <KindSummary findings={shown} />
            <VillageGroups report={report} names={names} />
            <p className="muted row">
              {t(`共 ${report.findings.length} 条，显示 ${shown.length} 条`, `${report.findings.length} findings, ${shown.length} shown`)}
              <label>
                <input type="checkbox" data-testid="findings-show-on-map" checked={showOnMap} onChange={(e) => setShowOnMap(e.target.checked)} />
                {t('在地图上显示', 'Show on map')}
              </label>
            </p>
            {report.warnings.length > 0 && (
              <details className="findings-warnings">
                <summary>{t(`${report.warnings.length} 条提示`, `${report.warnings.length} notes`)}</summary>
                <ul>{report.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
              </details>
            )}
          </section>
          <section>
            <Filters villages={villages} names={names} />
            <div className="findings-list">
              <table>
                <thead>
                  <tr><th /><th>{t('要素', 'Feature')}</th><th>{t('村', 'Village')}</th><th className="num">{t('亩', 'mu')}</th><th>{t('复核', 'Review')}</th></tr>
                </thead>
                <tbody>
                  {shown.slice(0, MAX_ROWS_SHOWN).map((f) => <FindingRow key={f.key} finding={f} villageName={names[f.villageCode] ?? ''} />)}
                </tbody>
              </table>
              {shown.length > MAX_ROWS_SHOWN && <p className="muted">{t(`仅显示面积最大的 ${MAX_ROWS_SHOWN} 条；请用筛选缩小范围`, `Only the ${MAX_ROWS_SHOWN} largest are listed; narrow the filter`)}</p>}
            </div>
          </section>
          {selected && <FindingReview finding={selected} villageNames={names} />}
          <section className="row">
            <span className="muted">{t('导出：', 'Export:')}</span>
            <button data-testid="findings-export-xlsx" onClick={() => void exportFindings(report, 'xlsx')}>xlsx</button>
            <button data-testid="findings-export-geojson" onClick={() => void exportFindings(report, 'geojson')}>GeoJSON</button>
            <button data-testid="findings-export-shp" onClick={() => void exportFindings(report, 'shp')}>Shapefile</button>
          </section>
        </>
      )}
    </div>
  );
}

