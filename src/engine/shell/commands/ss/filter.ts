/**
 * ss's FILTER (misc/ssfilter.y, simplified): `state NAME` / `exclude NAME` pairs first, then an
 * expression of `sport|dport OP PORT` and `src|dst ADDR[/LEN][:PORT]` terms joined by
 * `and`/`or` (or juxtaposition), with `not`/`!` and parentheses. The words may come as separate
 * arguments or as one quoted string (`ss -tn 'sport = :80'`).
 */
import { type Ipv4, parseIpv4 } from '../../../kernel/inet';
import type { TcpState } from '../../../kernel/tcp-socket';
import type { SockRow } from './sockets';
import { SS_USAGE } from './usage';

const ALL: TcpState[] = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSED',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
];
const CONNECTED = ALL.filter((s) => s !== 'LISTEN' && s !== 'CLOSED');

const STATE_NAMES: Record<string, TcpState[]> = {
  all: ALL,
  connected: CONNECTED,
  synchronized: CONNECTED.filter((s) => s !== 'SYN_SENT'),
  bucket: ['SYN_RECV', 'TIME_WAIT'],
  big: ALL.filter((s) => s !== 'SYN_RECV' && s !== 'TIME_WAIT'),
  established: ['ESTABLISHED'],
  'syn-sent': ['SYN_SENT'],
  'syn-recv': ['SYN_RECV'],
  'fin-wait-1': ['FIN_WAIT1'],
  'fin-wait-2': ['FIN_WAIT2'],
  'time-wait': ['TIME_WAIT'],
  closed: ['CLOSED'],
  'close-wait': ['CLOSE_WAIT'],
  'last-ack': ['LAST_ACK'],
  listening: ['LISTEN'],
  closing: ['CLOSING'],
};

export type RowTest = (r: SockRow) => boolean;

export interface SsFilter {
  /** The states asked for with `state`/`exclude`, if any. */
  states: Set<TcpState> | undefined;
  test: RowTest;
}

const CMP: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '==': (a, b) => a === b,
  eq: (a, b) => a === b,
  '!=': (a, b) => a !== b,
  ne: (a, b) => a !== b,
  neq: (a, b) => a !== b,
  '>': (a, b) => a > b,
  gt: (a, b) => a > b,
  '<': (a, b) => a < b,
  lt: (a, b) => a < b,
  '>=': (a, b) => a >= b,
  ge: (a, b) => a >= b,
  '<=': (a, b) => a <= b,
  le: (a, b) => a <= b,
};

function inetError(word: string): string {
  return `Error: an inet prefix is expected rather than "${word}".\nCannot parse dst/src address.`;
}

const SYNTAX = 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.';

function portError(word: string): string {
  return `Error: "${word}" does not look like a port.\nCannot parse dst/src address.`;
}

/** `10.0.0.1`, `10.0.0.0/24`, `10.0.0.1:80`, `:80`, `*`: a test on (address, port). */
function addrTest(word: string): ((a: Ipv4, p: number) => boolean) | string {
  const m = /^([^:/]*)(?:\/(\d+))?(?::(.*))?$/.exec(word);
  if (!m) return inetError(word);
  const [, host, len, port] = m;
  if (port !== undefined && port !== '*' && !/^\d+$/.test(port)) return portError(port);
  let addr: Ipv4 | undefined;
  if (host !== '' && host !== '*') {
    addr = parseIpv4(host);
    if (addr === undefined) return inetError(word);
  }
  const bits = len === undefined ? 32 : Number(len);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const p = port === undefined || port === '*' ? undefined : Number(port);
  return (a, pt) =>
    (addr === undefined || (a & mask) >>> 0 === (addr & mask) >>> 0) &&
    (p === undefined || pt === p);
}

/** Parse the filter words; a string is the error ss prints (and the exit status). */
export function parseSsFilter(words: string[]): SsFilter | { error: string; code: number } {
  const toks = words
    .join(' ')
    .replace(/([()])/g, ' $1 ')
    .split(/\s+/)
    .filter((t) => t !== '');
  let i = 0;
  let states: Set<TcpState> | undefined;
  while (toks[i] === 'state' || toks[i] === 'exclude') {
    const kw = toks[i++];
    const name = toks[i++] ?? '';
    const list = STATE_NAMES[name];
    if (!list) return { error: `ss: wrong state name: ${name}`, code: 255 };
    if (kw === 'state') {
      states ??= new Set();
      for (const s of list) states.add(s);
    } else {
      states ??= new Set(ALL);
      for (const s of list) states.delete(s);
    }
  }
  let error: string | undefined;
  const fail = (e: string): RowTest => {
    error ??= e;
    return () => false;
  };
  let afterTerm = false;
  const term = (): RowTest => {
    const e = term1();
    afterTerm = true;
    return e;
  };
  const term1 = (): RowTest => {
    const t = toks[i++];
    if (t === undefined) return fail(inetError(''));
    if (t === '(') {
      const e = orExpr();
      if (toks[i++] !== ')') return fail(inetError(toks[i - 1] ?? ''));
      return e;
    }
    if (t === 'not' || t === '!') {
      const e = term();
      return (r) => !e(r);
    }
    if (t === 'sport' || t === 'dport') {
      let op = '=';
      if (toks[i] !== undefined && toks[i] in CMP) op = toks[i++];
      const w = toks[i++] ?? '';
      const n = /^:?(\d+)$/.exec(w);
      if (!n) return fail(portError(w.replace(/^:/, '')));
      const port = Number(n[1]);
      const cmp = CMP[op];
      return t === 'sport' ? (r) => cmp(r.localPort, port) : (r) => cmp(r.remotePort, port);
    }
    if (t === 'src' || t === 'dst') {
      const w = toks[i++] ?? '';
      const test = addrTest(w);
      if (typeof test === 'string') return fail(test);
      return t === 'src'
        ? (r) => test(r.localAddr, r.localPort)
        : (r) => test(r.remoteAddr, r.remotePort);
    }
    // ss's grammar has no bare address: one is a syntax error, another word a bad prefix, or
    // after a term a bad port.
    if (parseIpv4(t) !== undefined) return fail(SYNTAX);
    return fail(afterTerm ? portError(t) : inetError(t));
  };
  const andExpr = (): RowTest => {
    let e = term();
    while (i < toks.length && toks[i] !== 'or' && toks[i] !== '||' && toks[i] !== ')') {
      if (toks[i] === 'and' || toks[i] === '&&') i++;
      const a = e;
      const b = term();
      e = (r) => a(r) && b(r);
    }
    return e;
  };
  function orExpr(): RowTest {
    let e = andExpr();
    while (toks[i] === 'or' || toks[i] === '||') {
      i++;
      const a = e;
      const b = andExpr();
      e = (r) => a(r) || b(r);
    }
    return e;
  }
  const test = i < toks.length ? orExpr() : () => true;
  if (error === undefined && i < toks.length) error = inetError(toks[i]);
  if (error === SYNTAX) return { error: `${SYNTAX}\n${SS_USAGE.slice(0, -1)}`, code: 255 };
  if (error !== undefined) return { error, code: 1 };
  return { states, test };
}
