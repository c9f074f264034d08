/**
 * The irrigation season's monthly profile: which share of the year's groundwater use is expected
 * by the end of each month. A setting per county; the default is April–September, the mean of
 * three crop calendars of North Xinjiang well irrigation (docs/monitor.md "The default profile"):
 *
 * | crop | Apr | May | Jun | Jul | Aug | Sep | why |
 * | --- | --- | --- | --- | --- | --- | --- | --- |
 * | 棉花 cotton (drip under film) | .05 | .05 | .25 | .40 | .25 | 0 | sown late April with one emergence watering; drip irrigation every 7–10 days from mid-June (bud, flowering and boll set) to late August, stopped at boll opening |
 * | 小麦 wheat | .20 | .35 | .40 | .05 | 0 | 0 | greening and jointing in April, booting and heading in May, filling in June, harvest early July |
 * | 玉米 maize | 0 | .10 | .25 | .35 | .25 | .05 | sown late April–May, jointing in June, tasselling in July (the peak), filling in August, a last watering in early September |
 *
 * mean: Apr .0833, May .1667, Jun .3000, Jul .2667, Aug .1667, Sep .0167 (sums to 1). These are
 * the tool's estimate from the crops' growth stages, not an official figure: a county with its own
 * monthly plan, or a different crop mix, sets its own profile (the panel, or `--profile`).
 */
export const CROP_CALENDARS: Record<string, number[]> = {
  棉花: [0, 0, 0, 0.05, 0.05, 0.25, 0.4, 0.25, 0, 0, 0, 0],
  小麦: [0, 0, 0, 0.2, 0.35, 0.4, 0.05, 0, 0, 0, 0, 0],
  玉米: [0, 0, 0, 0, 0.1, 0.25, 0.35, 0.25, 0.05, 0, 0, 0],
};

/** The mean of the crop calendars, month by month. */
export function meanProfile(calendars: readonly (readonly number[])[]): number[] {
  return Array.from({ length: 12 }, (_, m) => calendars.reduce((s, c) => s + c[m], 0) / calendars.length);
}

export const DEFAULT_PROFILE: readonly number[] = Object.freeze(meanProfile(Object.values(CROP_CALENDARS)));

/** Σ profile[0..month-1]: the share of the year expected by the end of `month` (1–12). */
export function shareToDate(profile: readonly number[], month: number): number {
  let s = 0;
  for (let m = 0; m < month; m++) s += profile[m];
  return s;
}

/**
 * A profile from 12 weights in any scale (percentages, parts): normalised to sum to 1. Returns the
 * problem in both languages when there are not 12 non-negative numbers with a positive sum.
 */
export function normaliseProfile(weights: readonly number[]): number[] | { zh: string; en: string } {
  if (weights.length !== 12) return { zh: `月度分配须为 12 个数（1–12 月），而不是 ${weights.length} 个`, en: `a monthly profile needs 12 numbers (Jan–Dec), not ${weights.length}` };
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) return { zh: '月度分配的每个数须为非负数', en: 'every weight of the monthly profile must be a non-negative number' };
  const total = weights.reduce((s, w) => s + w, 0);
  if (total <= 0) return { zh: '月度分配之和须大于 0', en: 'the monthly profile must not be all zeros' };
  return weights.map((w) => w / total);
}
