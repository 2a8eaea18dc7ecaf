/**
 * net-tools `ifconfig` (2.10, Debian 12): the interface report read through ioctls, so it shows
 * only the primary IPv4 address of each device and `broadcast 0.0.0.0` when none was set.
 */
import { IFF, type NetDevice } from '../../../kernel/device';
import { formatIpv4, formatMac, maskOf } from '../../../kernel/inet';
import { type Command, fail } from '../../command';
import { ifconfigSet } from './nettools-set';

const FLAG_NAMES: [string, number][] = [
  ['UP', IFF.UP],
  ['BROADCAST', IFF.BROADCAST],
  ['LOOPBACK', IFF.LOOPBACK],
  ['POINTOPOINT', IFF.POINTOPOINT],
  ['RUNNING', IFF.RUNNING],
  ['NOARP', IFF.NOARP],
  ['PROMISC', IFF.PROMISC],
  ['ALLMULTI', IFF.ALLMULTI],
  ['MASTER', IFF.MASTER],
  ['SLAVE', IFF.SLAVE],
  ['MULTICAST', IFF.MULTICAST],
];

/** net-tools' print_bytes_scaled: `426.0 B`, `8.3 KiB`, `1.2 MiB`. */
export function scaledBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

export function ifconfigReport(dev: NetDevice): string {
  const flags = dev.flags & 0xffff;
  const names = FLAG_NAMES.filter(([, bit]) => flags & bit).map(([n]) => n);
  const lines = [`${dev.name}: flags=${flags}<${names.join(',')}>  mtu ${dev.mtu}`];
  const a = dev.addrs.find((x) => !x.secondary);
  if (a) {
    let l = `        inet ${formatIpv4(a.addr)}  netmask ${formatIpv4(maskOf(a.len))}`;
    if (a.peer !== undefined) l += `  destination ${formatIpv4(a.peer)}`;
    else if (dev.kind !== 'loopback') l += `  broadcast ${formatIpv4(a.broadcast ?? 0)}`;
    lines.push(l);
  }
  for (const v6 of dev.ipv6) {
    const scope = v6.addr === '::1' ? '0x10<host>' : '0x20<link>';
    lines.push(`        inet6 ${v6.addr}  prefixlen ${v6.len}  scopeid ${scope}`);
  }
  if (dev.kind === 'loopback')
    lines.push(`        loop  txqueuelen ${dev.txqlen}  (Local Loopback)`);
  else if (dev.linkType === 'none')
    lines.push(
      `        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen ${dev.txqlen}  (UNSPEC)`,
    );
  else lines.push(`        ether ${formatMac(dev.mac)}  txqueuelen ${dev.txqlen}  (Ethernet)`);
  const s = dev.stats;
  lines.push(`        RX packets ${s.rxPackets}  bytes ${s.rxBytes} (${scaledBytes(s.rxBytes)})`);
  lines.push(`        RX errors 0  dropped ${s.rxDropped}  overruns 0  frame 0`);
  lines.push(`        TX packets ${s.txPackets}  bytes ${s.txBytes} (${scaledBytes(s.txBytes)})`);
  lines.push(`        TX errors 0  dropped ${s.txDropped} overruns 0  carrier 0  collisions 0`);
  return `${lines.join('\n')}\n\n`;
}

export const ifconfigCommand: Command = {
  name: 'ifconfig',
  help: {
    summary: 'show network interfaces (net-tools; prefer `ip addr`)',
    usage: [
      'ifconfig [-a] [INTERFACE]',
      'ifconfig INTERFACE [ADDRESS] [netmask MASK] [broadcast ADDR] [mtu N] [up|down]',
    ],
    options: [['-a', 'show interfaces that are down too']],
  },
  run(argv, ctx) {
    const ns = ctx.netns;
    if (!ns) return fail(ctx, 'ifconfig: not available in the lab console');
    const all = argv.includes('-a');
    const names = argv.filter((a) => a !== '-a');
    if (names.length > 1) return ifconfigSet(ctx, ns, names[0], names.slice(1));
    if (names.length === 1) {
      const dev = ns.byName(names[0]);
      if (!dev)
        return fail(ctx, `${names[0]}: error fetching interface information: Device not found`);
      ctx.stdout.write(ifconfigReport(dev));
      return 0;
    }
    ctx.stdout.write(
      ns.devices
        .filter((d) => all || d.adminUp)
        .map(ifconfigReport)
        .join(''),
    );
    return 0;
  },
};
