/**
 * Roles and what each may do. Every route asks these functions; the page only mirrors them.
 *
 * | role         | 中文       | may change                                              |
 * | admin        | 管理员     | everything, and the accounts                            |
 * | agriculture  | 农业农村局 | plot status, crop, irrigation method, water source      |
 * | water        | 水利局     | the quota and cap tables                                |
 * | resources    | 自然资源局 | the survey (三调) layer                                 |
 * | township     | 乡镇       | the plots of its own township (status, crop, method, source) |
 * | readonly     | 只读       | nothing                                                 |
 *
 * Everyone signed in reads the project; a township reads only its villages and their plots.
 */
import type { LayerKind } from '../../src/core/types.ts';

export const ROLES = ['admin', 'agriculture', 'water', 'resources', 'township', 'readonly'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  agriculture: '农业农村局',
  water: '水利局',
  resources: '自然资源局',
  township: '乡镇',
  readonly: '只读',
};

/** Accepts a role id or its Chinese name. */
export function parseRole(value: unknown): Role | null {
  if (typeof value !== 'string') return null;
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  const entry = Object.entries(ROLE_LABELS).find(([, label]) => label === value);
  return entry ? (entry[0] as Role) : null;
}

export interface Actor {
  userId: number;
  name: string;
  role: Role;
  /** 9-digit township code for the 乡镇 role, else null */
  township: string | null;
}

/** The plot fields an edit may change (the page's edit fields). */
export const EDITABLE_PLOT_FIELDS: readonly string[] = ['ZT', 'ZZZW', 'GGFS', 'SYLX'];

export const canManageUsers = (actor: Actor): boolean => actor.role === 'admin';
export const canWriteTables = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'water';
export const canEditPlots = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'agriculture' || actor.role === 'township';
export const canReadAudit = (actor: Actor): boolean => actor.role !== 'township';

export function canWriteLayer(actor: Actor, kind: LayerKind): boolean {
  return actor.role === 'admin' || (actor.role === 'resources' && kind === 'survey');
}

/** Layers a township may read (filtered to its villages); the others are the bureaus'. */
export const TOWNSHIP_LAYER_KINDS: readonly LayerKind[] = ['villages', 'plots'];

/** Whether the actor may see or change a plot of this township (9-digit code). */
export function inScope(actor: Actor, township: string): boolean {
  return actor.role !== 'township' || actor.township === township;
}

export const TOWNSHIP_CODE = /^\d{9}$/;

/** The township review round (docs/server.md): the water bureau opens it, townships comment, propose and sign, the agriculture bureau decides plot proposals. */
export const canOpenReview = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'water';
export const canComment = (actor: Actor): boolean => actor.role !== 'readonly';
export const canPropose = (actor: Actor): boolean => actor.role === 'township';
export const canDecideProposals = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'agriculture';
export const canSignOff = (actor: Actor): boolean => actor.role === 'township';
/** Reviewers' marks on reconciliation findings: the natural resources bureau's. */
export const canMarkFindings = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'resources';
