/** Ctrl+Z undo, Ctrl+Y / Ctrl+Shift+Z redo (⌘ on a Mac), unless typing in a text field. */
import { useEffect } from 'react';
import { useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && !['checkbox', 'radio', 'button'].includes((el as HTMLInputElement).type));
}

export function useUndoKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      const year = useProjectStore.getState().year;
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        useEditStore.getState().undo(year);
      } else if (key === 'y' || (key === 'z' && e.shiftKey)) {
        e.preventDefault();
        useEditStore.getState().redo(year);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
