/**
 * The review round's files at a bureau's desk (server/routes/reviewFiles.ts): a signed township's
 * review as a PDF, a township package for a township without network, and the upload of the
 * return file it brings back.
 */
import { useRef, useState } from 'react';
import { PACKAGE_SUFFIX } from '../../io/review/reviewPackage.ts';
import { useReviewStore, type TownshipReview } from '../../state/reviewStore.ts';
import { replyProblem, serverCall, type ServerProblem } from '../../state/serverLink.ts';
import { useT } from '../i18n.ts';
import { download } from '../edit/plotsData.ts';

const unreachable: ServerProblem = { zh: '无法连接服务器，请稍后再试', en: 'The server cannot be reached; try again later' };

async function downloadPdf(year: number, township: string): Promise<void> {
  const response = await fetch(`/api/review/${year}/pdf?township=${township}`, { credentials: 'same-origin' }).catch(() => null);
  if (!response) return useReviewStore.setState({ problem: unreachable });
  if (!response.ok) return useReviewStore.setState({ problem: replyProblem(response.status, await response.json().catch(() => null)) });
  download(`乡镇审核-${township}-${year}.pdf`, new Uint8Array(await response.arrayBuffer()), 'application/pdf');
}

async function downloadPackage(year: number, township: string): Promise<void> {
  const reply = await serverCall('GET', `/api/review/${year}/package?township=${township}`).catch(() => null);
  if (!reply) return useReviewStore.setState({ problem: unreachable });
  if (reply.status !== 200) return useReviewStore.setState({ problem: replyProblem(reply.status, reply.body) });
  download(`乡镇审核包-${township}-${year}${PACKAGE_SUFFIX}`, JSON.stringify(reply.body), 'application/json');
}

/** The PDF (signed townships) and package (bureaus that run the round) buttons of a board row. */
export function TownshipFiles({ year, x, canPackage }: { year: number; x: TownshipReview; canPackage: boolean }) {
  const t = useT();
  return (
    <>
      {x.signoff && <button data-testid="review-pdf" title={t('导出该乡镇签字后的审核结果（PDF）', 'This township\'s signed review (PDF)')} onClick={() => void downloadPdf(year, x.township)}>PDF</button>}{' '}
      {canPackage && <button data-testid="review-package" title={t('为无网络的乡镇下载审核包（只含该乡镇的村和地块）', 'Download a package for a township without network (its villages and plots only)')} onClick={() => void downloadPackage(year, x.township)}>{t('审核包', 'Package')}</button>}
    </>
  );
}

interface ReturnOutcome { township: string; duplicate: boolean; comments: number; proposals: number; signoff: { signer: string } | null; signoffRefused: { message: string; messageEn: string } | null }

/** A bureau brings back a township's return file: imported once, the result shown. */
export function ReturnUpload({ year, township }: { year: number; township: string | null }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<ReturnOutcome | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setResult(null);
    try {
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch {
        return useReviewStore.setState({ problem: { zh: `${file.name}：不是审核回执文件（JSON 无法解析）`, en: `${file.name}: not a review return file (the JSON does not parse)` } });
      }
      const reply = await serverCall('POST', `/api/review/${year}/package`, body).catch(() => null);
      if (!reply) return useReviewStore.setState({ problem: unreachable });
      if (reply.status !== 200) return useReviewStore.setState({ problem: replyProblem(reply.status, reply.body) });
      useReviewStore.setState({ problem: null });
      setResult(reply.body as ReturnOutcome);
      await useReviewStore.getState().load(year, township);
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  const r = result;
  return (
    <p className="small">
      <button data-testid="review-return-upload" onClick={() => input.current?.click()}>{t('导入乡镇回执…', 'Import a township\'s return…')}</button>
      <input ref={input} type="file" accept=".json" hidden data-testid="review-return-input" onChange={(e) => void upload(e.target.files?.[0])} />
      {r && (
        <span data-testid="review-return-result" className={r.signoffRefused ? 'warning' : 'muted'}>
          {' '}
          {r.duplicate
            ? t(`乡镇 ${r.township} 的这份回执已导入过，未重复导入`, `This return of township ${r.township} was imported before; nothing added`)
            : t(`已导入乡镇 ${r.township} 的回执：意见 ${r.comments} 条，提议 ${r.proposals} 条${r.signoff ? `，${r.signoff.signer} 的签字已记录` : ''}`,
              `Imported township ${r.township}'s return: ${r.comments} comment(s), ${r.proposals} proposal(s)${r.signoff ? `, ${r.signoff.signer}'s sign-off recorded` : ''}`)}
          {r.signoffRefused && ` ${t(r.signoffRefused.message, r.signoffRefused.messageEn)}`}
        </span>
      )}
    </p>
  );
}
