import { describe, expect, it } from 'vitest';
import { applyEdit, baseProperties, effectiveLayer, makeEdit, nextAuditEntry, overridesFor, overridesFromPlain, overridesToPlain, verifyChain, type AuditEntry } from '../../src/core/edits/index.ts';
import { readProjectFile, writeProjectFile, type ProjectFileData } from '../../src/io/project/projectFile.ts';
import { auditCsv, auditXlsx } from '../../src/io/project/exports.ts';
import { readXlsxRows } from '../../src/io/tables/xlsxRows.ts';
import { InputError } from '../../src/core/types.ts';
import { deepFreeze, squarePlots } from './helpers.ts';
import { zipFiles } from '../../src/io/write/zipFiles.ts';
import { strToU8 } from 'fflate';

const layer = deepFreeze(squarePlots(20));

function sampleProject(): ProjectFileData {
  const edit = makeEdit({ year: 2025, layerId: 'plots', plotIds: ['D1', 'D2'], values: { ZT: '休耕', ZZZW: '<img src=x onerror=alert(1)>' }, baseOf: (id) => baseProperties(layer, id), table: undefined })!;
  const overrides = applyEdit({}, edit);
  const audit: AuditEntry[] = [];
  audit.push(nextAuditEntry(audit, { time: '2025-06-01T08:00:00.000Z', user: '张三', action: 'edit', year: 2025, layerId: 'plots', plotIds: edit.plotIds, changes: edit.changes, reason: '轮作, "试点"', detail: '' }));
  return {
    projectName: '昌吉市 2025',
    layers: [layer],
    tables: { quotasCsv: '类别,名称,灌溉方式,定额\r\n作物,小麦,*,315\r\n', capsCsv: null },
    years: [2024, 2025],
    year: 2025,
    edits: { userName: '张三', overrides: overridesToPlain(overrides), history: { '2025': { undo: [edit], redo: [] } }, selection: { layerId: 'plots', plotIds: ['D1'] } },
    audit,
    marks: { marks: { f1: 'checked' } },
    settings: { mixedGroundwaterShare: 0.5 },
  };
}

describe('project file', () => {
  it('round-trips layers, tables, years, edits, audit log, marks and settings', () => {
    const data = sampleProject();
    const bytes = writeProjectFile(data, new Date(Date.UTC(2025, 5, 2)));
    const back = readProjectFile(bytes);
    expect(back).toEqual(data);
    expect(verifyChain(back.audit)).toMatchObject({ ok: true, length: 1 });
    const eff = effectiveLayer(back.layers[0], overridesFor(overridesFromPlain(back.edits.overrides), 2025, 'plots'));
    expect(eff.features.features[1].properties).toMatchObject({ ZT: '休耕', ZZZW: '<img src=x onerror=alert(1)>' });
    expect(writeProjectFile(data, new Date(Date.UTC(2025, 5, 2)))).toEqual(bytes);
  });

  it('refuses what is not a project, or a newer version, with a message naming the file', () => {
    expect(() => readProjectFile(new Uint8Array([1, 2, 3]), 'x.zip')).toThrow(/^x\.zip：不是 zip 文件/);
    expect(() => readProjectFile(zipFiles({ 'a.txt': strToU8('hi') }), 'y.zip')).toThrow(/^y\.zip：缺少 project\.json/);
    const newer = zipFiles({ 'project.json': strToU8(JSON.stringify({ format: 'shuidi-project', version: 99, layers: [] })) });
    expect(() => readProjectFile(newer, 'z.zip')).toThrow(InputError);
    expect(() => readProjectFile(newer, 'z.zip')).toThrow(/版本 99/);
  });

  it('exports the audit log as CSV and xlsx, one row per plot and field, 操作 in Chinese, times local', async () => {
    const { audit } = sampleProject();
    const csv = auditCsv(audit, audit, 480);
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('序号,时间,操作人,操作,年度,图层,地块,字段,原值,新值,原因,说明,哈希');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain('2025-06-01 16:00:00 (UTC+08:00),张三,修改,2025,plots,D1,ZT,种植,休耕,"轮作, ""试点"""');
    // the last row anchors the chain: its length and head hash
    expect(lines[5]).toBe(`1,,,锚点,,,,,,,,审计链锚点：共 1 条，链头哈希 ${audit[0].hash},${audit[0].hash}`);
    const rows = await readXlsxRows(await auditXlsx(audit, audit, 480), 'audit.xlsx');
    expect(rows).toHaveLength(6);
    expect(rows[3].cells.slice(1, 10)).toEqual(['2025-06-01 16:00:00 (UTC+08:00)', '张三', '修改', '2025', 'plots', 'D2', 'ZT', '种植', '休耕']);
  });
});
