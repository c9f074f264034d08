/**
 * Import dialog: previews every layer found in the dropped files (encoding with decoded sample,
 * CRS and how it was found, kind, field mapping, warnings), then imports them in the job worker
 * with progress and cancel. Layers already loaded stay as they are whatever happens here: an
 * imported layer that has a loaded layer's name or single kind is added beside it unless the
 * user explicitly chooses to replace it (feature counts before and after shown).
 */
import { useEffect, useRef, useState } from 'react';
import type { JobProgress, Layer } from '../../core/types.ts';
import type { LayerPreview } from '../../jobs/previewImport.ts';
import { runJob, type JobError } from '../../workers/jobClient.ts';
import { layerConflicts, useProjectStore, type LayerConflict } from '../../state/projectStore.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useT } from '../i18n.ts';
import { errorText, OperatorField } from '../edit/OperatorField.tsx';
import { applyImport, type ImportedLayer } from '../layers/layerActions.ts';
import { ReplaceChoices } from './ReplaceChoices.tsx';
import { impossibleCoordinatesMessage, impossibleExtent } from './coordinateCheck.ts';
import { importInput, initialSettings, readyToImport, type LayerSettings } from './importSettings.ts';
import { LayerImportCard } from './LayerImportCard.tsx';
import { gcjOffsetFinding, type GcjOffsetFinding } from '../../jobs/gcjCheck.ts';
import { GCJ02_CODE } from '../../io/read/gcj02.ts';

interface OffsetNote {
  layer: Layer;
  referenceName: string;
  referenceNameEn: string;
  finding: GcjOffsetFinding;
}

/** Imported lon/lat layers that look like GCJ-02 against the loaded villages (else the survey). */
function gcjOffsets(imported: readonly Layer[], loaded: readonly Layer[]): OffsetNote[] {
  const reference = loaded.find((l) => l.kind === 'villages') ?? loaded.find((l) => l.kind === 'survey');
  if (!reference) return [];
  const geometries = reference.features.features.map((f) => f.geometry);
  const notes: OffsetNote[] = [];
  for (const layer of imported) {
    // only data stored as lon/lat can be web-map coordinates (a projected layer is not)
    if (layer.crs.proj4 !== '' || layer.crs.code === GCJ02_CODE) continue;
    const finding = gcjOffsetFinding(layer.features.features.map((f) => f.geometry), geometries);
    if (finding) notes.push({ layer, finding, referenceName: reference.kind === 'villages' ? '村界' : '三调地类图斑', referenceNameEn: reference.kind === 'villages' ? 'village boundaries' : 'land survey' });
  }
  return notes;
}

interface Props {
  files: Record<string, Uint8Array>;
  /** called with the layers as placed in the project (ids made unique when added beside) */
  onDone(layers: Layer[]): void;
  onCancel(): void;
}

export function ImportDialog({ files, onDone, onCancel }: Props) {
  const t = useT();
  const [previews, setPreviews] = useState<LayerPreview[] | null>(null);
  const [settings, setSettings] = useState<Record<string, LayerSettings>>({});
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const busy = useRef<AbortController | null>(null);
  const [pending, setPending] = useState<{ imported: ImportedLayer[]; conflicts: LayerConflict[]; offsets: OffsetNote[] } | null>(null);
  const [replace, setReplace] = useState<Record<string, string>>({});
  const userName = useEditStore((s) => s.userName);
  const encodings = Object.fromEntries(Object.entries(settings).filter(([, s]) => s.encoding).map(([name, s]) => [name, s.encoding]));
  const encodingKey = JSON.stringify(encodings);

  useEffect(() => {
    const controller = new AbortController();
    runJob('previewImport', { files, encoding: encodings }, { signal: controller.signal })
      .then(({ layers }) => {
        setPreviews(layers);
        setSettings((old) => Object.fromEntries(layers.map((p) => [p.name, old[p.name] ?? initialSettings(p)])));
        setError(null);
      })
      .catch((e: JobError) => e.name !== 'CancelledError' && setError(t(e.message, e.messageEn ?? e.message)));
    return () => controller.abort();
    // re-run only when the files or a chosen encoding change
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [files, encodingKey]);

  const place = (imported: ImportedLayer[], chosen: Record<string, string>) => {
    try {
      onDone(applyImport(imported, chosen));
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  /** Back to the layer cards with GCJ-02 chosen for the layer whose offset was found. */
  const redoAsGcj = (layer: Layer) => {
    const preview = previews?.find((p) => p.name === layer.name || p.sourceFiles.some((f) => layer.sourceFiles.includes(f)));
    if (preview) setSettings((old) => ({ ...old, [preview.name]: { ...old[preview.name], crs: GCJ02_CODE } }));
    setPending(null);
  };

  const commit = async () => {
    if (!previews) return;
    try {
      useEditStore.getState().requireOperator();
    } catch (e) {
      setError(errorText(e, t));
      return;
    }
    const controller = new AbortController();
    busy.current = controller;
    const imported: ImportedLayer[] = [];
    try {
      for (const preview of previews.filter((p) => readyToImport(p, settings[p.name]))) {
        const input = importInput(files, preview, settings[preview.name]);
        const { layers, display } = await runJob('importForMap', input, { signal: controller.signal, onProgress: setProgress });
        layers.forEach((layer, i) => imported.push({ layer, display: display[i] }));
      }
      // impossible lon/lat: nothing is added, the dialog stays open for another CRS
      const refused = imported.map(({ layer }) => [layer, impossibleExtent(layer)] as const).filter(([, box]) => box);
      if (refused.length) {
        setError(refused.map(([layer, box]) => impossibleCoordinatesMessage(layer, box!, t)).join('\n'));
        return;
      }
      const conflicts = layerConflicts(useProjectStore.getState().layers, imported.map((i) => i.layer));
      const offsets = gcjOffsets(imported.map((i) => i.layer), useProjectStore.getState().layers);
      setError(null);
      // a loaded layer is never replaced without the user saying so; a web-map offset is said first
      if (conflicts.length || offsets.length) {
        setReplace({});
        setPending({ imported, conflicts, offsets });
      } else place(imported, {});
    } catch (e) {
      if ((e as JobError).name !== 'CancelledError') setError(t((e as JobError).message, (e as JobError).messageEn ?? (e as JobError).message));
    } finally {
      busy.current = null;
      setProgress(null);
    }
  };

  const ready = previews?.some((p) => settings[p.name] && readyToImport(p, settings[p.name])) ?? false;
  return (
    <div className="dialog" role="dialog" aria-label={t('导入图层', 'Import layers')} data-testid="import-dialog">
      <h2>{t('导入图层', 'Import layers')}</h2>
      {error && <p className="error" role="alert" data-testid="import-error" style={{ whiteSpace: 'pre-line' }}>{t('无法导入：', 'Cannot import: ')}{error}</p>}
      {!previews && !error && <p>{t('正在读取文件…', 'Reading files…')}</p>}
      {pending && pending.offsets.map((o) => (
        <div className="gcj-note" key={o.layer.id} data-testid="import-gcj-note">
          <p>
            {t(
              `「${o.layer.name}」的坐标与已加载的${o.referenceName}整体偏移（顶点到边界的中位距离 ${Math.round(o.finding.rawMedianM)} 米），按 GCJ-02 纠偏后${o.finding.convertedMedianM < 1 ? '不到 1 米' : `只差 ${Math.round(o.finding.convertedMedianM)} 米`}：这多半是高德、腾讯或 DataV 等网络地图的 GCJ-02 坐标，不是 CGCS2000。建议改用 GCJ-02 重新导入。`,
              `“${o.layer.name}” is offset from the loaded ${o.referenceNameEn} as a whole (median ${Math.round(o.finding.rawMedianM)} m from its boundaries) and within ${Math.max(1, Math.round(o.finding.convertedMedianM))} m once corrected from GCJ-02: it is most likely web-map (AMap, Tencent, DataV) GCJ-02 coordinates, not CGCS2000. Import it again as GCJ-02.`,
            )}
          </p>
          <button className="primary" data-testid="import-gcj-redo" onClick={() => redoAsGcj(o.layer)}>{t('改用 GCJ-02 重新导入', 'Import again as GCJ-02')}</button>
        </div>
      ))}
      {pending && pending.conflicts.length > 0 && <ReplaceChoices conflicts={pending.conflicts} replace={replace} onChange={setReplace} />}
      {!pending && previews?.map((p) => settings[p.name] && (
        <LayerImportCard key={p.name} preview={p} settings={settings[p.name]} onChange={(s) => setSettings({ ...settings, [p.name]: s })} />
      ))}
      {progress && <p><progress max={progress.total} value={progress.done} /> {t('导入中', 'Importing')} {progress.done}/{progress.total}</p>}
      {!userName.trim() && <OperatorField testId="import-user-name" />}
      <footer>
        {pending ? (
          <button className="primary" onClick={() => place(pending.imported, replace)} data-testid="import-confirm">
            {Object.keys(replace).length
              ? t('确定（替换所选图层）', 'Confirm (replace the chosen layers)')
              : pending.offsets.length ? t('仍按原坐标导入（并列添加）', 'Import as it is (add beside)') : t('确定（并列添加）', 'Confirm (add beside)')}
          </button>
        ) : (
          <button onClick={() => void commit()} disabled={!ready || progress !== null} data-testid="import-commit">
            {t('导入', 'Import')}
          </button>
        )}{' '}
        <button onClick={() => (busy.current ? busy.current.abort() : onCancel())}>
          {busy.current ? t('停止', 'Stop') : t('取消', 'Cancel')}
        </button>
      </footer>
    </div>
  );
}
