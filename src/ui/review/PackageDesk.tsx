/**
 * 乡镇审核 without a server: a township package opened in the page (src/ui/review/packageActions.ts).
 * The official reads the township's villages and plots on the map and what the package holds of the
 * round, adds comments and proposals (for the plots selected on the map), signs in their own name,
 * and saves the return file the water bureau imports. The digest shown is the one the server checks.
 */
import { useState } from 'react';
import { TEXT_LIMITS, type ReturnComment, type ReturnProposal } from '../../io/review/reviewPackage.ts';
import { useEditStore } from '../../state/editStore.ts';
import { packageDigest, useReviewPackageStore } from '../../state/reviewPackageStore.ts';
import { useT } from '../i18n.ts';
import { saveReturnFile } from './packageActions.ts';
import { fieldName, PROPOSAL_STATUS, TARGET_KIND } from './reviewLabels.ts';
import { ProposedValue } from './ProposedValue.tsx';

const local = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function AddComment({ villages, disabled }: { villages: string[]; disabled: boolean }) {
  const t = useT();
  const addComment = useReviewPackageStore((s) => s.addComment);
  const [village, setVillage] = useState('');
  const [text, setText] = useState('');
  return (
    <section>
      <h4>{t('意见', 'Comments')}</h4>
      <select data-testid="package-comment-village" value={village} onChange={(e) => setVillage(e.target.value)}>
        <option value="">{t('选择村…', 'Village…')}</option>
        {villages.map((v) => <option key={v} value={v}>{v}</option>)}
      </select>{' '}
      <input data-testid="package-comment-text" value={text} maxLength={TEXT_LIMITS.comment} placeholder={t('对该村的意见', 'Comment on the village')} onChange={(e) => setText(e.target.value)} />{' '}
      <button data-testid="package-comment-add" disabled={disabled || !village || !text.trim()} onClick={() => {
        addComment({ targetKind: 'village', targetId: village, text: text.trim() });
        setText('');
      }}>{t('添加意见', 'Add')}</button>
    </section>
  );
}

function AddProposals({ disabled }: { disabled: boolean }) {
  const t = useT();
  const addProposals = useReviewPackageStore((s) => s.addProposals);
  const selection = useEditStore((s) => s.selection);
  const [field, setField] = useState('ZT');
  const [value, setValue] = useState('退减');
  const [reason, setReason] = useState('');
  const plots = [...selection.plotIds];
  const add = () => {
    const made: ReturnProposal[] = plots.map((plotId) => ({ layerId: selection.layerId ?? 'plots', plotId, field, value: value.trim(), reason: reason.trim() }));
    addProposals(made);
    setReason('');
  };
  return (
    <section>
      <h4>{t('对所选地块提出修改', 'Propose a change of the selected plots')}</h4>
      <p className="muted small">{t(`在地图上选中地块（已选 ${plots.length} 块，最多 200 块）；提议随回执交回，由农业农村局处理。`, `Select plots on the map (${plots.length} selected, 200 at most); the proposals go back with the return, the agriculture bureau decides.`)}</p>
      <ProposedValue testIdPrefix="package" field={field} value={value} onField={setField} onValue={setValue} maxLength={TEXT_LIMITS.value} />{' '}
      <input data-testid="package-reason" value={reason} maxLength={TEXT_LIMITS.reason} placeholder={t('理由（必填）', 'Reason (required)')} onChange={(e) => setReason(e.target.value)} />{' '}
      <button data-testid="package-propose" disabled={disabled || plots.length === 0 || plots.length > 200 || !reason.trim() || !value.trim()} onClick={add}>{t('提出修改', 'Propose')}</button>
    </section>
  );
}

/** The package's own comments and proposals, then the ones added here (removable until signed). */
function Lists({ signed }: { signed: boolean }) {
  const t = useT();
  const { pkg, official, comments, proposals, removeComment, removeProposal } = useReviewPackageStore();
  if (!pkg) return null;
  const kind = (k: string) => t(...(TARGET_KIND[k] ?? [k, k]));
  const mine = (i: number, remove: (i: number) => void) => !signed && <button className="small" onClick={() => remove(i)}>{t('删除', 'Remove')}</button>;
  return (
    <>
      <h4>{t('修改提议', 'Proposals')}</h4>
      {pkg.proposals.length + proposals.length === 0 ? <p className="muted small">{t('暂无修改提议', 'No proposals')}</p> : (
        <ul className="review-comments" data-testid="package-proposals">
          {pkg.proposals.map((p) => <li key={`s${p.id}`}>#{p.id} {p.plotId} {t(fieldName(p.field), p.field)} → {p.value}（{p.reason}）· {p.author} · {t(...(PROPOSAL_STATUS[p.status] ?? [p.status, p.status]))}</li>)}
          {proposals.map((p, i) => <li key={`m${i}`} data-testid="package-my-proposal">{p.plotId} {t(fieldName(p.field), p.field)} → {p.value}（{p.reason}）· {official || '—'} · {t('新提议，随回执交回', 'new, goes back with the return')} {mine(i, removeProposal)}</li>)}
        </ul>
      )}
      <h4>{t('意见', 'Comments')}</h4>
      {pkg.comments.length + comments.length === 0 ? <p className="muted small">{t('暂无意见', 'No comments')}</p> : (
        <ul className="review-comments" data-testid="package-comments">
          {pkg.comments.map((c) => <li key={`s${c.id}`}><b>{c.author}</b> · {kind(c.targetKind)} {c.targetId}：{c.text}</li>)}
          {comments.map((c: ReturnComment, i) => <li key={`m${i}`} data-testid="package-my-comment"><b>{official || '—'}</b> · {kind(c.targetKind)} {c.targetId}：{c.text} {mine(i, removeComment)}</li>)}
        </ul>
      )}
    </>
  );
}

function SignOff() {
  const t = useT();
  const s = useReviewPackageStore();
  const [confirming, setConfirming] = useState(false);
  const digest = packageDigest(s);
  const name = s.official.trim();
  // as at the server: no sign-off while proposals wait for a decision (this return's own included)
  const pending = s.proposals.length + (s.pkg?.proposals.filter((p) => p.status === 'pending').length ?? 0);
  return (
    <section>
      <h4>{t('签字确认', 'Sign off')}</h4>
      {s.signedAt ? (
        <p data-testid="package-signed">
          {t(`已由 ${name} 于 ${local(s.signedAt)} 签字；审核内容摘要 ${digest}`, `Signed by ${name} at ${local(s.signedAt)}; digest ${digest}`)}{' '}
          <button data-testid="package-unsign" onClick={() => s.unsign()}>{t('撤销签字（继续修改）', 'Withdraw (to change more)')}</button>
        </p>
      ) : (
        <>
          <p className="small">
            {t('签字确认的是审核包中的内容（本年度地块修改、意见、提议及其处理）连同您添加的意见和提议（提议为待处理），摘要：', 'You sign what the package holds (this year\'s plot changes, comments, proposals and decisions) with the comments and proposals you added (pending), digest:')}{' '}
            <code data-testid="package-digest">{digest}</code>
          </p>
          {pending > 0 && (
            <p className="warning small" data-testid="package-sign-pending">
              {t(`还有 ${pending} 条修改提议待农业农村局处理（含您本次提出的），不能签字：处理后请水利局重新制作审核包再签字。意见和提议照常保存在回执文件中。`,
                `${pending} proposal(s) wait for the agriculture bureau (yours included): sign a new package once they are decided. Comments and proposals still go in the return file.`)}
            </p>
          )}
          {!confirming ? (
            <button data-testid="package-sign" disabled={!name || pending > 0} onClick={() => setConfirming(true)}>{t('签字确认…', 'Sign off…')}</button>
          ) : (
            <span>
              {t(`确认以「${name}」的名义签字？`, `Sign in the name of "${name}"?`)}{' '}
              <button className="primary" data-testid="package-sign-yes" onClick={() => { setConfirming(false); s.sign(); }}>{t('签字', 'Sign')}</button>{' '}
              <button onClick={() => setConfirming(false)}>{t('取消', 'Cancel')}</button>
            </span>
          )}
        </>
      )}
    </section>
  );
}

export function PackageDesk() {
  const t = useT();
  const s = useReviewPackageStore();
  const [closing, setClosing] = useState(false);
  if (!s.pkg) return null;
  const { pkg } = s;
  const signed = s.signedAt !== null;
  const name = s.official.trim();
  const nothing = s.comments.length === 0 && s.proposals.length === 0 && !signed;
  return (
    <div className="review-panel" data-testid="package-desk" data-township={pkg.township}>
      <h3>{t(`${pkg.year} 年乡镇审核 · 乡镇 ${pkg.township}（审核包，离线）`, `Township review ${pkg.year} · township ${pkg.township} (package, offline)`)}</h3>
      <p className="muted small">{t(`由 ${pkg.madeBy} 制作于 ${local(pkg.madeAt)}；审核包编号 ${pkg.packageId}。完成后保存回执文件，交水利局导入。`, `Made by ${pkg.madeBy} at ${local(pkg.madeAt)}; package ${pkg.packageId}. When done, save the return file for the water bureau to import.`)}</p>
      <p>
        <label>{t('填写人（乡镇审核人姓名）', 'Your name (the township official)')}{' '}
          <input data-testid="package-official" value={s.official} maxLength={TEXT_LIMITS.name} disabled={signed} onChange={(e) => s.setOfficial(e.target.value)} />
        </label>
      </p>
      {!name && <p className="warning small">{t('请先填写您的姓名：意见、提议和签字都记在这个名字下', 'Enter your name first: comments, proposals and the sign-off are recorded under it')}</p>}
      <p className="small">{t(`本乡镇 ${pkg.villages.length} 个村：`, `${pkg.villages.length} villages: `)}{pkg.villages.join('、')}</p>
      {pkg.signoff && <p className="small">{t(`服务器上已由 ${pkg.signoff.signer} 签字（${local(pkg.signoff.signedAt)}），不能再提出修改`, `Already signed on the server by ${pkg.signoff.signer} (${local(pkg.signoff.signedAt)}); no more proposals`)}</p>}
      <AddComment villages={pkg.villages} disabled={signed || !name} />
      {!pkg.signoff && <AddProposals disabled={signed || !name} />}
      <SignOff />
      <p>
        <button className="primary" data-testid="package-save-return" disabled={!name || nothing} onClick={saveReturnFile}>{t('保存回执文件', 'Save the return file')}</button>{' '}
        {!closing ? <button data-testid="package-close" onClick={() => setClosing(true)}>{t('关闭审核包', 'Close the package')}</button> : (
          <span>{t('关闭后未保存的意见和签字将丢失，确认？', 'What is not saved in a return file is lost; close?')}{' '}
            <button onClick={() => { setClosing(false); s.close(); }}>{t('关闭', 'Close')}</button>{' '}
            <button onClick={() => setClosing(false)}>{t('取消', 'Cancel')}</button>
          </span>
        )}
      </p>
      <Lists signed={signed} />
    </div>
  );
}
