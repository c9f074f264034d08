/**
 * Actual groundwater of each well (docs/domain.md point 3): the metered volume where the well is
 * metered (SFJL = 是: NJLL, or Σ JLL01–JLL12), else electricity × the well's coefficient
 * (以电折水: NYDL, or Σ YDL01–YDL12, × ZSXS m³/kWh). Monthly figures where months are given.
 */
import type { Properties } from '../types.ts';
import { numberOf, text, yes } from './attributes.ts';
import type { VillageInfo, WellRow } from './types.ts';

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/** The 12 monthly values of a field family (JLL01…), or null when no month is filled. */
function monthly(properties: Properties, prefix: string): (number | null)[] | null {
  const values = MONTHS.map((m) => numberOf(properties[prefix + m]));
  return values.some((v) => v !== null) ? values : null;
}

const sum = (values: (number | null)[]): number => values.reduce<number>((s, v) => s + (v ?? 0), 0);

export interface WellFigures {
  basis: WellRow['basis'];
  electricityKwh: number | null;
  coefficientM3PerKwh: number | null;
  volumeM3: number | null;
  monthlyM3: (number | null)[] | null;
  warning: string | null;
}

function fromElectricity(properties: Properties): WellFigures {
  const months = monthly(properties, 'YDL');
  const annualKwh = numberOf(properties.NYDL) ?? (months ? sum(months) : null);
  const coefficient = numberOf(properties.ZSXS);
  if (annualKwh === null) {
    return { basis: 'none', electricityKwh: null, coefficientM3PerKwh: coefficient, volumeM3: null, monthlyM3: null, warning: '既无计量读数也无用电量，取水量未计；请补填 NJLL/JLL 或 NYDL/YDL' };
  }
  if (coefficient === null) {
    return { basis: 'none', electricityKwh: annualKwh, coefficientM3PerKwh: null, volumeM3: null, monthlyM3: null, warning: '有用电量但没有折水系数（ZSXS），无法以电折水；请补填折水系数' };
  }
  return {
    basis: 'electricity',
    electricityKwh: annualKwh,
    coefficientM3PerKwh: coefficient,
    volumeM3: annualKwh * coefficient,
    monthlyM3: months ? months.map((kwh) => (kwh === null ? null : kwh * coefficient)) : null,
    warning: null,
  };
}

/** The figures of one well from its attributes. */
export function wellFigures(properties: Properties): WellFigures {
  if (yes(properties, 'SFJL')) {
    const months = monthly(properties, 'JLL');
    const annual = numberOf(properties.NJLL) ?? (months ? sum(months) : null);
    if (annual !== null) {
      return {
        basis: 'meter',
        electricityKwh: numberOf(properties.NYDL),
        coefficientM3PerKwh: numberOf(properties.ZSXS),
        volumeM3: annual,
        monthlyM3: months,
        warning: null,
      };
    }
    const fallback = fromElectricity(properties);
    return { ...fallback, warning: fallback.warning ?? '标为计量（SFJL 是）但没有计量读数，已按用电量×折水系数计' };
  }
  return fromElectricity(properties);
}

/** One row per well for the wells sheet, with its village. */
export function wellRows(
  wells: readonly Properties[],
  wellVillage: Int32Array,
  placement: readonly ('code' | 'point' | 'none')[],
  villages: readonly VillageInfo[],
  warnings: string[],
): WellRow[] {
  const rows: WellRow[] = [];
  const problems = new Map<string, string[]>();
  wells.forEach((properties, index) => {
    const figures = wellFigures(properties ?? {});
    const code = text(properties, 'JBM') || String(index + 1);
    if (figures.warning) problems.set(figures.warning, [...(problems.get(figures.warning) ?? []), code]);
    const village = wellVillage[index] >= 0 ? villages[wellVillage[index]] : null;
    const permittedM3 = numberOf(properties?.QSXKL);
    rows.push({
      featureIndex: index,
      code,
      villageCode: village?.code ?? null,
      villageName: village?.name ?? null,
      placement: placement[index] ?? 'none',
      metered: yes(properties, 'SFJL'),
      basis: figures.basis,
      electricityKwh: figures.electricityKwh,
      coefficientM3PerKwh: figures.coefficientM3PerKwh,
      volumeM3: figures.volumeM3,
      monthlyM3: figures.monthlyM3,
      permittedM3,
      overPermit: permittedM3 !== null && figures.volumeM3 !== null && figures.volumeM3 > permittedM3,
    });
  });
  for (const [problem, codes] of problems) {
    warnings.push(`机电井图层：${codes.length} 眼井${problem}（如 JBM ${codes.slice(0, 5).join('、')}）`);
  }
  return rows;
}

const READING_FIELD = /^(NJLL|NYDL|JLL(0[1-9]|1[0-2])|YDL(0[1-9]|1[0-2]))$/;

/**
 * The wells' attributes without their readings (NJLL/NYDL, JLL01…/YDL01…): position, permit
 * (QSXKL), SFJL and ZSXS stay. A wells layer in the page holds one year's readings
 * (`Layer.readingsYear`); the other years are accounted with none, instead of that year's again.
 */
export function withoutReadings(wells: readonly Properties[]): Properties[] {
  return wells.map((properties) => {
    const kept: Properties = {};
    for (const [key, value] of Object.entries(properties ?? {})) if (!READING_FIELD.test(key)) kept[key] = value;
    return kept;
  });
}
