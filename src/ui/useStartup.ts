/**
 * Startup: when the project store is empty after restoring saved work, load the sample county.
 * Shared by every component that shows the loading state, so it runs once.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import { useProjectStore } from '../state/projectStore.ts';
import { loadSampleCounty, type LoadProgress } from './loadSample.ts';

interface StartupState {
  started: boolean;
  loading: LoadProgress | null;
  error: string | null;
}

const useStartupStore = create<StartupState>(() => ({ started: false, loading: null, error: null }));

/** Hooks for restoring persisted work before the sample is considered (set by persistence). */
export const startupHooks: { restore: () => Promise<boolean> } = { restore: async () => false };

async function start(): Promise<void> {
  const set = useStartupStore.setState;
  try {
    const restored = await startupHooks.restore();
    if (restored || useProjectStore.getState().layers.length > 0) return;
    await loadSampleCounty((progress) => set({ loading: progress }));
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
