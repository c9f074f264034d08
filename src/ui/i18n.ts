/**
 * Two languages, zh-CN by default. Strings are written inline in both languages —
 * `t('核算', 'Accounting')` — so a component's text lives next to its markup.
 */
import { create } from 'zustand';

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'shuidi.lang';

function initialLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

interface LangState {
  lang: Lang;
  setLang(lang: Lang): void;
}

export const useLangStore = create<LangState>((set) => ({
  lang: initialLang(),
  setLang: (lang) => {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, lang);
    } catch {
      // private mode: the choice lasts for this page only
    }
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    set({ lang });
  },
}));

export type Translate = (zh: string, en: string) => string;

export function useT(): Translate {
  const lang = useLangStore((s) => s.lang);
  return lang === 'zh' ? (zh) => zh : (_zh, en) => en;
}

/** Number formatting for tables: thousands separators, fixed decimals. */
export function formatNumber(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('zh-CN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
