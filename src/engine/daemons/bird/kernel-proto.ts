/**
 * BIRD's kernel and direct protocols. Kernel: learns alien routes of the main table at each
 * scan (with `learn`; routes of the kernel's own protocol only with `learn all`, which the lab
 * leaves out), prunes stale `proto bird` routes at its first scan, and installs the best routes
 * its export filter accepts as `proto bird` (RTPROT 12) with its metric. Direct: a route for
 * each address of every interface that is administratively up and matches `interface`.
 */
import { SCOPE, TABLE } from '../../kernel/fib';
import { networkOf } from '../../kernel/inet';
import { routeAdd, routeDel } from '../../kernel/rtnl';
import type { Bird, ProtoRun } from './bird';
import { netKey, type Rte } from './rib';

const SECOND = 1_000_000;
/** rtm_protocol of BIRD's routes (RTPROT_BIRD). */
export const RTPROT_BIRD = 12;

/** A shell-style pattern (`*`, `?`) as BIRD matches interface and protocol names. */
export function globMatch(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(name);
}

/** `interface -"cali*", "*"`: the first pattern that matches decides. Without any: all. */
export function matchIface(
  patterns: readonly { negate: boolean; glob: string }[],
  name: string,
): boolean {
  if (patterns.length === 0) return true;
  const hit = patterns.find((p) => globMatch(p.glob, name));
  return hit ? !hit.negate : false;
}

export function kernelInstall(bird: Bird, p: ProtoRun, r: Rte): void {
  const dev = r.dev ? bird.ns.devices.find((d) => d.name === r.dev) : undefined;
  routeAdd(
    bird.ns,
    {
      table: TABLE.main,
      type: r.dest,
      dst: r.net.addr,
      len: r.net.len,
      tos: 0,
      protocol: RTPROT_BIRD,
      // BIRD's netlink: a unicast route without a gateway is a device route, scope link.
      scope: r.dest === 'unicast' && r.gw === undefined ? SCOPE.link : SCOPE.universe,
      gateway: r.gw,
      dev,
      metric: p.cfg.metric,
      onlink: false,
    },
    'replace',
  );
}

export function kernelRemove(bird: Bird, p: ProtoRun, r: Rte): void {
  routeDel(bird.ns, {
    table: TABLE.main,
    dst: r.net.addr,
    len: r.net.len,
    protocol: RTPROT_BIRD,
    metric: p.cfg.metric,
  });
}

/** Learns alien routes (with `learn`) and prunes stale `proto bird` ones; then again each scan. */
export function kernelScan(bird: Bird, p: ProtoRun, first: boolean): void {
  if (bird.exited || p.state !== 'up') return;
  const seen = new Set<string>();
  for (const r of bird.ns.fib.table(TABLE.main)) {
    if (r.protocol === RTPROT_BIRD) {
      const key = netKey({ addr: r.dst, len: r.len });
      if (first && !p.exported.has(key)) bird.ns.fib.remove(r);
      continue;
    }
    if (!p.cfg.learn || r.protocol === 2) continue;
    if (
      r.type !== 'unicast' &&
      r.type !== 'blackhole' &&
      r.type !== 'unreachable' &&
      r.type !== 'prohibit'
    )
      continue;
    const net = { addr: r.dst, len: r.len };
    const key = netKey(net);
    seen.add(key);
    const cur = bird.rib.routes(net).find((x) => x.proto === p.cfg.name);
    if (cur && cur.gw === r.gateway && cur.dev === r.dev?.name && cur.dest === r.type) continue;
    bird.announce(p, net, {
      net,
      proto: p.cfg.name,
      preference: bird.preference(p),
      srcId: bird.uniqueSrcId(p.cfg.name),
      dest: r.type,
      gw: r.gateway,
      dev: r.dev?.name,
      since: bird.w.sched.now,
      source: 'RTS_INHERIT',
      kernel: { proto: r.protocol, metric: r.metric, scope: r.scope },
    });
  }
  for (const list of bird.rib.walk()) {
    const mine = list.find((x) => x.proto === p.cfg.name);
    if (mine && !seen.has(netKey(mine.net))) bird.announce(p, mine.net, undefined);
  }
  p.timer = bird.w.sched.after(p.cfg.scanTime * SECOND, () => kernelScan(bird, p, false));
}

function directScan(bird: Bird, p: ProtoRun): void {
  const want = new Map<string, Rte>();
  for (const d of bird.ns.devices) {
    // Admin state only: a link without carrier keeps its connected route, as in the kernel.
    if (!d.adminUp || !matchIface(p.cfg.interfaces, d.name)) continue;
    for (const a of d.addrs) {
      if (a.scope >= SCOPE.host || a.secondary) continue;
      const net = { addr: networkOf(a.addr, a.len), len: a.len };
      want.set(netKey(net), {
        net,
        proto: p.cfg.name,
        preference: bird.preference(p),
        srcId: bird.srcId(p.cfg.name),
        dest: 'unicast',
        gw: undefined,
        dev: d.name,
        since: bird.w.sched.now,
        source: 'RTS_DEVICE',
      });
    }
  }
  for (const list of bird.rib.walk()) {
    const mine = list.find((x) => x.proto === p.cfg.name);
    if (mine && !want.has(netKey(mine.net))) bird.announce(p, mine.net, undefined);
  }
  for (const r of want.values()) {
    const cur = bird.rib.routes(r.net).find((x) => x.proto === p.cfg.name);
    if (!cur || cur.dev !== r.dev) bird.announce(p, r.net, r);
  }
}

export function directStart(bird: Bird, p: ProtoRun): void {
  if (bird.exited || p.state !== 'up') return;
  directScan(bird, p);
  p.timer = bird.w.sched.after(2 * SECOND, () => directStart(bird, p));
}
