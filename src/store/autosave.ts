/**
 * The autosave format: the whole scenario (commands + layout), the terminals with their history
 * and transcript, and the undo bookkeeping. Parsing is defensive: storage may hold anything, and a
 * broken save must lead to a notice and the default lab, never to a blank page.
 */
import type { Scenario } from '../engine/api/types';
import type { History } from './undo';

export const AUTOSAVE_KEY = 'cnlab.autosave';
/** Transcripts are capped so the save stays well under the storage quota. */
export const TRANSCRIPT_LIMIT = 20_000;

export interface SavedTab {
  id: string;
  history: string[];
  transcript: string;
}

export interface SavedLab {
  format: 'cnlab-autosave';
  version: 1;
  scenario: Scenario;
  tabs: SavedTab[];
  activeTabId: string | null;
  history: History;
}

export type ParsedSave = { ok: true; saved: SavedLab } | { ok: false; error: string } | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Keep the end of a transcript (the newest lines), starting at a line boundary. */
export function capTranscript(text: string, limit = TRANSCRIPT_LIMIT): string {
  if (text.length <= limit) return text;
  const tail = text.slice(-limit);
  const nl = tail.indexOf('\n');
  return nl >= 0 ? tail.slice(nl + 1) : tail;
}

/** Null when nothing was saved; an error when the save cannot be used. */
export function parseSave(text: string | null): ParsedSave {
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the saved lab is not valid JSON' };
  }
  if (!isObject(data) || data.format !== 'cnlab-autosave' || data.version !== 1) {
    return { ok: false, error: 'the saved lab has an unknown format' };
  }
  const { scenario, tabs, activeTabId, history } = data;
  if (!isObject(scenario) || !Array.isArray(scenario.steps) || !isObject(scenario.layout)) {
    return { ok: false, error: 'the saved lab has no scenario' };
  }
  const goodTabs =
    Array.isArray(tabs) &&
    tabs.every(
      (t) =>
        isObject(t) &&
        typeof t.id === 'string' &&
        isStrings(t.history) &&
        typeof t.transcript === 'string',
    );
  const goodHistory =
    isObject(history) &&
    typeof history.floor === 'number' &&
    Array.isArray(history.groups) &&
    Array.isArray(history.redo);
  if (!goodTabs || !goodHistory || (activeTabId !== null && typeof activeTabId !== 'string')) {
    return { ok: false, error: 'the saved terminals are damaged' };
  }
  return { ok: true, saved: data as unknown as SavedLab };
}
