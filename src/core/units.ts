/** 1 亩 = 10000/15 m² exactly (1 公顷 = 15 亩). */
export const M2_PER_MU = 10000 / 15;
/** Tables show water in 万m³ (10⁴ m³). */
export const M3_PER_WAN_M3 = 10000;

export const m2ToMu = (areaM2: number): number => areaM2 / M2_PER_MU;
export const muToM2 = (areaMu: number): number => areaMu * M2_PER_MU;
export const m3ToWanM3 = (volumeM3: number): number => volumeM3 / M3_PER_WAN_M3;

/** CGCS2000 ellipsoid (= GRS80 to 1e-9 in f): the datum of 三调 and of every reported area. */
export const CGCS2000 = { a: 6378137, f: 1 / 298.257222101 } as const;
