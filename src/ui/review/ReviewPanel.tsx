/**
 * 乡镇审核: the township review round of the chosen year, under the county's server. A township
 * official comments on its villages, proposes changes of the plots selected on the map, and signs
 * off exactly what it reviewed (the digest shown); the bureaus see every township's state, and the
 * agriculture bureau accepts or rejects the proposals (an accepted one is an edit in its name).
 * Without a server, a township package opened in the page shows its desk instead (PackageDesk.tsx).
 */
import { useEffect, useState } from 'react';
import { useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { useReviewStore, type ReviewProposal } from '../../state/reviewStore.ts';
import { useReviewPackageStore } from '../../state/reviewPackageStore.ts';
import { useServerLink } from '../../state/serverLink.ts';
import { useT } from '../i18n.ts';
import { download } from '../edit/plotsData.ts';
import { AllocationPanel } from './AllocationPanel.tsx';
import type { ReviewBoard, TownshipReview } from '../../state/reviewStore.ts';
import { fieldName, PROPOSAL_STATUS, STATUS } from './reviewLabels.ts';
import { ProposedValue } from './ProposedValue.tsx';
import { ReturnUpload, TownshipFiles } from './ReviewFiles.tsx';
import { PackageDesk } from './PackageDesk.tsx';

/** One township's review as an .xlsx: its sign-off and digest, comments and proposals (exceljs loads on demand). */
async function exportTownship(board: ReviewBoard, x: TownshipReview, countyName: string): Promise<void> {
  const { reviewXlsx } = await import('../../io/write/reviewXlsx.ts');
  const bytes = await reviewXlsx({
    year: board.year, countyName, township: x.township, villages: x.villages, openedBy: board.openedBy, openedAt: board.openedAt,
    status: STATUS[x.status][0], signoff: x.signoff,
    comments: board.comments.filter((c) => c.township === x.township),
    proposals: board.proposals.filter((p) => p.township === x.township),
  });
  download(`乡镇审核-${x.township}-${board.year}.xlsx`, bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}

function Proposals({ proposals, canDecide, year, township }: { proposals: ReviewProposal[]; canDecide: boolean; year: number; township: string | null }) {
  const t = useT();
  const act = useReviewStore((s) => s.act);
  const busy = useReviewStore((s) => s.busy);
  if (proposals.length === 0) return <p className="muted small">{t('暂无修改提议', 'No proposals')}</p>;
  return (
    <table className="data-table" data-testid="review-proposals">
      <thead><tr><th>#</th><th>{t('乡镇', 'Township')}</th><th>{t('地块', 'Plot')}</th><th>{t('提议', 'Change')}</th><th>{t('理由', 'Reason')}</th><th>{t('提议人', 'By')}</th><th>{t('处理', 'Decision')}</th></tr></thead>
      <tbody>
        {proposals.map((p) => (
          <tr key={p.id} data-testid="review-proposal" data-status={p.status} data-plot={p.plotId}>
            <td>{p.id}</td><td>{p.township}</td><td>{p.plotId}</td><td>{t(fieldName(p.field), p.field)} → {p.value}</td><td>{p.reason}</td><td>{p.author}{p.viaPackage ? t('（经审核包）', ' (by package)') : ''}</td>
            <td>
              {p.status === 'pending' && canDecide ? (
                <>
                  <button data-testid="review-accept" disabled={busy} onClick={() => void act('POST', `/api/review/${year}/proposals/${p.id}/accept`, {}, year, township)}>{t('接受', 'Accept')}</button>{' '}
                  <button data-testid="review-reject" disabled={busy} onClick={() => void act('POST', `/api/review/${year}/proposals/${p.id}/reject`, {}, year, township)}>{t('不采纳', 'Reject')}</button>
                </>
              ) : (
                <span>{t(...PROPOSAL_STATUS[p.status])}{p.decidedBy ? ` · ${p.decidedBy}` : ''}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The township official's side: comment, propose for the selected plots, sign off. */
function TownshipDesk({ year, township }: { year: number; township: string }) {
  const t = useT();
  const { board, digest, act, busy } = useReviewStore();
  const selection = useEditStore((s) => s.selection);
  const [village, setVillage] = useState('');
  const [comment, setComment] = useState('');
  const [field, setField] = useState('ZT');
  const [value, setValue] = useState('退减');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const mine = board?.townships.find((x) => x.township === township);
  if (!board || !mine) return null;
  const plots = [...selection.plotIds];
  const propose = async () => {
    for (const plotId of plots.slice(0, 20)) {
      if (!(await act('POST', `/api/review/${year}/proposals`, { layerId: selection.layerId ?? 'plots', plotId, field, value, reason }, year, township))) return;
    }
    setReason('');
  };
  return (
    <>
      <section>
        <h4>{t('意见', 'Comments')}</h4>
        <select data-testid="review-comment-village" value={village} onChange={(e) => setVillage(e.target.value)}>
          <option value="">{t('选择村…', 'Village…')}</option>
          {mine.villages.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>{' '}
        <input data-testid="review-comment-text" value={comment} placeholder={t('对该村的意见', 'Comment on the village')} onChange={(e) => setComment(e.target.value)} />{' '}
        <button data-testid="review-comment-send" disabled={busy || !village || !comment.trim() || mine.status === 'signed'} onClick={async () => {
          if (await act('POST', `/api/review/${year}/comments`, { targetKind: 'village', targetId: village, text: comment }, year, township)) setComment('');
        }}>{t('提交意见', 'Send')}</button>
      </section>
      <section>
        <h4>{t('对所选地块提出修改', 'Propose a change of the selected plots')}</h4>
        <p className="muted small">{t(`在地图上选中本乡镇的地块（已选 ${plots.length} 块，最多 20 块）；提议交由农业农村局处理。`, `Select plots of your township on the map (${plots.length} selected, 20 at most); the agriculture bureau decides.`)}</p>
        <ProposedValue testIdPrefix="review" field={field} value={value} onField={setField} onValue={setValue} />{' '}
        <input data-testid="review-reason" value={reason} placeholder={t('理由（必填）', 'Reason (required)')} onChange={(e) => setReason(e.target.value)} />{' '}
        <button data-testid="review-propose" disabled={busy || plots.length === 0 || plots.length > 20 || !reason.trim() || !value.trim() || mine.status === 'signed'} onClick={() => void propose()}>
          {t('提出修改', 'Propose')}
        </button>
      </section>
      <section>
        <h4>{t('签字确认', 'Sign off')}</h4>
        {mine.signoff ? (
          <p data-testid="review-signed">{t(`已由 ${mine.signoff.signer} 于 ${mine.signoff.signedAt.slice(0, 16).replace('T', ' ')}（UTC）签字；审核内容摘要 ${mine.signoff.reviewedHash}`, `Signed by ${mine.signoff.signer} at ${mine.signoff.signedAt} (UTC); digest ${mine.signoff.reviewedHash}`)}</p>
        ) : (
          <>
            <p className="small">{t('签字确认的是此刻服务器上本乡镇的审核内容（本年度地块修改、意见、提议及其处理），摘要：', 'You sign the review as the server holds it now (this year\'s plot changes, comments, proposals and decisions), digest:')} <code data-testid="review-digest">{digest ?? '—'}</code></p>
            {mine.pending > 0 && <p className="warning small">{t(`还有 ${mine.pending} 条提议待处理，处理后才能签字`, `${mine.pending} proposal(s) pending; sign once decided`)}</p>}
            {!confirming ? (
              <button data-testid="review-sign" disabled={busy || !digest || mine.pending > 0} onClick={() => setConfirming(true)}>{t('签字确认…', 'Sign off…')}</button>
            ) : (
              <span>
                {t(`确认以「${useServerLink.getState().session?.displayName ?? ''}」的名义签字？`, 'Sign in your name?')}{' '}
                <button className="primary" data-testid="review-sign-yes" onClick={async () => {
                  setConfirming(false);
                  await act('POST', `/api/review/${year}/signoff`, { hash: digest }, year, township);
                }}>{t('签字', 'Sign')}</button>{' '}
                <button onClick={() => setConfirming(false)}>{t('取消', 'Cancel')}</button>
              </span>
            )}
          </>
        )}
      </section>
    </>
  );
}

export function ReviewPanel() {
  const t = useT();
  const session = useServerLink((s) => s.session);
  const year = useProjectStore((s) => s.year);
  const projectName = useProjectStore((s) => s.projectName);
  const { board, problem, load, act, busy } = useReviewStore();
  const township = session?.role === 'township' ? session.township : null;
  const packageOpen = useReviewPackageStore((s) => s.pkg !== null);
  useEffect(() => {
    if (!session) return;
    void load(year, township);
    const refresh = () => void load(year, township);
    globalThis.addEventListener('shuidi-review-change', refresh);
    return () => globalThis.removeEventListener('shuidi-review-change', refresh);
  }, [session, year, township, load]);
  if (!session && packageOpen) return <PackageDesk />;
  if (!session) return <p className="muted">{t('乡镇审核需要登录县里的水地服务器（无网络的乡镇：打开水利局发来的审核包）', 'The township review needs the county\'s Shuidi server (a township without network: open the package the water bureau sent)')}</p>;
  const canOpen = session.role === 'admin' || session.role === 'water';
  const canDecide = session.role === 'admin' || session.role === 'agriculture';
  return (
    <div className="review-panel" data-testid="review-panel">
      <h3>{t(`${year} 年乡镇审核`, `Township review ${year}`)}</h3>
      {problem && <div className="panel-error" role="alert" data-testid="review-problem">{t(problem.zh, problem.en)}</div>}
      {board && !board.open && (
        <p>
          {t('该年度审核尚未开启。', 'The review of this year is not open.')}{' '}
          {canOpen && <button data-testid="review-open" disabled={busy} onClick={() => void act('POST', `/api/review/${year}/open`, {}, year, township)}>{t(`开启 ${year} 年乡镇审核`, `Open the ${year} review`)}</button>}
        </p>
      )}
      {board?.open && <p className="muted small">{t(`由 ${board.openedBy} 开启于 ${board.openedAt?.slice(0, 10)}`, `Opened by ${board.openedBy} on ${board.openedAt?.slice(0, 10)}`)}</p>}
      {board && (
        <table className="data-table" data-testid="review-board">
          <thead><tr><th>{t('乡镇', 'Township')}</th><th>{t('村', 'Villages')}</th><th>{t('状态', 'Status')}</th><th>{t('待处理提议', 'Pending')}</th><th>{t('签字', 'Signed')}</th><th /></tr></thead>
          <tbody>
            {board.townships.map((x) => (
              <tr key={x.township} data-testid="review-township" data-township={x.township} data-status={x.status}>
                <td>{x.township}</td><td>{x.villages.length}</td><td>{t(...STATUS[x.status])}</td><td>{x.pending || ''}</td>
                <td>{x.signoff ? `${x.signoff.signer} ${x.signoff.signedAt.slice(0, 10)}` : ''}</td>
                <td>{board.open && <button data-testid="review-export" title={t('导出该乡镇的审核结果（xlsx）', 'Export this township\'s review (xlsx)')} onClick={() => void exportTownship(board, x, projectName)}>xlsx</button>}{' '}
                  {board.open && <TownshipFiles year={year} x={x} canPackage={canOpen} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AllocationPanel year={year} />
      {board?.open && canOpen && <ReturnUpload year={year} township={township} />}
      {board?.open && township && <TownshipDesk year={year} township={township} />}
      {board?.open && (
        <>
          <h4>{t('修改提议', 'Proposals')}</h4>
          <Proposals proposals={board.proposals} canDecide={canDecide} year={year} township={township} />
          <h4>{t('意见', 'Comments')}</h4>
          {board.comments.length === 0 ? <p className="muted small">{t('暂无意见', 'No comments')}</p> : (
            <ul className="review-comments" data-testid="review-comments">
              {board.comments.map((c) => <li key={c.id}><b>{c.author}</b> · {c.targetKind === 'village' ? t('村', 'village') : c.targetKind === 'plot' ? t('地块', 'plot') : t('套核发现', 'finding')} {c.targetId}：{c.text}{c.viaPackage && <span className="muted small">{t(`（经审核包，${c.receivedBy ?? ''} 导入）`, ` (by package, imported by ${c.receivedBy ?? ''})`)}</span>}</li>)}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
