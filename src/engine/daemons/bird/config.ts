/**
 * BIRD 2 configuration files: the statements Calico's bird.cfg and textbook BGP labs use —
 * `log`, `router id`, `function`, `filter`, `template`, and the protocols kernel, device,
 * direct, static and bgp with their common options. Options BIRD has and the lab does not model
 * (timers of device, `merge paths`, `graceful restart`, `debug`) are read and kept or ignored;
 * anything else is a syntax error at the token BIRD would stop at, as `bird -p` reports it.
 */
import { formatIpv4, type Prefix, parseIpv4, parsePrefix } from '../../kernel/inet';
import type { Expr, PrefixPattern, Stmt } from './filter';
import { isKeyword, lexBird, type Tok, tokName } from './lexer';

export type FilterSpec =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'named'; name: string }
  | { kind: 'inline'; body: Stmt[] };

export interface ChannelConfig {
  importFilter: FilterSpec;
  exportFilter: FilterSpec;
  /** `gateway recursive` (iBGP's default) or `direct`. */
  gatewayRecursive: boolean | undefined;
  addPaths: 'off' | 'rx' | 'tx' | 'on';
  preference: number | undefined;
  nextHopSelf: boolean;
}

export type StaticRoute =
  | { net: Prefix; kind: 'blackhole' | 'unreachable' | 'prohibit' }
  | { net: Prefix; kind: 'via'; via: number };

export type ProtoType = 'kernel' | 'device' | 'direct' | 'static' | 'bgp';

export interface ProtoConfig {
  type: ProtoType;
  name: string;
  channel: ChannelConfig | undefined;
  description: string | undefined;
  disabled: boolean;
  /** `debug { states }` or `debug all`: state changes go to the log. */
  debugStates: boolean;
  // kernel
  learn: boolean;
  persist: boolean;
  scanTime: number;
  metric: number;
  // direct
  interfaces: { negate: boolean; glob: string }[];
  // static
  routes: StaticRoute[];
  // bgp
  localAs: number | undefined;
  localAddr: number | undefined;
  neighbor: number | undefined;
  neighborAs: number | undefined;
  sourceAddress: number | undefined;
  multihop: boolean;
  connectDelay: number;
  connectRetry: number;
  errorWait: [number, number];
  holdTime: number;
  keepaliveTime: number | undefined;
  passive: boolean;
  /** `graceful restart [on|aware|off]`: aware (the default) advertises no address family. */
  gracefulRestart: 'on' | 'aware' | 'off';
}

export interface BirdConfig {
  routerId: number | undefined;
  /** `log "FILE" …;` — where the log goes, or `stderr`/`syslog`. */
  log: string | undefined;
  functions: Map<string, Stmt[]>;
  filters: Map<string, Stmt[]>;
  protocols: ProtoConfig[];
}

export class ConfigError extends Error {
  readonly line: number;
  readonly col: number;
  constructor(message: string, line: number, col: number) {
    super(message);
    this.line = line;
    this.col = col;
  }
}

const CHANNEL_DEFAULT: ChannelConfig = {
  importFilter: { kind: 'all' },
  exportFilter: { kind: 'none' },
  gatewayRecursive: undefined,
  addPaths: 'off',
  preference: undefined,
  nextHopSelf: false,
};

function protoDefaults(type: ProtoType, name: string): ProtoConfig {
  return {
    type,
    name,
    channel: undefined,
    description: undefined,
    disabled: false,
    debugStates: false,
    learn: false,
    persist: false,
    scanTime: 60,
    metric: 32,
    interfaces: [],
    routes: [],
    localAs: undefined,
    localAddr: undefined,
    neighbor: undefined,
    neighborAs: undefined,
    sourceAddress: undefined,
    multihop: false,
    connectDelay: 5,
    connectRetry: 120,
    errorWait: [60, 300],
    holdTime: 240,
    keepaliveTime: undefined,
    passive: false,
    gracefulRestart: 'aware',
  };
}

/** Parses `text`; throws ConfigError with BIRD's message and position. */
export function parseBirdConfig(text: string): BirdConfig {
  const toks = lexBird(text);
  if (!Array.isArray(toks)) throw new ConfigError(toks.error, toks.line, toks.col);
  return new Parser(toks).config();
}

/**
 * `show route where EXPR` (accept when it holds) or `filter { … }` on one line: the filter body
 * and the text after it — bison ends the term at a `show route` keyword (`… where X count`).
 */
export function parseWhere(text: string, block = false): { body: Stmt[]; rest: string } {
  const toks = lexBird(text);
  if (!Array.isArray(toks)) throw new ConfigError(toks.error, toks.line, toks.col);
  const p = new Parser(toks);
  const body = block ? p.filterBody() : p.whereBody();
  const next = p.routeArgsRest();
  return { body, rest: next ? text.slice(next.col - 1) : '' };
}

const ROUTE_ARGS = [
  'all',
  'count',
  'primary',
  'for',
  'table',
  'protocol',
  'export',
  'filter',
  'where',
];

class Parser {
  private i = 0;
  private readonly cfg: BirdConfig = {
    routerId: undefined,
    log: undefined,
    functions: new Map(),
    filters: new Map(),
    protocols: [],
  };
  private readonly templates = new Map<string, ProtoConfig>();
  private readonly counters = new Map<string, number>();

  private readonly toks: Tok[];
  constructor(toks: Tok[]) {
    this.toks = toks;
  }

  config(): BirdConfig {
    while (this.peek().kind !== 'eof') this.item();
    if (this.cfg.protocols.length === 0) {
      throw new ConfigError('No protocol is specified in the config file', 1, 1);
    }
    return this.cfg;
  }

  filterBody(): Stmt[] {
    return this.block();
  }

  whereBody(): Stmt[] {
    const cond = this.expr();
    return [{ k: 'if', cond, body: [{ k: 'accept' }] }, { k: 'reject' }];
  }

  /** After a `show route` filter: the next `show route` keyword, if any; else the end. */
  routeArgsRest(): Tok | undefined {
    const t = this.peek();
    if (t.kind === 'eof') return undefined;
    if (t.kind !== 'word' || !ROUTE_ARGS.includes(t.text)) this.fail(t);
    return t;
  }

  private peek(k = 0): Tok {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)];
  }
  private next(): Tok {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private is(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'word' || t.kind === 'sym') && t.text === text;
  }
  private take(text: string): boolean {
    if (!this.is(text)) return false;
    this.i++;
    return true;
  }
  private fail(t: Tok, expecting?: string): never {
    throw new ConfigError(
      `syntax error, unexpected ${tokName(t)}${expecting ? `, expecting ${expecting}` : ''}`,
      t.line,
      t.col,
    );
  }
  private expect(text: string): void {
    if (!this.take(text)) this.fail(this.peek(), text.length === 1 ? `'${text}'` : text);
  }
  private num(): number {
    const t = this.next();
    if (t.kind !== 'num') this.fail(t, 'NUM');
    return Number(t.text);
  }
  private ip(): number {
    const t = this.next();
    const a = t.kind === 'ip' ? parseIpv4(t.text) : undefined;
    if (a === undefined) this.fail(t, 'IP4');
    return a;
  }
  private prefix(): Prefix {
    const t = this.next();
    const p = t.kind === 'prefix' ? parsePrefix(t.text) : undefined;
    if (!p) this.fail(t, 'NET_IP4');
    if (p.len < 32 && (p.addr & (2 ** (32 - p.len) - 1)) !== 0) {
      // BIRD points at the last token it read: the length after the slash.
      const net = `${formatIpv4((p.addr & ~(2 ** (32 - p.len) - 1)) >>> 0)}/${p.len}`;
      throw new ConfigError(
        `Invalid IPv4 prefix ${t.text}, maybe you wanted ${net}`,
        t.line,
        t.col + t.text.indexOf('/') + 1,
      );
    }
    return p;
  }
  private name(): string {
    const t = this.next();
    if (t.kind === 'word' && isKeyword(t.text)) this.fail(t);
    if (t.kind !== 'word') this.fail(t, 'CF_SYM_UNDEFINED');
    return t.text;
  }
  /** Skips to the `;` that ends an option the lab does not model (nested braces included). */
  private skipStatement(): void {
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') this.fail(t, "';'");
      if (t.text === '{' && t.kind === 'sym') depth++;
      if (t.text === '}' && t.kind === 'sym') depth--;
      if (depth <= 0 && t.kind === 'sym' && (t.text === ';' || (t.text === '}' && depth === 0))) {
        if (t.text === '}') this.take(';');
        return;
      }
    }
  }

  private item(): void {
    const t = this.peek();
    if (this.take('log')) {
      const w = this.next();
      if (w.kind === 'str') this.cfg.log = w.text;
      else if (w.text === 'stderr' || w.text === 'syslog') this.cfg.log = w.text;
      else this.fail(w);
      this.skipStatement();
      return;
    }
    if (this.take('router')) {
      this.expect('id');
      this.cfg.routerId = this.ip();
      this.expect(';');
      return;
    }
    if (this.take('function')) {
      const n = this.peek();
      const name = this.name();
      this.define(name, n);
      this.expect('(');
      this.expect(')');
      this.cfg.functions.set(name, this.block());
      return;
    }
    if (this.take('filter')) {
      const n = this.peek();
      const name = this.name();
      this.define(name, n);
      this.cfg.filters.set(name, this.block());
      return;
    }
    if (this.is('protocol') || this.is('template')) {
      this.protocol(this.next().text === 'template');
      return;
    }
    if (this.is('debug') || this.is('timeformat') || this.is('graceful') || this.is('watchdog')) {
      this.skipStatement();
      return;
    }
    this.fail(t);
  }

  private protocol(template: boolean): void {
    const typeTok = this.next();
    const type = typeTok.text as ProtoType;
    if (!['kernel', 'device', 'direct', 'static', 'bgp'].includes(type)) this.fail(typeTok);
    let name: string | undefined;
    if (this.peek().kind === 'word' && !this.is('from')) name = this.name();
    // bison reduces the name with the next token in hand: BIRD points at that token.
    if (name) this.define(name, this.peek());
    if (template && !name) this.fail(this.peek(), 'CF_SYM_UNDEFINED');
    let p: ProtoConfig;
    if (this.take('from')) {
      const fromTok = this.peek();
      const base = this.templates.get(this.name());
      if (!base) this.fail(fromTok, 'CF_SYM_KNOWN');
      p = JSON.parse(JSON.stringify(base)) as ProtoConfig;
      p.type = type;
    } else p = protoDefaults(type, '');
    // A default name skips the names already taken (`static1` given, the next is `static2`).
    while (!template && !name) {
      const n = (this.counters.get(type) ?? 0) + 1;
      this.counters.set(type, n);
      if (!this.defined(`${type}${n}`)) name = `${type}${n}`;
    }
    p.name = name ?? '';
    this.expect('{');
    while (!this.is('}')) this.option(p);
    const close = this.next();
    this.take(';');
    if (template) {
      this.templates.set(p.name, p);
      return;
    }
    if (type === 'bgp') {
      if (p.neighbor === undefined) {
        throw new ConfigError('Neighbor must be configured', close.line, close.col);
      }
      if (p.localAs === undefined) {
        throw new ConfigError('Local AS number must be set', close.line, close.col);
      }
      if (p.neighborAs === undefined) {
        throw new ConfigError('Remote AS number (or peer type) must be set', close.line, close.col);
      }
      p.channel ??= { ...CHANNEL_DEFAULT };
    }
    if ((type === 'kernel' || type === 'static' || type === 'direct') && !p.channel) {
      if (type === 'direct') p.channel = { ...CHANNEL_DEFAULT };
      else throw new ConfigError('Channel not specified', close.line, close.col);
    }
    this.cfg.protocols.push(p);
  }

  /** Filters, functions, templates and protocols share BIRD's one symbol table. */
  private defined(name: string): boolean {
    const c = this.cfg;
    return (
      c.filters.has(name) ||
      c.functions.has(name) ||
      this.templates.has(name) ||
      c.protocols.some((q) => q.name === name)
    );
  }
  private define(name: string, at: Tok): void {
    if (this.defined(name)) {
      throw new ConfigError(`Symbol '${name}' already defined`, at.line, at.col);
    }
  }

  private option(p: ProtoConfig): void {
    const t = this.peek();
    if (t.kind === 'eof') this.fail(t, "'}'");
    const w = t.text;
    this.next();
    switch (w) {
      case 'ipv4':
        p.channel ??= { ...CHANNEL_DEFAULT };
        if (this.take('{')) {
          while (!this.is('}')) this.channelOption(p.channel);
          this.next();
          this.expect(';');
        } else if (!this.take(';')) this.fail(this.peek(), "';' or '{'");
        return;
      case 'description': {
        const s = this.next();
        if (s.kind !== 'str') this.fail(s, 'TEXT');
        p.description = s.text;
        this.expect(';');
        return;
      }
      case 'disabled':
        p.disabled = !this.take('off') && (this.take('on') || this.take('yes') || true);
        this.expect(';');
        return;
      case 'learn':
        p.learn = true;
        this.take('all');
        this.expect(';');
        return;
      case 'persist':
        p.persist = !this.take('off');
        this.take('on');
        this.expect(';');
        return;
      case 'scan':
        this.expect('time');
        p.scanTime = this.num();
        this.expect(';');
        return;
      case 'metric':
        p.metric = this.num();
        this.expect(';');
        return;
      case 'interface':
        do {
          const negate = this.take('-');
          const s = this.next();
          if (s.kind !== 'str') this.fail(s, 'TEXT');
          p.interfaces.push({ negate, glob: s.text });
        } while (this.take(','));
        this.expect(';');
        return;
      case 'route':
        p.routes.push(this.staticRoute());
        return;
      case 'neighbor':
        p.neighbor = this.ip();
        if (this.take('as')) p.neighborAs = this.num();
        this.expect(';');
        return;
      case 'local':
        if (this.peek().kind === 'ip') p.localAddr = this.ip();
        if (this.take('as')) p.localAs = this.num();
        this.expect(';');
        return;
      case 'source':
        this.expect('address');
        p.sourceAddress = this.ip();
        this.expect(';');
        return;
      case 'multihop':
        p.multihop = true;
        if (this.peek().kind === 'num') this.num();
        this.expect(';');
        return;
      case 'passive':
        p.passive = !this.take('off');
        this.take('on');
        this.expect(';');
        return;
      case 'connect':
        if (this.take('delay')) {
          this.expect('time');
          p.connectDelay = this.num();
        } else {
          this.expect('retry');
          this.expect('time');
          p.connectRetry = this.num();
        }
        this.expect(';');
        return;
      case 'error':
        this.expect('wait');
        this.expect('time');
        p.errorWait = [this.num(), 0];
        this.expect(',');
        p.errorWait[1] = this.num();
        this.expect(';');
        return;
      case 'hold':
        this.expect('time');
        p.holdTime = this.num();
        this.expect(';');
        return;
      case 'keepalive':
        this.expect('time');
        p.keepaliveTime = this.num();
        this.expect(';');
        return;
      case 'debug': {
        const from = this.i;
        this.skipStatement();
        const words = this.toks.slice(from, this.i).map((t) => t.text);
        p.debugStates = words.includes('all') || words.includes('states');
        return;
      }
      case 'graceful': {
        const from = this.i;
        this.skipStatement();
        const words = this.toks.slice(from, this.i).map((t) => t.text);
        // `graceful restart time N;` sets the time only (kept at 120 here).
        if (!words.includes('time'))
          p.gracefulRestart = words.includes('aware')
            ? 'aware'
            : words.includes('off') || words.includes('no')
              ? 'off'
              : 'on';
        return;
      }
      case 'merge':
      case 'check':
      case 'kernel':
      case 'table':
      case 'ipv6':
        this.skipStatement();
        return;
      default:
        this.fail(t);
    }
  }

  private channelOption(c: ChannelConfig): void {
    const t = this.next();
    switch (t.text) {
      case 'import':
      case 'export': {
        const spec = this.filterSpec();
        if (t.text === 'import') c.importFilter = spec;
        else c.exportFilter = spec;
        return;
      }
      case 'gateway':
        if (this.take('recursive')) c.gatewayRecursive = true;
        else if (this.take('direct')) c.gatewayRecursive = false;
        else this.fail(this.peek(), 'DIRECT or RECURSIVE');
        this.expect(';');
        return;
      case 'add':
        this.expect('paths');
        if (this.take('on') || this.take('yes')) c.addPaths = 'on';
        else if (this.take('rx')) c.addPaths = 'rx';
        else if (this.take('tx')) c.addPaths = 'tx';
        else if (this.take('off') || this.take('no')) c.addPaths = 'off';
        else c.addPaths = 'on';
        this.expect(';');
        return;
      case 'preference':
        c.preference = this.num();
        this.expect(';');
        return;
      case 'next':
        this.expect('hop');
        this.expect('self');
        c.nextHopSelf = true;
        this.expect(';');
        return;
      case 'table':
      case 'import_limit':
      case 'receive':
        this.skipStatement();
        return;
      default:
        this.fail(t);
    }
  }

  private filterSpec(): FilterSpec {
    if (this.take('all')) {
      this.expect(';');
      return { kind: 'all' };
    }
    if (this.take('none')) {
      this.expect(';');
      return { kind: 'none' };
    }
    if (this.take('filter')) {
      if (this.is('{')) {
        const body = this.block();
        this.take(';');
        return { kind: 'inline', body };
      }
      // `filter` takes a block or a known name: bison lists neither.
      const n = this.next();
      if (n.kind !== 'word' || !this.cfg.filters.has(n.text)) this.fail(n);
      const name = n.text;
      this.expect(';');
      return { kind: 'named', name };
    }
    if (this.take('where')) {
      const cond = this.expr();
      this.expect(';');
      return {
        kind: 'inline',
        body: [{ k: 'if', cond, body: [{ k: 'accept' }] }, { k: 'reject' }],
      };
    }
    // `import`/`export` also take LIMIT, KEEP, TABLE, IN, …: too many for bison to list.
    return this.fail(this.peek());
  }

  private staticRoute(): StaticRoute {
    const net = this.prefix();
    if (this.take('via')) {
      const r: StaticRoute = { net, kind: 'via', via: this.ip() };
      // `onlink`, `weight`, `bfd`, `mpls`, `{`… may follow a gateway: bison lists none.
      if (!this.take(';')) this.fail(this.peek());
      return r;
    }
    let r: StaticRoute;
    if (this.take('blackhole') || this.take('drop')) r = { net, kind: 'blackhole' };
    else if (this.take('unreachable')) r = { net, kind: 'unreachable' };
    else if (this.take('prohibit')) r = { net, kind: 'prohibit' };
    else this.fail(this.peek());
    if (!this.take(';')) this.fail(this.peek(), "';' or '{'");
    return r;
  }

  // --- the filter language ---

  private block(): Stmt[] {
    this.expect('{');
    const out: Stmt[] = [];
    while (!this.take('}')) out.push(this.stmt());
    return out;
  }

  private stmt(): Stmt {
    const t = this.peek();
    if (this.take('if')) {
      const cond = this.expr();
      this.expect('then');
      const then = this.body();
      const els = this.take('else') ? this.body() : undefined;
      return els ? { k: 'if', cond, body: then, else: els } : { k: 'if', cond, body: then };
    }
    if (this.take('accept') || this.take('reject')) {
      if (this.peek().kind === 'str') this.next();
      // An expression may follow, so bison lists no expected tokens.
      if (!this.take(';')) this.fail(this.peek());
      return { k: t.text as 'accept' | 'reject' };
    }
    if (t.kind === 'word' && this.cfg.functions.has(t.text)) {
      this.next();
      this.expect('(');
      this.expect(')');
      this.expect(';');
      return { k: 'call', name: t.text };
    }
    return this.fail(t);
  }

  private body(): Stmt[] {
    if (this.is('{')) {
      const b = this.block();
      this.take(';');
      return b;
    }
    return [this.stmt()];
  }

  private expr(): Expr {
    let a = this.andExpr();
    while (this.take('||')) a = { k: 'bin', op: '||', a, b: this.andExpr() };
    return a;
  }
  private andExpr(): Expr {
    let a = this.notExpr();
    while (this.take('&&')) a = { k: 'bin', op: '&&', a, b: this.notExpr() };
    return a;
  }
  private notExpr(): Expr {
    if (this.take('!')) return { k: 'not', e: this.notExpr() };
    const a = this.primary();
    for (const op of ['=', '!=', '~', '!~'] as const) {
      if (this.take(op)) return { k: 'bin', op, a, b: this.primary() };
    }
    return a;
  }
  private primary(): Expr {
    const t = this.peek();
    if (this.take('(')) {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (this.take('[')) return { k: 'set', items: this.prefixSet() };
    if (t.kind === 'prefix') return { k: 'prefix', p: this.prefix() };
    if (t.kind === 'num') return { k: 'const', v: this.num() };
    if (t.kind === 'str') return { k: 'const', v: this.next().text };
    if (t.kind === 'word') {
      this.next();
      if (t.text === 'net' || t.text === 'source' || t.text === 'proto' || t.text === 'dest') {
        return { k: t.text };
      }
      if (t.text === 'true' || t.text === 'false') return { k: 'const', v: t.text === 'true' };
      if (/^(RTS|RTD)_[A-Z0-9_]+$/.test(t.text)) return { k: 'const', v: t.text };
    }
    return this.fail(t);
  }
  private prefixSet(): PrefixPattern[] {
    const items: PrefixPattern[] = [];
    do {
      const p = this.prefix();
      let lo = p.len;
      let hi = p.len;
      if (this.take('+')) hi = 32;
      else if (this.take('-')) lo = 0;
      else if (this.take('{')) {
        lo = this.num();
        this.expect(',');
        hi = this.num();
        this.expect('}');
      }
      items.push({ addr: p.addr, len: p.len, lo, hi });
    } while (this.take(','));
    this.expect(']');
    return items;
  }
}
