/** Save the field mapping as JSON (the `--fields` format) and load a saved one. */
import { useRef, useState } from 'react';
import { parseFieldMapping } from '../../core/fields/mapping.ts';
import type { LayerPreview } from '../../jobs/previewImport.ts';
import { download } from '../edit/plotsData.ts';
import { useT } from '../i18n.ts';
import { mappingFromSettings, settingsFromMapping, type LayerSettings } from './importSettings.ts';

export function MappingFile({ preview, settings, onChange }: { preview: LayerPreview; settings: LayerSettings; onChange(s: LayerSettings): void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = () => {
    const json = JSON.stringify(mappingFromSettings(preview, settings), null, 2);
    download(`${preview.name}.mapping.json`, json, 'application/json');
  };
  const load = async (file: File) => {
    try {
      onChange(settingsFromMapping(settings, parseFieldMapping(JSON.parse(await file.text()))));
      setProblem(null);
    } catch (error) {
      setProblem(`${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <p>
      <button type="button" onClick={save}>{t('保存字段对应…', 'Save mapping…')}</button>{' '}
      <button type="button" onClick={() => input.current?.click()}>{t('载入字段对应…', 'Load mapping…')}</button>
      <input ref={input} type="file" accept=".json" hidden onChange={(e) => { const f = e.target.files?.[0]; if (f) void load(f); e.target.value = ''; }} />
      {problem && <span className="error" role="alert"> {problem}</span>}
    </p>
  );
}
