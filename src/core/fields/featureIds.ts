/**
 * Feature ids: the layer's code field (DKBM, BSM, LDBM, JBM, CJDM/ZLDWDM …) when every feature
 * has a distinct value, else the 1-based index. Ids are strings.
 */
import type { Feature, Geometry, ImportWarning, LayerKind, Properties } from '../types.ts';
import { ID_FIELDS } from './canonicalFields.ts';

export interface IdResult {
  features: Feature<Geometry | null, Properties>[];
  idField: string | null;
  warning?: ImportWarning;
}

export function assignIds(kind: LayerKind, features: readonly Feature<Geometry | null, Properties>[], file: string): IdResult {
  let problem: string | undefined;
  for (const field of ID_FIELDS[kind]) {
    if (!features.some((f) => field in (f.properties ?? {}))) continue;
    const seen = new Set<string>();
    let ok = true;
    for (const f of features) {
      const v = f.properties?.[field];
      const id = v === null || v === undefined ? '' : String(v).trim();
      if (id === '' || seen.has(id)) {
        ok = false;
        problem = `${field} is ${id === '' ? 'empty on some features' : `not unique ("${id}" repeats)`}; features are numbered 1…${features.length} instead`;
        break;
      }
      seen.add(id);
    }
    if (ok) {
      return { features: features.map((f) => ({ ...f, id: String(f.properties[field]).trim() })), idField: field };
    }
    break; // the preferred code field exists but cannot serve as id
  }
  const numbered = features.map((f, i) => ({ ...f, id: String(i + 1) }));
  return { features: numbered, idField: null, warning: problem ? { file, code: 'id-not-unique', message: problem } : undefined };
}
