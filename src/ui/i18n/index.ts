import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { Language } from '../../store';
import { selectLanguage, useLab } from '../../store';
import { type Catalogue, en, type MessageKey } from './en';

export type { Catalogue, MessageKey } from './en';

/**
 * The loaded catalogues. English is built in; the others are fetched when their language is
 * chosen (`loadCatalogue`), so a page in English does not download them. Until one arrives its
 * language reads as English.
 */
export const catalogues: Partial<Record<Language, Catalogue>> = { en };

const loaders: Record<Exclude<Language, 'en'>, () => Promise<Catalogue>> = {
  'zh-CN': () => import('./zh-CN').then((m) => m.zhCN),
};

const loading = new Map<Language, Promise<void>>();
const listeners = new Set<() => void>();
let loadedCount = 1;

/** Fetch a language's catalogue (once); components using `useT` re-render when it is in. */
export function loadCatalogue(language: Language): Promise<void> {
  if (catalogues[language]) return Promise.resolve();
  let p = loading.get(language);
  if (!p) {
    p = loaders[language as Exclude<Language, 'en'>]().then((catalogue) => {
      catalogues[language] = catalogue;
      loadedCount++;
      for (const l of listeners) l();
    });
    p.catch(() => loading.delete(language));
    loading.set(language, p);
  }
  return p;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Offered in the language switch, each in its own language. */
export const languageNames: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

export const LANGUAGE_STORAGE_KEY = 'cnlab.language';

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** Look a message up and fill its `{name}` placeholders (unknown placeholders stay visible). */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const text = catalogues[language]?.[key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The saved choice wins; otherwise any Chinese browser language picks Simplified Chinese. */
export function detectLanguage(
  saved: string | null,
  browserLanguages: readonly string[],
): Language {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  for (const tag of browserLanguages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** `t(key, params)` in the current UI language. */
export function useT(): Translate {
  const language = useLab(selectLanguage);
  const loaded = useSyncExternalStore(subscribe, () => loadedCount);
  useEffect(() => {
    void loadCatalogue(language).catch(() => {});
  }, [language]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a catalogue that arrived is new text
  return useCallback<Translate>(
    (key, params) => translate(language, key, params),
    [language, loaded],
  );
}
