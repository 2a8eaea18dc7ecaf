/**
 * `ip route`: show/list, add/replace/append/change/del, get, flush (ip/iproute.c).
 */
import type { NetDevice } from '../../../kernel/device';
import { type Errno, kerr } from '../../../kernel/errors';
import {
  PROTO,
  PROTO_NAMES,
  type Route,
  type RouteMetric,
  type RouteType,
  RTN,
  SCOPE,
  TABLE,
} from '../../../kernel/fib';
import { formatIpv4, type Ipv4, parseIpv4 } from '../../../kernel/inet';
import { routeOutput as kernelRouteOutput, type OutRouteResult } from '../../../kernel/ipv4-route';
import { readSysctl } from '../../../kernel/procfs';
import { type RouteAddMode, type RouteRequest, routeAdd, routeDel } from '../../../kernel/rtnl';
import type { CommandResult } from '../../command';
import { err, findDevice, type IpContext, incomplete, invarg, netlinkFailed, out } from './context';
import { printRoute, routeJson, tableName } from './format';
import { formatJson, type Json } from './json';
import { matches } from './matches';
import { ROUTE_USAGE } from './route-usage';
import { ipv6Routes } from './route6';

/** The output route of `ip route get`: the kernel's answer, with the FIB entry it used. */
function routeOutput(
  ns: IpContext['ns'],
  dst: Ipv4,
  oif?: NetDevice,
):
  | { ok: true; value: { route: Route; dev: NetDevice; src: Ipv4 } }
  | { ok: false; error: { errno: Extract<OutRouteResult, { ok: false }>['errno'] } } {
  const r = kernelRouteOutput(ns, dst, oif);
  if (!r.ok) return { ok: false, error: { errno: r.errno } };
  const route: Route = r.value.route ?? {
    table: TABLE.main,
    type: 'unicast',
    dst,
    len: 32,
    tos: 0,
    protocol: PROTO.boot,
    scope: SCOPE.link,
    dev: r.value.dev,
    metric: 0,
    onlink: false,
  };
  return { ok: true, value: { route, dev: r.value.dev, src: r.value.src } };
}

export function ipRoute(ip: IpContext, argv: string[]): CommandResult {
  const [sub, ...rest] = argv;
  if (sub === undefined) return show(ip, []);
  if (matches(sub, 'add')) return modify(ip, rest, 'add');
  if (matches(sub, 'change')) return modify(ip, rest, 'change');
  if (matches(sub, 'replace')) return modify(ip, rest, 'replace');
  if (matches(sub, 'prepend')) return modify(ip, rest, 'prepend');
  if (matches(sub, 'append')) return modify(ip, rest, 'append');
  if (matches(sub, 'delete')) return del(ip, rest);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return show(ip, rest);
  if (matches(sub, 'get')) return get(ip, rest);
  if (matches(sub, 'flush')) return flush(ip, rest);
  return err(ip, `Command "${sub}" is unknown, try "ip route help".`, 255);
}

const TYPES = Object.keys(RTN) as RouteType[];
const SCOPES: Record<string, number> = {
  global: SCOPE.universe,
  universe: SCOPE.universe,
  site: SCOPE.site,
  link: SCOPE.link,
  host: SCOPE.host,
  nowhere: SCOPE.nowhere,
};

function parseTable(v: string): number | undefined {
  if (v === 'main') return TABLE.main;
  if (v === 'local') return TABLE.local;
  if (v === 'default') return TABLE.default;
  if (v === 'all' || v === 'unspec') return TABLE.unspec;
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

function parseProto(v: string): number | undefined {
  const named = Object.entries(PROTO_NAMES).find(([, n]) => n === v);
  if (named) return Number(named[0]);
  return /^\d+$/.test(v) && Number(v) < 256 ? Number(v) : undefined;
}

/** `default`, `A.B.C.D/LEN` or `A.B.C.D` (a host route). */
function parseDst(v: string): { dst: Ipv4; len: number } | undefined {
  if (v === 'default' || v === 'all' || v === 'any') return { dst: 0, len: 0 };
  const [a, l] = v.split('/');
  const dst = parseIpv4(a);
  if (dst === undefined) return undefined;
  if (l === undefined) return { dst, len: 32 };
  if (!/^\d{1,2}$/.test(l) || Number(l) > 32) return undefined;
  return { dst, len: Number(l) };
}

interface RouteArgs {
  type?: RouteType;
  dst?: { dst: Ipv4; len: number };
  gateway?: Ipv4;
  dev?: NetDevice;
  prefsrc?: Ipv4;
  metric?: number;
  protocol?: number;
  scope?: number;
  table?: number;
  onlink: boolean;
  /** How `dst` selects in a listing: exactly (the default), `root` (it and longer), `match` (covering it). */
  dstMode?: 'exact' | 'root' | 'match';
  mtu?: RouteMetric;
  advmss?: RouteMetric;
}

function parseArgs(ip: IpContext, argv: string[]): RouteArgs | number {
  const r: RouteArgs = { onlink: false };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    const next = (): string | undefined => argv[++i];
    if (w === 'via') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      const g = parseIpv4(v === 'inet' ? (next() ?? '') : v);
      if (g === undefined) return invarg(ip, 'invalid gateway address', v);
      r.gateway = g;
    } else if (w === 'dev' || matches(w, 'oif')) {
      const v = next();
      if (v === undefined) return incomplete(ip);
      const d = findDevice(ip, v);
      if (typeof d === 'number') return d;
      r.dev = d;
    } else if (w === 'src') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      const s = parseIpv4(v);
      if (s === undefined) return invarg(ip, 'invalid source address', v);
      r.prefsrc = s;
    } else if (w === 'metric' || matches(w, 'priority') || w === 'preference') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      if (!/^\d+$/.test(v)) return invarg(ip, '"metric" value is invalid\n', v);
      r.metric = Number(v);
    } else if (matches(w, 'protocol')) {
      const v = next();
      if (v === undefined) return incomplete(ip);
      const p = parseProto(v);
      if (p === undefined) return invarg(ip, '"protocol" value is invalid\n', v);
      r.protocol = p;
    } else if (w === 'scope') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      const s = SCOPES[v] ?? (/^\d+$/.test(v) ? Number(v) : undefined);
      if (s === undefined) return invarg(ip, '"scope" value is invalid\n', v);
      r.scope = s;
    } else if (w === 'table') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      const t = parseTable(v);
      if (t === undefined) return invarg(ip, 'table id value is invalid\n', v);
      r.table = t;
    } else if (w === 'onlink') {
      r.onlink = true;
    } else if (w === 'mtu' || w === 'advmss') {
      let v = next();
      const locked = v === 'lock';
      if (locked) v = next();
      if (v === undefined) return incomplete(ip);
      if (!/^\d+$/.test(v)) return invarg(ip, `"${w}" value is invalid\n`, v);
      r[w] = { value: Number(v), locked };
    } else if (TYPES.includes(w as RouteType) && r.type === undefined && r.dst === undefined) {
      r.type = w as RouteType;
    } else if (w === 'type') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      if (!TYPES.includes(v as RouteType)) return invarg(ip, '"type" value is invalid\n', v);
      r.type = v as RouteType;
    } else {
      let v = w === 'to' ? next() : w;
      if (v === 'root' || v === 'match' || v === 'exact') {
        r.dstMode = v;
        v = next();
      }
      if (v === undefined) return incomplete(ip);
      if (r.dst !== undefined) {
        return err(ip, `Error: either "to" is duplicate, or "${v}" is a garbage.`, 255);
      }
      const d = parseDst(v);
      if (!d) return err(ip, `Error: any valid prefix is expected rather than "${v}".`, 1);
      r.dst = d;
    }
  }
  return r;
}

function modify(ip: IpContext, argv: string[], mode: RouteAddMode): number {
  const a = parseArgs(ip, argv);
  if (typeof a === 'number') return a;
  if (!a.dst) return err(ip, ROUTE_USAGE.trimEnd(), 255);
  const type = a.type ?? 'unicast';
  let scope = a.scope;
  if (scope === undefined) {
    if (type === 'local' || type === 'nat') scope = SCOPE.host;
    else if (type === 'broadcast' || type === 'multicast' || type === 'anycast') scope = SCOPE.link;
    else if (type === 'unicast' && a.gateway === undefined) scope = SCOPE.link;
    else scope = SCOPE.universe;
  }
  const req: RouteRequest = {
    table: a.table ?? (type === 'local' || type === 'broadcast' ? TABLE.local : TABLE.main),
    type,
    dst: a.dst.dst,
    len: a.dst.len,
    tos: 0,
    protocol: a.protocol ?? PROTO.boot,
    scope,
    prefsrc: a.prefsrc,
    gateway: a.gateway,
    dev: a.dev,
    metric: a.metric ?? 0,
    onlink: a.onlink,
    mtu: a.mtu,
    advmss: a.advmss,
  };
  const failed = netlinkFailed(ip, routeAdd(ip.ns, req, mode));
  return failed ?? 0;
}

function del(ip: IpContext, argv: string[]): number {
  const a = parseArgs(ip, argv);
  if (typeof a === 'number') return a;
  if (!a.dst) return err(ip, 'need at least a destination address', 1);
  const failed = netlinkFailed(
    ip,
    routeDel(ip.ns, {
      table: a.table,
      dst: a.dst.dst,
      len: a.dst.len,
      protocol: a.protocol,
      scope: a.scope,
      type: a.type,
      gateway: a.gateway,
      dev: a.dev,
      metric: a.metric,
    }),
  );
  return failed ?? 0;
}

/** The routes `ip route show` lists for the given filters. */
function selected(ip: IpContext, a: RouteArgs): Route[] {
  const table = a.table ?? TABLE.main;
  return ip.ns.fib
    .all()
    .filter(
      (r) =>
        (table === TABLE.unspec || r.table === table) &&
        (a.dev === undefined || r.dev === a.dev) &&
        (a.protocol === undefined || r.protocol === a.protocol) &&
        (a.scope === undefined || r.scope === a.scope) &&
        (a.type === undefined || r.type === a.type) &&
        (a.gateway === undefined || r.gateway === a.gateway) &&
        (a.dst === undefined || dstSelects(a.dst, a.dstMode ?? 'exact', r)),
    );
}

/** `exact P`: that prefix; `root P`: P and the longer prefixes inside it; `match P`: covering P. */
function dstSelects(
  p: { dst: Ipv4; len: number },
  mode: 'exact' | 'root' | 'match',
  r: Route,
): boolean {
  const inside = (addr: Ipv4, net: Ipv4, len: number) =>
    len === 0 || ((addr ^ net) & ((0xffffffff << (32 - len)) >>> 0)) >>> 0 === 0;
  if (mode === 'exact') return r.dst === p.dst && r.len === p.len;
  if (mode === 'root') return r.len >= p.len && inside(r.dst, p.dst, p.len);
  return r.len <= p.len && inside(p.dst, r.dst, r.len);
}

/**
 * ip_route_input_slow's refusals for a forwarded destination (`ip route get … iif DEV`): no route
 * is ENETUNREACH, or EHOSTUNREACH when the input device does not forward; a unicast route on a
 * device that does not forward is EHOSTUNREACH too. Local destinations are always accepted.
 */
function inputRefused(ip: IpContext, inDev: NetDevice, dst: Ipv4): Errno | undefined {
  const forwarding = readSysctl(ip.ns, `net.ipv4.conf.${inDev.name}.forwarding`) === '1';
  const route = ip.ns.fib.lookup(dst);
  if (!route) return forwarding ? 'ENETUNREACH' : 'EHOSTUNREACH';
  if (route.type === 'local' || route.type === 'broadcast') return undefined;
  if (!forwarding) return 'EHOSTUNREACH';
  return undefined;
}

/** `cache expires Nsec mtu M ` for a learnt path MTU (rta_expires in USER_HZ, shown floored). */
function pmtuCache(ip: IpContext, dst: Ipv4): string {
  const now = ip.ns.machine.now();
  const mtu = ip.ns.ipv4.pathMtu(dst, now);
  const e = ip.ns.ipv4.pmtu.get(dst);
  if (mtu === undefined || !e) return '';
  return `expires ${Math.floor((e.expires - now) / 1_000_000)}sec mtu ${mtu} `;
}

/**
 * `ip route show cache`: the PMTU exceptions. The kernel keeps them in the nexthop of the route
 * that matched, and routes with identical attributes share one fib_info (one nexthop): the dump
 * walks routes, so an exception shows once per route sharing that nexthop.
 */
function showCache(ip: IpContext): number {
  const now = ip.ns.machine.now();
  let text = '';
  for (const dst of [...ip.ns.ipv4.pmtu.keys()]) {
    if (ip.ns.ipv4.pathMtu(dst, now) === undefined) continue;
    const r = routeOutput(ip.ns, dst);
    if (!r.ok) continue;
    const m = r.value.route;
    const same = (x: Route) =>
      x.table === m.table &&
      x.type === m.type &&
      x.gateway === m.gateway &&
      x.dev === m.dev &&
      x.protocol === m.protocol &&
      x.scope === m.scope &&
      x.prefsrc === m.prefsrc &&
      x.metric === m.metric &&
      x.onlink === m.onlink;
    for (const x of ip.ns.fib.all().filter(same)) {
      let line = `${formatIpv4(dst)} `;
      if (x.gateway !== undefined) line += `via ${formatIpv4(x.gateway)} `;
      if (x.dev) line += `dev ${x.dev.name} `;
      text += `${line}
    cache ${pmtuCache(ip, dst)}
`;
    }
  }
  out(ip, text);
  return 0;
}

function show(ip: IpContext, argv: string[]): number {
  if (argv[0] === 'cache' && ip.opts.family !== 'inet6') return showCache(ip);
  const a = parseArgs(ip, argv);
  if (typeof a === 'number') return a;
  if (ip.opts.family === 'inet6') {
    out(
      ip,
      ipv6Routes(ip.ns, a.table ?? TABLE.main)
        .map((l) => `${l}\n`)
        .join(''),
    );
    return 0;
  }
  const tableFiltered = a.table !== undefined && a.table !== TABLE.unspec;
  if (tableFiltered && !ip.ns.fib.hasTable(a.table as number)) {
    return err(ip, 'Error: ipv4: FIB table does not exist.\nDump terminated', 2);
  }
  const format = {
    tableFiltered,
    details: ip.opts.details,
    hideDev: a.dev !== undefined,
    hideVia: a.gateway !== undefined,
    hideProto: a.protocol !== undefined,
    hideScope: a.scope !== undefined,
  };
  if (ip.opts.json) {
    out(
      ip,
      `${formatJson(
        selected(ip, a).map((r) => routeJson(r, format)),
        ip.opts.pretty,
      )}\n`,
    );
    return 0;
  }
  out(
    ip,
    selected(ip, a)
      .map((r) => printRoute(r, format))
      .join(''),
  );
  // `table all` with no family dumps AF_UNSPEC: the IPv6 routes follow the IPv4 ones.
  if (a.table === TABLE.unspec && ip.opts.family === undefined && argv.length <= 2)
    out(
      ip,
      ipv6Routes(ip.ns, TABLE.unspec)
        .map((l) => `${l}\n`)
        .join(''),
    );
  return 0;
}

function flush(ip: IpContext, argv: string[]): number {
  if (argv[0] === 'cache' && ip.opts.family !== 'inet6') {
    // /proc/sys/net/ipv4/route/flush: the routing cache is gone since Linux 3.6, but the write
    // still drops the learned path MTUs (the exceptions `route show cache` lists).
    ip.ns.ipv4.pmtu.clear();
    return 0;
  }
  const a = parseArgs(ip, argv);
  if (typeof a === 'number') return a;
  if (argv.length === 0) return err(ip, '"ip route flush" requires arguments.', 1);
  for (const r of selected(ip, a)) ip.ns.fib.remove(r);
  return 0;
}

function get(ip: IpContext, argv: string[]): number {
  let dst: Ipv4 | undefined;
  let oif: NetDevice | undefined;
  let from: Ipv4 | undefined;
  let iif: string | undefined;
  let fibmatch = false;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === 'oif' || w === 'dev') {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      const d = findDevice(ip, v);
      if (typeof d === 'number') return d;
      oif = d;
    } else if (matches(w, 'from')) {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      from = parseIpv4(v.split('/')[0]);
      if (from === undefined)
        return err(ip, `Error: inet prefix is expected rather than "${v}".`, 1);
    } else if (matches(w, 'iif')) {
      iif = argv[++i];
      if (iif === undefined) return incomplete(ip);
    } else if (matches(w, 'mark') || w === 'tos' || matches(w, 'uid')) {
      i++;
    } else if (matches(w, 'fibmatch')) {
      fibmatch = true;
    } else if (matches(w, 'connected')) {
      // Accepted; the answer is the same in the lab.
    } else {
      const v = w === 'to' ? argv[++i] : w;
      if (v === undefined) return incomplete(ip);
      const parsed = parseIpv4(v.split('/')[0]);
      if (parsed === undefined) {
        return err(ip, `Error: any valid prefix is expected rather than "${v}".`, 1);
      }
      dst = parsed;
    }
  }
  if (dst === undefined) return err(ip, 'need at least a destination address', 1);
  if (iif !== undefined) {
    const inDev = findDevice(ip, iif);
    if (typeof inDev === 'number') return inDev;
    const refused = inputRefused(ip, inDev, dst);
    if (refused !== undefined) return netlinkFailed(ip, kerr(refused)) ?? 2;
  }
  const r = routeOutput(ip.ns, dst, oif);
  if (!r.ok) return netlinkFailed(ip, r) ?? 2;
  const { route, dev, src } = r.value;
  if (fibmatch) {
    out(ip, printRoute(route, { tableFiltered: false, details: false }));
    return 0;
  }
  if (ip.opts.json && iif === undefined) {
    const j: { [k: string]: Json } = {};
    if (route.type !== 'unicast') j.type = route.type;
    j.dst = formatIpv4(dst);
    if (from !== undefined) j.from = formatIpv4(from);
    if (route.gateway !== undefined) j.gateway = formatIpv4(route.gateway);
    j.dev = dev.name;
    if (from === undefined) j.prefsrc = formatIpv4(src);
    j.flags = [];
    j.uid = 0;
    j.cache =
      route.type === 'local' ? ['local'] : route.type === 'broadcast' ? ['local', 'brd'] : [];
    out(ip, `${formatJson([j], ip.opts.pretty)}\n`);
    return 0;
  }
  let line = '';
  if (route.type !== 'unicast') line += `${route.type} `;
  line += `${formatIpv4(dst)} `;
  if (from !== undefined) line += `from ${formatIpv4(from)} `;
  if (route.gateway !== undefined) line += `via ${formatIpv4(route.gateway)} `;
  line += `dev ${dev.name} `;
  if (route.table !== TABLE.main && route.table !== TABLE.local) {
    line += `table ${tableName(route.table)} `;
  }
  // A lookup for input (`iif`) is the forwarding decision: no source choice and no uid.
  if (iif !== undefined) {
    out(ip, `${line}\n    cache iif ${iif} \n`);
    return 0;
  }
  if (from === undefined) line += `src ${formatIpv4(src)} `;
  line += 'uid 0 \n    cache ';
  if (route.type === 'local') line += '<local> ';
  else if (route.type === 'broadcast') line += '<local,brd> ';
  else {
    // The cached route carries the route's own metrics (RTAX_MTU) unless a PMTU was learnt.
    const learnt = pmtuCache(ip, dst);
    const mtu = route.mtu;
    line += learnt || (mtu ? `mtu ${mtu.locked ? 'lock ' : ''}${mtu.value} ` : '');
  }
  out(ip, `${line}\n`);
  return 0;
}
