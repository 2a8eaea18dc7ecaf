/**
 * Tokenises one line of shell input the way bash does for the subset cnlab supports: words with
 * single quotes, double quotes, backslash escapes and `$NAME`/`${NAME}`/`$?` expansions,
 * comments, the operators `;`, `&&`, `||`, `|`, `!`, and redirections (`>`, `>>`, `<`, `>&`,
 * `&>`, `&>>`; a file descriptor number before one is a word the parser takes). `&` is recognised
 * so that it can be refused with a clear message instead of being misread as a word.
 */
import type { Span, Word, WordPart } from './ast';

export type Operator =
  | '\n'
  | ';;'
  | ';'
  | '&&'
  | '||'
  | '|'
  | '&'
  | '>'
  | '>>'
  | '<'
  | '>&'
  | '&>'
  | '&>>'
  | '('
  | ')';

export type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: Operator; span: Span };

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: string };

const OPERATORS: Operator[] = [
  '&&',
  '||',
  '&>>',
  '&>',
  '>&',
  '>>',
  ';;',
  ';',
  '|',
  '&',
  '>',
  '<',
  '(',
  ')',
];
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Split a line into tokens. Unterminated quotes are reported with bash's wording. */
export function lex(input: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      // A command terminator, like `;` (a script's lines joined while a `for` is open).
      tokens.push({ kind: 'op', op: '\n', span: { start: i, end: i + 1 } });
      i++;
      continue;
    }
    if (c === '#') break;
    const op = OPERATORS.find((o) => input.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', op, span: { start: i, end: i + op.length } });
      i += op.length;
      continue;
    }
    const word = readWord(input, i);
    if (!word.ok) return word;
    tokens.push({ kind: 'word', word: word.word });
    i = word.end;
  }
  return { ok: true, tokens };
}

type WordResult = { ok: true; word: Word; end: number } | { ok: false; error: string };

function readWord(input: string, start: number): WordResult {
  const parts: WordPart[] = [];
  const text = (t: string, quoted: boolean) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === 'text' && last.quoted === quoted) last.text += t;
    else parts.push({ kind: 'text', text: t, quoted });
  };
  let i = start;
  while (i < input.length) {
    const c = input[i];
    if (' \t\n\r;&|<>()'.includes(c)) break;
    if (c === '\\') {
      if (i + 1 < input.length) text(input[i + 1], true);
      i += 2;
    } else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) return unterminated("'");
      text(input.slice(i + 1, close), true);
      // An empty '' still makes a word: keep a zero-length quoted part.
      if (close === i + 1) parts.push({ kind: 'text', text: '', quoted: true });
      i = close + 1;
    } else if (c === '"') {
      const r = readDoubleQuoted(input, i + 1, parts, text);
      if (r < 0) return unterminated('"');
      i = r;
    } else if (c === '$') {
      i = readParam(input, i, parts, false, text);
    } else {
      text(c, false);
      i++;
    }
  }
  return { ok: true, word: { parts, span: { start, end: i } }, end: i };
}

/** Reads up to the closing quote; returns the index after it, or -1 when unterminated. */
function readDoubleQuoted(
  input: string,
  start: number,
  parts: WordPart[],
  text: (t: string, quoted: boolean) => void,
): number {
  let i = start;
  const before = parts.length;
  while (i < input.length) {
    const c = input[i];
    if (c === '"') {
      if (parts.length === before) parts.push({ kind: 'text', text: '', quoted: true });
      return i + 1;
    }
    if (c === '\\' && i + 1 < input.length && '$`"\\\n'.includes(input[i + 1])) {
      text(input[i + 1], true);
      i += 2;
    } else if (c === '$') {
      i = readParam(input, i, parts, true, text);
    } else {
      text(c, true);
      i++;
    }
  }
  return -1;
}

/** `$NAME`, `${NAME}`, `$?`, `$$`, `$#`, `$!`, `$0`-`$9`; a lone `$` is literal. */
function readParam(
  input: string,
  i: number,
  parts: WordPart[],
  quoted: boolean,
  text: (t: string, quoted: boolean) => void,
): number {
  const next = input[i + 1];
  if (next === '{') {
    const close = input.indexOf('}', i + 2);
    if (close > i + 2) {
      parts.push({ kind: 'param', name: input.slice(i + 2, close), quoted });
      return close + 1;
    }
  } else if (next !== undefined && '?$#!0123456789'.includes(next)) {
    parts.push({ kind: 'param', name: next, quoted });
    return i + 2;
  } else if (next !== undefined && NAME_START.test(next)) {
    let j = i + 2;
    while (j < input.length && NAME_CHAR.test(input[j])) j++;
    parts.push({ kind: 'param', name: input.slice(i + 1, j), quoted });
    return j;
  }
  text('$', quoted);
  return i + 1;
}

function unterminated(quote: string): WordResult {
  return { ok: false, error: `unexpected EOF while looking for matching \`${quote}'` };
}

/** The literal text of a word when it has no expansions (used for assignments and `!`). */
export function literalText(word: Word): string | undefined {
  let out = '';
  for (const p of word.parts) {
    if (p.kind !== 'text') return undefined;
    out += p.text;
  }
  return out;
}

/** True when a word is written without any quoting or expansion. */
export function isPlainWord(word: Word): boolean {
  return word.parts.every((p) => p.kind === 'text' && !p.quoted);
}
