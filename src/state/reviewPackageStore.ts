/**
 * A township package of the review round open in the page without a server (src/io/review/
 * reviewPackage.ts): the package's review, and what the township official adds to it here — the
 * official's name, comments, proposals and the sign-off — until the return file is saved. Kept in
 * this browser's storage (never in a project file), so a reload loses nothing.
 */
import { create } from 'zustand';
import { reviewDigestOf } from '../core/review/reviewDigest.ts';
import { buildReviewReturn, returnedContent, type ReturnComment, type ReturnProposal, type ReviewPackage, type ReviewReturn } from '../io/review/reviewPackage.ts';
import { registerPersistedSlot } from './persistence.ts';

/** The package without its project file (opened into the page's project already). */
export type OpenPackage = Omit<ReviewPackage, 'projectFile'>;

interface PackageState {
  pkg: OpenPackage | null;
  official: string;
  comments: ReturnComment[];
  proposals: ReturnProposal[];
  /** when the official signed; additions are closed while signed */
  signedAt: string | null;
  open(pkg: ReviewPackage): void;
  close(): void;
  setOfficial(name: string): void;
  addComment(comment: ReturnComment): void;
  addProposals(proposals: readonly ReturnProposal[]): void;
  removeComment(index: number): void;
  removeProposal(index: number): void;
  sign(): void;
  unsign(): void;
}

const EMPTY = { pkg: null, official: '', comments: [], proposals: [], signedAt: null };

export const useReviewPackageStore = create<PackageState>((set, get) => ({
  ...EMPTY,
  open(pkg) {
    const { projectFile: _projectFile, ...rest } = pkg;
    set({ ...EMPTY, pkg: rest });
  },
  close: () => set(EMPTY),
  setOfficial: (official) => set({ official }),
  addComment: (comment) => set({ comments: [...get().comments, comment] }),
  addProposals: (proposals) => set({ proposals: [...get().proposals, ...proposals] }),
  removeComment: (index) => set({ comments: get().comments.filter((_, i) => i !== index) }),
  removeProposal: (index) => set({ proposals: get().proposals.filter((_, i) => i !== index) }),
  sign: () => set({ signedAt: new Date().toISOString() }),
  unsign: () => set({ signedAt: null }),
}));

/** The digest of what the official has before them now: the package's review and the additions (as the server checks it). */
export function packageDigest(s: Pick<PackageState, 'pkg' | 'official' | 'comments' | 'proposals'>): string | null {
  if (!s.pkg) return null;
  return reviewDigestOf(returnedContent(s.pkg.content, s.official.trim(), s.comments, s.proposals));
}

/** The return file of the open package. */
export function packageReturn(): ReviewReturn | null {
  const s = useReviewPackageStore.getState();
  if (!s.pkg) return null;
  return buildReviewReturn(s.pkg, { official: s.official.trim(), comments: s.comments, proposals: s.proposals, signedAt: s.signedAt, savedAt: new Date().toISOString() });
}

registerPersistedSlot({
  name: 'reviewPackage',
  local: true,
  snapshot: () => {
    const { pkg, official, comments, proposals, signedAt } = useReviewPackageStore.getState();
    return pkg ? { pkg, official, comments, proposals, signedAt } : null;
  },
  restore: (value) => {
    const v = value as Partial<PackageState> | null;
    useReviewPackageStore.setState(v?.pkg ? { pkg: v.pkg, official: v.official ?? '', comments: v.comments ?? [], proposals: v.proposals ?? [], signedAt: v.signedAt ?? null } : EMPTY);
  },
  subscribe: (onChange) => useReviewPackageStore.subscribe(onChange),
});
