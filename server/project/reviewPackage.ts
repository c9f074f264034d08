/**
 * The township package of the review round, for a township without network access
 * (src/io/review/reviewPackage.ts has the format). A bureau makes the package: the project file
 * cut to the township, its review as the server holds it and that state's digest; the package is
 * recorded (its id, the state it was made on). The bureau brings back the return file: its
 * comments and proposals are imported under the official's name as written, noted as coming by
 * that package and received by the uploading user; the sign-off is recorded only when the server's
 * state of the township is still the package's — otherwise the comments and proposals still come
 * in (proposals pending) and the sign-off is refused, to be given again on a new package. All in
 * one transaction with its audit entries; the same return again changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../src/core/edits/index.ts';
import { reviewDigestOf, type ReviewDigestContent } from '../../src/core/review/reviewDigest.ts';
import { InputError } from '../../src/core/types.ts';
import {
  bytesToBase64, PACKAGE_FORMAT, PACKAGE_VERSION, parseReviewReturn, returnedContent, type ReviewPackage, type ReviewReturn,
} from '../../src/io/review/reviewPackage.ts';
import type { Database, Queryable } from '../db/database.ts';
import { appendAudit, lockChain } from '../audit/serverAudit.ts';
import type { Actor } from '../auth/roles.ts';
import { errorBody, type ErrorBody } from '../messages.ts';
import { BadInput, readPlots } from './layers.ts';
import { exportProjectFile } from './projectFile.ts';
import { requireOpen, reviewBoard, reviewDigest, reviewDigestContent, ReviewRefusal } from './review.ts';

export class PackageRefusal extends Error {
  constructor(readonly code: 'packageUnknown' | 'packageMismatch' | 'packageTampered' | 'packageReturned', readonly status: 400 | 409, detail = '') {
    super(detail || code);
  }
}

export interface ReturnOutcome {
  packageId: string;
  township: string;
  duplicate: boolean;
  comments: number;
  proposals: number;
  signoff: { signer: string; signedAt: string; reviewedHash: string } | null;
  /** why a sign-off in the file was not recorded */
  signoffRefused: ErrorBody | null;
}

const now = () => new Date().toISOString();
const townshipActor = (actor: Actor, township: string): Actor => ({ ...actor, role: 'township', township });

/** A new package of township T for year Y (the round must be open), recorded with the state it holds. */
export async function makePackage(db: Database, actor: Actor, year: number, township: string): Promise<ReviewPackage> {
  await requireOpen(db, year);
  const board = await reviewBoard(db, townshipActor(actor, township), year);
  const mine = board.townships.find((x) => x.township === township);
  if (!mine) throw new ReviewRefusal('notFound', 404, `township ${township}`);
  const projectFile = await exportProjectFile(db, townshipActor(actor, township));
  const [meta] = await db.query<{ value: { projectName?: string } }>("SELECT value FROM project_meta WHERE key = 'project'");
  return db.transaction(async (tx) => {
    await lockChain(tx);
    const content = await reviewDigestContent(tx, year, township);
    const baseDigest = reviewDigestOf(content);
    const packageId = randomUUID();
    const madeAt = now();
    await tx.query('INSERT INTO review_packages (package_id, year, township, base_hash, content, made_by, made_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [packageId, year, township, baseDigest, JSON.stringify(content), actor.name, madeAt]);
    await appendAudit(tx, { time: madeAt, user: actor.name, action: 'review-package', year, layerId: null, plotIds: [], changes: null, reason: '', detail: `为乡镇 ${township} 制作 ${year} 年审核包 ${packageId}，审核内容摘要 ${baseDigest}` });
    return {
      format: PACKAGE_FORMAT, version: PACKAGE_VERSION, packageId, year, township, villages: mine.villages, projectName: meta?.value.projectName ?? '',
      madeBy: actor.name, madeAt, baseDigest, content,
      comments: board.comments.map(({ id, targetKind, targetId, text, author, createdAt }) => ({ id, targetKind, targetId, text, author, createdAt })),
      proposals: board.proposals.map(({ id, layerId, plotId, field, value, reason, author, createdAt, status, decidedBy }) => ({ id, layerId, plotId, field, value, reason, author, createdAt, status, decidedBy })),
      signoff: mine.signoff ? { signer: mine.signoff.signer, signedAt: mine.signoff.signedAt, reviewedHash: mine.signoff.reviewedHash } : null,
      projectFile: bytesToBase64(projectFile),
    };
  });
}

interface PackageRow { package_id: string; year: number; township: string; base_hash: string; content: string; return_hash: string | null; result: string | null }

/** Every comment and proposal of the return names a village or plot of the package's township. */
async function checkScope(db: Queryable, township: string, file: ReviewReturn): Promise<void> {
  for (const c of file.comments) {
    if (c.targetKind === 'village') {
      if (!/^\d{12}$/.test(c.targetId)) throw new BadInput(`targetId ${c.targetId}: a 12-digit village code`);
      if (c.targetId.slice(0, 9) !== township) throw new ReviewRefusal('outOfScope', 403, c.targetId);
    } else {
      const [plot] = await db.query<{ township: string }>('SELECT township FROM plots WHERE plot_id = $1 LIMIT 1', [c.targetId]);
      if (!plot || plot.township !== township) throw new ReviewRefusal('outOfScope', 403, c.targetId);
    }
  }
  for (const p of file.proposals) {
    const [plot] = await readPlots(db, p.layerId, [p.plotId]);
    if (!plot || plot.township !== township) throw new ReviewRefusal('outOfScope', 403, p.plotId);
  }
}

/** Reads and checks a return against its recorded package: the same year and township, additions in scope, its digest right. */
async function checkReturn(db: Queryable, year: number, body: unknown): Promise<{ file: ReviewReturn; row: PackageRow; returnHash: string }> {
  let file: ReviewReturn;
  try {
    file = parseReviewReturn(body, 'return');
  } catch (error) {
    throw new BadInput(error instanceof InputError ? error.message : 'return');
  }
  const [row] = await db.query<PackageRow>('SELECT package_id, year, township, base_hash, content, return_hash, result FROM review_packages WHERE package_id = $1', [file.packageId]);
  if (!row) throw new PackageRefusal('packageUnknown', 400, file.packageId);
  if (row.year !== year || file.year !== year || row.township !== file.township || row.base_hash !== file.baseDigest) {
    throw new PackageRefusal('packageMismatch', 400, `package ${row.township} ${row.year}`);
  }
  await checkScope(db, row.township, file);
  const content = JSON.parse(row.content) as ReviewDigestContent;
  if (reviewDigestOf(returnedContent(content, file.official, file.comments, file.proposals)) !== file.reviewedHash) {
    throw new PackageRefusal('packageTampered', 400, file.packageId);
  }
  return { file, row, returnHash: sha256Hex(canonicalJson(file)) };
}

/** Imports a return file (a bureau's upload): see the module's comment. */
export async function importReturn(db: Database, actor: Actor, year: number, body: unknown): Promise<ReturnOutcome> {
  const { file, row, returnHash } = await checkReturn(db, year, body);
  return db.transaction(async (tx) => {
    await lockChain(tx);
    const [again] = await tx.query<{ return_hash: string | null; result: string | null }>('SELECT return_hash, result FROM review_packages WHERE package_id = $1', [row.package_id]);
    if (again.return_hash === returnHash) return { ...(JSON.parse(again.result ?? '{}') as ReturnOutcome), duplicate: true };
    if (again.return_hash) throw new PackageRefusal('packageReturned', 409, row.package_id);
    await requireOpen(tx, year);
    const township = row.township;
    const [signed] = await tx.query('SELECT 1 FROM review_signoffs WHERE year = $1 AND township = $2', [year, township]);
    if (signed && file.proposals.length) throw new ReviewRefusal('reviewSigned', 409);
    // whether the township's review on the server is still the one the package carried
    const unchanged = (await reviewDigest(tx, year, township)) === row.base_hash;
    const via = `经审核包 ${row.package_id}，填写人 ${file.official}，由 ${actor.name} 导入`;
    const time = now();
    for (const c of file.comments) {
      await tx.query('INSERT INTO review_comments (year, township, target_kind, target_id, text, author, created_at, via_package, received_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [year, township, c.targetKind, c.targetId, c.text, file.official, time, row.package_id, actor.name]);
      await appendAudit(tx, { time, user: actor.name, action: 'review-comment', year, layerId: null, plotIds: c.targetKind === 'plot' ? [c.targetId] : [], changes: null, reason: c.text, detail: `乡镇 ${township} ${c.targetKind} ${c.targetId}（${via}）` });
    }
    for (const p of file.proposals) {
      const [made] = await tx.query<{ id: number }>('INSERT INTO review_proposals (year, township, layer_id, plot_id, field, value, reason, author, created_at, via_package, received_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id',
        [year, township, p.layerId, p.plotId, p.field, p.value, p.reason, file.official, time, row.package_id, actor.name]);
      await appendAudit(tx, { time, user: actor.name, action: 'review-proposal', year, layerId: p.layerId, plotIds: [p.plotId], changes: null, reason: p.reason, detail: `提议 #${made.id}：${p.field} → ${p.value}（${via}）` });
    }
    let signoff: ReturnOutcome['signoff'] = null;
    let signoffRefused: ErrorBody | null = null;
    // as at the server: no sign-off while a proposal waits for the agriculture bureau's decision
    // (the return's own proposals included); the official signs a new package once they are decided
    const [pending] = await tx.query("SELECT 1 FROM review_proposals WHERE year = $1 AND township = $2 AND status = 'pending'", [year, township]);
    if (file.signoff && !unchanged) signoffRefused = errorBody('packageStale');
    else if (file.signoff && pending) signoffRefused = errorBody('reviewPending');
    else if (file.signoff && file.signoff.signer !== file.official) signoffRefused = errorBody('packageMismatch', 'signer');
    else if (file.signoff) {
      signoff = { signer: file.signoff.signer, signedAt: file.signoff.signedAt, reviewedHash: file.reviewedHash };
      await tx.query('DELETE FROM review_signoffs WHERE year = $1 AND township = $2', [year, township]);
      await tx.query('INSERT INTO review_signoffs (year, township, signer, signed_at, reviewed_hash, via_package, received_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [year, township, signoff.signer, signoff.signedAt, signoff.reviewedHash, row.package_id, actor.name]);
      await appendAudit(tx, { time, user: actor.name, action: 'review-signed', year, layerId: null, plotIds: [], changes: null, reason: '', detail: `乡镇 ${township} 签字确认（签字人 ${signoff.signer}，签于 ${signoff.signedAt}，${via}），审核内容摘要 ${signoff.reviewedHash}` });
    }
    const outcome: ReturnOutcome = { packageId: row.package_id, township, duplicate: false, comments: file.comments.length, proposals: file.proposals.length, signoff, signoffRefused };
    await appendAudit(tx, {
      time, user: actor.name, action: 'review-package-returned', year, layerId: null, plotIds: [], changes: null, reason: '',
      detail: `乡镇 ${township} 审核包 ${row.package_id} 回执：意见 ${outcome.comments} 条，提议 ${outcome.proposals} 条，${signoff ? '签字已记录' : signoffRefused ? `签字未记录（${signoffRefused.message}）` : '未签字'}；回执摘要 ${returnHash}`,
    });
    await tx.query('UPDATE review_packages SET return_hash = $1, returned_by = $2, returned_at = $3, result = $4 WHERE package_id = $5', [returnHash, actor.name, time, JSON.stringify(outcome), row.package_id]);
    return outcome;
  });
}
