/**
 * Route resolution for the packet path (net/ipv4/route.c): the output route of a locally
 * generated packet (`ip_route_output_key` with source selection as `inet_select_addr` and
 * `fib_result_prefsrc` do it) and the input route of a received one. The FIB itself is fib.ts.
 *
 * Left out: policy routing rules (only local, main, default tables), multipath, route caching,
 * martian-source checks other than loopback/multicast sources, rp_filter (treated as 0).
 */
import type { NetDevice } from './device';
import type { Errno } from './errors';
import { type Route, SCOPE } from './fib';
import { type Ipv4, inPrefix } from './inet';
import type { Netns } from './netns';

export interface OutRoute {
  /** What kind of destination: sent out a device, to ourselves (via lo), or broadcast. */
  type: 'unicast' | 'local' | 'broadcast';
  /** The device the packet leaves by (lo for a local destination). */
  dev: NetDevice;
  /** The address to resolve on `dev` (the gateway, else the destination). */
  nexthop: Ipv4;
  src: Ipv4;
  /** The FIB entry, absent when `-I dev` made the destination on-link without a route. */
  route: Route | undefined;
}

export type OutRouteResult = { ok: true; value: OutRoute } | { ok: false; errno: Errno };

/** Whether `addr` is one of this namespace's own addresses (a `local` route in the local table). */
export function isLocalAddr(ns: Netns, addr: Ipv4): boolean {
  return ns.fib.lookup(addr)?.type === 'local';
}

/**
 * inet_select_addr: a primary address of `dev` within `scope` (one on the same subnet as `dst`
 * preferred), else a global one from any device of the namespace.
 */
export function selectSourceAddr(
  ns: Netns,
  dev: NetDevice | undefined,
  dst: Ipv4,
  scope: 'link' | 'host',
): Ipv4 | undefined {
  const limit = scope === 'link' ? SCOPE.link : SCOPE.host;
  let first: Ipv4 | undefined;
  if (dev) {
    for (const a of dev.addrs) {
      if (a.secondary || a.scope > limit) continue;
      if (dst === 0 || inPrefix(dst, { addr: a.addr, len: a.len })) return a.addr;
      first ??= a.addr;
    }
    if (first !== undefined) return first;
  }
  for (const d of ns.devices) {
    for (const a of d.addrs)
      if (!a.secondary && a.scope !== SCOPE.link && a.scope <= limit) return a.addr;
  }
  return undefined;
}

const ROUTE_ERRNO: Partial<Record<Route['type'], Errno>> = {
  unreachable: 'EHOSTUNREACH',
  blackhole: 'EINVAL',
  prohibit: 'EACCES',
};

/**
 * ip_route_output_key: where a locally generated packet to `dst` goes. With `oif` (SO_BINDTODEVICE,
 * `ping -I dev`) only routes through that device match and, failing one, the destination is
 * assumed on-link there, as the kernel does.
 */
export function routeOutput(ns: Netns, dst: Ipv4, oif?: NetDevice, src?: Ipv4): OutRouteResult {
  const r = ns.fib.lookup(dst, oif ? (x) => x.type === 'local' || x.dev === oif : undefined);
  if (!r) {
    if (oif?.adminUp) {
      const s = src ?? selectSourceAddr(ns, oif, dst, 'host');
      return {
        ok: true,
        value: { type: 'unicast', dev: oif, nexthop: dst, src: s ?? 0, route: undefined },
      };
    }
    return { ok: false, errno: 'ENETUNREACH' };
  }
  const errno = ROUTE_ERRNO[r.type];
  if (errno) return { ok: false, errno };
  if (r.type === 'local') {
    const lo = ns.byName('lo') ?? (r.dev as NetDevice);
    return {
      ok: true,
      value: { type: 'local', dev: lo, nexthop: dst, src: src ?? r.prefsrc ?? dst, route: r },
    };
  }
  const dev = r.dev;
  if (!dev) return { ok: false, errno: 'ENETUNREACH' };
  const nexthop = r.gateway ?? dst;
  const s =
    src ??
    r.prefsrc ??
    // inet_select_addr with the route's scope: a `scope link` route (cali* with no address)
    // takes another device's global address, never lo's 127.0.0.1 (scope host).
    selectSourceAddr(ns, dev, r.gateway ?? dst, r.scope >= SCOPE.host ? 'host' : 'link') ??
    0;
  return {
    ok: true,
    value: {
      type: r.type === 'broadcast' ? 'broadcast' : 'unicast',
      dev,
      nexthop,
      src: s,
      route: r,
    },
  };
}

/** The input route of a received packet's destination: local, broadcast, unicast (forward) or none. */
export function routeInput(ns: Netns, dst: Ipv4): Route | undefined {
  return ns.fib.lookup(dst);
}
