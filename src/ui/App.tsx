import { ReviewPanel } from './review/ReviewPanel.tsx';
import { useServerLink } from '../state/serverLink.ts';
import { useReviewPackageStore } from '../state/reviewPackageStore.ts';
import { useEffect, useState, type ReactNode } from 'react';
import { useProjectStore } from '../state/projectStore.ts';
import { useLangStore, useT } from './i18n.ts';
import { MapView } from './map/MapView.tsx';
import { FeatureInfo } from './map/FeatureInfo.tsx';
import { LayerPanel } from './layers/LayerPanel.tsx';
import { AddLayer } from './layers/AddLayer.tsx';
import { AccountingPanel } from './accounting/AccountingPanel.tsx';
import { AccountingTable } from './accounting/AccountingTable.tsx';
import { TablesPanel } from './tables/TablesPanel.tsx';
import { FindingsPanel } from './reconcile/FindingsPanel.tsx';
import { FindingsMap } from './reconcile/FindingsMap.tsx';
import { EditPanel } from './edit/EditPanel.tsx';
import { AuditPanel } from './edit/AuditPanel.tsx';
import { ProjectMenu } from './edit/ProjectMenu.tsx';
import { OperatorField } from './edit/OperatorField.tsx';
import { MapEditSync } from './edit/MapEditSync.tsx';
import { SelectionTools } from './map/selectionTools.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { AccountingMapSync } from './accounting/useAccountingMap.ts';
import { GwLegend } from './accounting/GwLegend.tsx';
import { ColouredSignal } from './map/ColouredSignal.tsx';
import { useAccountingStore } from '../state/accountingStore.ts';
import { useStartup } from './useStartup.ts';
import { useMapUiStore } from './map/mapState.ts';
import { PlanPanel } from './plan/PlanPanel.tsx';
import { PlanMap } from './plan/PlanMap.tsx';
import { ServerBar } from './server/ServerBar.tsx';
import { MonitorPanel } from './monitor/MonitorPanel.tsx';
import { MonitorMap } from './monitor/MonitorMap.tsx';

type Tab = 'layers' | 'accounting' | 'reconcile' | 'edit' | 'tables' | 'audit' | 'plan' | 'monitor' | 'review';

const TABS: [Tab, string, string][] = [
  ['layers', '图层', 'Layers'],
  ['edit', '地块标注', 'Mark plots'],
  ['accounting', '用水核算', 'Accounting'],
  ['reconcile', '三调套核', 'Reconcile'],
  ['plan', '退减规划', 'Retirement plan'],
  ['monitor', '月度监测', 'Monitoring'],
  ['tables', '定额与指标', 'Quotas & caps'],
  ['audit', '审计日志', 'Audit log'],
  // only under the county's server, or with a township review package open (hidden otherwise)
  ['review', '乡镇审核', 'Township review'],
];

function Header() {
  const t = useT();
  const { lang, setLang } = useLangStore();
  const projectName = useProjectStore((s) => s.projectName);
  const isSample = useProjectStore((s) => s.isSample);
  const years = useProjectStore((s) => s.years);
  const year = useProjectStore((s) => s.year);
  const setYear = useProjectStore((s) => s.setYear);
  // before a project is there (the sample still loading) there is no year to show
  const hasProject = useProjectStore((s) => s.layers.length > 0);
  return (
    <header className="app-header">
      <span className="brand">
        水地 <small>Shuidi</small>
      </span>
      <span className="project-name" data-testid="project-name">
        {projectName}
      </span>
      {isSample && (
        <span className="sample-badge" data-testid="sample-badge">
          {t('示例数据', 'Sample data')}
        </span>
      )}
      <label className="year">
        {t('年度', 'Year')}{' '}
        <select data-testid="year-select" value={hasProject ? year : ''} disabled={!hasProject} onChange={(e) => setYear(Number(e.target.value))}>
          {!hasProject && <option value="">—</option>}
          {hasProject && years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
      <OperatorField testId="header-user-name" compact />
      <ServerBar />
      <ProjectMenu />
      <button data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
        {lang === 'zh' ? 'English' : '中文'}
      </button>
    </header>
  );
}

function Sidebar({ tab, setTab }: { tab: Tab; setTab(tab: Tab): void }) {
  const t = useT();
  const panels: Record<Tab, ReactNode> = {
    layers: (
      <>
        <AddLayer />
        <LayerPanel />
      </>
    ),
    edit: <EditPanel />,
    accounting: <AccountingPanel />,
    reconcile: <FindingsPanel />,
    tables: <TablesPanel />,
    audit: <AuditPanel />,
    plan: <PlanPanel />,
    review: <ReviewPanel />,
    monitor: <MonitorPanel />,
  };
  const signedIn = useServerLink((s) => s.mode === 'server' && s.session !== null);
  // or a township package open without the server (src/ui/review/packageActions.ts)
  const packageOpen = useReviewPackageStore((s) => s.pkg !== null);
  return (
    // the tables and the audit log need room for their columns
    <aside className={tab === 'tables' || tab === 'audit' || tab === 'review' ? 'sidebar wide' : 'sidebar'}>
      <nav className="tabs" role="tablist">
        {TABS.filter(([id]) => id !== 'review' || signedIn || packageOpen).map(([id, zh, en]) => (
          <button key={id} role="tab" aria-selected={tab === id} data-testid={`tab-${id}`} onClick={() => setTab(id)}>
            {t(zh, en)}
          </button>
        ))}
      </nav>
      <div className="panel" role="tabpanel">
        <ErrorBoundary name={TABS.find((x) => x[0] === tab)?.[1] ?? tab}>{panels[tab]}</ErrorBoundary>
      </div>
    </aside>
  );
}

/** The village colours' legend, on the map while an accounting result colours the villages. */
function MapLegend() {
  const t = useT();
  // with the colours it explains: the shares come before the whole result on a first run
  const hasShares = useAccountingStore((s) => s.shares !== null);
  const villageFill = useMapUiStore((s) => s.villageFill);
  const plotsShown = useProjectStore((s) => s.layers.some((l) => l.kind === 'plots'));
  const hidden = useMapUiStore((s) => s.hidden);
  if (!hasShares) return null;
  const plotsVisible = plotsShown && !Object.entries(hidden).some(([id, off]) => off && useProjectStore.getState().layers.find((l) => l.id === id)?.kind === 'plots');
  const fill = villageFill ?? !plotsVisible;
  return (
    <div className="map-legend">
      <GwLegend />
      <label className="small" title={t('显示地块时默认只给村界描边，以免与地块颜色混淆', 'With plots shown, villages are outlined so their tint does not mix with plot colours')}>
        <input type="checkbox" data-testid="village-fill" checked={fill} onChange={(e) => useMapUiStore.getState().setVillageFill(e.target.checked)} />
        {t('村面填充着色（否则只描边）', 'Fill villages (else outline only)')}
      </label>
    </div>
  );
}

function StatusBar() {
  const t = useT();
  const { loading, error } = useStartup();
  if (error) {
    return (
      <div className="status-bar error" role="alert" data-testid="status-error">
        {error}
      </div>
    );
  }
  if (!loading) return null;
  return (
    <div className="status-bar" data-testid="status-loading">
      {t('正在加载', 'Loading')} {loading.label} ({loading.step}/{loading.steps})
      <progress max={loading.steps} value={loading.step} />
    </div>
  );
}

export function App() {
  const [tab, setTabState] = useState<Tab>('layers');
  // the attribute panel belongs to what the user was looking at: a new tab closes it
  const setTab = (next: Tab) => {
    if (next !== tab) useMapUiStore.getState().setPicked(null);
    setTabState(next);
  };
  const [drawer, setDrawer] = useState(false);
  const t = useT();
  useEffect(() => {
    document.title = t('水地 · 农业用水总量控制', 'Shuidi · agricultural water caps');
  }, [t]);
  return (
    <div className="app">
      <Header />
      <div className="app-body">
        <Sidebar tab={tab} setTab={setTab} />
        <main className="main">
          <ErrorBoundary name="地图">
            <MapView>
              <FeatureInfo />
              <SelectionTools />
              <MapEditSync />
              <FindingsMap />
              <AccountingMapSync />
              <ColouredSignal />
              <PlanMap />
              {tab === 'monitor' && <MonitorMap />}
              <MapLegend />
              <StatusBar />
            </MapView>
          </ErrorBoundary>
          <section className={drawer ? 'drawer open' : 'drawer'}>
            <button className="drawer-toggle" data-testid="drawer-toggle" onClick={() => setDrawer(!drawer)}>
              {drawer ? '▾' : '▴'} {t('三级汇总表', 'Summary table')}
            </button>
            {drawer && (
              <ErrorBoundary name="汇总表">
                <AccountingTable />
              </ErrorBoundary>
            )}
          </section>
        </main>
      </div>
    </div>
  );
}
