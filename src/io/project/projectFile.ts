/**
 * The project file: one .zip that holds everything needed to carry a project to another computer
 * or send it to a township.
 *
 *   project.json        format, version, name, years, year, settings, layer list (metadata)
 *   layers/NN.geojson   each layer's features (lon/lat CGCS2000), in the layer list's order
 *   tables/quotas.csv, tables/caps.csv   when set
 *   edits.json          user name, per-year overrides, undo/redo history, selection
 *   audit.json          the audit log (hash chain), unchanged
 *   marks.json          reconciliation marks, when present
 *
 * Versioned: `version` goes up when the layout changes; older files are read, newer are refused.
 */
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { InputError, type Layer } from '../../core/types.ts';
import type { AuditEntry, Edit, PlainOverrides } from '../../core/edits/index.ts';
import { zipFiles } from '../write/zipFiles.ts';
import { auditSchema, checkSchema, editsSchema, layerFileSchema, projectJsonSchema } from './projectSchema.ts';

export const PROJECT_FORMAT = 'shuidi-project';
export const PROJECT_VERSION = 1;

export interface ProjectEdits {
  userName: string;
  overrides: PlainOverrides;
  history: Record<string, { undo: readonly Edit[]; redo: readonly Edit[] }>;
  selection: { layerId: string | null; plotIds: string[] };
}

export interface ProjectFileData {
  projectName: string;
  layers: Layer[];
  tables: { quotasCsv: string | null; capsCsv: string | null };
  years: number[];
  year: number;
  edits: ProjectEdits;
  audit: AuditEntry[];
  /** reconciliation marks (another store's snapshot), passed through as is */
  marks: unknown;
  settings: Record<string, unknown>;
}

interface ProjectJson {
  format: string;
  version: number;
  savedAt: string;
  projectName: string;
  years: number[];
  year: number;
  settings: Record<string, unknown>;
  layers: (Omit<Layer, 'features'> & { file: string })[];
}

const json = (value: unknown): Uint8Array => strToU8(JSON.stringify(value));

export function writeProjectFile(data: ProjectFileData, savedAt: Date = new Date()): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const layerList: ProjectJson['layers'] = data.layers.map((layer, i) => {
    const file = `layers/${String(i + 1).padStart(2, '0')}.geojson`;
    files[file] = json(layer.features);
    const { features: _features, ...meta } = layer;
    return { ...meta, file };
  });
  const project: ProjectJson = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    savedAt: savedAt.toISOString(),
    projectName: data.projectName,
    years: data.years,
    year: data.year,
    settings: data.settings,
    layers: layerList,
  };
  files['project.json'] = json(project);
  if (data.tables.quotasCsv !== null) files['tables/quotas.csv'] = strToU8(data.tables.quotasCsv);
  if (data.tables.capsCsv !== null) files['tables/caps.csv'] = strToU8(data.tables.capsCsv);
  files['edits.json'] = json(data.edits);
  files['audit.json'] = json(data.audit);
  if (data.marks !== undefined && data.marks !== null) files['marks.json'] = json(data.marks);
  return zipFiles(files, { mtime: savedAt });
}

function readJson(files: Record<string, Uint8Array>, name: string, fileName: string): unknown {
  const bytes = files[name];
  if (!bytes) {
    throw new InputError(fileName, { zh: `缺少 ${name}，不是水地项目文件`, en: `${name} is missing: not a Shuidi project file` });
  }
  try {
    return JSON.parse(strFromU8(bytes));
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).slice(0, 100);
    throw new InputError(fileName, { zh: `${name} 不是有效的 JSON（${detail}），项目文件已损坏`, en: `${name} is not valid JSON (${detail})` });
  }
}

/**
 * Reads a project file back. Every part is checked against its schema before any is returned,
 * so a damaged file is refused as a whole and the open project is never touched. Throws
 * InputError naming the file, the part and what is wrong.
 */
export function readProjectFile(bytes: Uint8Array, fileName = 'project.zip'): ProjectFileData {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new InputError(fileName, { zh: '不是 zip 文件，无法作为项目打开', en: 'not a zip file' });
  }
  const projectValue = readJson(files, 'project.json', fileName);
  if (isObject(projectValue) && projectValue.format !== PROJECT_FORMAT) {
    throw new InputError(fileName, { zh: `project.json 的格式为“${String(projectValue.format).slice(0, 40)}”，不是水地项目文件`, en: `project.json: format is "${String(projectValue.format).slice(0, 40)}", expected "${PROJECT_FORMAT}"` });
  }
  if (isObject(projectValue) && typeof projectValue.version === 'number' && projectValue.version > PROJECT_VERSION) {
    throw new InputError(fileName, {
      zh: `项目文件版本 ${projectValue.version} 比本工具能读的版本（${PROJECT_VERSION}）新；请更新水地`,
      en: `project file version ${projectValue.version} is newer than this tool reads (${PROJECT_VERSION}); update Shuidi`,
    });
  }
  checkSchema(projectValue, projectJsonSchema, 'project.json', fileName);
  const project = projectValue as unknown as ProjectJson;
  if (project.version < 1) checkSchema(null, () => 'project.json.version 应不小于 1', 'project.json', fileName);
  const layers: Layer[] = project.layers.map(({ file, ...meta }) => {
    const features = readJson(files, file, fileName);
    checkSchema(features, layerFileSchema, file, fileName);
    return { ...meta, features: features as Layer['features'] };
  });
  const text = (name: string): string | null => (files[name] ? strFromU8(files[name]) : null);
  const edits = readJson(files, 'edits.json', fileName);
  checkSchema(edits, editsSchema, 'edits.json', fileName);
  const audit = readJson(files, 'audit.json', fileName);
  checkSchema(audit, auditSchema, 'audit.json', fileName);
  const marks = files['marks.json'] ? readJson(files, 'marks.json', fileName) : null;
  if (marks !== null) checkSchema(marks, (v, p) => (isObject(v) ? null : `${p} 应为对象`), 'marks.json', fileName);
  const e = edits as Partial<ProjectEdits>;
  return {
    projectName: project.projectName ?? '',
    layers,
    tables: { quotasCsv: text('tables/quotas.csv'), capsCsv: text('tables/caps.csv') },
    years: project.years,
    year: project.year,
    edits: {
      userName: e.userName ?? '',
      overrides: e.overrides ?? {},
      history: e.history ?? {},
      selection: e.selection ?? { layerId: null, plotIds: [] },
    },
    audit: audit as AuditEntry[],
    marks,
    settings: project.settings ?? {},
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
