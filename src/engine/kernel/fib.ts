/**
 * The forwarding information base: routing tables (local 255, main 254, any other number),
 * longest-prefix match, and the order `ip route` dumps them in (the kernel walks its LC-trie by
 * destination, longer prefixes of the same key first). Route semantics follow
 * net/ipv4/fib_frontend.c and fib_semantics.c.
 */
import type { NetDevice } from './device';
import { type Ipv4, maskOf } from './inet';

export const TABLE = { unspec: 0, default: 253, main: 254, local: 255 } as const;

export const RTN = {
  unspec: 0,
  unicast: 1,
  local: 2,
  broadcast: 3,
  anycast: 4,
  multicast: 5,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
  throw: 9,
  nat: 10,
} as const;
export type RouteType = keyof typeof RTN;

export const SCOPE = { universe: 0, site: 200, link: 253, host: 254, nowhere: 255 } as const;

/** /etc/iproute2/rt_protos as shipped by Debian's iproute2 6.1. */
export const PROTO_NAMES: Record<number, string> = {
  0: 'unspec',
  1: 'redirect',
  2: 'kernel',
  3: 'boot',
  4: 'static',
  8: 'gated',
  9: 'ra',
  10: 'mrt',
  11: 'zebra',
  12: 'bird',
  13: 'dnrouted',
  14: 'xorp',
  15: 'ntk',
  16: 'dhcp',
  18: 'keepalived',
  42: 'babel',
  99: 'openr',
  186: 'bgp',
  187: 'isis',
  188: 'ospf',
  189: 'rip',
  192: 'eigrp',
};
export const PROTO = { kernel: 2, boot: 3, static: 4 } as const;

export interface Route {
  table: number;
  type: RouteType;
  dst: Ipv4;
  len: number;
  tos: number;
  protocol: number;
  scope: number;
  prefsrc?: Ipv4;
  gateway?: Ipv4;
  dev?: NetDevice;
  metric: number;
  onlink: boolean;
  /** RTAX_MTU: a smaller path MTU for this route (`mtu [lock] N`). */
  mtu?: RouteMetric;
  /** RTAX_ADVMSS: the MSS TCP advertises over it. */
  advmss?: RouteMetric;
}

/** A route metric as `ip route` sets it: a value, `lock`ed or not. */
export interface RouteMetric {
  value: number;
  locked: boolean;
}

/** The tables fib_lookup consults with the default rules, in order. */
const LOOKUP_TABLES = [TABLE.local, TABLE.main, TABLE.default] as const;
/** Destinations `Fib.lookup` remembers before it starts again (bounded memory). */
const LOOKUP_CACHE_MAX = 4096;

export class Fib {
  private routes: Route[] = [];
  /**
   * `routes` of the tables `lookup` consults (LOOKUP_TABLES), each in insertion order: made by
   * the first lookup after a change, so the packet path scans only those (perf only).
   */
  private lookupLists: Route[][] | undefined;
  /**
   * Results of `lookup(dst)` without a filter since the last change (the kernel's FIB is a trie;
   * here a scan, so the packet path remembers its answers). Cleared with `lookupLists`.
   */
  private cache = new Map<Ipv4, Route | null>();
  /** Tables that exist: local and main from the start, others once a route went in. */
  private tables = new Set<number>([TABLE.main, TABLE.local]);

  hasTable(id: number): boolean {
    return this.tables.has(id);
  }

  /** Every route, in the order the kernel dumps them (by table, then trie order). */
  all(): Route[] {
    return [...this.routes].sort(compareRoutes);
  }

  table(id: number): Route[] {
    return this.all().filter((r) => r.table === id);
  }

  add(route: Route): void {
    this.tables.add(route.table);
    this.routes.push(route);
    this.changed();
  }

  /** `ip route prepend`: the route goes in before `first`, so it wins among equals. */
  addBefore(first: Route, route: Route): void {
    this.tables.add(route.table);
    this.routes.splice(this.routes.indexOf(first), 0, route);
    this.changed();
  }

  remove(route: Route): void {
    const i = this.routes.indexOf(route);
    if (i >= 0) this.routes.splice(i, 1);
    this.changed();
  }

  removeWhere(pred: (r: Route) => boolean): Route[] {
    const gone = this.routes.filter(pred);
    this.routes = this.routes.filter((r) => !pred(r));
    this.changed();
    return gone;
  }

  private changed(): void {
    this.lookupLists = undefined;
    this.cache.clear();
  }

  /** Routes with the same key as `r` in its table (dst/len, tos, metric): the EXCL check. */
  findSameKey(r: Pick<Route, 'table' | 'dst' | 'len' | 'tos' | 'metric'>): Route | undefined {
    return this.routes.find(
      (x) =>
        x.table === r.table &&
        x.dst === r.dst &&
        x.len === r.len &&
        x.tos === r.tos &&
        x.metric === r.metric,
    );
  }

  /**
   * fib_lookup with the default rules: the local table, then main, then default. Within a table,
   * the longest prefix wins, then the lowest metric, then the route added first.
   */
  lookup(dst: Ipv4, accept?: (r: Route) => boolean): Route | undefined {
    if (accept !== undefined) return this.scan(dst, accept);
    const known = this.cache.get(dst);
    if (known !== undefined) return known ?? undefined;
    const r = this.scan(dst, undefined);
    if (this.cache.size >= LOOKUP_CACHE_MAX) this.cache.clear();
    this.cache.set(dst, r ?? null);
    return r;
  }

  private scan(dst: Ipv4, accept: ((r: Route) => boolean) | undefined): Route | undefined {
    this.lookupLists ??= LOOKUP_TABLES.map((t) => this.routes.filter((r) => r.table === t));
    for (const routes of this.lookupLists) {
      const best = bestIn(routes, dst, accept);
      if (best && best.type !== 'throw') return best;
    }
    return undefined;
  }
}

/** The best match for `dst` among `routes` (one table), as `Fib.lookup` ranks them. */
function bestIn(
  routes: readonly Route[],
  dst: Ipv4,
  accept: ((r: Route) => boolean) | undefined,
): Route | undefined {
  let best: Route | undefined;
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i];
    // inPrefix(dst, r.dst/r.len), without building the prefix.
    if (((dst ^ r.dst) & maskOf(r.len)) !== 0 || (accept !== undefined && !accept(r))) continue;
    if (!best || r.len > best.len || (r.len === best.len && r.metric < best.metric)) best = r;
  }
  return best;
}

/** Dump order: table (local after main, as the kernel's table list), dst, longer prefix first. */
function compareRoutes(a: Route, b: Route): number {
  return (
    tableOrder(a.table) - tableOrder(b.table) ||
    ((a.dst & maskOf(a.len)) >>> 0) - ((b.dst & maskOf(b.len)) >>> 0) ||
    b.len - a.len ||
    b.tos - a.tos ||
    a.metric - b.metric
  );
}

function tableOrder(t: number): number {
  return t === TABLE.main ? -2 : t === TABLE.local ? 1_000_000 : t;
}
