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
import { MapEditSync } from './edit/MapEditSync.tsx';
import { SelectionTools } from './map/selectionTools.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { AccountingMapSync } from './accounting/useAccountingMap.ts';
import { GwLegend } from './accounting/GwLegend.tsx';
import { useAccountingStore } from '../state/accountingStore.ts';
import { useStartup } from './useStartup.ts';
import { ServerBar } from './server/ServerBar.tsx';

type Tab = 'layers' | 'accounting' | 'reconcile' | 'edit' | 'tables' | 'audit';

const TABS: [Tab, string, string][] = [
  ['layers', '图层', 'Layers'],
  ['edit', '地块标注', 'Mark plots'],
  ['accounting', '用水核算', 'Accounting'],
  ['reconcile', '三调套核', 'Reconcile'],
  ['tables', '定额与指标', 'Quotas & caps'],
  ['audit', '审计日志', 'Audit log'],
];

function Header() {
  const t = useT();
  const { lang, setLang } = useLangStore();
  const projectName = useProjectStore((s) => s.projectName);
  const isSample = useProjectStore((s) => s.isSample);
  const years = useProjectStore((s) => s.years);
  const year = useProjectStore((s) => s.year);
  const setYear = useProjectStore((s) => s.setYear);
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
        <select data-testid="year-select" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
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
  };
  return (
    // the tables and the audit log need room for their columns
    <aside className={tab === 'tables' || tab === 'audit' ? 'sidebar wide' : 'sidebar'}>
      <nav className="tabs" role="tablist">
        {TABS.map(([id, zh, en]) => (
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
  const hasResult = useAccountingStore((s) => s.result !== null);
  if (!hasResult) return null;
  return (
    <div className="map-legend">
      <GwLegend />
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
  const [tab, setTab] = useState<Tab>('layers');
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
          <MapView>
            <FeatureInfo />
            <SelectionTools />
            <MapEditSync />
            <FindingsMap />
            <AccountingMapSync />
            <MapLegend />
            <StatusBar />
          </MapView>
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
