/**
 * The township review round as the page sees it (server/project/review.ts): the board of year Y,
 * refreshed on the server's change feed, and the actions of each role. Only under the server.
 */
import { create } from 'zustand';
import { replyProblem, serverCall, type ServerProblem } from './serverLink.ts';

export type TownshipStatus = 'not-opened' | 'in-review' | 'changes-proposed' | 'signed';

/** viaPackage: the township package it came back in (author = the official as written there); receivedBy: who imported it */
export interface ReviewComment { id: number; township: string; targetKind: string; targetId: string; text: string; author: string; createdAt: string; viaPackage?: string | null; receivedBy?: string | null }
export interface ReviewProposal {
  id: number; township: string; layerId: string; plotId: string; field: string; value: string; reason: string; author: string; createdAt: string;
  status: 'pending' | 'accepted' | 'rejected'; decidedBy: string | null; decidedAt: string | null; auditSeq: number | null; viaPackage?: string | null; receivedBy?: string | null;
}
export interface TownshipReview { township: string; status: TownshipStatus; villages: string[]; pending: number; signoff: { signer: string; signedAt: string; reviewedHash: string } | null }
export interface ReviewBoard { year: number; open: boolean; openedBy: string | null; openedAt: string | null; townships: TownshipReview[]; comments: ReviewComment[]; proposals: ReviewProposal[] }

interface ReviewState {
  board: ReviewBoard | null;
  /** the digest a township official would sign now */
  digest: string | null;
  problem: ServerProblem | null;
  busy: boolean;
  load(year: number, township: string | null): Promise<void>;
  act(method: string, path: string, body: unknown, year: number, township: string | null): Promise<boolean>;
}

export const useReviewStore = create<ReviewState>((set, get) => ({
  board: null,
  digest: null,
  problem: null,
  busy: false,
  async load(year, township) {
    const reply = await serverCall('GET', `/api/review/${year}`).catch(() => null);
    if (!reply) return;
    if (reply.status !== 200) {
      set({ problem: replyProblem(reply.status, reply.body) });
      return;
    }
    const board = reply.body as ReviewBoard;
    let digest: string | null = null;
    if (township && board.open) {
      const d = await serverCall('GET', `/api/review/${year}/digest`).catch(() => null);
      digest = d && d.status === 200 ? (d.body as { hash: string }).hash : null;
    }
    set({ board, digest });
  },
  async act(method, path, body, year, township) {
    set({ busy: true, problem: null });
    try {
      const reply = await serverCall(method, path, body).catch(() => null);
      if (!reply) {
        set({ problem: { zh: '无法连接服务器，请稍后再试', en: 'The server cannot be reached; try again later' } });
        return false;
      }
      if (reply.status >= 300) {
        set({ problem: replyProblem(reply.status, reply.body) });
        return false;
      }
      await get().load(year, township);
      return true;
    } finally {
      set({ busy: false });
    }
  },
}));
