/**
 * What a township signs in the review round: the SHA-256 of the canonical JSON of its review —
 * the year's overrides of its plots, its comments and its proposals with their decisions, and the
 * caps allocated to it and its villages once there is an allocation. The
 * server computes it over its tables (server/project/review.ts); the page computes it offline over
 * a township package and what the official added (src/io/review/reviewPackage.ts), so both name
 * the same state by the same hash.
 */
import { canonicalJson, sha256Hex } from '../edits/auditChain.ts';
import type { Properties } from '../types.ts';

/** A comment as the digest sees it (the server's column names). */
export interface DigestComment { id: number | string; target_kind: string; target_id: string; text: string; author: string }
/** A proposal as the digest sees it: what is proposed and its decision, not the reason. */
export interface DigestProposal { id: number | string; plot_id: string; field: string; value: string; status: string; decided_by: string | null }

export interface ReviewDigestContent {
  year: number;
  township: string;
  /** [layerId, plotId, the year's override], sorted by layer and plot */
  overrides: [string, string, Properties][];
  comments: DigestComment[];
  proposals: DigestProposal[];
  /** [unit code, 用水总量控制, 地下水控制] of the township and its villages, once the water bureau allocated the year's caps */
  caps?: [string, number | null, number | null][];
}

export function reviewDigestOf(content: ReviewDigestContent): string {
  const { year, township, overrides, comments, proposals, caps } = content;
  return sha256Hex(canonicalJson({ year, township, overrides, comments, proposals, ...(caps?.length ? { caps } : {}) }));
}
