/**
 * What the user chose in the import dialog for one layer, and the job input it becomes.
 * Kept apart from the components so it can be tested without a browser.
 */
import type { LayerKind } from '../../core/types.ts';
import type { FieldMapping } from '../../core/fields/mapping.ts';
import type { ImportLayerInput } from '../../jobs/importLayer.ts';
import type { LayerPreview } from '../../jobs/previewImport.ts';

export interface LayerSettings {
  /** "" = use what was detected */
  encoding: string;
  /** "" = use what was detected */
  crs: string;
  kind: LayerKind;
  /** file field → canonical field ("" = not mapped) */
  fields: Record<string, string>;
  /** canonical field → {file value → canonical value} */
  values: Record<string, Record<string, string>>;
}

export function initialSettings(preview: LayerPreview): LayerSettings {
  return { encoding: '', crs: '', kind: preview.guessedKind, fields: { ...preview.fieldMapping }, values: {} };
}

/** The mapping JSON (the same format `--fields` reads), from the dialog's choices. */
export function mappingFromSettings(preview: LayerPreview, settings: LayerSettings): FieldMapping {
  const fields: Record<string, string | null> = {};
  for (const field of preview.fields) {
    const chosen = settings.fields[field.name] ?? '';
    fields[field.name] = chosen === '' ? null : chosen;
  }
  const values = Object.fromEntries(Object.entries(settings.values).filter(([, table]) => Object.keys(table).length > 0));
  return { kind: settings.kind, fields, ...(Object.keys(values).length ? { values } : {}) };
}

export function importInput(files: Record<string, Uint8Array>, preview: LayerPreview, settings: LayerSettings): ImportLayerInput {
  return {
    files,
    only: [preview.name],
    encoding: settings.encoding || undefined,
    crs: settings.crs || undefined,
    kind: settings.kind,
    fields: mappingFromSettings(preview, settings),
  };
}

/** A layer can be imported when it was read and has a CRS (detected or chosen). */
export function readyToImport(preview: LayerPreview, settings: LayerSettings): boolean {
  return !preview.error && (preview.crs !== null || settings.crs !== '');
}

/** Applies a loaded mapping (saved earlier, or written by hand) to one layer's settings. */
export function settingsFromMapping(settings: LayerSettings, mapping: FieldMapping): LayerSettings {
  const fields = { ...settings.fields };
  for (const [file, canonical] of Object.entries(mapping.fields ?? {})) fields[file] = canonical ?? '';
  return { ...settings, kind: mapping.kind ?? settings.kind, fields, values: { ...settings.values, ...(mapping.values ?? {}) } };
}
