/**
 * The plan as an .xlsx (exceljs): 包联清单 (退地减水包联责任落实清单: one row per household with its
 * plots, area, tenure, action, water saved, the village's responsible person and the township staff
 * member, and whether the agreement is signed), 地块明细 (every chosen plot with its patch) and
 * 村汇总 (per village: excess, saving, cap met, area, patches, and the naive greedy choice beside it).
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.ts';
import { ATTENTION_FILL as UNMET_FILL, titledTable as table } from './xlsxTable.ts';
import type { PlanResult, PlanUnit } from '../../core/plan/types.ts';

export const PLAN_SHEETS = { households: '包联清单', plots: '地块明细', villages: '村汇总' } as const;

/** Who answers for a village's plan, and each household's agreement (kept with the project). */
export interface PlanPaperwork {
  /** village code → {villagePerson: 村包联责任人, townshipStaff: 乡镇包联干部} */
  responsible?: Record<string, { villagePerson?: string; townshipStaff?: string }>;
  /** `${villageCode}/${household}` → agreement signed, and the date (YYYY-MM-DD) */
  agreements?: Record<string, { signed: boolean; date?: string }>;
}


const MU = '#,##0.00';
const M3 = '#,##0';

export async function planXlsx(plan: PlanResult, paperwork: PlanPaperwork = {}): Promise<Uint8Array> {
  const book = new (await loadExcel()).Workbook();
  book.creator = '水地 Shuidi';
  const villageOf = new Map(plan.units.filter((u) => u.level === 'village').map((u) => [u.code, u]));
  const townshipOf = new Map(plan.units.filter((u) => u.level === 'township').map((u) => [u.code, u]));
  const plotsOf = new Map<string, typeof plan.plots>();
  for (const p of plan.plots) {
    const key = `${p.villageCode}/${p.household}`;
    plotsOf.set(key, [...(plotsOf.get(key) ?? []), p]);
  }
  const households = plan.households.map((h) => {
    const v = villageOf.get(h.villageCode);
    const t = v?.parentCode ? townshipOf.get(v.parentCode) : undefined;
    const plots = plotsOf.get(`${h.villageCode}/${h.household}`) ?? [];
    const who = paperwork.responsible?.[h.villageCode] ?? {};
    const agreement = paperwork.agreements?.[`${h.villageCode}/${h.household}`];
    return [t?.name ?? '', v?.name ?? h.villageCode, h.household, plots.map((p) => p.DKBM).join('、'), h.plotCount, h.areaMu,
      [...new Set(plots.map((p) => p.tenure))].join('、'), plan.action, h.savedM3, who.villagePerson ?? '', who.townshipStaff ?? '',
      agreement ? (agreement.signed ? '已签' : '未签') : '未签', agreement?.date ?? ''];
  });
  table(book.addWorksheet(PLAN_SHEETS.households), `${plan.countyName} ${plan.year} 年退地减水包联责任落实清单（${plan.action}）`, [
    { header: '乡镇', width: 12 }, { header: '村', width: 12 }, { header: '承包方（户）', width: 12 }, { header: '地块编码', width: 40 },
    { header: '地块数', width: 8 }, { header: '面积（亩）', width: 12, format: MU }, { header: '地块类别', width: 16 },
    { header: '措施', width: 8 }, { header: '节约地下水（m³）', width: 14, format: M3 }, { header: '村包联责任人', width: 14 },
    { header: '乡镇包联干部', width: 14 }, { header: '协议', width: 8 }, { header: '签订日期', width: 12 },
  ], households);
  table(book.addWorksheet(PLAN_SHEETS.plots), `${plan.year} 年${plan.action}地块明细`, [
    { header: '村代码', width: 15 }, { header: '村', width: 12 }, { header: '承包方（户）', width: 12 }, { header: '地块编码', width: 22 },
    { header: '作物', width: 8 }, { header: '地块类别', width: 12 }, { header: '面积（亩）', width: 12, format: MU },
    { header: '节约地下水（m³）', width: 14, format: M3 }, { header: '连片编号', width: 10 },
  ], plan.plots.map((p) => [p.villageCode, villageOf.get(p.villageCode)?.name ?? '', p.household, p.DKBM, p.crop, p.tenure, p.areaMu, p.savedM3, p.patch]));
  const unitRow = (u: PlanUnit) => [u.level === 'village' ? '村' : u.level === 'township' ? '乡镇' : '全市（县）', u.code, u.name,
    u.excessBeforeM3, u.savedM3, u.excessAfterM3, u.excessBeforeM3 === null ? '无指标' : u.capMet ? '达标' : '未达标',
    u.chosenMu, u.plotCount, u.householdCount, u.patchCount, u.meanPatchMu, u.largestPatchMu, u.wellsFreed, u.greedy.chosenMu, u.greedy.patchCount];
  const sheet = book.addWorksheet(PLAN_SHEETS.villages);
  table(sheet, `${plan.year} 年${plan.action}规划汇总（${plan.basis === 'metered' ? '计量' : '需水'}口径，连片间距 ${plan.settings.patchGapM} 米）`, [
    { header: '级别', width: 10 }, { header: '代码', width: 15 }, { header: '名称', width: 14 }, { header: '规划前超标（m³）', width: 14, format: M3 },
    { header: '节约地下水（m³）', width: 14, format: M3 }, { header: '规划后超标（m³）', width: 14, format: M3 }, { header: '是否达标', width: 10 },
    { header: '面积（亩）', width: 12, format: MU }, { header: '地块数', width: 8 }, { header: '户数', width: 8 }, { header: '连片数', width: 8 },
    { header: '平均片（亩）', width: 12, format: MU }, { header: '最大片（亩）', width: 12, format: MU }, { header: '腾退机井', width: 8 },
    { header: '贪心面积（亩）', width: 12, format: MU }, { header: '贪心连片数', width: 10 },
  ], plan.units.map(unitRow));
  plan.units.forEach((u, r) => {
    if (!u.capMet) sheet.getCell(3 + r, 7).fill = UNMET_FILL;
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}
