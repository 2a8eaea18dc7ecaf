import { describe, expect, it } from 'vitest';
import { capTranscript, parseSave, type SavedLab } from './autosave';
import { emptyHistory } from './undo';

const saved: SavedLab = {
  format: 'cnlab-autosave',
  version: 1,
  scenario: {
    format: 'cnlab-scenario',
    version: 1,
    title: 't',
    seed: 1,
    steps: [{ on: 'lab', line: 'machine add a' }],
    layout: {},
  },
  tabs: [{ id: 'a:ns1', history: ['ip -br addr'], transcript: 'root@a:~# ip -br addr\n' }],
  activeTabId: 'a:ns1',
  history: emptyHistory(1),
};

describe('parseSave', () => {
  it('reads back what was saved', () => {
    expect(parseSave(JSON.stringify(saved))).toEqual({ ok: true, saved });
  });

  it('is null when nothing was saved', () => {
    expect(parseSave(null)).toBeNull();
  });

  it('explains a broken save instead of throwing', () => {
    expect(parseSave('{not json')).toMatchObject({ ok: false });
    expect(parseSave('[]')).toMatchObject({ ok: false });
    expect(parseSave(JSON.stringify({ ...saved, scenario: 1 }))).toMatchObject({ ok: false });
    expect(parseSave(JSON.stringify({ ...saved, tabs: [{ id: 3 }] }))).toMatchObject({
      ok: false,
    });
    expect(parseSave(JSON.stringify({ ...saved, history: null }))).toMatchObject({ ok: false });
  });
});

describe('capTranscript', () => {
  it('keeps the newest whole lines', () => {
    expect(capTranscript('short')).toBe('short');
    expect(capTranscript('line1\nline2\nline3\n', 10)).toBe('line3\n');
  });
});
