/**
 * The review round's files (docs/server.md "Township review"): a signed township's review as a
 * PDF, and the township package for a township without network — made by a bureau, brought back
 * as a return file by a bureau (server/project/reviewPackage.ts).
 */
import type { Hono } from 'hono';
import { reviewPdf } from '../../src/io/write/reviewPdf.ts';
import type { NoticeFont } from '../../src/io/write/planNotice.ts';
import { PACKAGE_SUFFIX } from '../../src/io/review/reviewPackage.ts';
import { canOpenReview, type Actor } from '../auth/roles.ts';
import { findCjkFontFile } from '../cjkFont.ts';
import { refuse, type AppContext, type AppEnv, type ServerDeps } from '../context.ts';
import { BadInput } from '../project/layers.ts';
import { reviewBoard, ReviewRefusal } from '../project/review.ts';
import { importReturn, makePackage, PackageRefusal } from '../project/reviewPackage.ts';
import { denied } from './guard.ts';

const STATUS_ZH = { 'not-opened': '未开启', 'in-review': '审核中', 'changes-proposed': '有修改提议', signed: '已签字' } as const;

export function reviewFileRoutes(app: Hono<AppEnv>, deps: ServerDeps): void {
  const { db } = deps;
  let font: Promise<NoticeFont | null> | null = null;
  const yearOf = (c: AppContext): number | null => {
    const year = Number(c.req.param('year'));
    return Number.isInteger(year) && year >= 1900 && year <= 2200 ? year : null;
  };
  /** The township a request is about: a township official's own, a bureau's `?township=`. */
  const townshipOf = (c: AppContext, actor: Actor): string | null => {
    const township = actor.role === 'township' ? actor.township ?? '' : c.req.query('township') ?? '';
    return /^\d{9}$/.test(township) ? township : null;
  };
  const run = async (c: AppContext, work: () => Promise<Response>): Promise<Response> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BadInput) return refuse(c, 400, 'badRequest', error.message);
      if (error instanceof PackageRefusal) return refuse(c, error.status, error.code, error.message === error.code ? undefined : error.message);
      if (error instanceof ReviewRefusal) {
        if (error.code === 'outOfScope') return denied(c, deps, 'review return outside the package\'s township', 'outOfScope');
        return refuse(c, error.status, error.code, error.message === error.code ? undefined : error.message);
      }
      throw error;
    }
  };

  /** A signed township's review as a PDF (a township: its own). */
  app.get('/api/review/:year/pdf', async (c) => {
    const year = yearOf(c);
    const actor = c.get('session').actor;
    const township = townshipOf(c, actor);
    if (year === null || township === null) return refuse(c, 400, 'badRequest', 'year, township');
    const board = await reviewBoard(db, actor.role === 'township' ? actor : { ...actor, role: 'township', township }, year);
    const mine = board.townships.find((x) => x.township === township);
    if (!mine) return refuse(c, 404, 'notFound', `township ${township}`);
    if (!mine.signoff) return refuse(c, 409, 'reviewNotSigned');
    font ??= findCjkFontFile();
    const cjk = await font;
    if (!cjk) return refuse(c, 503, 'noCjkFont');
    const [meta] = await db.query<{ value: { projectName?: string } }>("SELECT value FROM project_meta WHERE key = 'project'");
    const bytes = await reviewPdf({
      year, countyName: meta?.value.projectName ?? '', township, villages: mine.villages, openedBy: board.openedBy, openedAt: board.openedAt,
      status: STATUS_ZH[mine.status], signoff: mine.signoff, comments: board.comments, proposals: board.proposals,
    }, cjk);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="review-${township}-${year}.pdf"` });
  });

  /** A township package of year Y for township T: the bureaus that run the round. */
  app.get('/api/review/:year/package', async (c) => {
    const year = yearOf(c);
    const actor = c.get('session').actor;
    if (!canOpenReview(actor)) return denied(c, deps, 'make a review package');
    const township = townshipOf(c, actor);
    if (year === null || township === null) return refuse(c, 400, 'badRequest', 'year, township');
    return run(c, async () => {
      const pkg = await makePackage(db, actor, year, township);
      return c.body(JSON.stringify(pkg), 200, {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="review-${township}-${year}${PACKAGE_SUFFIX}"`,
      });
    });
  });

  /** A return file brought back from the township: imported once, in one transaction. */
  app.post('/api/review/:year/package', async (c) => {
    const year = yearOf(c);
    const actor = c.get('session').actor;
    if (year === null) return refuse(c, 400, 'badRequest', 'year');
    if (!canOpenReview(actor)) return denied(c, deps, 'import a review return');
    return run(c, async () => {
      const body = await c.req.json().catch(() => null);
      const outcome = await importReturn(db, actor, year, body);
      if (!outcome.duplicate) deps.changes.emit('change', { seq: 0, kind: 'review', year, layerId: null, plotIds: [], townships: [outcome.township], user: actor.name });
      return c.json(outcome);
    });
  });
}
