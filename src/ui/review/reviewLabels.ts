/** The review round's words in the page: township states, plot fields, proposal decisions (Chinese, English). */
import type { TownshipStatus } from '../../state/reviewStore.ts';

export const STATUS: Record<TownshipStatus, [string, string]> = {
  'not-opened': ['未开启', 'not opened'],
  'in-review': ['审核中', 'in review'],
  'changes-proposed': ['有修改提议', 'changes proposed'],
  signed: ['已签字', 'signed'],
};
export const FIELDS: [string, string, string][] = [['ZT', '状态', 'Status'], ['ZZZW', '种植作物', 'Crop'], ['GGFS', '灌溉方式', 'Irrigation'], ['SYLX', '水源类型', 'Source']];
export const fieldName = (field: string): string => FIELDS.find((f) => f[0] === field)?.[1] ?? field;
export const PROPOSAL_STATUS: Record<string, [string, string]> = { pending: ['待处理', 'pending'], accepted: ['已接受', 'accepted'], rejected: ['未采纳', 'rejected'] };
export const TARGET_KIND: Record<string, [string, string]> = { village: ['村', 'village'], plot: ['地块', 'plot'], finding: ['套核发现', 'finding'] };
