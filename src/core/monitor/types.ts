/**
 * Monthly groundwater monitoring (井电双控, docs/monitor.md): readings per well and month, the
 * season against the groundwater cap, and checks on each well. Volumes in m³, electricity in kWh.
 */

/** One reading: a well's metered volume and/or electricity for one month. */
export interface Reading {
  wellCode: string;
  year: number;
  /** 1–12 */
  month: number;
  /** 计量水量, m³; null when not read */
  meteredM3: number | null;
  /** 用电量, kWh; null when not read */
  electricityKwh: number | null;
}

/** What the monitor needs of a well (from the wells layer). */
export interface MonitorWell {
  code: string;
  /** 12-digit village code, '' when unknown */
  villageCode: string;
  metered: boolean;
  /** ZSXS, m³/kWh */
  coefficientM3PerKwh: number | null;
  /** QSXKL, m³/yr */
  permittedM3: number | null;
  /** EDGL, the pump's rated power in kW (optional field) */
  ratedPowerKw: number | null;
  lon: number;
  lat: number;
}

export interface MonitorSettings {
  /** share of the year's groundwater use by month, Jan…Dec; sums to 1 */
  profile: number[];
  /** plots whose centroid lies this close to a well may be served by it (core/selection/wellService) */
  serviceRadiusM: number;
  /** a ZSXS outside this range is implausible, m³/kWh */
  coefficientRange: [number, number];
  /** a ZSXS more than this factor above or below its township's median (other wells) is an outlier */
  coefficientRatio: number;
  /** fewest other wells with a ZSXS in the township for the median rule */
  coefficientMinNeighbours: number;
  /** a month's volume above this many times the permit's share of that month is absurd */
  absurdPermitFactor: number;
}

export type MonitorLevel = 'village' | 'township' | 'city';

export interface MonitorUnit {
  level: MonitorLevel;
  code: string;
  name: string;
  parentCode: string | null;
  wellCount: number;
  /** wells with a reading in the bulletin's month */
  reportingWellCount: number;
  /** Jan…Dec of the year, m³ (months after the bulletin's month are 0) */
  monthlyM3: number[];
  monthM3: number;
  cumulativeM3: number;
  /** groundwater cap of the year (caps.csv 地下水控制), null when not set */
  capM3: number | null;
  /** cap × the profile's share to date */
  profileToDateM3: number | null;
  /** cumulativeM3 − profileToDateM3: > 0 ahead of the profile */
  aheadM3: number | null;
  /** aheadM3 ÷ profileToDateM3 */
  aheadShare: number | null;
  /** cumulativeM3 ÷ capM3 */
  capShare: number | null;
  /** cumulativeM3 ÷ the profile's share to date (null before the season starts) */
  projectedM3: number | null;
  /** projectedM3 − capM3 */
  projectedExcessM3: number | null;
  /** townships only: 1 = the highest share of cap */
  rank: number | null;
}

export type WellBasis = 'meter' | 'electricity' | 'none';

export interface MonitorWellRow {
  code: string;
  villageCode: string;
  townshipCode: string;
  metered: boolean;
  coefficientM3PerKwh: number | null;
  permittedM3: number | null;
  lon: number;
  lat: number;
  /** how each month's volume was obtained */
  monthlyBasis: WellBasis[];
  monthlyM3: (number | null)[];
  monthM3: number | null;
  cumulativeM3: number;
  projectedM3: number | null;
  /** plots served (wellService rules) and how many of them are retired or fallow; null without plots */
  servedPlots: number | null;
  idlePlots: number | null;
}

export type FlagKind =
  | 'over_permit_ytd'
  | 'over_permit_projected'
  | 'no_reading'
  | 'coefficient_range'
  | 'coefficient_outlier'
  | 'pumping_retired';

export interface WellFlag {
  kind: FlagKind;
  wellCode: string;
  villageCode: string;
  townshipCode: string;
  /** the figure checked (m³, or m³/kWh for the coefficient) */
  value: number | null;
  /** what it was checked against */
  limit: number | null;
  /** one line in Chinese */
  detail: string;
  /** the same in English */
  detailEn: string;
}

export interface MonitorResult {
  year: number;
  month: number;
  countyName: string;
  settings: MonitorSettings;
  /** Σ profile[0..month-1] */
  profileShareToDate: number;
  units: MonitorUnit[];
  wells: MonitorWellRow[];
  flags: WellFlag[];
  warnings: string[];
}
