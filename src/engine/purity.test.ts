/**
 * Architecture rule 4, enforced: engine code (tests aside) reads no real time or randomness and
 * imports nothing from React, the DOM, Comlink or Node. Biome has the same ban as a lint rule;
 * this test also catches `globalThis.Date` and similar routes around it. Sources are read with
 * TypeScript's own scanner, so strings, regular expressions and comments never confuse it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENGINE = join(import.meta.dirname, '.');

/** Globals the engine must not touch, as values (not as property or member names). */
const FORBIDDEN_GLOBALS: Record<string, string> = {
  Date: 'Date (use the virtual clock)',
  setTimeout: 'real timers',
  setInterval: 'real timers',
  setImmediate: 'real timers',
  queueMicrotask: 'real timers',
  requestAnimationFrame: 'real timers',
  performance: 'performance (real time)',
  crypto: 'crypto (use sim/rng.ts)',
  window: 'the DOM',
  document: 'the DOM',
  navigator: 'the DOM',
  localStorage: 'the DOM',
  globalThis: 'the global object',
  process: 'Node built-ins',
  Buffer: 'Node built-ins',
  require: 'Node built-ins',
};

const FORBIDDEN_MODULES =
  /^(react|react-dom|@xyflow\/.+|@xterm\/.+|comlink|zustand)(\/.*)?$|^(node:.+|fs|path|os|child_process|worker_threads)$/;

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : engineFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The offences in one source text, as `line: what: code`. */
function scan(text: string): string[] {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.push(`${line + 1}: ${what}: ${node.getText(sf).slice(0, 80)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && node.text in FORBIDDEN_GLOBALS && isValueUse(node)) {
      report(node, FORBIDDEN_GLOBALS[node.text]);
    }
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      FORBIDDEN_MODULES.test(node.moduleSpecifier.text)
    ) {
      report(node, 'UI, worker or Node module');
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      report(node, 'dynamic import');
    }
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'Math' &&
      node.name.text === 'random'
    ) {
      report(node, 'Math.random (use sim/rng.ts)');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** An identifier used as a variable (not a property name, member, parameter or declaration). */
function isValueUse(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isPropertyAssignment(p) && p.name === id) return false;
  if (ts.isPropertyDeclaration(p) || ts.isPropertySignature(p)) return false;
  if (ts.isMethodDeclaration(p) || ts.isMethodSignature(p)) return false;
  if (ts.isGetAccessor(p) || ts.isSetAccessor(p)) return false;
  if (ts.isParameter(p) || ts.isVariableDeclaration(p) || ts.isBindingElement(p)) return false;
  if (ts.isShorthandPropertyAssignment(p)) return true;
  if (ts.isImportSpecifier(p) || ts.isTypeReferenceNode(p)) return false;
  return true;
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

  it('catches offences and ignores comments, strings, regexps and members (the scanner works)', () => {
    for (const bad of [
      'const t = Date.now();',
      'const r = Math.random();',
      'setTimeout(f, 1);',
      'const g = globalThis.Date;',
      "import { wrap } from 'comlink';",
      "import fs from 'node:fs';",
      'const b = Buffer.from(x);',
      'const d = new Date();',
      "const m = await import('x');",
    ]) {
      expect(scan(bad), bad).not.toEqual([]);
    }
    for (const fine of [
      '// Date only in a comment',
      "const msg = 'process the window';",
      'class A { readonly window = 1; window(): number { return 1; } }',
      'p.setWindow(repr.window);',
      "import { sleep } from '../process';",
      'const o = { window: p.window() };',
      'const re = /[;&|<>$\'"`]/;',
      'const self = 1; const t = `${self} Date`;',
    ]) {
      expect(scan(fine), fine).toEqual([]);
    }
  });
});
