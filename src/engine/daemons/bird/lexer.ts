/**
 * Tokens of a BIRD 2 configuration file, with the line and column BIRD reports in its errors
 * (`bird: FILE:LINE:COL syntax error, …`). Comments are `# …` and C-style.
 */

import { parseIpv4 } from '../../kernel/inet';

export type TokKind = 'word' | 'num' | 'ip' | 'prefix' | 'str' | 'sym' | 'eof';

export interface Tok {
  kind: TokKind;
  text: string;
  line: number;
  col: number;
}

const SYMS = [
  '!=',
  '!~',
  '&&',
  '||',
  '<=',
  '>=',
  '{',
  '}',
  '(',
  ')',
  ';',
  ',',
  '=',
  '~',
  '!',
  '[',
  ']',
  '+',
  '-',
  '<',
  '>',
  ':',
  '.',
];

/** The tokens of `text`, ending with an `eof` token; an unterminated string or comment is an error. */
export function lexBird(text: string): Tok[] | { error: string; line: number; col: number } {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const adv = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (text[i] === '\n') {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
      adv(1);
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') adv(1);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        // Reported at the end of the file, as BIRD does (column 0 after a final newline).
        adv(text.length - i);
        return { error: 'Unterminated comment', line, col: col - 1 };
      }
      adv(end + 2 - i);
      continue;
    }
    const at = { line, col };
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0 || text.slice(i, end).includes('\n')) {
        return { error: 'Unterminated string', ...at };
      }
      toks.push({ kind: 'str', text: text.slice(i + 1, end), ...at });
      adv(end + 1 - i);
      continue;
    }
    const m =
      /^\d+\.\d+\.\d+\.\d+\/\d+/.exec(text.slice(i, i + 24)) ??
      /^\d+\.\d+\.\d+\.\d+/.exec(text.slice(i, i + 20)) ??
      /^\d+/.exec(text.slice(i, i + 12)) ??
      /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 128));
    if (m) {
      const s = m[0];
      const kind: TokKind = /^[A-Za-z_]/.test(s)
        ? 'word'
        : s.includes('/')
          ? 'prefix'
          : s.includes('.')
            ? 'ip'
            : 'num';
      // BIRD's lexer checks the address itself, wherever it stands.
      const addr = s.split('/')[0];
      if ((kind === 'ip' || kind === 'prefix') && parseIpv4(addr) === undefined) {
        return { error: `Invalid IPv4 address ${addr}`, ...at };
      }
      toks.push({ kind, text: s, ...at });
      adv(s.length);
      continue;
    }
    const sym = SYMS.find((s) => text.startsWith(s, i));
    if (!sym) return { error: `Unexpected character '${c}'`, ...at };
    toks.push({ kind: 'sym', text: sym, ...at });
    adv(sym.length);
  }
  toks.push({ kind: 'eof', text: '', line, col });
  return toks;
}

/** How bison names a token in `unexpected X`. */
export function tokName(t: Tok): string {
  switch (t.kind) {
    case 'eof':
      return 'END';
    case 'num':
      return 'NUM';
    case 'ip':
      return 'IP4';
    case 'prefix':
      return 'NET_IP4';
    case 'str':
      return 'TEXT';
    case 'word':
      return KEYWORDS.has(t.text) ? t.text.toUpperCase() : 'CF_SYM_UNDEFINED';
    case 'sym':
      return t.text.length === 1 ? `'${t.text}'` : t.text;
  }
}

/** Keywords this lab's parser knows (bison names them in upper case). */
const KEYWORDS = new Set([
  'accept',
  'add',
  'address',
  'all',
  'as',
  'blackhole',
  'connect',
  'debug',
  'delay',
  'description',
  'device',
  'direct',
  'else',
  'error',
  'export',
  'filter',
  'from',
  'function',
  'gateway',
  'graceful',
  'hold',
  'if',
  'import',
  'interface',
  'ipv4',
  'keepalive',
  'kernel',
  'learn',
  'local',
  'log',
  'merge',
  'metric',
  'multihop',
  'neighbor',
  'net',
  'none',
  'paths',
  'persist',
  'protocol',
  'recursive',
  'reject',
  'restart',
  'retry',
  'route',
  'router',
  'scan',
  'source',
  'static',
  'stderr',
  'template',
  'then',
  'time',
  'unreachable',
  'prohibit',
  'via',
  'wait',
  'id',
  'bgp',
  // More of BIRD's keywords, which no name may take (`template bgp ibgp` fails).
  'ibgp',
  'ebgp',
  'table',
  'next',
  'hop',
  'self',
  'passive',
  'preference',
  'ipv6',
  'on',
  'off',
  'yes',
  'no',
  'true',
  'false',
  'igp',
  'primary',
  'count',
  'where',
  'for',
]);

/** Is `word` one of BIRD's keywords (never a symbol)? */
export function isKeyword(word: string): boolean {
  return KEYWORDS.has(word);
}
