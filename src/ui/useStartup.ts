/**
 * Startup: when the project store is empty after restoring saved work, load the sample county.
 * Shared by every component that shows the loading state, so it runs once.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import { layerOfKind, useProjectStore } from '../state/projectStore.ts';
import { useAccountingStore } from '../state/accountingStore.ts';
import { loadSampleCounty, type LoadProgress } from './loadSample.ts';
import { earlyDisplays, earlySampleStarted } from './earlySample.ts';
import { servedByServer } from '../state/serverLink.ts';
import type { EarlyDisplay } from '../state/displayCache.ts';
import type { LayerKind } from '../core/types.ts';
import { useMapUiStore } from './map/mapState.ts';

/** The county opens coloured by its accounting: run it once the layers and tables are there. */
function startAccounting(): void {
  const { layers, tables } = useProjectStore.getState();
  if (!layerOfKind(layers, 'villages') || !layerOfKind(layers, 'plots') || !tables.quotasCsv || !tables.capsCsv) return;
  void useAccountingStore.getState().run();
}

interface StartupState {
  started: boolean;
  loading: LoadProgress | null;
  error: string | null;
}

const useStartupStore = create<StartupState>(() => ({ started: false, loading: null, error: null }));

/**
 * Hooks for restoring persisted work before the sample is considered (set by persistence), and
 * for the saved map GeoJSON the map may start drawing meanwhile.
 */
export const startupHooks: { restore: () => Promise<boolean>; peek: (kinds: readonly LayerKind[]) => Promise<EarlyDisplay[]> } = {
  restore: async () => false,
  peek: async () => [],
};

/** The kinds the county opens coloured by: drawn from their saved map GeoJSON while the project is read. */
const EARLY_KINDS: LayerKind[] = ['villages', 'plots'];

async function start(): Promise<void> {
  const set = useStartupStore.setState;
  try {
    performance.mark('shuidi:restore:start');
    // under the county's server the project comes from it: what this browser saved is not drawn
    if (!servedByServer()) {
      startupHooks.peek(EARLY_KINDS).then(
        (early) => {
          performance.mark('shuidi:map:peeked', { detail: { layers: early.length } });
          if (early.length > 0 && useProjectStore.getState().layers.length === 0) useMapUiStore.setState({ early });
        },
        () => undefined, // the map then waits for the project, as it would anyway
      );
    }
    const restoring = startupHooks.restore();
    // under the county's server the project comes from it after signing in: no sample county
    // (loading one could also land after the server's project and replace it)
    const sampleWanted = (restored: boolean) => !restored && useProjectStore.getState().layers.length === 0 && !servedByServer();
    const onProgress = (progress: LoadProgress) => set({ loading: progress });
    // a browser that has never saved work opens the sample: its first layers were started with
    // the page (earlySample.ts), and go into the project once the restore has found nothing
    const early = earlySampleStarted() ? loadSampleCounty(onProgress, { proceed: restoring.then(sampleWanted, () => false) }) : null;
    early?.catch(() => undefined); // a failure matters only where the sample is shown: awaited below
    // their villages and plots are drawn as soon as their map GeoJSON is made, before their features
    // are in the project (kept once they are: src/ui/map/earlyLayers.ts)
    if (early) {
      void earlyDisplays().then((entries) => {
        if (entries.length > 0 && useProjectStore.getState().layers.length === 0) useMapUiStore.setState({ early: entries });
      });
    }
    const restored = await restoring;
    performance.mark('shuidi:restore:done', { detail: { restored } });
    if (sampleWanted(restored)) {
      const loaded = early ? await early : null;
      const { rest } = loaded ?? (await loadSampleCounty(onProgress)) ?? { rest: Promise.resolve() };
      startAccounting();
      await rest;
    } else {
      startAccounting();
    }
  } catch (error) {
    set({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    set({ loading: null });
  }
}

export function useStartup(): StartupState {
  useEffect(() => {
    if (useStartupStore.getState().started) return;
    useStartupStore.setState({ started: true });
    void start();
  }, []);
  return useStartupStore();
}
