/**
 * Units written in table headers (`地下水控制（万m³）`, `定额（m³/公顷）`) and their factor to the
 * tool's units: m³ for volumes, m³/亩 for quotas, 0–1 for shares. 1 公顷 = 15 亩; 1 亩 = 10 000/15 m².
 */
import { M2_PER_MU } from '../../core/units.ts';

export type ColumnUnit = 'volume' | 'quota' | 'share' | 'energy';

const MU_PER_HECTARE = 15;

/** '万m³' → 1e4 m³; null when not a volume unit. */
function volumeFactor(unit: string): number | null {
  const u = unit.replace(/立方米|方$/g, 'm3');
  const match = /^(万|亿|千)?m3$/.exec(u);
  if (!match) return null;
  return match[1] === '万' ? 1e4 : match[1] === '亿' ? 1e8 : match[1] === '千' ? 1e3 : 1;
}

/** m³ per … → factor to "per 亩"; null when not an area unit. */
function perAreaFactor(unit: string): number | null {
  if (unit === '亩') return 1;
  if (unit === '公顷' || unit === 'hm2' || unit === 'ha') return 1 / MU_PER_HECTARE;
  if (unit === 'm2' || unit === '平方米') return M2_PER_MU;
  return null;
}

/** 'kWh', '度', '千瓦时', '万kWh' → factor to kWh; null when not an energy unit. */
function energyFactor(unit: string): number | null {
  const match = /^(万)?(kwh|kw·h|kw\.h|kw-h|度|千瓦时)$/.exec(unit);
  if (!match) return null;
  return match[1] ? 1e4 : 1;
}

const normalise = (unit: string): string =>
  unit.replace(/\s+/g, '').toLowerCase().replace(/³/g, '3').replace(/²/g, '2').replace(/\^/g, '').replace(/／/g, '/');

const EXPECTED: Record<ColumnUnit, { zh: string; en: string }> = {
  volume: { zh: 'm³、万m³ 或 亿m³', en: 'm³, 万m³ or 亿m³' },
  quota: { zh: 'm³/亩、万m³/亩 或 m³/公顷', en: 'm³/亩, 万m³/亩 or m³/公顷' },
  share: { zh: '0–1 的小数或 %', en: 'a 0–1 fraction or %' },
  energy: { zh: 'kWh（度）或 万kWh', en: 'kWh or 万kWh' },
};

/** The factor from the written unit to the tool's unit, or why it cannot be used. */
export function unitFactor(written: string, kind: ColumnUnit): number | { zh: string; en: string } {
  const unit = normalise(written);
  if (unit === '') return 1;
  let factor: number | null = null;
  if (kind === 'volume') factor = volumeFactor(unit);
  else if (kind === 'energy') factor = energyFactor(unit);
  else if (kind === 'share') factor = unit === '%' || unit === '百分比' ? 0.01 : /^0[-–~]1$/.test(unit) ? 1 : null;
  else {
    const [top, bottom, extra] = unit.split('/');
    const volume = top !== undefined ? volumeFactor(top) : null;
    const area = bottom !== undefined ? perAreaFactor(bottom) : null;
    factor = volume !== null && area !== null && extra === undefined ? volume * area : null;
  }
  if (factor !== null) return factor;
  return {
    zh: `表头单位“${written}”无法识别或不适用于此列：请写 ${EXPECTED[kind].zh}（或去掉括号中的单位，按 ${kind === 'quota' ? 'm³/亩' : kind === 'share' ? '0–1' : kind === 'energy' ? 'kWh' : 'm³'} 填写）`,
    en: `unit "${written}" in the header is unknown or wrong for this column: write ${EXPECTED[kind].en}`,
  };
}
