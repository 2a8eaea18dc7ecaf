/**
 * Architecture rule 4, enforced: engine code (tests aside) reads no real time or randomness and
 * imports nothing from React, the DOM, Comlink or Node. Biome has the same ban as a lint rule;
 * this test also catches `globalThis.Date` and similar routes around it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE = join(import.meta.dirname, '.');

/** A global name used as a value: not a property (`.x`) and not an object key (`x:`). */
const global = (names: string) => new RegExp(`(?<![.\\w$])(${names})(?![\\w$])(?!\\s*:)`);
/** A method definition such as `window(): number {` names a member, not the global. */
const METHOD_DEFINITION =
  /^\s*(?:(?:public|private|protected|static|readonly|get|set|async|override)\s+)*[\w$]+\s*\([^)]*\)\s*(?::[^{=]*)?\{?\s*$/;

/** Checked against code with comments and string literals removed. */
const FORBIDDEN: [RegExp, string][] = [
  [global('Date'), 'Date (use the virtual clock)'],
  [/\bMath\.random\b/, 'Math.random (use sim/rng.ts)'],
  [
    global('setTimeout|setInterval|setImmediate|queueMicrotask|requestAnimationFrame'),
    'real timers',
  ],
  [global('performance'), 'performance (real time)'],
  [global('crypto'), 'crypto (use sim/rng.ts)'],
  [global('window|document|navigator|localStorage|globalThis'), 'the DOM or the global object'],
  [global('process|Buffer|require'), 'Node built-ins'],
];

/** Checked against code with comments removed (import paths are strings). */
const FORBIDDEN_IMPORTS: [RegExp, string][] = [
  [
    /from\s+['"](react|react-dom|@xyflow\/[^'"]+|@xterm\/[^'"]+|comlink|zustand)(\/[^'"]*)?['"]/,
    'UI or worker packages',
  ],
  [/from\s+['"](node:[^'"]+|fs|path|os|child_process|worker_threads)['"]/, 'Node built-ins'],
  [/\bimport\s*\(/, 'dynamic import'],
];

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : engineFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Source without comments, so prose may mention Date or the DOM. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Code without string literals, so messages may mention `process` or `window`. */
function withoutStrings(text: string): string {
  return text.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

function scan(text: string): string[] {
  const noComments = code(text);
  const found: string[] = [];
  const check = (src: string, rules: [RegExp, string][]) =>
    src.split('\n').forEach((line, i) => {
      for (const [re, what] of rules)
        if (re.test(line)) found.push(`${i + 1}: ${what}: ${line.trim()}`);
    });
  check(
    withoutStrings(noComments)
      .split('\n')
      .map((l) => (METHOD_DEFINITION.test(l) ? '' : l))
      .join('\n'),
    FORBIDDEN,
  );
  check(noComments, FORBIDDEN_IMPORTS);
  return found;
}

describe('engine purity', () => {
  const files = engineFiles(ENGINE);

  it('finds the engine sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('reads no real time or randomness and imports no UI, worker or Node code', () => {
    const offences: string[] = [];
    for (const f of files) {
      for (const o of scan(readFileSync(f, 'utf8'))) offences.push(`${relative(ENGINE, f)}:${o}`);
    }
    expect(offences).toEqual([]);
  });

  it('catches offences and ignores comments, strings and properties (the scanner works)', () => {
    for (const bad of [
      'const t = Date.now();',
      'const r = Math.random();',
      'setTimeout(f, 1);',
      'const g = globalThis.Date;',
      "import { wrap } from 'comlink';",
      "import fs from 'node:fs';",
      'const b = Buffer.from(x);',
      'new Date()',
    ]) {
      expect(scan(bad), bad).not.toEqual([]);
    }
    for (const fine of [
      '// Date only in a comment',
      "const msg = 'process the window';",
      'readonly window: number;',
      'p.setWindow(repr.window);',
      'window(): number {',
      "import { sleep } from '../process';",
      '{ window: p.window() }',
    ]) {
      expect(scan(fine), fine).toEqual([]);
    }
  });
});
