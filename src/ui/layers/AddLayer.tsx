/** Picks or receives dropped files and hands them to the import dialog. */
import { useEffect, useRef, useState } from 'react';
import type { Layer } from '../../core/types.ts';
import { ImportDialog } from '../import/ImportDialog.tsx';
import { useT } from '../i18n.ts';

async function readFiles(list: FileList | File[]): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const file of Array.from(list)) files[file.name] = new Uint8Array(await file.arrayBuffer());
  return files;
}

export function AddLayer() {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<Record<string, Uint8Array> | null>(null);

  useEffect(() => {
    const onDragOver = (event: DragEvent) => event.preventDefault();
    const onDrop = (event: DragEvent) => {
      event.preventDefault();
      if (event.dataTransfer?.files.length) void readFiles(event.dataTransfer.files).then(setFiles);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  // the dialog has placed the layers in the project (beside, or replacing what the user chose)
  const done = (_layers: Layer[]) => setFiles(null);

  return (
    <>
      <button data-testid="add-layer" onClick={() => input.current?.click()}>
        {t('添加图层…', 'Add layer…')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        accept=".zip,.shp,.shx,.dbf,.prj,.cpg,.geojson,.json"
        onChange={(event) => {
          if (event.target.files?.length) void readFiles(event.target.files).then(setFiles);
          event.target.value = '';
        }}
      />
      {files && <ImportDialog files={files} onDone={done} onCancel={() => setFiles(null)} />}
    </>
  );
}
