/**
 * net-tools `route -n`: the main routing table as /proc/net/route shows it (unicast routes of
 * table main, in the kernel's order).
 */
import { RTN, TABLE } from '../../../kernel/fib';
import { formatIpv4, maskOf } from '../../../kernel/inet';
import { type Command, fail } from '../../command';
import { routeSet } from './nettools-set';

export const routeCommand: Command = {
  name: 'route',
  help: {
    summary: 'show the IPv4 routing table (net-tools; prefer `ip route`)',
    usage: [
      'route [-n]',
      'route add|del [-net|-host] TARGET[/LEN] [netmask MASK] [gw GATEWAY] [metric N] [dev IFACE]',
    ],
    options: [['-n', 'show numeric addresses (the lab never resolves names)']],
  },
  run(argv, ctx) {
    const ns = ctx.netns;
    if (!ns) return fail(ctx, 'route: not available in the lab console');
    if (argv[0] === 'add' || argv[0] === 'del') return routeSet(ctx, ns, argv);
    const rows = ns.fib
      .table(TABLE.main)
      .filter(
        (r) => RTN[r.type] === RTN.unicast || r.type === 'blackhole' || r.type === 'unreachable',
      );
    let out =
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
    for (const r of rows) {
      let flags = 'U';
      if (r.gateway !== undefined) flags += 'G';
      if (r.len === 32) flags += 'H';
      if (r.type !== 'unicast') flags = '!';
      out += `${formatIpv4(r.dst).padEnd(16)}${formatIpv4(r.gateway ?? 0).padEnd(16)}${formatIpv4(maskOf(r.len)).padEnd(16)}${flags.padEnd(6)}${String(r.metric).padEnd(7)}0        0 ${r.dev?.name ?? '*'}\n`;
    }
    ctx.stdout.write(out);
    return 0;
  },
};
