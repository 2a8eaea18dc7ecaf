import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../engine/scenario/builtin';
import { en } from './en';
import { type Catalogue, catalogues, detectLanguage, loadCatalogue, translate } from './index';
import { zhCN } from './zh-CN';

describe('loadCatalogue', () => {
  it('starts with English only and fetches zh-CN on demand', async () => {
    expect(Object.keys(catalogues)).toEqual(['en']);
    expect(translate('zh-CN', 'terminal.close', { name: 'node1' })).toBe('Close terminal node1');
    await loadCatalogue('zh-CN');
    expect(catalogues['zh-CN']).toBe(zhCN);
  });
});

describe('catalogues', () => {
  it('zh-CN has exactly the keys of en', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('every message is non-empty and keeps the placeholders of the English text', async () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    await loadCatalogue('zh-CN');
    for (const [language, catalogue] of Object.entries(catalogues) as [string, Catalogue][]) {
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(catalogue[key].trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(catalogue[key]), `${language} ${key}`).toEqual(placeholders(en[key]));
      }
    }
  });
});

describe('translate', () => {
  it('names every built-in scenario in both languages (the top bar shows it)', () => {
    for (const b of BUILTIN_SCENARIOS) {
      expect(Object.keys(en), b.id).toContain(`title.${b.title}`);
    }
  });

  it('fills placeholders and leaves unknown ones visible', async () => {
    await loadCatalogue('zh-CN');
    expect(translate('en', 'terminal.close', { name: 'node1' })).toBe('Close terminal node1');
    expect(translate('zh-CN', 'terminal.close', { name: 'node1' })).toBe('关闭终端 node1');
    expect(translate('en', 'terminal.close')).toBe('Close terminal {name}');
  });
});

describe('detectLanguage', () => {
  it('prefers the saved choice', () => {
    expect(detectLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(detectLanguage('en', ['zh-CN'])).toBe('en');
  });

  it('falls back to the browser languages, then English', () => {
    expect(detectLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLanguage('xx', ['de-DE', 'en-GB'])).toBe('en');
    expect(detectLanguage(null, ['fr'])).toBe('en');
    expect(detectLanguage(null, [])).toBe('en');
  });
});
