/** One detected layer in the import dialog: encoding, CRS, kind, field mapping, warnings. */
import { LAYER_KINDS, type LayerKind } from '../../core/types.ts';
import { previewExtent, type LayerPreview } from '../../jobs/previewImport.ts';
import { extentNote } from './coordinateCheck.ts';
import { useT } from '../i18n.ts';
import type { LayerSettings } from './importSettings.ts';
import { EncodingPicker } from './EncodingPicker.tsx';
import { CrsPicker } from './CrsPicker.tsx';
import { FieldMappingTable } from './FieldMappingTable.tsx';
import { WarningsList } from './WarningsList.tsx';
import { MappingFile } from './MappingFile.tsx';

const KIND_ZH: Record<LayerKind, string> = {
  villages: '村界', survey: '三调地类图斑', plots: '种植地块', forest: '人工林', wells: '机电井', canals: '渠道', reservoirs: '水库、渠首', other: '其他',
};

interface Props {
  preview: LayerPreview;
  settings: LayerSettings;
  onChange(settings: LayerSettings): void;
}

export function LayerImportCard({ preview, settings, onChange }: Props) {
  const t = useT();
  const set = (patch: Partial<LayerSettings>) => onChange({ ...settings, ...patch });
  // said before import, under the CRS as chosen (it follows the CRS picker)
  const extent = preview.error ? null : previewExtent(preview, settings.crs);
  const note = extent ? extentNote(preview.file, extent, t) : null;
  return (
    <article className="import-layer" data-testid="import-layer" data-layer={preview.name}>
      <h3>
        {preview.name} <small>{preview.sourceFiles.join(', ')} · {preview.featureCount} {t('个要素', 'features')} · {preview.geometryType ?? '—'}</small>
      </h3>
      {preview.error ? (
        <p className="error" role="alert" data-testid="import-layer-error">{t(preview.error, preview.errorEn ?? preview.error)}</p>
      ) : (
        <>
          <EncodingPicker preview={preview} value={settings.encoding || preview.encoding} onChange={(encoding) => set({ encoding })} />
          <CrsPicker preview={preview} value={settings.crs} onChange={(crs) => set({ crs })} />
          {note && <p className={note.level} role={note.level === 'error' ? 'alert' : undefined} data-testid="import-extent-note" data-level={note.level}>{note.text}</p>}
          <section>
            <h4>{t('图层类型', 'Layer kind')}</h4>
            <select value={settings.kind} onChange={(e) => set({ kind: e.target.value as LayerKind, fields: {}, values: {} })} data-testid="kind-select">
              {LAYER_KINDS.map((k) => <option key={k} value={k}>{t(KIND_ZH[k], k)}</option>)}
            </select>
          </section>
          <FieldMappingTable
            preview={preview}
            kind={settings.kind}
            fields={settings.fields}
            values={settings.values}
            onFields={(fields) => set({ fields })}
            onValues={(values) => set({ values })}
          />
          <MappingFile preview={preview} settings={settings} onChange={onChange} />
          <WarningsList warnings={preview.warnings} />
        </>
      )}
    </article>
  );
}
