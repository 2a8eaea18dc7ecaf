import { useCallback } from 'react';
import type { Language } from '../../store';
import { selectLanguage, useLab } from '../../store';
import { type Catalogue, en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { Catalogue, MessageKey } from './en';

export const catalogues: Record<Language, Catalogue> = { en, 'zh-CN': zhCN };

/** Offered in the language switch, each in its own language. */
export const languageNames: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

export const LANGUAGE_STORAGE_KEY = 'cnlab.language';

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** Look a message up and fill its `{name}` placeholders (unknown placeholders stay visible). */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const text = catalogues[language][key] ?? en[key];
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
  return useCallback<Translate>((key, params) => translate(language, key, params), [language]);
}
