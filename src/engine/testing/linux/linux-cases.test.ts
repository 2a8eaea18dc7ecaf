/**
 * The lab against real Linux: every cases/NAME.sh runs in a fresh lab on one machine, exactly as
 * `cnlab sh` runs a file, and its normalised output must equal expected/NAME.txt — the output of
 * the same script on real Linux (see README.md, regenerate.sh). Cases listed in pending.ts still
 * differ and run as `it.fails`, so a case that starts to match fails until it leaves the list.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFile } from '../../api/run-file';
import { normalize } from './normalize';
import { PENDING } from './pending';

const HERE = import.meta.dirname;
const CASES = join(HERE, 'cases');
const EXPECTED = join(HERE, 'expected');

const caseNames = readdirSync(CASES)
  .filter((f) => f.endsWith('.sh'))
  .map((f) => f.slice(0, -'.sh'.length))
  .sort();

/** Runs a case file the way `cnlab sh FILE --seed 1` does and returns its normalised output. */
function runInLab(name: string): string {
  const casePath = join(CASES, `${name}.sh`);
  const text = readFileSync(casePath, 'utf8');
  let out = '';
  const r = runFile(casePath, text, (_stream, data) => {
    out += data;
  });
  if (!r.ok) throw new Error(r.error);
  return normalize(out, { casePath });
}

function expectedOutput(name: string): string {
  return readFileSync(join(EXPECTED, `${name}.txt`), 'utf8');
}

describe('linux cases: corpus', () => {
  it('has cases', () => {
    expect(caseNames.length).toBeGreaterThan(0);
  });

  it('has an expected output for every case and no orphan outputs', () => {
    const missing = caseNames.filter((n) => !existsSync(join(EXPECTED, `${n}.txt`)));
    const orphans = readdirSync(EXPECTED)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.slice(0, -'.txt'.length))
      .filter((n) => !caseNames.includes(n));
    expect({ missing, orphans }).toEqual({ missing: [], orphans: [] });
  });

  it('lists only existing cases as pending, each once', () => {
    expect(PENDING.filter((n) => !caseNames.includes(n))).toEqual([]);
    expect(new Set(PENDING).size).toBe(PENDING.length);
  });

  it('keeps every expected output stable under normalisation', () => {
    for (const name of caseNames) {
      if (!existsSync(join(EXPECTED, `${name}.txt`))) continue;
      const text = expectedOutput(name);
      expect(normalize(text), name).toBe(text);
    }
  });
});

describe('linux cases: lab output equals real Linux', () => {
  for (const name of caseNames) {
    const pending = PENDING.includes(name);
    const test = pending ? it.fails : it;
    test(`${name}${pending ? ' (pending: still differs from Linux)' : ''}`, () => {
      expect(runInLab(name)).toBe(expectedOutput(name));
    });
  }
});
