/**
 * The township review round's API (server/project/review.ts; docs/server.md "Township review").
 * Every route checks the role and the township on the server; a change is announced on the
 * change feed so open pages follow.
 */
import type { Hono } from 'hono';
import { canComment, canDecideProposals, canOpenReview, canPropose, canSignOff } from '../auth/roles.ts';
import { refuse, type AppContext, type AppEnv, type ServerDeps } from '../context.ts';
import { BadInput } from '../project/layers.ts';
import { addComment, addProposal, decideProposal, openRound, reviewBoard, reviewDigest, ReviewRefusal, signOff } from '../project/review.ts';
import { denied } from './guard.ts';

const yearOf = (c: AppContext): number | null => {
  const year = Number(c.req.param('year'));
  return Number.isInteger(year) && year >= 1900 && year <= 2200 ? year : null;
};

export function reviewRoutes(app: Hono<AppEnv>, deps: ServerDeps): void {
  const { db } = deps;
  const announce = (c: AppContext, year: number, plotIds: readonly string[] = [], townships: readonly string[] = []) =>
    deps.changes.emit('change', { seq: 0, kind: 'review', year, layerId: null, plotIds, townships, user: c.get('session').actor.name });

  /** Runs a review action; refusals become their status and message. */
  const run = async (c: AppContext, work: () => Promise<Response>): Promise<Response> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BadInput) return refuse(c, 400, 'badRequest', error.message);
      if (error instanceof ReviewRefusal) {
        if (error.code === 'outOfScope') return denied(c, deps, 'review outside its township', 'outOfScope');
        return refuse(c, error.status, error.code, error.message === error.code ? undefined : error.message);
      }
      throw error;
    }
  };
  const body = async (c: AppContext): Promise<unknown> => c.req.json().catch(() => null);

  app.get('/api/review/:year', async (c) => {
    const year = yearOf(c);
    if (year === null) return refuse(c, 400, 'badRequest', 'year');
    return c.json(await reviewBoard(db, c.get('session').actor, year));
  });

  app.post('/api/review/:year/open', async (c) => {
    const year = yearOf(c);
    if (year === null) return refuse(c, 400, 'badRequest', 'year');
    if (!canOpenReview(c.get('session').actor)) return denied(c, deps, 'open a review round');
    const result = await openRound(db, c.get('session').actor, year);
    announce(c, year);
    return c.json(result);
  });

  app.post('/api/review/:year/comments', async (c) => {
    const year = yearOf(c);
    if (year === null) return refuse(c, 400, 'badRequest', 'year');
    if (!canComment(c.get('session').actor)) return denied(c, deps, 'comment in a review');
    return run(c, async () => {
      const comment = await addComment(db, c.get('session').actor, year, await body(c));
      announce(c, year, [], [comment.township]);
      return c.json(comment, 201);
    });
  });

  app.post('/api/review/:year/proposals', async (c) => {
    const year = yearOf(c);
    if (year === null) return refuse(c, 400, 'badRequest', 'year');
    if (!canPropose(c.get('session').actor)) return denied(c, deps, 'propose a change');
    return run(c, async () => {
      const proposal = await addProposal(db, c.get('session').actor, year, await body(c));
      announce(c, year, [proposal.plotId], [proposal.township]);
      return c.json(proposal, 201);
    });
  });

  app.post('/api/review/:year/proposals/:id/:decision{accept|reject}', async (c) => {
    const year = yearOf(c);
    const id = Number(c.req.param('id'));
    if (year === null || !Number.isInteger(id)) return refuse(c, 400, 'badRequest', 'year, id');
    if (!canDecideProposals(c.get('session').actor)) return denied(c, deps, 'decide a proposal');
    return run(c, async () => {
      const { proposal, edit } = await decideProposal(db, c.get('session').actor, year, id, c.req.param('decision') === 'accept');
      if (edit && edit.kind === 'conflict') return refuse(c, 409, 'conflict', edit.message);
      if (edit && edit.kind !== 'applied') return refuse(c, 404, 'notFound', `plot ${proposal.plotId}`);
      if (edit?.kind === 'applied' && !edit.duplicate) {
        deps.changes.emit('change', { seq: edit.entry.seq, kind: 'edit', year, layerId: proposal.layerId, plotIds: [proposal.plotId], townships: [proposal.township], user: c.get('session').actor.name });
      }
      announce(c, year, [proposal.plotId], [proposal.township]);
      return c.json({ proposal, editSeq: edit?.kind === 'applied' ? edit.entry.seq : null });
    });
  });

  /** The hash a township signs: its review as the server holds it now. */
  app.get('/api/review/:year/digest', async (c) => {
    const year = yearOf(c);
    if (year === null) return refuse(c, 400, 'badRequest', 'year');
    const actor = c.get('session').actor;
    const township = actor.role === 'township' ? actor.township ?? '' : c.req.query('township') ?? '';
    if (!/^\d{9}$/.test(township)) return refuse(c, 400, 'badRequest', 'township');
    return c.json({ year, township, hash: await reviewDigest(db, year, township) });
  });

  app.post('/api/review/:year/signoff', async (c) => {
    const year = yearOf(c);
    if (year === null) return refuse(c, 400, 'badRequest', 'year');
    if (!canSignOff(c.get('session').actor)) return denied(c, deps, 'sign off a review');
    return run(c, async () => {
      const signoff = await signOff(db, c.get('session').actor, year, await body(c));
      announce(c, year, [], [signoff.township]);
      return c.json(signoff);
    });
  });
}
