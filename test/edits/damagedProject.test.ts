/** Damaged project files (issue 15, item 7): refused by the schema with a message naming the part and the path. */
import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { readProjectFile, writeProjectFile } from '../../src/io/project/projectFile.ts';
import { InputError } from '../../src/core/types.ts';
import { zipFiles } from '../../src/io/write/zipFiles.ts';
import { deepFreeze, squarePlots } from './helpers.ts';

const layer = deepFreeze(squarePlots(3));
const good = writeProjectFile({
  projectName: 'p',
  layers: [layer],
  tables: { quotasCsv: null, capsCsv: null },
  years: [2025],
  year: 2025,
  edits: { userName: '张三', overrides: {}, history: {}, selection: { layerId: null, plotIds: [] } },
  audit: [],
  marks: null,
  settings: {},
});

/** The good project with one part replaced by `change(parsed part)`. */
function damaged(part: string, change: (value: Record<string, unknown>) => unknown): Uint8Array {
  const files = unzipSync(good);
  files[part] = strToU8(JSON.stringify(change(JSON.parse(strFromU8(files[part])))));
  return zipFiles(files);
}

function refusal(bytes: Uint8Array): InputError {
  try {
    readProjectFile(bytes, 'county.shuidi.zip');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected the project file to be refused');
}

describe('damaged project files are refused before anything is opened', () => {
  it('the good file opens', () => {
    expect(readProjectFile(good).layers[0].features.features).toHaveLength(3);
  });

  it('a layer file holding {}', () => {
    const error = refusal(damaged('layers/01.geojson', () => ({})));
    expect(error.message).toBe('county.shuidi.zip：项目文件已损坏，未打开（当前工作保持不变）：layers/01.geojson.type 缺失');
  });

  it('project.json without layers', () => {
    const error = refusal(damaged('project.json', ({ layers: _layers, ...rest }) => rest));
    expect(error.message).toMatch(/project\.json\.layers 缺失/);
    expect(error.messageEn).toMatch(/project\.json\.layers is missing/);
  });

  it('overrides: "garbage"', () => {
    const error = refusal(damaged('edits.json', (edits) => ({ ...edits, overrides: 'garbage' })));
    expect(error.message).toMatch(/edits\.json\.overrides 应为对象，实为文本/);
  });

  it('a feature whose properties hold an object, and an audit entry without its hash', () => {
    expect(refusal(damaged('layers/01.geojson', (fc) => ({ ...fc, features: [{ type: 'Feature', geometry: null, properties: { a: { b: 1 } } }] }))).message).toMatch(/features\[0\]\.properties\.a/);
    expect(refusal(damaged('audit.json', () => [{ seq: 0 }])).message).toMatch(/audit\.json\[0\]\.prevHash 缺失/);
  });
});
