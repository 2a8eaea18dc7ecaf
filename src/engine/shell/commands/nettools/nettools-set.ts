/**
 * What net-tools' ifconfig, route and arp change, through the ioctls they use (devinet_ioctl,
 * ip_rt_ioctl, arp_ioctl), with their messages and exit statuses:
 * - `ifconfig IF [ADDR] [netmask M] [broadcast B] [mtu N] [up|down]`, applied left to right: an
 *   address replaces the one labelled IF (classful mask, broadcast from it), a netmask recomputes
 *   a broadcast that followed the old mask;
 * - `route add|del [-net|-host] TARGET[/LEN] [netmask M] [gw G] [metric N] [dev D]`, `default`;
 * - `arp -s IP MAC [temp]`, `arp -d IP`.
 */

import { STRERROR } from '../../../kernel/errors';
import { SCOPE, TABLE } from '../../../kernel/fib';
import { formatIpv4, type Ipv4, maskOf, parseIpv4, parseMac } from '../../../kernel/inet';
import { routeOutput } from '../../../kernel/ipv4-route';
import { neighAdd, neighDel, neighList } from '../../../kernel/neigh';
import type { Netns } from '../../../kernel/netns';
import { addrAdd, addrDel, linkSetMtu, linkSetUp, routeAdd, routeDel } from '../../../kernel/rtnl';
import { type CommandContext, fail } from '../../command';

/** inet_abc_len: the classful prefix of an address. */
function classfulLen(a: Ipv4): number {
  const top = a >>> 24;
  if (a === 0) return 0;
  if (top < 128) return 8;
  if (top < 192) return 16;
  if (top < 224) return 24;
  return 32;
}

/** A dotted mask's prefix length, if it is a valid (contiguous) mask. */
function maskLen(mask: Ipv4): number | undefined {
  for (let len = 0; len <= 32; len++) if (maskOf(len) === mask) return len;
  return undefined;
}

export function ifconfigSet(ctx: CommandContext, ns: Netns, name: string, args: string[]): number {
  const dev = ns.byName(name);
  if (!dev) {
    ctx.stderr.write(`${name}: ERROR while getting interface flags: No such device\n`);
    return 255;
  }
  const mine = () => dev.addrs.find((a) => a.label === dev.name);
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === 'up' || w === 'down') {
      linkSetUp(dev, w === 'up');
    } else if (w === 'mtu') {
      const r = linkSetMtu(dev, Number(args[++i]));
      if (!r.ok) return fail(ctx, 'SIOCSIFMTU: Invalid argument', 1);
    } else if (w === 'netmask' || w === 'broadcast') {
      const v = parseIpv4(args[++i] ?? '');
      const a = mine();
      if (v === undefined)
        return fail(
          ctx,
          `${args[i] ?? ''}: Unknown host\nifconfig: \`--help' gives usage information.`,
          1,
        );
      if (!a)
        return fail(
          ctx,
          `SIOCSIF${w === 'netmask' ? 'NETMASK' : 'BRDADDR'}: Cannot assign requested address`,
          1,
        );
      if (w === 'broadcast') {
        a.broadcast = v;
        continue;
      }
      const len = maskLen(v);
      if (len === undefined) return fail(ctx, 'SIOCSIFNETMASK: Invalid argument', 1);
      if (len === a.len) continue;
      const followed = a.broadcast === (a.addr | ~maskOf(a.len)) >>> 0;
      const brd = followed && len < 31 ? (a.addr | ~v) >>> 0 : a.broadcast;
      addrDel(dev, a.addr, a.len);
      addrAdd(dev, { addr: a.addr, len, label: a.label, broadcast: brd });
    } else {
      const addr = parseIpv4(w);
      if (addr === undefined)
        return fail(
          ctx,
          `${w}: Host name lookup failure\nifconfig: \`--help' gives usage information.`,
          1,
        );
      const old = mine();
      if (old?.addr === addr) continue;
      if (old) addrDel(dev, old.addr, old.len);
      const len = classfulLen(addr);
      const brd = len < 31 ? (addr | ~maskOf(len)) >>> 0 : undefined;
      addrAdd(dev, { addr, len, label: dev.name, broadcast: brd });
      // ifconfig brings the interface up once it has set an address (IFF_UP | IFF_RUNNING).
      linkSetUp(dev, true);
    }
  }
  ctx.world.changed();
  return 0;
}

export function routeSet(ctx: CommandContext, ns: Netns, argv: string[]): number {
  const [op, ...args] = argv;
  let dst: Ipv4 | undefined;
  let len: number | undefined;
  let host = false;
  let gateway: Ipv4 | undefined;
  let metric = 0;
  let devName: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '-net') continue;
    if (w === '-host') host = true;
    else if (w === 'netmask') {
      const m = parseIpv4(args[++i] ?? '');
      const l = m === undefined ? undefined : maskLen(m);
      if (l === undefined) return fail(ctx, 'route: bogus netmask', 4);
      len = l;
    } else if (w === 'gw' || w === 'gateway') {
      gateway = parseIpv4(args[++i] ?? '');
      if (gateway === undefined) return fail(ctx, `${args[i] ?? ''}: Unknown host`, 4);
    } else if (w === 'metric') metric = Number(args[++i] ?? 0);
    else if (w === 'dev') devName = args[++i];
    else if (w === 'default') {
      dst = 0;
      len = 0;
    } else if (dst === undefined) {
      const [a, l] = w.split('/');
      dst = parseIpv4(a);
      if (dst === undefined) return fail(ctx, `${w}: Unknown host`, 4);
      if (l !== undefined) len = Number(l);
    } else devName = w;
  }
  if (dst === undefined)
    return fail(ctx, 'Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables', 4);
  const prefix = len ?? (host ? 32 : 32);
  const dev = devName === undefined ? undefined : ns.byName(devName);
  if (devName !== undefined && !dev)
    return fail(ctx, `SIOC${op === 'add' ? 'ADD' : 'DEL'}RT: No such device`, 7);
  const name = op === 'add' ? 'SIOCADDRT' : 'SIOCDELRT';
  const r =
    op === 'add'
      ? routeAdd(
          ns,
          {
            table: TABLE.main,
            type: 'unicast',
            dst,
            len: prefix,
            tos: 0,
            protocol: 3,
            scope: gateway === undefined ? SCOPE.link : SCOPE.universe,
            gateway,
            dev,
            metric,
            onlink: false,
          },
          'add',
        )
      : routeDel(ns, {
          table: TABLE.main,
          dst,
          len: prefix,
          gateway,
          dev,
          metric: metric || undefined,
        });
  if (!r.ok) return fail(ctx, `${name}: ${STRERROR[r.error.errno] ?? r.error.errno}`, 7);
  ctx.world.changed();
  return 0;
}

export function arpSet(ctx: CommandContext, ns: Netns, argv: string[]): number {
  const [flag, ip, mac, ...rest] = argv;
  const addr = parseIpv4(ip ?? '');
  if (addr === undefined) return fail(ctx, `arp: ${ip ?? ''}: Unknown host`, 255);
  if (flag === '-d') {
    const e = neighList(ns).find((x) => x.addr === addr && x.state !== 'NOARP');
    if (!e) return fail(ctx, `No ARP entry for ${formatIpv4(addr)}`, 255);
    neighDel(ctx.world, ns, e.dev, addr);
    ctx.world.changed();
    return 0;
  }
  const lladdr = parseMac(mac ?? '');
  if (lladdr === undefined) return fail(ctx, 'arp: invalid hardware address', 255);
  const r = routeOutput(ns, addr);
  if (!r.ok) return fail(ctx, `SIOCSARP: ${STRERROR[r.errno]}`, 255);
  const state = rest.includes('temp') ? 'REACHABLE' : 'PERMANENT';
  neighAdd(ctx.world, ns, { dev: r.value.dev, addr, lladdr, state }, 'replace');
  ctx.world.changed();
  return 0;
}
