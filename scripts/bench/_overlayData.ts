/**
 * Seeded synthetic layers for the overlay and area benchmarks, shaped like the spike in
 * the earlier library measurements: plots on a jittered 200 m grid (12 vertices, ~60 亩) in
 * CGCS2000 Gauss-Krüger zone 29 around 87.3°E 44°N, and a survey layer of about twice as many
 * parcels, either an independent grid with an offset origin ("off") or each plot split in two
 * with every vertex moved by up to 5 cm ("near": boundaries nearly coincident with the plots').
 */
import proj4 from 'proj4';
import type { Polygon, Position } from 'geojson';
import { mulberry32 } from '../sample/prng.ts';

export const GK_ZONE_29_CM_87 = '+proj=tmerc +lat_0=0 +lon_0=87 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const ORIGIN_E = 514000;
const ORIGIN_N = 4863000;
const PLOT_CELL_M = 200;

export type SurveyCase = 'off' | 'near';

export interface OverlayData {
  plots: Polygon[];
  survey: Polygon[];
  /** the same polygons in GK metres, for PostGIS */
  plotsGK: Position[][];
  surveyGK: Position[][];
}

/** Cells of a jittered grid, each a 12-vertex counter-clockwise ring in GK metres (not closed). */
export function jitteredGrid(nx: number, ny: number, cellM: number, offset: [number, number], random: () => number): Position[][] {
  const jitter = (scale: number) => (random() - 0.5) * 2 * scale;
  const corners: Position[][] = [];
  for (let i = 0; i <= nx; i++) {
    corners.push([]);
    for (let j = 0; j <= ny; j++) {
      corners[i].push([ORIGIN_E + offset[0] + i * cellM + jitter(0.2 * cellM), ORIGIN_N + offset[1] + j * cellM + jitter(0.2 * cellM)]);
    }
  }
  const edgePoints = (p: Position, q: Position): Position[] => {
    const dx = q[0] - p[0];
    const dy = q[1] - p[1];
    return [1 / 3, 2 / 3].map((t) => {
      const side = jitter(0.05 * cellM) / Math.hypot(dx, dy);
      return [p[0] + t * dx - dy * side, p[1] + t * dy + dx * side];
    });
  };
  const horizontal = corners.map((column, i) => column.map((p, j) => (i < nx ? edgePoints(p, corners[i + 1][j]) : [])));
  const vertical = corners.map((column, i) => column.map((p, j) => (j < ny ? edgePoints(p, column[j + 1]) : [])));
  const cells: Position[][] = [];
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      cells.push([
        corners[i][j], ...horizontal[i][j],
        corners[i + 1][j], ...vertical[i + 1][j],
        corners[i + 1][j + 1], ...[...horizontal[i][j + 1]].reverse(),
        corners[i][j + 1], ...[...vertical[i][j]].reverse(),
      ]);
    }
  }
  return cells;
}

/** Each plot split in two along a line between its side edges; every vertex moved by ≤ 5 cm. */
function nearSurvey(plots: Position[][], random: () => number): Position[][] {
  const nudge = (p: Position): Position => {
    const r = 0.05 * Math.sqrt(random());
    const t = 2 * Math.PI * random();
    return [p[0] + r * Math.cos(t), p[1] + r * Math.sin(t)];
  };
  const out: Position[][] = [];
  plots.forEach((ring, k) => {
    const [from, to] = k % 2 === 0 ? [4, 11] : [5, 10];
    out.push([...ring.slice(to), ...ring.slice(0, from + 1)].map(nudge));
    out.push(ring.slice(from, to + 1).map(nudge));
  });
  return out;
}

export function generateOverlayData(plotCount: number, surveyCase: SurveyCase, seed = 20240601): OverlayData {
  const random = mulberry32(seed);
  const nx = Math.round(Math.sqrt(plotCount));
  const ny = Math.round(plotCount / nx);
  const plotsGK = jitteredGrid(nx, ny, PLOT_CELL_M, [0, 0], random);
  let surveyGK: Position[][];
  if (surveyCase === 'near') {
    surveyGK = nearSurvey(plotsGK, random);
  } else {
    const cell = PLOT_CELL_M / Math.SQRT2;
    // An offset origin, starting one cell early so that the survey covers every plot.
    const cols = Math.ceil((nx * PLOT_CELL_M) / cell) + 2;
    const rows = Math.ceil((ny * PLOT_CELL_M) / cell) + 2;
    surveyGK = jitteredGrid(cols, rows, cell, [-0.63 * cell, -0.47 * cell], random);
  }
  const toLonLat = proj4(GK_ZONE_29_CM_87, 'EPSG:4326');
  const polygon = (ring: Position[]): Polygon => {
    const lonLat = ring.map((p) => toLonLat.forward(p) as Position);
    return { type: 'Polygon', coordinates: [[...lonLat, lonLat[0]]] };
  };
  return { plots: plotsGK.map(polygon), survey: surveyGK.map(polygon), plotsGK, surveyGK };
}
