/**
 * tcpdump's filter expressions (pcap-filter(7) as libpcap 1.10.3 compiles them), for the
 * primitives the lab needs: `[ip|arp|ether|tcp|udp] [src|dst|src or dst|src and dst]
 * [host|net|port|portrange] ID`, `net N/len`, `net N mask M`, the protocols `ip arp icmp udp tcp`,
 * `ip proto N`, `[ether] broadcast|multicast`, relations over packet bytes (`icmp[icmptype] =
 * icmp-echo`, `tcp[tcpflags] & tcp-syn != 0`, `len > 100`: filter-arith.ts), and
 * `not ! and && or || ( )`. As in libpcap,
 * `and` and `or` have the same precedence and group left to right, `not` binds tightest, and a
 * bare ID after `and`/`or` takes the qualifiers of the primitive before it
 * (`host a or b` = `host a or host b`).
 *
 * `compileFilter` returns a predicate over a frame (Ethernet, or a bare IP packet for TUN), or
 * the error line tcpdump prints. libpcap's optimizer notices some contradictions
 * ("expression rejects all packets"); we notice those that follow from the protocols alone
 * (`icmp and port 80`, `udp and tcp`, `ip and arp`).
 *
 * Left out: IPv6 (`ip6`, `icmp6`), `vlan`, `less`/`greater`,
 * `gateway`, host names (no resolver: any name is "unknown host").
 */
import { ArithError, ArithParser, type ProtoBase } from './filter-arith';
import { SERVICES } from './services';

/** A frame as a filter sees it: Ethernet, or a bare IP packet (a TUN device). */
export interface FilterInput {
  readonly frame: Uint8Array;
  readonly raw: boolean;
}

export type Filter = (p: FilterInput) => boolean;

export type FilterResult = { ok: true; filter: Filter } | { ok: false; error: string };

const SYNTAX = "can't parse filter expression: syntax error";

// Packet classes, to notice expressions that reject everything.
const C_ARP = 1;
const C_ICMP = 2;
const C_UDP = 4;
const C_TCP = 8;
const C_IPOTHER = 16;
const C_OTHER = 32;
const C_IP = C_ICMP | C_UDP | C_TCP | C_IPOTHER;
const C_ALL = C_IP | C_ARP | C_OTHER;

/** What a filter can accept: the classes of packets, and whether exactly those (for `not`). */
interface Node {
  test: (f: Facts) => boolean;
  classes: number;
  exact: boolean;
}

/** The fields primitives look at, read once per packet. */
interface Facts {
  readonly frame: Uint8Array;
  readonly raw: boolean;
  readonly ethertype: number;
  /** Offset of the layer-3 header. */
  readonly l3: number;
  readonly ipSrc: number;
  readonly ipDst: number;
  readonly proto: number;
  /** True for a first (or only) fragment whose transport ports are readable. */
  readonly hasPorts: boolean;
  readonly sport: number;
  readonly dport: number;
  readonly arpSpa: number;
  readonly arpTpa: number;
  readonly isArpIpv4: boolean;
  /** Offset of the transport header (IPv4, first fragment), else -1. */
  readonly l4: number;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

function factsOf(p: FilterInput): Facts {
  const b = p.frame;
  let ethertype = -1;
  let l3 = 0;
  if (p.raw) ethertype = b.length > 0 && b[0] >> 4 === 4 ? 0x0800 : -1;
  else if (b.length >= 14) {
    ethertype = u16(b, 12);
    l3 = 14;
  }
  let ipSrc = -1;
  let ipDst = -1;
  let proto = -1;
  let hasPorts = false;
  let sport = -1;
  let dport = -1;
  let l4 = -1;
  if (ethertype === 0x0800 && b.length >= l3 + 20) {
    ipSrc = u32(b, l3 + 12);
    ipDst = u32(b, l3 + 16);
    proto = b[l3 + 9];
    const hl = (b[l3] & 0x0f) * 4;
    const fragOffset = u16(b, l3 + 6) & 0x1fff;
    if (fragOffset === 0) l4 = l3 + hl;
    if (fragOffset === 0 && b.length >= l3 + hl + 4) {
      hasPorts = true;
      sport = u16(b, l3 + hl);
      dport = u16(b, l3 + hl + 2);
    }
  }
  const isArpIpv4 =
    ethertype === 0x0806 && b.length >= l3 + 28 && u16(b, l3 + 2) === 0x0800 && b[l3 + 5] === 4;
  return {
    frame: b,
    raw: p.raw,
    ethertype,
    l3,
    ipSrc,
    ipDst,
    proto,
    hasPorts,
    sport,
    dport,
    arpSpa: isArpIpv4 ? u32(b, l3 + 14) : -1,
    arpTpa: isArpIpv4 ? u32(b, l3 + 24) : -1,
    isArpIpv4,
    l4,
  };
}

type Proto = 'ether' | 'ip' | 'arp' | 'tcp' | 'udp' | 'icmp';
type Dir = 'src' | 'dst' | 'src or dst' | 'src and dst';
type Kind = 'host' | 'net' | 'port' | 'portrange';

interface Quals {
  proto: Proto | undefined;
  dir: Dir | undefined;
  kind: Kind | undefined;
}

const PROTOS = new Set<string>(['ether', 'ip', 'arp', 'tcp', 'udp', 'icmp']);
const KINDS = new Set<string>(['host', 'net', 'port', 'portrange']);
const KEYWORDS = new Set<string>([
  ...PROTOS,
  ...KINDS,
  'src',
  'dst',
  'and',
  'or',
  'not',
  'proto',
  'mask',
  'broadcast',
  'multicast',
  'len',
  '&&',
  '||',
  '!',
  '(',
  ')',
]);

class FilterError extends Error {}

const TWO_CHAR = ['&&', '||', '!=', '==', '<=', '>=', '<<', '>>'];
const ONE_CHAR = '()[]!&|=<>+*';

/**
 * Split the expression (argv joined by spaces, as tcpdump's copy_argv does) into tokens: words
 * (`10.0.0.0/8`, `icmp-echo`, `1-100`, MACs), and the operators; `-` and `/` are operators only
 * where a token starts, `:` only between brackets (`ip[2:2]`).
 */
function tokenize(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR.includes(two)) {
      out.push(two);
      i += 2;
      continue;
    }
    if (ONE_CHAR.includes(ch) || ch === '-' || ch === '/' || (depth > 0 && ch === ':')) {
      if (ch === '[') depth++;
      if (ch === ']') depth = Math.max(0, depth - 1);
      out.push(ch);
      i++;
      continue;
    }
    let j = i;
    while (
      j < text.length &&
      !/\s/.test(text[j]) &&
      !ONE_CHAR.includes(text[j]) &&
      !(depth > 0 && text[j] === ':')
    )
      j++;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

class Parser {
  private readonly toks: string[];
  private pos = 0;
  /** Qualifiers of the last primitive, for bare IDs after and/or. */
  private last: Quals | undefined;

  constructor(toks: string[]) {
    this.toks = toks;
  }

  private peek(at = 0): string | undefined {
    return this.toks[this.pos + at];
  }

  private next(): string {
    const t = this.toks[this.pos++];
    if (t === undefined) throw new FilterError(SYNTAX);
    return t;
  }

  parseAll(): Node {
    const n = this.expr();
    if (this.pos < this.toks.length) throw new FilterError(SYNTAX);
    return n;
  }

  private expr(): Node {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (t === 'and' || t === '&&') {
        this.pos++;
        left = and(left, this.term());
      } else if (t === 'or' || t === '||') {
        this.pos++;
        left = or(left, this.term());
      } else return left;
    }
  }

  private term(): Node {
    const t = this.peek();
    if (t === undefined) throw new FilterError(SYNTAX);
    if (t === 'not' || t === '!') {
      this.pos++;
      return not(this.term());
    }
    const rel = this.relation();
    if (rel) return rel;
    if (t === '(') {
      this.pos++;
      const n = this.expr();
      if (this.next() !== ')') throw new FilterError(SYNTAX);
      return n;
    }
    if (!KEYWORDS.has(t)) {
      // A bare ID continues the previous primitive's qualifiers.
      if (!this.last) throw new FilterError(SYNTAX);
      this.pos++;
      return primitive(this.last, t, undefined);
    }
    return this.primitive();
  }

  /** `ARITH RELOP ARITH` at this point, or undefined (nothing consumed) when it is not one. */
  private relation(): Node | undefined {
    const p = new ArithParser(this.toks, this.pos, protoBase, parseNumber);
    let r: ReturnType<ArithParser['relation']>;
    try {
      r = p.relation();
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      if (e.hard) throw new FilterError(e.message);
      return undefined;
    }
    this.pos = p.pos;
    const test = r.test;
    return { test: (f) => test(f), classes: r.needs ?? C_ALL, exact: false };
  }

  private primitive(): Node {
    const q: Quals = { proto: undefined, dir: undefined, kind: undefined };
    let t = this.peek();
    if (t === 'broadcast' || t === 'multicast') {
      this.pos++;
      return groupPrimitive(t);
    }
    if (t !== undefined && PROTOS.has(t)) {
      q.proto = t as Proto;
      this.pos++;
      t = this.peek();
      if (q.proto === 'ether' && (t === 'broadcast' || t === 'multicast')) {
        this.pos++;
        return groupPrimitive(t);
      }
      if (q.proto === 'ip' && t === 'proto') {
        this.pos++;
        return ipProto(this.next());
      }
      if (t !== 'src' && t !== 'dst' && (t === undefined || !KINDS.has(t))) {
        if (q.proto === 'ether') throw new FilterError(SYNTAX);
        return protoPrimitive(q.proto);
      }
    }
    if (t === 'src' || t === 'dst') {
      this.pos++;
      const conj = this.peek();
      const other = t === 'src' ? 'dst' : 'src';
      if ((conj === 'or' || conj === 'and') && this.peek(1) === other) {
        this.pos += 2;
        q.dir = conj === 'or' ? 'src or dst' : 'src and dst';
      } else q.dir = t;
      t = this.peek();
    }
    if (t !== undefined && KINDS.has(t)) {
      q.kind = t as Kind;
      this.pos++;
    }
    const id = this.next();
    if (KEYWORDS.has(id)) throw new FilterError(SYNTAX);
    let mask: string | undefined;
    if (this.peek() === 'mask') {
      this.pos++;
      mask = this.next();
      if (q.kind !== 'net') throw new FilterError(SYNTAX);
    }
    this.last = q;
    return primitive(q, id, mask);
  }
}

function and(a: Node, b: Node): Node {
  return {
    test: (f) => a.test(f) && b.test(f),
    classes: a.classes & b.classes,
    exact: a.exact && b.exact,
  };
}

function or(a: Node, b: Node): Node {
  return {
    test: (f) => a.test(f) || b.test(f),
    classes: a.classes | b.classes,
    exact: a.exact && b.exact,
  };
}

function not(a: Node): Node {
  return {
    test: (f) => !a.test(f),
    classes: a.exact ? C_ALL & ~a.classes : C_ALL,
    exact: a.exact,
  };
}

const IS_IP = (f: Facts) => f.ethertype === 0x0800;

/** Where `PROTO[…]` counts from, for the protocols a relation may read. */
function protoBase(name: string): ProtoBase | undefined {
  const inIp = (proto: number, needs: number): ProtoBase => ({
    base: (p) => (p.ethertype === 0x0800 && p.proto === proto && p.l4 >= 0 ? p.l4 : undefined),
    needs,
  });
  switch (name) {
    case 'ether':
      return { base: (p) => (p.raw ? undefined : 0), needs: undefined };
    case 'ip':
      return { base: (p) => (p.ethertype === 0x0800 ? p.l3 : undefined), needs: C_IP };
    case 'arp':
      return { base: (p) => (p.ethertype === 0x0806 ? p.l3 : undefined), needs: C_ARP };
    case 'icmp':
      return inIp(1, C_ICMP);
    case 'tcp':
      return inIp(6, C_TCP);
    case 'udp':
      return inIp(17, C_UDP);
    default:
      return undefined;
  }
}

function protoPrimitive(p: Proto): Node {
  switch (p) {
    case 'ip':
      return { test: IS_IP, classes: C_IP, exact: true };
    case 'arp':
      return { test: (f) => f.ethertype === 0x0806, classes: C_ARP, exact: true };
    case 'icmp':
      return { test: (f) => IS_IP(f) && f.proto === 1, classes: C_ICMP, exact: true };
    case 'tcp':
      return { test: (f) => IS_IP(f) && f.proto === 6, classes: C_TCP, exact: true };
    case 'udp':
      return { test: (f) => IS_IP(f) && f.proto === 17, classes: C_UDP, exact: true };
    default:
      throw new FilterError(SYNTAX);
  }
}

function ipProto(id: string): Node {
  const n = parseNumber(id);
  if (n === undefined) {
    const named = ['icmp', 'tcp', 'udp'].indexOf(id);
    if (named < 0) throw new FilterError(`unknown ip proto '${id}'`);
    return protoPrimitive(id as Proto);
  }
  if (n > 255) throw new FilterError(`protocol number ${n} greater than maximum 255`);
  const classes = n === 1 ? C_ICMP : n === 6 ? C_TCP : n === 17 ? C_UDP : C_IPOTHER;
  return { test: (f) => IS_IP(f) && f.proto === n, classes, exact: classes !== C_IPOTHER };
}

function groupPrimitive(which: 'broadcast' | 'multicast'): Node {
  const test =
    which === 'broadcast'
      ? (f: Facts) =>
          !f.raw && f.frame.length >= 6 && f.frame.subarray(0, 6).every((x) => x === 0xff)
      : (f: Facts) => !f.raw && f.frame.length >= 6 && (f.frame[0] & 1) === 1;
  return { test, classes: C_ALL, exact: false };
}

/** A decimal, octal (0…) or hex (0x…) number as libpcap's lexer reads one; undefined if not. */
function parseNumber(s: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s.slice(2), 16);
  if (/^0[0-7]*$/.test(s)) return Number.parseInt(s, 8);
  if (/^[1-9]\d*$/.test(s)) return Number(s);
  return undefined;
}

/** 1 to 4 dotted decimal parts (`10`, `10.1`, `10.1.2`, `10.1.2.3`). */
function dottedParts(s: string): number[] | undefined {
  if (!/^\d+(\.\d+){0,3}$/.test(s)) return undefined;
  return s.split('.').map(Number);
}

function hostAddr(s: string): number {
  const parts = dottedParts(s);
  if (!parts) throw new FilterError(`unknown host '${s}'`);
  if (parts.length !== 4 || parts.some((p) => p > 255))
    throw new FilterError(`invalid IPv4 address '${s}'`);
  return toAddr(parts);
}

function toAddr(parts: number[]): number {
  return parts.reduce((a, p, i) => a + p * 2 ** (24 - 8 * i), 0) >>> 0;
}

/** `net` arguments: `N` (its dotted parts give the length), `N/len`, or `N` with `mask M`. */
function netAddr(s: string, maskText: string | undefined): [number, number] {
  const slash = s.indexOf('/');
  const addrText = slash >= 0 ? s.slice(0, slash) : s;
  const parts = dottedParts(addrText);
  if (!parts) throw new FilterError(`unknown network '${s}'`);
  if (parts.some((p) => p > 255)) throw new FilterError(`invalid IPv4 address '${addrText}'`);
  let addr: number;
  let mask: number;
  if (slash >= 0 || maskText !== undefined) {
    while (parts.length < 4) parts.push(0);
    addr = toAddr(parts);
    if (slash >= 0) {
      const len = Number(s.slice(slash + 1));
      if (!/^\d+$/.test(s.slice(slash + 1))) throw new FilterError(SYNTAX);
      if (len > 32) throw new FilterError('mask length must be <= 32');
      mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    } else {
      const m = dottedParts(maskText as string);
      if (m?.length !== 4 || m.some((p) => p > 255))
        throw new FilterError(`invalid IPv4 address '${maskText}'`);
      mask = toAddr(m);
    }
  } else {
    // `net 10` is 10.0.0.0/8, `net 10.1` is 10.1.0.0/16: the given parts are the network.
    addr = toAddr([...parts, 0, 0, 0].slice(0, 4));
    mask = (0xffffffff << (32 - 8 * parts.length)) >>> 0;
  }
  if ((addr & ~mask) >>> 0 !== 0) throw new FilterError(`non-network bits set in "${s}"`);
  return [addr, mask];
}

function portNumber(s: string, proto: Proto | undefined): number {
  const n = parseNumber(s);
  if (n !== undefined) {
    if (n > 65535) throw new FilterError(`illegal port number ${n} > 65535`);
    return n;
  }
  const named = SERVICES.find(
    ([name, , p]) => name === s && (proto === undefined || p === 'both' || p === proto),
  );
  if (!named) throw new FilterError(`unknown port '${s}'`);
  return named[1];
}

function parseMac(s: string): number {
  const m =
    /^([0-9a-f]{1,2})[:.-]([0-9a-f]{1,2})[:.-]([0-9a-f]{1,2})[:.-]([0-9a-f]{1,2})[:.-]([0-9a-f]{1,2})[:.-]([0-9a-f]{1,2})$/i.exec(
      s,
    );
  if (!m) throw new FilterError(`unknown ether host '${s}'`);
  return m.slice(1).reduce((a, x) => a * 256 + Number.parseInt(x, 16), 0);
}

function macAt(b: Uint8Array, at: number): number {
  let v = 0;
  for (let i = 0; i < 6; i++) v = v * 256 + b[at + i];
  return v;
}

/** Combine a source and a destination test as the direction qualifier says. */
function directed(dir: Dir | undefined, src: (f: Facts) => boolean, dst: (f: Facts) => boolean) {
  switch (dir) {
    case 'src':
      return src;
    case 'dst':
      return dst;
    case 'src and dst':
      return (f: Facts) => src(f) && dst(f);
    default:
      return (f: Facts) => src(f) || dst(f);
  }
}

function primitive(q: Quals, id: string, mask: string | undefined): Node {
  const kind = q.kind ?? 'host';
  if (q.proto === 'ether') {
    if (kind !== 'host') throw new FilterError(SYNTAX);
    const mac = parseMac(id);
    const test = directed(
      q.dir,
      (f) => !f.raw && f.frame.length >= 12 && macAt(f.frame, 6) === mac,
      (f) => !f.raw && f.frame.length >= 6 && macAt(f.frame, 0) === mac,
    );
    return { test, classes: C_ALL, exact: false };
  }
  if (kind === 'port' || kind === 'portrange') {
    if (q.proto !== undefined && q.proto !== 'tcp' && q.proto !== 'udp')
      throw new FilterError(`illegal qualifier of '${kind}'`);
    let lo: number;
    let hi: number;
    if (kind === 'port') lo = hi = portNumber(id, q.proto);
    else {
      const m = /^([^-]+)-([^-]+)$/.exec(id);
      if (!m) throw new FilterError(SYNTAX);
      lo = portNumber(m[1], q.proto);
      hi = portNumber(m[2], q.proto);
      if (lo > hi) [lo, hi] = [hi, lo];
    }
    const protoOk =
      q.proto === 'tcp'
        ? (f: Facts) => f.proto === 6
        : q.proto === 'udp'
          ? (f: Facts) => f.proto === 17
          : (f: Facts) => f.proto === 6 || f.proto === 17 || f.proto === 132;
    const inRange = (p: number) => p >= lo && p <= hi;
    const ported = directed(
      q.dir,
      (f) => inRange(f.sport),
      (f) => inRange(f.dport),
    );
    const classes =
      q.proto === 'tcp' ? C_TCP : q.proto === 'udp' ? C_UDP : C_UDP | C_TCP | C_IPOTHER;
    return {
      test: (f) => IS_IP(f) && protoOk(f) && f.hasPorts && ported(f),
      classes,
      exact: false,
    };
  }
  // host or net
  if (q.proto === 'tcp' || q.proto === 'udp' || q.proto === 'icmp')
    throw new FilterError(`'${q.proto}' modifier applied to ${kind}`);
  const [addr, m] = kind === 'host' ? [hostAddr(id), 0xffffffff] : netAddr(id, mask);
  const match = (a: number) => a >= 0 && (a & m) >>> 0 === addr;
  const ip = directed(
    q.dir,
    (f) => IS_IP(f) && match(f.ipSrc),
    (f) => IS_IP(f) && match(f.ipDst),
  );
  const arp = directed(
    q.dir,
    (f) => f.isArpIpv4 && match(f.arpSpa),
    (f) => f.isArpIpv4 && match(f.arpTpa),
  );
  if (q.proto === 'ip') return { test: ip, classes: C_IP, exact: false };
  if (q.proto === 'arp') return { test: arp, classes: C_ARP, exact: false };
  return { test: (f) => ip(f) || arp(f), classes: C_IP | C_ARP, exact: false };
}

/** Compile a filter expression; an empty one accepts everything. */
export function compileFilter(expression: string): FilterResult {
  const toks = tokenize(expression);
  if (toks.length === 0) return { ok: true, filter: () => true };
  let node: Node;
  try {
    node = new Parser(toks).parseAll();
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, error: e.message };
    throw e;
  }
  if (node.classes === 0) return { ok: false, error: 'expression rejects all packets' };
  const test = node.test;
  return { ok: true, filter: (p) => test(factsOf(p)) };
}
