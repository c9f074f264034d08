/**
 * While the page opens, the county just loaded is saved once the map has shown it coloured (the
 * map and the accounting have the processor first), but an edit is written at once, taking what
 * is pending with it; a map that will never colour the county lets the save go ahead.
 * The map's opening is module state of src/state/mapColoured.ts: each case loads it afresh.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePersistenceHarness } from './persistenceHarness.ts';
import { squarePlots } from '../edits/helpers.ts';

usePersistenceHarness();

type Modules = {
  persistence: typeof import('../../src/state/persistence.ts');
  coloured: typeof import('../../src/state/mapColoured.ts');
  project: typeof import('../../src/state/projectStore.ts');
  edits: typeof import('../../src/state/editStore.ts');
};
let m: Modules;

beforeEach(async () => {
  vi.resetModules();
  m = {
    persistence: await import('../../src/state/persistence.ts'),
    coloured: await import('../../src/state/mapColoured.ts'),
    project: await import('../../src/state/projectStore.ts'),
    edits: await import('../../src/state/editStore.ts'),
  };
});

// this case's own instance (the harness stops the statically imported one)
afterEach(async () => {
  await m.persistence.stopPersistence();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The project record as stored (undefined: nothing saved yet). */
async function storedLayerIds(): Promise<string[] | undefined> {
  const db = await m.persistence.openShuidiDb();
  const meta = (await db.get('kv', 'project')) as { layerIds: string[] } | undefined;
  db.close();
  return meta?.layerIds;
}

describe('the first save of a freshly opened page', () => {
  it('waits until the map shows the county coloured', async () => {
    await m.persistence.startPersistence({ debounceMs: 5 });
    m.coloured.setMapColoured(false); // the map is there, the county not yet coloured
    const layer = squarePlots(12);
    m.project.useProjectStore.getState().setProject({ projectName: '示例县', layers: [layer] });
    await wait(100);
    expect(await storedLayerIds()).toBeUndefined();
    m.coloured.setMapColoured(true);
    await vi.waitFor(async () => expect(await storedLayerIds()).toEqual([layer.id]));
  });

  it('does not hold back an edit: it is written at once, with the layers it edits', async () => {
    await m.persistence.startPersistence({ debounceMs: 5 });
    m.coloured.setMapColoured(false);
    const layer = squarePlots(12);
    m.project.useProjectStore.getState().setProject({ projectName: '示例县', layers: [layer] });
    const edits = m.edits.useEditStore.getState();
    edits.setUserName('张三');
    edits.setValues({ layer, year: 2024, plotIds: ['D1'], values: { ZT: '休耕' } });
    await m.persistence.editsSaved();
    expect(await storedLayerIds()).toEqual([layer.id]);
  });

  it('goes ahead when nothing will colour the county', async () => {
    await m.persistence.startPersistence({ debounceMs: 5 });
    m.coloured.setMapColoured(false);
    const layer = squarePlots(12);
    m.project.useProjectStore.getState().setProject({ projectName: '示例县', layers: [layer] });
    await wait(50);
    expect(await storedLayerIds()).toBeUndefined();
    m.coloured.openingOver();
    await vi.waitFor(async () => expect(await storedLayerIds()).toEqual([layer.id]));
    // once open, later saves wait for nothing, even while the map recolours after a change
    m.coloured.setMapColoured(false);
    const second = squarePlots(3);
    m.project.useProjectStore.getState().setProject({ layers: [layer, second] });
    await vi.waitFor(async () => expect(await storedLayerIds()).toEqual([layer.id, second.id]), { timeout: 2_000 });
  });

  it('waits for nothing where there is no map', async () => {
    await m.persistence.startPersistence({ debounceMs: 5 });
    const layer = squarePlots(12);
    m.project.useProjectStore.getState().setProject({ layers: [layer] });
    await vi.waitFor(async () => expect(await storedLayerIds()).toEqual([layer.id]), { timeout: 2_000 });
  });
});
