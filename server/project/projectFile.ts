/**
 * The page's project file (src/io/project) in and out of the server. Importing one (the
 * administrator, once, to start the county's shared project from a file made in the page)
 * replaces the layers, the tables and every year's overrides in one transaction; the page's own
 * audit log is checked and its head hash recorded in the server's chain. Exporting gives the
 * project as the page opens it (打开项目), cut to the township for a township user.
 */
import { readMarks, readReport } from './findingMarks.ts';
import { FINDING_KINDS, type FindingKind } from '../../src/core/reconcile/types.ts';
import { overridesFromPlain, verifyChain, type PlainOverrides } from '../../src/core/edits/index.ts';
import { InputError, type Layer } from '../../src/core/types.ts';
import { readProjectFile, writeProjectFile } from '../../src/io/project/projectFile.ts';
import { parseCsv, toCsv } from '../../src/io/tables/csv.ts';
import { quotasFromTable } from '../../src/io/tables/quotas.ts';
import { capsFromTable } from '../../src/io/tables/caps.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Database } from '../db/database.ts';
import { appendAudit, lockChain, type ServerAuditEntry } from '../audit/serverAudit.ts';
import { TOWNSHIP_LAYER_KINDS, type Actor } from '../auth/roles.ts';
import { BadInput, layerForTownship, listLayers, readLayer, storeLayer, validateLayer } from './layers.ts';
import { readOverrides } from './edits.ts';

export async function importProjectFile(db: Database, actor: Actor, bytes: Uint8Array): Promise<ServerAuditEntry> {
  let data;
  try {
    data = readProjectFile(bytes, 'project.zip');
    if (data.tables.quotasCsv !== null) quotasFromTable(parseCsv(data.tables.quotasCsv), 'tables/quotas.csv');
    if (data.tables.capsCsv !== null) capsFromTable(parseCsv(data.tables.capsCsv), 'tables/caps.csv');
    overridesFromPlain(data.edits.overrides);
  } catch (error) {
    throw new BadInput(error instanceof InputError || error instanceof Error ? error.message.split('\n')[0] : 'project file');
  }
  const layers: Layer[] = data.layers.map((layer) => validateLayer(layer, layer.id));
  const pageLog = verifyChain(data.audit);
  return db.transaction(async (tx) => {
    await lockChain(tx);
    await tx.query('DELETE FROM overrides');
    await tx.query('DELETE FROM layers');
    for (const layer of layers) await storeLayer(tx, layer, actor.name);
    const now = new Date().toISOString();
    await tx.query('DELETE FROM project_tables');
    for (const [name, csv] of [['quotas', data.tables.quotasCsv], ['caps', data.tables.capsCsv]] as const) {
      if (csv !== null) await tx.query('INSERT INTO project_tables (name, csv, updated_at, updated_by) VALUES ($1, $2, $3, $4)', [name, csv, now, actor.name]);
    }
    let overrideCount = 0;
    for (const [year, byLayer] of Object.entries(data.edits.overrides as PlainOverrides)) {
      for (const [layerId, plots] of Object.entries(byLayer)) {
        const rows = Object.entries(plots).map(([plot_id, props]) => ({ plot_id, props }));
        overrideCount += rows.length;
        await tx.query(
          `INSERT INTO overrides (year, layer_id, plot_id, props) SELECT $1, $2, r.plot_id, r.props FROM jsonb_to_recordset($3::jsonb) AS r(plot_id text, props jsonb)`,
          [Number(year), layerId, JSON.stringify(rows)],
        );
      }
    }
    await tx.query(
      `INSERT INTO project_meta (key, value) VALUES ('project', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify({ projectName: data.projectName, years: data.years, year: data.year, settings: data.settings })],
    );
    const detail = JSON.stringify({
      projectName: data.projectName,
      sha256: bytesToHex(sha256(bytes)),
      layers: layers.map((l) => ({ id: l.id, kind: l.kind, features: l.features.features.length })),
      overrides: overrideCount,
      pageAudit: pageLog.ok ? { ok: true, length: pageLog.length, headHash: pageLog.headHash } : { ok: false, index: pageLog.index, problem: pageLog.problem },
    });
    const entry = await appendAudit(tx, { time: now, user: actor.name, action: 'project-imported', year: null, layerId: null, plotIds: [], changes: null, reason: '', detail });
    // the file's marks on findings (its findings slot) become the server's, under the importing official
    // (a finding's village, when the file's report does not say it, is the one the server knew)
    const knownVillages = new Map((await tx.query<{ key: string; village: string }>('SELECT key, village FROM finding_marks')).map((r) => [r.key, r.village]));
    await tx.query('DELETE FROM finding_marks');
    for (const mark of marksOfFile(data.marks)) {
      await tx.query('INSERT INTO finding_marks (key, kind, village, status, reason, marked_by, marked_at, audit_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [mark.key, mark.kind, mark.village || knownVillages.get(mark.key) || '', mark.status, mark.reason, actor.name, mark.at || now, entry.seq]);
    }
    return entry;
  });
}

/** The marks a project file's findings slot holds, with each finding's kind (from its key) and village (from the report, when kept). */
function marksOfFile(slots: unknown): { key: string; kind: string; village: string; status: string; reason: string; at: string }[] {
  const findings = (slots as { findings?: { marks?: unknown; report?: { findings?: unknown } } } | null)?.findings;
  if (!findings || typeof findings.marks !== 'object' || findings.marks === null) return [];
  const villages = new Map<string, string>();
  if (Array.isArray(findings.report?.findings)) {
    for (const f of findings.report.findings as { key?: unknown; villageCode?: unknown }[]) {
      if (typeof f?.key === 'string' && typeof f.villageCode === 'string' && /^\d{12}$/.test(f.villageCode)) villages.set(f.key, f.villageCode);
    }
  }
  return Object.entries(findings.marks as Record<string, { status?: unknown; reason?: unknown; at?: unknown }>)
    .filter(([key, m]) => key.length <= 300 && FINDING_KINDS.includes(key.split('|')[0] as FindingKind) && ['confirmed', 'dismissed', 'fixed'].includes(String(m?.status)))
    .map(([key, m]) => ({ key, kind: key.split('|')[0], village: villages.get(key) ?? '', status: String(m.status), reason: typeof m.reason === 'string' ? m.reason.slice(0, 500) : '', at: typeof m.at === 'string' ? m.at.slice(0, 40) : '' }));
}

export async function exportProjectFile(db: Database, actor: Actor): Promise<Uint8Array> {
  const township = actor.role === 'township' ? (actor.township ?? '') : null;
  const layers: Layer[] = [];
  for (const summary of await listLayers(db)) {
    if (township !== null && !TOWNSHIP_LAYER_KINDS.includes(summary.kind)) continue;
    const layer = await readLayer(db, summary.id);
    if (layer) layers.push(township === null ? layer : layerForTownship(layer, township));
  }
  const tables = await db.query<{ name: string; csv: string }>('SELECT name, csv FROM project_tables');
  const csvOf = (name: string) => tableCsvFor(actor, name, tables.find((t) => t.name === name)?.csv ?? null);
  const [meta] = await db.query<{ value: { projectName: string; years: number[]; year: number; settings: Record<string, unknown> } }>("SELECT value FROM project_meta WHERE key = 'project'");
  const editedYears = (await db.query<{ year: number }>('SELECT DISTINCT year FROM overrides')).map((r) => r.year);
  const years = [...new Set([...(meta?.value.years ?? []), ...editedYears])].sort((a, b) => a - b);
  const overrides: PlainOverrides = {};
  for (const year of editedYears) overrides[String(year)] = await readOverrides(db, year, township);
  const published = await readReport(db, actor);
  return writeProjectFile({
    projectName: meta?.value.projectName ?? '',
    layers,
    tables: { quotasCsv: csvOf('quotas'), capsCsv: csvOf('caps') },
    years: years.length ? years : [new Date().getFullYear()],
    year: meta?.value.year ?? years[years.length - 1] ?? new Date().getFullYear(),
    edits: { userName: actor.name, overrides, history: {}, selection: { layerId: null, plotIds: [] } },
    // The server's log stays on the server (GET /api/audit); the page starts its own from here.
    audit: [],
    // the reviewers' marks on findings, as the page's findings slot holds them (a township: its villages')
    // and the reconciliation report the natural resources bureau published, cut to the township
    marks: { findings: { version: 1, marks: Object.fromEntries(Object.entries(await readMarks(db, actor)).map(([key, m]) => [key, { status: m.status, ...(m.reason ? { reason: m.reason } : {}), at: m.at }])), report: published?.report ?? null, ranAt: published?.publishedAt ?? null } },
    settings: meta?.value.settings ?? {},
  });
}

/**
 * A table as an actor may read it: a township official's cap table holds the city's rows, its own
 * township's and its villages' (another township's caps are not its business); the rest whole.
 */
export function tableCsvFor(actor: Actor, name: string, csv: string | null): string | null {
  if (csv === null || name !== 'caps' || actor.role !== 'township') return csv;
  const township = actor.township ?? '-';
  const rows = parseCsv(csv);
  if (rows.length === 0) return csv;
  const codeColumn = rows[0].cells.findIndex((h) => h.trim() === '单位代码');
  if (codeColumn < 0) return toCsv([rows[0].cells]);
  const mine = (code: string) => code.length === 6 || code === township || (code.length === 12 && code.startsWith(township));
  return toCsv([rows[0].cells, ...rows.slice(1).map((r) => r.cells).filter((cells) => mine((cells[codeColumn] ?? '').trim()))]);
}
