/** The findings exports read back: xlsx sheets and cells, GeoJSON, and the zipped Shapefile (GBK). */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reconcileLayers } from '../../src/core/reconcile/reconcileLayers.ts';
import { overlayEngine } from '../../src/core/reconcile/realEngine.ts';
import { FINDING_KIND_LABELS } from '../../src/core/reconcile/kindLabels.ts';
import { FINDING_KINDS } from '../../src/core/reconcile/types.ts';
import { findingsXlsx, SUMMARY_SHEET } from '../../src/io/write/findingsXlsx.ts';
import { findingsFeatureCollection, findingsShapefileZip } from '../../src/io/write/findingsGeoJson.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { fixtureLayers } from './fixtureLayers.ts';

const report = await reconcileLayers(fixtureLayers('basic'), {}, overlayEngine());
const overlapKey = 'plot_overlap|PC1|PC2';
const marks = { [overlapKey]: { status: 'dismissed' as const, reason: '已核实为同一承包户' } };

describe('findings xlsx', () => {
  it('has a summary with the settings and one sheet per kind in Chinese', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await findingsXlsx(report, { marks, villageNames: { '652301100001': '一村' } })).buffer as never);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([SUMMARY_SHEET, ...FINDING_KINDS.map((k) => FINDING_KIND_LABELS[k].sheet)]);
    const summary = workbook.getWorksheet(SUMMARY_SHEET)!;
    const cells = summary.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : []));
    expect(cells).toEqual(expect.arrayContaining(['最小问题面积（亩）', 0.5, '最小占要素面积比例', 0.01]));

    const overlap = workbook.getWorksheet(FINDING_KIND_LABELS.plot_overlap.sheet)!;
    const header = (overlap.getRow(1).values as unknown[]).slice(1);
    const row = (overlap.getRow(2).values as unknown[]).slice(1);
    const cell = (name: string): unknown => row[header.indexOf(name)];
    expect(overlap.rowCount).toBe(2);
    expect(cell('村名称')).toBe('一村');
    expect(cell('要素编号')).toBe('PC1');
    expect(cell('重叠地块编码')).toBe('PC2');
    expect(cell('面积（亩）')).toBeCloseTo(report.findings.find((f) => f.key === overlapKey)!.areaMu, 9);
    expect(cell('复核结果')).toBe('排除');
    expect(cell('复核说明')).toBe('已核实为同一承包户');
    expect(String(cell('说明'))).toContain('重叠');
  });
});

describe('findings GeoJSON and Shapefile', () => {
  it('carry one feature per finding with its problem geometry', () => {
    const fc = findingsFeatureCollection(report, marks);
    expect(fc.features).toHaveLength(report.findings.length);
    expect(fc.features.every((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')).toBe(true);
    expect(fc.features.find((f) => f.properties?.key === overlapKey)?.properties?.mark).toBe('dismissed');
  });

  it('reads back through the import as GBK polygons with Chinese attributes', async () => {
    const zip = findingsShapefileZip(report, marks);
    const { layers } = await importLayerJob({ files: { 'findings.zip': zip }, kind: 'other' });
    const [layer] = layers;
    expect(layer.encoding.toLowerCase()).toContain('gbk');
    expect(layer.features.features).toHaveLength(report.findings.length);
    const overlap = layer.features.features.find((f) => f.properties.LX === 'plot_overlap')!;
    expect(overlap.properties).toMatchObject({ YSBH: 'PC1', GLYS: 'PC2', LXMC: '地块重叠', FHZT: '排除' });
    expect(Number(overlap.properties.MJMU)).toBeCloseTo(report.findings.find((f) => f.key === overlapKey)!.areaMu, 3);
  });
});
