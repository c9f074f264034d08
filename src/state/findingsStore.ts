/**
 * Reconciliation in the page: the last report, the run's progress, the tolerances, the filter,
 * the selected finding, and the reviewers' marks. Marks are keyed by the finding's stable key
 * (kind|featureId|otherId), so they survive re-runs; they are kept with the project through the
 * persistence slot "findings" (getPersistedState/loadPersistedState: marks, settings and the last report).
 */
import { create } from 'zustand';
import type { JobProgress } from '../core/types.ts';
import { DEFAULT_RECONCILE_SETTINGS, type ReconcileSettings } from '../core/reconcile/settings.ts';
import type { FindingMark } from '../core/reconcile/kindLabels.ts';
import type { Finding, FindingKind, ReconcileReport } from '../core/reconcile/types.ts';
import { registerPersistedSlot } from './persistence.ts';

export type MarkFilter = 'all' | 'open' | 'marked';

export interface FindingsFilter {
  /** '' = every kind */
  kind: FindingKind | '';
  /** '' = every village */
  villageCode: string;
  minAreaMu: number;
  marks: MarkFilter;
}

export const EMPTY_FILTER: FindingsFilter = { kind: '', villageCode: '', minAreaMu: 0, marks: 'all' };

export interface FindingsState {
  report: ReconcileReport | null;
  /** when the report was made (ISO) */
  ranAt: string | null;
  running: boolean;
  progress: JobProgress | null;
  error: string | null;
  settings: ReconcileSettings;
  marks: Record<string, FindingMark>;
  filter: FindingsFilter;
  selectedKey: string | null;
  /** draw the findings on the map */
  showOnMap: boolean;
  setShowOnMap(show: boolean): void;
  setSettings(patch: Partial<ReconcileSettings>): void;
  startRun(): void;
  setProgress(progress: JobProgress): void;
  finishRun(report: ReconcileReport): void;
  failRun(message: string | null): void;
  setFilter(patch: Partial<FindingsFilter>): void;
  select(key: string | null): void;
  /** null removes the mark */
  mark(key: string, mark: FindingMark | null): void;
}

export const useFindingsStore = create<FindingsState>((set) => ({
  report: null,
  ranAt: null,
  running: false,
  progress: null,
  error: null,
  settings: { ...DEFAULT_RECONCILE_SETTINGS },
  marks: {},
  filter: EMPTY_FILTER,
  selectedKey: null,
  showOnMap: true,
  setShowOnMap: (showOnMap) => set({ showOnMap }),
  setSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  startRun: () => set({ running: true, progress: null, error: null }),
  setProgress: (progress) => set({ progress }),
  finishRun: (report) =>
    set((s) => ({
      report,
      ranAt: new Date().toISOString(),
      running: false,
      progress: null,
      selectedKey: report.findings.some((f) => f.key === s.selectedKey) ? s.selectedKey : null,
    })),
  failRun: (message) => set({ running: false, progress: null, error: message }),
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  select: (selectedKey) => set({ selectedKey }),
  mark: (key, mark) =>
    set((s) => {
      const marks = { ...s.marks };
      if (mark) marks[key] = { ...mark, at: mark.at ?? new Date().toISOString() };
      else delete marks[key];
      return { marks };
    }),
}));

/** The findings the filter lets through, largest area first. */
export function filterFindings(
  findings: readonly Finding[],
  filter: FindingsFilter,
  marks: Readonly<Record<string, FindingMark>>,
): Finding[] {
  return findings
    .filter((f) => !filter.kind || f.kind === filter.kind)
    .filter((f) => !filter.villageCode || f.villageCode === filter.villageCode)
    .filter((f) => f.areaMu >= filter.minAreaMu)
    .filter((f) => filter.marks === 'all' || (filter.marks === 'marked') === Boolean(marks[f.key]))
    .sort((a, b) => b.areaMu - a.areaMu || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Count and area per kind of a list of findings. */
export function countByKind(findings: readonly Finding[]): Map<FindingKind, { count: number; areaMu: number }> {
  const out = new Map<FindingKind, { count: number; areaMu: number }>();
  for (const f of findings) {
    const entry = out.get(f.kind) ?? { count: 0, areaMu: 0 };
    entry.count += 1;
    entry.areaMu += f.areaMu;
    out.set(f.kind, entry);
  }
  return out;
}

/** What is kept with the project (JSON-able). */
export interface PersistedFindings {
  version: 1;
  marks: Record<string, FindingMark>;
  settings: ReconcileSettings;
  report: ReconcileReport | null;
  ranAt: string | null;
}

export function getPersistedState(): PersistedFindings {
  const { marks, settings, report, ranAt } = useFindingsStore.getState();
  return { version: 1, marks, settings, report, ranAt };
}

/** Restores a saved state; anything unreadable is ignored rather than thrown. */
export function loadPersistedState(value: unknown): void {
  if (!value || typeof value !== 'object') return;
  const saved = value as Partial<PersistedFindings>;
  const marks = saved.marks && typeof saved.marks === 'object' ? saved.marks : {};
  useFindingsStore.setState({
    marks,
    settings: { ...DEFAULT_RECONCILE_SETTINGS, ...(saved.settings ?? {}) },
    report: saved.report && Array.isArray(saved.report.findings) ? saved.report : null,
    ranAt: typeof saved.ranAt === 'string' ? saved.ranAt : null,
    selectedKey: null,
  });
}

registerPersistedSlot({
  name: 'findings',
  snapshot: getPersistedState,
  restore: loadPersistedState,
  subscribe: (onChange) =>
    useFindingsStore.subscribe((s, prev) => {
      if (s.marks !== prev.marks || s.report !== prev.report || s.settings !== prev.settings) onChange();
    }),
});
