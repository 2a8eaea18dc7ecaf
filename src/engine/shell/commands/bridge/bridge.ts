/**
 * `bridge` from iproute2 6.1: `bridge link` (bridge ports and their STP state) and `bridge fdb`
 * (fdb.ts), with the global options -s, -d, -j, -p and -n NETNS.
 */
import type { NetDevice } from '../../../kernel/device';
import type { Command, CommandContext } from '../../command';
import { linkFlagsWith } from '../ip/format';
import { matches } from '../ip/matches';
import { type BridgeOptions, bridgeFdb } from './fdb';

export const BRIDGE_USAGE = `Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }
       bridge [ -force ] -batch filename
where  OBJECT := { link | fdb | mdb | vlan | vni | monitor }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |
                    -o[neline] | -t[imestamp] | -n[etns] name |
                    -com[pressvlans] -c[olor] -p[retty] -j[son] }
`;

function fail(ctx: CommandContext, text: string, code: number): number {
  ctx.stderr.write(`${text}\n`);
  return code;
}

/** Port state as the bridge reports it with STP off: forwarding once the port has a link. */
function portState(port: NetDevice): string {
  return port.running ? 'forwarding' : 'disabled';
}

/**
 * One `bridge link` line. The kernel's bridge dump carries IFLA_LINK without the peer's netns,
 * so iproute2 resolves a veth peer's ifindex in the local namespace: a container's veth shows as
 * `vethXXX@docker0` when docker0 happens to have that index, exactly as on Linux.
 */
export function printBridgePort(port: NetDevice): string {
  let name = port.name;
  let mDown = false;
  if (port.kind === 'veth' && port.iflink !== port.ifindex) {
    const local = port.netns.byIndex(port.iflink);
    name += local ? `@${local.name}` : `@if${port.iflink}`;
    mDown = !local?.adminUp;
  }
  const master = port.master ? `master ${port.master.name} ` : '';
  return `${port.ifindex}: ${name}: ${linkFlagsWith(port, mDown)} mtu ${port.mtu} ${master}state ${portState(port)} priority 32 cost 2 \n`;
}

function link(ctx: CommandContext, argv: string[]): number {
  const ns = ctx.netns;
  if (!ns) return 1;
  const [sub, ...rest] = argv;
  if (sub !== undefined && !matches(sub, 'show') && !matches(sub, 'list')) {
    return fail(ctx, `Command "${sub}" is unknown, try "bridge link help".`, 255);
  }
  let only: NetDevice | undefined;
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i] === 'dev' ? rest[++i] : rest[i];
    const d = name === undefined ? undefined : ns.byName(name);
    if (!d) return fail(ctx, `Cannot find device "${name ?? ''}"`, 1);
    only = d;
  }
  const ports = ns.devices.filter((d) => d.master?.bridge && (!only || d === only));
  ctx.stdout.write(ports.map(printBridgePort).join(''));
  return 0;
}

export const bridgeCommand: Command = {
  name: 'bridge',
  help: {
    summary: 'show Linux bridge ports and forwarding entries (iproute2)',
    usage: ['bridge link [show] [dev DEV]', 'bridge fdb show [br BRIDGE] [dev DEV]'],
  },
  mutates: (argv) => argv.some((a) => /^(add|append|del|delete|replace|set)$/.test(a)),
  run(argv, ctx) {
    if (!ctx.netns) return fail(ctx, 'bridge: not available in the lab console', 1);
    const opts: BridgeOptions = { stats: false, json: false, pretty: false };
    let ns = ctx.netns;
    let i = 0;
    for (; i < argv.length && argv[i].startsWith('-') && argv[i].length > 1; i++) {
      const opt = argv[i][1] === '-' ? argv[i].slice(1) : argv[i];
      if (matches(opt, '-statistics')) opts.stats = true;
      else if (matches(opt, '-json')) opts.json = true;
      else if (matches(opt, '-pretty')) opts.pretty = true;
      else if (matches(opt, '-details') || matches(opt, '-oneline')) continue;
      else if (matches(opt, '-netns')) {
        const name = argv[++i];
        if (name === undefined)
          return fail(ctx, 'Command line is not complete. Try option "help"', 255);
        const target = ctx.machine?.named.get(name);
        if (!target)
          return fail(
            ctx,
            `Cannot open network namespace "${name}": No such file or directory`,
            255,
          );
        ns = target;
      } else return fail(ctx, `Option "${argv[i]}" is unknown, try "bridge help".`, 255);
    }
    const [object, ...rest] = argv.slice(i);
    if (object === undefined) {
      ctx.stderr.write(BRIDGE_USAGE);
      return 255;
    }
    if (matches(object, 'fdb')) return bridgeFdb(ctx, ns, rest, opts);
    if (matches(object, 'link')) return link({ ...ctx, netns: ns }, rest);
    return fail(ctx, `Object "${object}" is unknown, try "bridge help".`, 255);
  },
};
