/**
 * pcap-filter(7)'s relations: `ARITH RELOP ARITH`, where ARITH is built from numbers, the named
 * offsets and values (`icmptype`, `icmp-echoreply`, `tcpflags`, `tcp-syn`…), `len`, packet
 * bytes `PROTO[EXPR]` / `PROTO[EXPR:SIZE]` (SIZE 1, 2 or 4) and `+ - * / & | << >>` with C's
 * precedence; values are unsigned 32-bit. `PROTO[…]` also requires the protocol: `tcp[13]`
 * only matches TCP (in a first fragment), and a read past the end rejects the packet, as the
 * BPF program libpcap makes does.
 */

/** What an arithmetic expression reads from a packet. */
export interface ArithPacket {
  readonly frame: Uint8Array;
  readonly raw: boolean;
  readonly ethertype: number;
  readonly l3: number;
  readonly proto: number;
  /** Offset of the transport header in `frame`, or -1 (not IPv4, or a later fragment). */
  readonly l4: number;
}

/** undefined: the packet does not have what the expression reads (the filter rejects it). */
type Eval = (p: ArithPacket) => number | undefined;

export interface Arith {
  ev: Eval;
  /** The protocol classes the packet must be of (bit set, as filter.ts counts them). */
  needs: number | undefined;
  /** The value when it is a constant. */
  constant?: number;
}

/** Not a relation (the parser tries something else), or `hard`: an error libpcap reports. */
export class ArithError extends Error {
  readonly hard: boolean;
  constructor(message: string, hard = false) {
    super(message);
    this.hard = hard;
  }
}

/** The named constants libpcap's scanner knows. */
const NAMED: Record<string, number> = {
  icmptype: 0,
  icmpcode: 1,
  'icmp-echoreply': 0,
  'icmp-unreach': 3,
  'icmp-sourcequench': 4,
  'icmp-redirect': 5,
  'icmp-echo': 8,
  'icmp-routeradvert': 9,
  'icmp-routersolicit': 10,
  'icmp-timxceed': 11,
  'icmp-paramprob': 12,
  'icmp-tstamp': 13,
  'icmp-tstampreply': 14,
  'icmp-ireq': 15,
  'icmp-ireqreply': 16,
  'icmp-maskreq': 17,
  'icmp-maskreply': 18,
  tcpflags: 13,
  'tcp-fin': 0x01,
  'tcp-syn': 0x02,
  'tcp-rst': 0x04,
  'tcp-push': 0x08,
  'tcp-ack': 0x10,
  'tcp-urg': 0x20,
  'tcp-ece': 0x40,
  'tcp-cwr': 0x80,
};

/** Where `PROTO[…]` counts from, and the classes it needs (bits of filter.ts's classes). */
export interface ProtoBase {
  base: (p: ArithPacket) => number | undefined;
  needs: number | undefined;
}

export const RELOPS = new Set(['=', '==', '!=', '<', '<=', '>', '>=']);

/** The binary operators by precedence, loosest first (libpcap's grammar: | & << >> + - * /). */
const LEVELS: string[][] = [['|'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/']];

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '|':
      return (a | b) >>> 0;
    case '&':
      return (a & b) >>> 0;
    case '<<':
      return b > 31 ? 0 : (a << b) >>> 0;
    case '>>':
      return b > 31 ? 0 : a >>> b;
    case '+':
      return (a + b) >>> 0;
    case '-':
      return (a - b) >>> 0;
    case '*':
      return Number((BigInt(a) * BigInt(b)) & 0xffffffffn);
    default:
      return Math.floor(a / b) >>> 0;
  }
}

function needsBoth(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a & b;
}

/** A recursive-descent parser of ARITH over the filter's tokens. */
export class ArithParser {
  private readonly toks: string[];
  pos: number;
  private readonly protoBase: (name: string) => ProtoBase | undefined;
  private readonly num: (s: string) => number | undefined;

  constructor(
    toks: string[],
    pos: number,
    protoBase: (name: string) => ProtoBase | undefined,
    num: (s: string) => number | undefined,
  ) {
    this.toks = toks;
    this.pos = pos;
    this.protoBase = protoBase;
    this.num = num;
  }

  /** ARITH RELOP ARITH as a predicate. Throws ArithError when the tokens are not one. */
  relation(): { test: (p: ArithPacket) => boolean; needs: number | undefined } {
    const left = this.expr(0);
    const op = this.toks[this.pos];
    if (op === undefined || !RELOPS.has(op)) throw new ArithError('not a relation');
    this.pos++;
    const right = this.expr(0);
    const cmp = (a: number, b: number): boolean => {
      switch (op) {
        case '=':
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        default:
          return a >= b;
      }
    };
    return {
      test: (p) => {
        const a = left.ev(p);
        if (a === undefined) return false;
        const b = right.ev(p);
        return b !== undefined && cmp(a, b);
      },
      needs: needsBoth(left.needs, right.needs),
    };
  }

  private expr(level: number): Arith {
    if (level >= LEVELS.length) return this.unary();
    let left = this.expr(level + 1);
    for (;;) {
      const op = this.toks[this.pos];
      if (op === undefined || !LEVELS[level].includes(op)) return left;
      this.pos++;
      const right = this.expr(level + 1);
      if (op === '/' && right.constant === 0) throw new ArithError('division by zero', true);
      const [l, r] = [left, right];
      const constant =
        l.constant !== undefined && r.constant !== undefined
          ? apply(op, l.constant, r.constant)
          : undefined;
      left = {
        ev: (p) => {
          const a = l.ev(p);
          if (a === undefined) return undefined;
          const b = r.ev(p);
          if (b === undefined || (op === '/' && b === 0)) return undefined;
          return apply(op, a, b);
        },
        needs: needsBoth(l.needs, r.needs),
        constant,
      };
    }
  }

  private unary(): Arith {
    const t = this.toks[this.pos];
    if (t === undefined) throw new ArithError('end');
    if (t === '-') {
      this.pos++;
      const a = this.unary();
      return {
        ev: (p) => {
          const v = a.ev(p);
          return v === undefined ? undefined : (0 - v) >>> 0;
        },
        needs: a.needs,
        constant: a.constant === undefined ? undefined : (0 - a.constant) >>> 0,
      };
    }
    if (t === '(') {
      this.pos++;
      const a = this.expr(0);
      if (this.toks[this.pos] !== ')') throw new ArithError('no )');
      this.pos++;
      return a;
    }
    this.pos++;
    if (t === 'len') return { ev: (p) => p.frame.length, needs: undefined };
    const n = NAMED[t] ?? this.num(t);
    if (n !== undefined) return { ev: () => n, needs: undefined, constant: n };
    const base = this.protoBase(t);
    if (!base || this.toks[this.pos] !== '[') throw new ArithError('not arithmetic');
    this.pos++;
    const off = this.expr(0);
    let size = 1;
    if (this.toks[this.pos] === ':') {
      this.pos++;
      const s = this.num(this.toks[this.pos] ?? '');
      this.pos++;
      if (s !== 1 && s !== 2 && s !== 4) throw new ArithError('data size must be 1, 2, or 4', true);
      size = s;
    }
    if (this.toks[this.pos] !== ']') throw new ArithError('no ]');
    this.pos++;
    return {
      ev: (p) => {
        const b = base.base(p);
        const o = off.ev(p);
        if (b === undefined || o === undefined) return undefined;
        const at = b + o;
        if (at + size > p.frame.length) return undefined;
        let v = 0;
        for (let i = 0; i < size; i++) v = v * 256 + p.frame[at + i];
        return v;
      },
      needs: needsBoth(base.needs, off.needs),
    };
  }
}
