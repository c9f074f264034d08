/**
 * Turns rule findings into the report: bbox and stable key on every finding, the contract's
 * ordering (by kind, then largest area first), the summary per kind and the groups per kind and village.
 */
import type { Geometry } from 'geojson';
import type { RuleFinding } from './rules/context.ts';
import type { ReconcileSettings } from './settings.ts';
import { bboxOf } from '../bbox.ts';
import { FINDING_KINDS, findingKey, type Finding, type FindingGroup, type FindingKind, type ReconcileReport } from './types.ts';

/** Adds bbox (of the problem geometry, else of the feature) and key. */
export function completeFinding(finding: RuleFinding, featureGeometry: Geometry | null): Finding {
  const bbox = bboxOf(finding.geometry) ?? bboxOf(featureGeometry) ?? [0, 0, 0, 0];
  return { ...finding, bbox, key: findingKey(finding.kind, finding.featureId, finding.otherId) };
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  const order = new Map(FINDING_KINDS.map((k, i) => [k, i]));
  return [...findings].sort(
    (x, y) =>
      (order.get(x.kind) ?? 0) - (order.get(y.kind) ?? 0) ||
      y.areaMu - x.areaMu ||
      (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
  );
}

export function summarize(findings: readonly Finding[]): Record<FindingKind, number> {
  const summary = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  for (const f of findings) summary[f.kind] += 1;
  return summary;
}

/** Counts and areas per kind and village, in kind order then village code order. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const id = `${f.kind}|${f.villageCode}`;
    const group = groups.get(id) ?? { kind: f.kind, villageCode: f.villageCode, count: 0, areaMu: 0 };
    group.count += 1;
    group.areaMu += f.areaMu;
    groups.set(id, group);
  }
  const order = new Map(FINDING_KINDS.map((k, i) => [k, i]));
  return [...groups.values()].sort(
    (x, y) => (order.get(x.kind) ?? 0) - (order.get(y.kind) ?? 0) || x.villageCode.localeCompare(y.villageCode),
  );
}

export function buildReport(settings: ReconcileSettings, findings: readonly Finding[], warnings: string[]): ReconcileReport {
  const sorted = sortFindings(findings);
  return { settings: { ...settings }, summary: summarize(sorted), findings: sorted, groups: groupFindings(sorted), warnings };
}
