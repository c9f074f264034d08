/** Saving the whole project to one file and opening it back (src/io/project/projectFile.ts). */
import { nextAuditEntry, overridesFromPlain, overridesToPlain } from '../../core/edits/index.ts';
import { readProjectFile, writeProjectFile, type ProjectFileData } from '../../io/project/projectFile.ts';
import { editClock, editSnapshot, useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { restoreSlots, slotSnapshots } from '../../state/persistence.ts';

export function currentProjectData(): ProjectFileData {
  const p = useProjectStore.getState();
  const { audit, overrides, ...edits } = editSnapshot();
  return {
    projectName: p.projectName,
    layers: p.layers,
    tables: p.tables,
    years: p.years,
    year: p.year,
    edits: { ...edits, history: { ...edits.history }, overrides: overridesToPlain(overrides) },
    audit: [...audit],
    marks: slotSnapshots(),
    settings: {},
  };
}

export function projectFileName(): string {
  const name = useProjectStore.getState().projectName.replace(/[\\/:*?"<>|]+/g, '_') || 'shuidi';
  return `${name}_${new Date().toISOString().slice(0, 10)}.shuidi.zip`;
}

export const saveProjectBytes = (): Uint8Array => writeProjectFile(currentProjectData());

/**
 * Replaces the open project with a project file's content. The file's audit log is kept as it
 * is and extended with an entry saying who opened which file: the operator of this browser,
 * never the file's last operator (throws NoOperatorError when no name is entered here).
 */
export function openProjectBytes(bytes: Uint8Array, fileName: string): void {
  const userName = useEditStore.getState().requireOperator();
  const data = readProjectFile(bytes, fileName);
  useProjectStore.getState().setProject({ projectName: data.projectName, isSample: false, layers: data.layers, tables: data.tables, years: data.years, year: data.year });
  const opened = nextAuditEntry(data.audit, {
    time: editClock.now(),
    user: userName,
    action: 'open-project',
    year: data.year,
    layerId: null,
    plotIds: [],
    changes: null,
    reason: '',
    detail: fileName,
  });
  useEditStore.getState().load({ ...data.edits, userName, overrides: overridesFromPlain(data.edits.overrides), audit: [...data.audit, opened] });
  restoreSlots(data.marks as Record<string, unknown> | null);
}
