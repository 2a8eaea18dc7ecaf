/**
 * BIRD 2's filter language, the part route filters in Calico-style configs use: `if … then …
 * else …`, `accept`, `reject`, calls of argument-less functions, and conditions over `net`,
 * `source`, `proto`, `dest` with `=`, `!=`, `~`, `!~`, `&&`, `||`, `!`, prefixes, prefix sets
 * (`[ 10.0.0.0/8+, 10.1.0.0/16{24,32} ]`) and the RTS_* / RTD_* constants. A filter ends with
 * `accept` or `reject`; one that runs off its end rejects, as in BIRD.
 *
 * Left out: variables, route attribute assignment, `print`, `case`, paths and communities.
 */
import { inPrefix, type Prefix } from '../../kernel/inet';

/** What a filter sees of a route. */
export interface FilterRoute {
  net: Prefix;
  /** RTS_* source: RTS_STATIC, RTS_DEVICE, RTS_INHERIT, RTS_BGP. */
  source: string;
  /** The protocol's name. */
  proto: string;
  /** RTD_UNICAST, RTD_BLACKHOLE, … */
  dest: string;
}

/** A prefix pattern of a set: `len` bits of `addr`, then lengths in [lo, hi]. */
export interface PrefixPattern {
  addr: number;
  len: number;
  lo: number;
  hi: number;
}

export type Expr =
  | { k: 'net' | 'source' | 'proto' | 'dest' }
  | { k: 'prefix'; p: Prefix }
  | { k: 'set'; items: PrefixPattern[] }
  | { k: 'const'; v: string | number | boolean }
  | { k: 'not'; e: Expr }
  | { k: 'bin'; op: '=' | '!=' | '~' | '!~' | '&&' | '||'; a: Expr; b: Expr };

export type Stmt =
  | { k: 'if'; cond: Expr; body: Stmt[]; else?: Stmt[] }
  | { k: 'accept' }
  | { k: 'reject' }
  | { k: 'call'; name: string };

export type Verdict = 'accept' | 'reject';

type Value = string | number | boolean | Prefix | { set: PrefixPattern[] };

/** Runs `body` on `r`; `functions` holds the config's functions. */
export function runFilter(
  body: readonly Stmt[],
  r: FilterRoute,
  functions: ReadonlyMap<string, readonly Stmt[]>,
): Verdict {
  return runBlock(body, r, functions, 0) ?? 'reject';
}

function runBlock(
  body: readonly Stmt[],
  r: FilterRoute,
  fns: ReadonlyMap<string, readonly Stmt[]>,
  depth: number,
): Verdict | undefined {
  if (depth > 64) return 'reject';
  for (const s of body) {
    let v: Verdict | undefined;
    switch (s.k) {
      case 'accept':
      case 'reject':
        return s.k;
      case 'if':
        v = truthy(evaluate(s.cond, r))
          ? runBlock(s.body, r, fns, depth + 1)
          : s.else && runBlock(s.else, r, fns, depth + 1);
        break;
      case 'call':
        v = runBlock(fns.get(s.name) ?? [], r, fns, depth + 1);
        break;
    }
    if (v) return v;
  }
  return undefined;
}

function truthy(v: Value): boolean {
  return v === true;
}

function evaluate(e: Expr, r: FilterRoute): Value {
  switch (e.k) {
    case 'net':
      return r.net;
    case 'source':
      return r.source;
    case 'proto':
      return r.proto;
    case 'dest':
      return r.dest;
    case 'prefix':
      return e.p;
    case 'set':
      return { set: e.items };
    case 'const':
      return e.v;
    case 'not':
      return !truthy(evaluate(e.e, r));
    case 'bin': {
      if (e.op === '&&') return truthy(evaluate(e.a, r)) && truthy(evaluate(e.b, r));
      if (e.op === '||') return truthy(evaluate(e.a, r)) || truthy(evaluate(e.b, r));
      const a = evaluate(e.a, r);
      const b = evaluate(e.b, r);
      if (e.op === '=') return same(a, b);
      if (e.op === '!=') return !same(a, b);
      const m = matches(a, b);
      return e.op === '~' ? m : !m;
    }
  }
}

function isPrefix(v: Value): v is Prefix {
  return typeof v === 'object' && 'addr' in v;
}

function same(a: Value, b: Value): boolean {
  if (isPrefix(a) && isPrefix(b)) return a.addr === b.addr && a.len === b.len;
  return a === b;
}

/** `a ~ b`: a prefix inside a prefix, or matching a prefix set. */
function matches(a: Value, b: Value): boolean {
  if (!isPrefix(a)) return false;
  if (isPrefix(b)) return a.len >= b.len && inPrefix(a.addr, b);
  if (typeof b === 'object' && 'set' in b) {
    return b.set.some(
      (p) => a.len >= p.lo && a.len <= p.hi && inPrefix(a.addr, { addr: p.addr, len: p.len }),
    );
  }
  return false;
}
