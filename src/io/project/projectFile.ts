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

function readJson<T>(files: Record<string, Uint8Array>, name: string, fileName: string): T {
  const bytes = files[name];
  if (!bytes) throw new InputError(fileName, `${name} is missing: not a Shuidi project file`);
  try {
    return JSON.parse(strFromU8(bytes)) as T;
  } catch (error) {
    throw new InputError(fileName, `${name} is not valid JSON (${(error as Error).message})`);
  }
}

/** Reads a project file back. Throws InputError naming the file and what is wrong. */
export function readProjectFile(bytes: Uint8Array, fileName = 'project.zip'): ProjectFileData {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new InputError(fileName, 'not a zip file');
  }
  const project = readJson<ProjectJson>(files, 'project.json', fileName);
  if (project.format !== PROJECT_FORMAT) throw new InputError(fileName, `project.json: format is "${project.format}", expected "${PROJECT_FORMAT}"`);
  if (!(project.version >= 1 && project.version <= PROJECT_VERSION)) {
    throw new InputError(fileName, `project file version ${project.version} is newer than this tool reads (${PROJECT_VERSION}); update Shuidi`);
  }
  const layers: Layer[] = project.layers.map(({ file, ...meta }) => ({ ...meta, features: readJson<Layer['features']>(files, file, fileName) }));
  const text = (name: string): string | null => (files[name] ? strFromU8(files[name]) : null);
  const edits = readJson<ProjectEdits>(files, 'edits.json', fileName);
  const audit = readJson<AuditEntry[]>(files, 'audit.json', fileName);
  if (!Array.isArray(audit)) throw new InputError(fileName, 'audit.json: not a list of entries');
  return {
    projectName: project.projectName ?? '',
    layers,
    tables: { quotasCsv: text('tables/quotas.csv'), capsCsv: text('tables/caps.csv') },
    years: project.years,
    year: project.year,
    edits: {
      userName: edits.userName ?? '',
      overrides: edits.overrides ?? {},
      history: edits.history ?? {},
      selection: edits.selection ?? { layerId: null, plotIds: [] },
    },
    audit,
    marks: files['marks.json'] ? readJson<unknown>(files, 'marks.json', fileName) : null,
    settings: project.settings ?? {},
  };
}
