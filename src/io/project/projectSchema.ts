/**
 * The project file's schema, checked before anything of it reaches the open project: a layer
 * file holding `{}`, a project.json without `layers` or `overrides: "garbage"` is refused with a
 * message naming the part and the path inside it, and the current work stays as it was.
 * Hand-written (a few dozen rules) rather than a schema library: the messages are ours, in Chinese.
 */
import { InputError } from '../../core/types.ts';

type Check = (value: unknown, path: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? '数组' : typeof v === 'object' ? '对象' : typeof v === 'string' ? '文本' : typeof v === 'number' ? '数字' : typeof v);

const string: Check = (v, p) => (typeof v === 'string' ? null : `${p} 应为文本，实为${kindOf(v)}`);
const integer: Check = (v, p) => (Number.isInteger(v) ? null : `${p} 应为整数，实为${kindOf(v)}`);
const stringOrNull: Check = (v, p) => (v === null || typeof v === 'string' ? null : `${p} 应为文本或 null，实为${kindOf(v)}`);
const primitive: Check = (v, p) => (v === null || ['string', 'number', 'boolean'].includes(typeof v) ? null : `${p} 应为文本、数字、布尔值或 null，实为${kindOf(v)}`);
const anyObject: Check = (v, p) => (isObject(v) ? null : `${p} 应为对象，实为${kindOf(v)}`);

function arrayOf(item: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return `${p} 应为数组，实为${kindOf(v)}`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${p}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

function recordOf(item: Check): Check {
  return (v, p) => {
    if (!isObject(v)) return `${p} 应为对象，实为${kindOf(v)}`;
    for (const [key, value] of Object.entries(v)) {
      const problem = item(value, `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

/** `fields` must all be present (a trailing `?` in the name: may be absent). */
function shape(fields: Record<string, Check>): Check {
  return (v, p) => {
    if (!isObject(v)) return `${p} 应为对象，实为${kindOf(v)}`;
    for (const [name, check] of Object.entries(fields)) {
      const optional = name.endsWith('?');
      const key = optional ? name.slice(0, -1) : name;
      if (!(key in v) || v[key] === undefined) {
        if (optional) continue;
        return `${p}.${key} 缺失`;
      }
      const problem = check(v[key], `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

const crsInfo = shape({ code: stringOrNull, name: string, proj4: string, source: string, detail: string });

const layerMeta = shape({
  id: string,
  name: string,
  kind: string,
  file: string,
  sourceFiles: arrayOf(string),
  crs: crsInfo,
  encoding: string,
  encodingSource: string,
  fields: arrayOf(shape({ name: string, type: string })),
  warnings: arrayOf(anyObject),
  'readingsYear?': integer,
});

export const projectJsonSchema = shape({
  format: string,
  version: integer,
  'projectName?': string,
  years: arrayOf(integer),
  year: integer,
  'settings?': anyObject,
  layers: arrayOf(layerMeta),
});

const geometry: Check = (v, p) => (v === null ? null : isObject(v) && typeof v.type === 'string' ? null : `${p} 应为几何对象或 null`);

export const layerFileSchema = shape({
  type: (v, p) => (v === 'FeatureCollection' ? null : `${p} 应为 "FeatureCollection"`),
  features: arrayOf(shape({ type: string, geometry, properties: recordOf(primitive), 'id?': primitive })),
});

const fieldChange = shape({ before: primitive, after: primitive, overriddenBefore: (v, p) => (typeof v === 'boolean' ? null : `${p} 应为布尔值`), overriddenAfter: (v, p) => (typeof v === 'boolean' ? null : `${p} 应为布尔值`) });
const edit = shape({ year: integer, layerId: string, plotIds: arrayOf(string), changes: recordOf(recordOf(fieldChange)) });

export const editsSchema = shape({
  'userName?': string,
  'overrides?': recordOf(recordOf(recordOf(recordOf(primitive)))),
  'history?': recordOf(shape({ undo: arrayOf(edit), redo: arrayOf(edit) })),
  'selection?': shape({ layerId: stringOrNull, plotIds: arrayOf(string) }),
});

export const auditSchema = arrayOf(
  shape({
    seq: integer,
    prevHash: string,
    hash: string,
    time: string,
    user: string,
    action: string,
    year: integer,
    layerId: stringOrNull,
    plotIds: arrayOf(string),
    changes: (v, p) => (v === null ? null : recordOf(recordOf(fieldChange))(v, p)),
    reason: string,
    detail: string,
  }),
);

/** Throws an InputError naming the project file, the part and the first path that breaks the schema. */
export function checkSchema(value: unknown, schema: Check, part: string, fileName: string): void {
  const problem = schema(value, part);
  if (!problem) return;
  throw new InputError(fileName, {
    zh: `项目文件已损坏，未打开（当前工作保持不变）：${problem}`,
    en: `the project file is damaged and was not opened (the current work is unchanged): ${translate(problem)}`,
  });
}

/** The path and the gist in English, for the language switch. */
function translate(problem: string): string {
  const path = problem.split(' ')[0];
  if (problem.endsWith('缺失')) return `${path} is missing`;
  return `${path} does not have the expected type`;
}
