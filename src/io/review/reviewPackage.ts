/**
 * The township package of the review round (乡镇审核包) and its return (回执), for a township
 * without network access. The bureau's server writes the package (server/project/reviewPackage.ts):
 * the project file cut to the township, the township's review as the server held it (the digest's
 * rows, with the comments and proposals to show) and that state's digest. The page opens it without
 * a server, the official adds comments, proposals and a sign-off, and the page writes the return:
 * what was added, the official's name, and the digest of the package's review plus the additions —
 * computed as the server computes its own (src/core/review/reviewDigest.ts), so the server can
 * check that the return is what the official saw.
 */
import { reviewDigestOf, type DigestComment, type DigestProposal, type ReviewDigestContent } from '../../core/review/reviewDigest.ts';
import { InputError } from '../../core/types.ts';

export const PACKAGE_FORMAT = 'shuidi-review-package';
export const RETURN_FORMAT = 'shuidi-review-return';
export const PACKAGE_VERSION = 1;
export const PACKAGE_SUFFIX = '.shuidi-review.json';
export const RETURN_SUFFIX = '.shuidi-review-return.json';

/** The fields a proposal may change (the server's EDITABLE_PLOT_FIELDS). */
export const PROPOSAL_FIELDS: readonly string[] = ['ZT', 'ZZZW', 'GGFS', 'SYLX'];
/** Longest texts the server keeps (server/project/review.ts). */
export const TEXT_LIMITS = { comment: 2000, value: 200, reason: 500, name: 100, targetId: 100 } as const;

export interface PackageComment { id: number; targetKind: string; targetId: string; text: string; author: string; createdAt: string }
export interface PackageProposal { id: number; layerId: string; plotId: string; field: string; value: string; reason: string; author: string; createdAt: string; status: string; decidedBy: string | null }

export interface ReviewPackage {
  format: typeof PACKAGE_FORMAT;
  version: number;
  packageId: string;
  year: number;
  township: string;
  villages: string[];
  projectName: string;
  madeBy: string;
  madeAt: string;
  /** the digest of `content`: the township's review on the server when the package was made */
  baseDigest: string;
  content: ReviewDigestContent;
  /** the same comments and proposals, with what the page shows of them */
  comments: PackageComment[];
  proposals: PackageProposal[];
  signoff: { signer: string; signedAt: string; reviewedHash: string } | null;
  /** the project file (src/io/project) cut to the township, base64 */
  projectFile: string;
}

export interface ReturnComment { targetKind: 'village' | 'plot'; targetId: string; text: string }
export interface ReturnProposal { layerId: string; plotId: string; field: string; value: string; reason: string }

export interface ReviewReturn {
  format: typeof RETURN_FORMAT;
  version: number;
  packageId: string;
  year: number;
  township: string;
  baseDigest: string;
  /** the township official's name as written in the page */
  official: string;
  comments: ReturnComment[];
  proposals: ReturnProposal[];
  /** the digest of the package's review plus these comments and proposals (returnedContent) */
  reviewedHash: string;
  signoff: { signer: string; signedAt: string } | null;
  savedAt: string;
}

const fail = (file: string, zh: string, en: string): never => {
  throw new InputError(file, { zh, en });
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const HEX64 = /^[0-9a-f]{64}$/;

function textField(file: string, v: unknown, max: number, what: string): string {
  if (typeof v !== 'string' || !v.trim() || v.trim() !== v || v.length > max) {
    fail(file, `${what}：须为不超过 ${max} 个字符的文字，首尾无空格`, `${what}: text of at most ${max} characters, without leading or trailing spaces`);
  }
  return v as string;
}

/** Reads a package file's JSON text (format, version and the parts the page uses are checked). */
export function parseReviewPackage(text: string, file = 'package'): ReviewPackage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(file, '不是审核包文件（JSON 无法解析）', 'Not a review package (the JSON does not parse)');
  }
  if (!isRecord(value) || value.format !== PACKAGE_FORMAT) return fail(file, '不是水地乡镇审核包文件', 'Not a Shuidi township review package');
  if (value.version !== PACKAGE_VERSION) return fail(file, `审核包版本 ${String(value.version)} 不受支持（本程序读版本 ${PACKAGE_VERSION}）`, `Package version ${String(value.version)} is not supported (this reads version ${PACKAGE_VERSION})`);
  const content = value.content;
  const ok = typeof value.packageId === 'string' && Number.isInteger(value.year) && typeof value.township === 'string' && /^\d{9}$/.test(value.township)
    && typeof value.baseDigest === 'string' && HEX64.test(value.baseDigest) && typeof value.projectFile === 'string'
    && Array.isArray(value.villages) && Array.isArray(value.comments) && Array.isArray(value.proposals)
    && isRecord(content) && Array.isArray(content.overrides) && Array.isArray(content.comments) && Array.isArray(content.proposals);
  if (!ok) return fail(file, '审核包内容不完整', 'The package is incomplete');
  if (reviewDigestOf(content as unknown as ReviewDigestContent) !== value.baseDigest) {
    return fail(file, '审核包内容与其摘要不符（文件可能被改动过）', 'The package does not match its digest (the file may have been altered)');
  }
  return value as unknown as ReviewPackage;
}

/** Checks a return file's JSON (already parsed): every field, every text, no more than the format names. */
export function parseReviewReturn(value: unknown, file = 'return'): ReviewReturn {
  if (!isRecord(value) || value.format !== RETURN_FORMAT) return fail(file, '不是水地乡镇审核回执文件', 'Not a Shuidi township review return file');
  if (value.version !== PACKAGE_VERSION) return fail(file, `回执版本 ${String(value.version)} 不受支持`, `Return version ${String(value.version)} is not supported`);
  if (typeof value.packageId !== 'string' || !/^[\w-]{8,64}$/.test(value.packageId)) return fail(file, '回执缺少审核包编号', 'The return names no package');
  if (!Number.isInteger(value.year) || typeof value.township !== 'string' || !/^\d{9}$/.test(value.township)) return fail(file, '回执的年度或乡镇代码有误', 'The return\'s year or township code is wrong');
  if (typeof value.baseDigest !== 'string' || !HEX64.test(value.baseDigest) || typeof value.reviewedHash !== 'string' || !HEX64.test(value.reviewedHash)) {
    return fail(file, '回执的摘要有误', 'The return\'s digests are malformed');
  }
  const official = textField(file, value.official, TEXT_LIMITS.name, '填写人');
  if (!Array.isArray(value.comments) || !Array.isArray(value.proposals) || value.comments.length > 1000 || value.proposals.length > 1000) {
    return fail(file, '回执的意见或提议列表有误（各最多 1000 条）', 'The return\'s comments or proposals are malformed (1000 each at most)');
  }
  const comments = value.comments.map((c): ReturnComment => {
    if (!isRecord(c) || (c.targetKind !== 'village' && c.targetKind !== 'plot')) return fail(file, '意见的对象须为村或地块', 'A comment is on a village or a plot');
    return { targetKind: c.targetKind, targetId: textField(file, c.targetId, TEXT_LIMITS.targetId, '意见对象编码'), text: textField(file, c.text, TEXT_LIMITS.comment, '意见') };
  });
  const proposals = value.proposals.map((p): ReturnProposal => {
    if (!isRecord(p) || typeof p.field !== 'string' || !PROPOSAL_FIELDS.includes(p.field)) return fail(file, `提议的字段须为 ${PROPOSAL_FIELDS.join('、')} 之一`, `A proposal changes one of ${PROPOSAL_FIELDS.join(', ')}`);
    return {
      layerId: textField(file, p.layerId, TEXT_LIMITS.targetId, '图层'), plotId: textField(file, p.plotId, TEXT_LIMITS.targetId, '地块编码'), field: p.field,
      value: textField(file, p.value, TEXT_LIMITS.value, '提议的值'), reason: textField(file, p.reason, TEXT_LIMITS.reason, '理由'),
    };
  });
  let signoff: ReviewReturn['signoff'] = null;
  if (value.signoff !== null && value.signoff !== undefined) {
    const s = value.signoff;
    if (!isRecord(s) || typeof s.signedAt !== 'string' || Number.isNaN(Date.parse(s.signedAt))) return fail(file, '回执的签字时间有误', 'The sign-off time is malformed');
    signoff = { signer: textField(file, s.signer, TEXT_LIMITS.name, '签字人'), signedAt: new Date(s.signedAt).toISOString() };
  }
  return {
    format: RETURN_FORMAT, version: PACKAGE_VERSION, packageId: value.packageId, year: value.year as number, township: value.township,
    baseDigest: value.baseDigest, official, comments, proposals, reviewedHash: value.reviewedHash, signoff,
    savedAt: typeof value.savedAt === 'string' ? value.savedAt : '',
  };
}

/**
 * The package's review with the official's additions, as the digest sees it: the added comments
 * and proposals (pending) after the package's own, numbered `package-1`, `package-2`… (they get
 * the server's numbers only when imported).
 */
export function returnedContent(base: ReviewDigestContent, official: string, comments: readonly ReturnComment[], proposals: readonly ReturnProposal[]): ReviewDigestContent {
  const addedComments: DigestComment[] = comments.map((c, i) => ({ id: `package-${i + 1}`, target_kind: c.targetKind, target_id: c.targetId, text: c.text, author: official }));
  const addedProposals: DigestProposal[] = proposals.map((p, i) => ({ id: `package-${i + 1}`, plot_id: p.plotId, field: p.field, value: p.value, status: 'pending', decided_by: null }));
  return { ...base, comments: [...base.comments, ...addedComments], proposals: [...base.proposals, ...addedProposals] };
}

/** The return file of a package: the additions, the official, the digest of what was reviewed, the sign-off. */
export function buildReviewReturn(pkg: Pick<ReviewPackage, 'packageId' | 'year' | 'township' | 'baseDigest' | 'content'>, input: {
  official: string; comments: readonly ReturnComment[]; proposals: readonly ReturnProposal[]; signedAt: string | null; savedAt: string;
}): ReviewReturn {
  const reviewedHash = reviewDigestOf(returnedContent(pkg.content, input.official, input.comments, input.proposals));
  return {
    format: RETURN_FORMAT, version: PACKAGE_VERSION, packageId: pkg.packageId, year: pkg.year, township: pkg.township, baseDigest: pkg.baseDigest,
    official: input.official, comments: [...input.comments], proposals: [...input.proposals], reviewedHash,
    signoff: input.signedAt ? { signer: input.official, signedAt: input.signedAt } : null, savedAt: input.savedAt,
  };
}

/** base64 of bytes and back, without Node's Buffer (io is shared by the page and the server). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(out);
}
export function base64ToBytes(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
