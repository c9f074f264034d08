/**
 * 控制指标分配: the water bureau shares year Y's caps out to townships and villages, in proportion to
 * each unit's use in Y−1 (the page's accounting of that year), the city's caps taken from caps.csv
 * or, where the year has none, from the 前轻后重 schedule (src/core/accounting/allocation.ts). Every
 * value can be edited; the sums are checked as one types, and the server checks them again and
 * refuses what does not add up. Saving says what it will write and asks first. A township official
 * sees its own part, read-only.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  ALLOCATION_COLUMNS, allocationProblems, proposeAllocation, reallocate, scheduledCityCap,
  type Allocation, type AllocationColumn, type AllocationRow, type ScheduledCap,
} from '../../core/accounting/allocation.ts';
import { capsFromCsvText } from '../../io/tables/readTable.ts';
import { accountYear } from '../../state/accountingStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { replyProblem, serverCall, useServerLink, type ServerProblem } from '../../state/serverLink.ts';
import { useT } from '../i18n.ts';

interface Saved extends Allocation { savedBy: string; savedAt: string; auditSeq: number }

const wan = (m3: number | null): string => (m3 === null ? '—' : (m3 / 1e4).toFixed(2));
const COLUMN_LABEL: Record<AllocationColumn, [string, string]> = { totalCapM3: ['用水总量控制', 'Total cap'], groundwaterCapM3: ['地下水控制', 'Groundwater cap'] };

function sourceNote(cap: ScheduledCap | null, column: AllocationColumn, year: number): [string, string] {
  const [zh, en] = COLUMN_LABEL[column];
  if (!cap) return [`${zh}：控制指标表中没有 ${year} 年及以后的市县指标，请直接填写`, `${en}: caps.csv has no city cap for ${year} or later; type it in`];
  if (cap.source === 'caps') return [`${zh}：取自控制指标表 ${year} 年市县行`, `${en}: the city's row of ${year} in caps.csv`];
  return [`${zh}：按“前轻后重”由 ${cap.fromYear} 年推至 ${cap.targetYear} 年目标（逐年压减量等差递增）`, `${en}: the 前轻后重 schedule from ${cap.fromYear} to the ${cap.targetYear} target (cuts growing by equal steps)`];
}

export function AllocationPanel({ year }: { year: number }) {
  const t = useT();
  const session = useServerLink((s) => s.session);
  const capsCsv = useProjectStore((s) => s.tables.capsCsv);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [draft, setDraft] = useState<Allocation | null>(null);
  /** the saved allocation the draft started from (its audit entry), so a colleague's save in between is not overwritten */
  const [draftBase, setDraftBase] = useState<number | null>(null);
  const [notes, setNotes] = useState<[string, string][]>([]);
  const [problem, setProblem] = useState<ServerProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const canEdit = session?.role === 'admin' || session?.role === 'water';

  const load = useCallback(async () => {
    const reply = await serverCall('GET', `/api/review/${year}/allocation`).catch(() => null);
    if (reply?.status === 200) setSaved((reply.body as { allocation: Saved | null }).allocation);
  }, [year]);
  useEffect(() => {
    setDraft(null);
    void load();
    const refresh = () => void load();
    globalThis.addEventListener('shuidi-review-change', refresh);
    return () => globalThis.removeEventListener('shuidi-review-change', refresh);
  }, [load]);

  const propose = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await accountYear(year - 1);
      const units = result.units.map((u) => ({ level: u.level, code: u.code, name: u.name, totalUseM3: u.totalUseM3, groundwaterUseM3: u.groundwaterUseM3 }));
      const city = units.find((u) => u.level === 'city');
      const caps = capsCsv ? capsFromCsvText(capsCsv, 'caps.csv') : [];
      const total = city ? scheduledCityCap(caps, city.code, year, 'totalCapM3', city.totalUseM3) : null;
      const groundwater = city ? scheduledCityCap(caps, city.code, year, 'groundwaterCapM3', city.groundwaterUseM3) : null;
      setNotes([sourceNote(total, 'totalCapM3', year), sourceNote(groundwater, 'groundwaterCapM3', year)]);
      setDraftBase(saved?.auditSeq ?? null);
      setDraft(proposeAllocation({ year, basisYear: year - 1, units, cityTotalCapM3: total?.valueM3 ?? null, cityGroundwaterCapM3: groundwater?.valueM3 ?? null }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setProblem({ zh: `无法生成分配：${message}`, en: `Cannot propose an allocation: ${message}` });
    } finally {
      setBusy(false);
    }
  };

  const problems = useMemo(() => (draft ? allocationProblems(draft.rows) : []), [draft]);
  const setValue = (code: string, column: AllocationColumn, text: string) => {
    if (!draft) return;
    const value = text.trim() === '' ? null : Number(text);
    setDraft({ ...draft, rows: draft.rows.map((r) => (r.code === code ? { ...r, [column]: value === null || Number.isFinite(value) ? value : r[column] } : r)) });
  };

  const save = async () => {
    if (!draft) return;
    setConfirming(false);
    setBusy(true);
    setProblem(null);
    try {
      const reply = await serverCall('PUT', `/api/review/${year}/allocation`, { ...draft, baseSeq: draftBase, reason: `依据 ${draft.basisYear} 年用水分配` }).catch(() => null);
      if (!reply) {
        setProblem({ zh: '无法连接服务器，分配未保存，请稍后再试', en: 'The server cannot be reached; the allocation was not saved' });
        return;
      }
      if (reply.status !== 200) {
        const p = replyProblem(reply.status, reply.body);
        const detail = (reply.body as { detail?: string }).detail;
        setProblem(detail ? { zh: `${p.zh}：${detail}`, en: `${p.en}: ${detail}` } : p);
        return;
      }
      // the page's own caps table follows, so its figures do
      useProjectStore.getState().setTables({ capsCsv: (reply.body as { csv: string }).csv });
      setDraft(null);
      await load();
    } finally {
      setBusy(false);
    }
  };

  const shown = draft ?? saved;
  const counts = (rows: readonly AllocationRow[]) => ({ townships: rows.filter((r) => r.level === 'township').length, villages: rows.filter((r) => r.level === 'village').length });
  const ordered = (rows: readonly AllocationRow[]): AllocationRow[] => {
    const out: AllocationRow[] = rows.filter((r) => r.level === 'city');
    for (const township of rows.filter((r) => r.level === 'township')) out.push(township, ...rows.filter((r) => r.level === 'village' && r.code.startsWith(township.code)));
    out.push(...rows.filter((r) => r.level === 'village' && !rows.some((x) => x.level === 'township' && r.code.startsWith(x.code))));
    return out;
  };

  return (
    <section className="allocation" data-testid="allocation-panel">
      <h4>{t(`${year} 年控制指标分配`, `Caps of ${year} by township and village`)}</h4>
      {saved && !draft && (
        <p className="muted small" data-testid="allocation-saved">
          {t(`已由 ${saved.savedBy} 于 ${saved.savedAt.slice(0, 16).replace('T', ' ')}（UTC）保存，依据 ${saved.basisYear} 年用水；已写入控制指标表`, `Saved by ${saved.savedBy} at ${saved.savedAt} (UTC), on the use of ${saved.basisYear}; written into caps.csv`)}
        </p>
      )}
      {!saved && !draft && <p className="muted small">{t('该年度尚未分配控制指标。', 'No allocation for this year yet.')}</p>}
      {canEdit && !draft && (
        <p>
          <button data-testid="allocation-propose" disabled={busy} onClick={() => void propose()}>
            {busy ? t('正在核算上年用水…', 'Accounting last year…') : t(`按 ${year - 1} 年用水生成分配…`, `Propose from the use of ${year - 1}…`)}
          </button>{' '}
          {saved && <button data-testid="allocation-edit" disabled={busy} onClick={() => { setNotes([]); setDraftBase(saved.auditSeq); setDraft({ year: saved.year, basisYear: saved.basisYear, rows: saved.rows }); }}>{t('修改已保存的分配', 'Edit the saved allocation')}</button>}
        </p>
      )}
      {problem && <div className="panel-error" role="alert" data-testid="allocation-problem">{t(problem.zh, problem.en)}</div>}
      {draft && notes.map(([zh, en]) => <p key={zh} className="muted small">{t(zh, en)}</p>)}
      {shown && (
        <div className="table-scroll">
          <table className="data-table" data-testid="allocation-table">
            <thead>
              <tr>
                <th>{t('单位', 'Unit')}</th>
                <th>{t(`${shown.basisYear} 年用水总量（万m³）`, `Total use ${shown.basisYear} (10⁴ m³)`)}</th>
                <th>{t(`${shown.basisYear} 年地下水（万m³）`, `Groundwater ${shown.basisYear} (10⁴ m³)`)}</th>
                {ALLOCATION_COLUMNS.map((c) => <th key={c}>{t(`${COLUMN_LABEL[c][0]}（m³）`, `${COLUMN_LABEL[c][1]} (m³)`)}</th>)}
                {draft && <th />}
              </tr>
            </thead>
            <tbody>
              {ordered(shown.rows).map((r) => (
                <tr key={r.code} data-testid="allocation-row" data-code={r.code} data-level={r.level} className={`level-${r.level}`}>
                  <td style={{ paddingLeft: r.level === 'village' ? '1.5em' : r.level === 'township' ? '0.7em' : undefined }}>{r.name} <span className="muted small">{r.code}</span></td>
                  <td>{wan(r.basisTotalM3)}</td>
                  <td>{wan(r.basisGroundwaterM3)}</td>
                  {ALLOCATION_COLUMNS.map((c) => (
                    <td key={c}>
                      {draft ? (
                        <input type="number" min={0} step={1} style={{ width: '9em' }} data-testid={`allocation-${c}`} aria-label={`${r.name} ${COLUMN_LABEL[c][0]}`}
                          value={r[c] ?? ''} onChange={(e) => setValue(r.code, c, e.target.value)} />
                      ) : (r[c] ?? '—')}
                    </td>
                  ))}
                  {draft && (
                    <td>
                      {r.level !== 'village' && (
                        <button data-testid="allocation-share" title={t('把本单位的指标按上年用水比例分到下级单位', 'Share this unit\'s caps out below in proportion to last year\'s use')}
                          onClick={() => setDraft(reallocate(draft, r.code))}>{t('按比例重新分配', 'Share out again')}</button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {draft && (
        <>
          {problems.length > 0 ? (
            <ul className="warning small" data-testid="allocation-problems">
              {problems.slice(0, 20).map((p, i) => <li key={i}>{t(p.zh, p.en)}</li>)}
              {problems.length > 20 && <li>{t(`等共 ${problems.length} 处`, `${problems.length} in all`)}</li>}
            </ul>
          ) : (
            <p className="small" data-testid="allocation-ok">{t('各级合计一致。', 'Every level adds up.')}</p>
          )}
          {!confirming ? (
            <p>
              <button className="primary" data-testid="allocation-save" disabled={busy || problems.length > 0} onClick={() => setConfirming(true)}>{t('保存分配…', 'Save…')}</button>{' '}
              <button disabled={busy} onClick={() => setDraft(null)}>{t('放弃', 'Discard')}</button>
            </p>
          ) : (
            <p data-testid="allocation-confirm">
              {t(
                `将写入控制指标表 ${year} 年 ${draft.rows.length} 行（1 个市县、${counts(draft.rows).townships} 个乡镇、${counts(draft.rows).villages} 个村）的用水总量控制和地下水控制；这些行的其他列、其他单位和其他年份不变。已签字的乡镇不能改动。确认保存？`,
                `This writes the total and groundwater caps of ${draft.rows.length} rows of ${year} into caps.csv (the city, ${counts(draft.rows).townships} townships, ${counts(draft.rows).villages} villages); other columns, units and years stay. Signed townships cannot change. Save?`,
              )}{' '}
              <button className="primary" data-testid="allocation-save-yes" onClick={() => void save()}>{t('保存', 'Save')}</button>{' '}
              <button onClick={() => setConfirming(false)}>{t('取消', 'Cancel')}</button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
