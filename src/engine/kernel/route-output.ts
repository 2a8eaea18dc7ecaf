/**
 * Output route resolution for locally generated packets: fib lookup plus the kernel's source
 * address choice (fib_result_prefsrc / inet_select_addr): the route's `src`, else the first
 * primary address of the out device in the gateway's (or destination's) subnet, else the first
 * primary address of the out device, else any address in the namespace.
 */
import type { NetDevice } from './device';
import { type KResult, kerr, kok } from './errors';
import { type Route, SCOPE } from './fib';
import { type Ipv4, inPrefix } from './inet';
import type { Netns } from './netns';

export interface OutputRoute {
  route: Route;
  dev: NetDevice;
  /** The next hop to resolve with ARP: the gateway, or the destination itself. */
  nexthop: Ipv4;
  src: Ipv4;
}

export function routeOutput(ns: Netns, dst: Ipv4, oif?: NetDevice): KResult<OutputRoute> {
  const route = ns.fib.lookup(dst, (r) => !oif || r.dev === oif || r.type === 'local');
  if (!route) return kerr('ENETUNREACH');
  switch (route.type) {
    case 'blackhole':
      return kerr('EINVAL');
    case 'unreachable':
      return kerr('EHOSTUNREACH');
    case 'prohibit':
      return kerr('EACCES');
    default:
      break;
  }
  const dev = route.type === 'local' ? loopbackOf(ns) : route.dev;
  if (!dev) return kerr('ENETUNREACH');
  const nexthop = route.gateway ?? dst;
  const src = route.prefsrc ?? selectSource(ns, route.dev ?? dev, nexthop, route.scope);
  if (src === undefined) return kerr('ENETUNREACH');
  return kok({ route, dev, nexthop, src });
}

function loopbackOf(ns: Netns): NetDevice | undefined {
  return ns.devices.find((d) => d.kind === 'loopback');
}

/** inet_select_addr(dev, dst, scope). */
export function selectSource(
  ns: Netns,
  dev: NetDevice,
  dst: Ipv4,
  scope: number,
): Ipv4 | undefined {
  const usable = (d: NetDevice) =>
    d.addrs.filter((a) => !a.secondary && a.scope <= Math.max(scope, SCOPE.link));
  const own = usable(dev);
  const inSubnet = own.find((a) => inPrefix(dst, { addr: a.addr, len: a.len }));
  if (inSubnet) return inSubnet.addr;
  if (own.length > 0) return own[0].addr;
  for (const d of ns.devices) {
    const a = d.addrs.find((x) => !x.secondary && x.scope < SCOPE.link);
    if (a) return a.addr;
  }
  return undefined;
}
