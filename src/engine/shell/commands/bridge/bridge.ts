/**
 * `bridge` from iproute2 6.1: `bridge link` (bridge ports and their STP state) and `bridge fdb`
 * (fdb.ts), with the global options -s, -d, -j, -p and -n NETNS.
 */
import type { NetDevice } from '../../../kernel/device';
import type { Command, CommandContext } from '../../command';
import { BRPORT_DEFAULTS, brportFlag, linkFlagsWith } from '../ip/format';
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
export function printBridgePort(port: NetDevice, details = false): string {
  let name = port.name;
  let mDown = false;
  if (port.kind === 'veth' && port.iflink !== port.ifindex) {
    const local = port.netns.byIndex(port.iflink);
    name += local ? `@${local.name}` : `@if${port.iflink}`;
    mDown = !local?.adminUp;
  }
  const master = port.master ? `master ${port.master.name} ` : '';
  let s = `${port.ifindex}: ${name}: ${linkFlagsWith(port, mDown)} mtu ${port.mtu} ${master}state ${portState(port)} priority 32 cost 2 \n`;
  if (details) {
    const f = (n: string) => `${n} ${brportFlag(port, n)} `;
    s +=
      `    ${f('hairpin')}${f('guard')}${f('root_block')}${f('fastleave')}${f('learning')}` +
      `${f('flood')}${f('mcast_flood')}${f('bcast_flood')}mcast_router 1 ${f('mcast_to_unicast')}` +
      `${f('neigh_suppress')}${f('vlan_tunnel')}${f('isolated')}${f('locked')}\n`;
  }
  return s;
}

const LINK_USAGE = `Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]
                               [ guard {on | off} ]
                               [ hairpin {on | off} ]
                               [ fastleave {on | off} ]
                               [ root_block {on | off} ]
                               [ learning {on | off} ]
                               [ learning_sync {on | off} ]
                               [ flood {on | off} ]
                               [ mcast_router MULTICAST_ROUTER ]
                               [ mcast_flood {on | off} ]
                               [ bcast_flood {on | off} ]
                               [ mcast_to_unicast {on | off} ]
                               [ neigh_suppress {on | off} ]
                               [ vlan_tunnel {on | off} ]
                               [ isolated {on | off} ]
                               [ locked {on | off} ]
                               [ hwmode {vepa | veb} ]
                               [ backup_port DEVICE ] [ nobackup_port ]
                               [ self ] [ master ]
       bridge link show [dev DEV]
`;

/**
 * `bridge link set dev DEV [hairpin on|off] [learning on|off] …`: the port flags. iproute2's
 * parse_on_off exits with -EINVAL (234); an unknown word prints the usage (exit 255).
 */
function linkSet(ctx: CommandContext, argv: string[]): number {
  const ns = ctx.netns;
  if (!ns) return 1;
  let dev: string | undefined;
  const flags = new Map<string, boolean>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'dev') {
      dev = argv[++i];
      continue;
    }
    const name = a === 'mcast_fast_leave' ? 'fastleave' : a;
    if (!(name in BRPORT_DEFAULTS)) {
      ctx.stderr.write(LINK_USAGE);
      return 255;
    }
    const v = argv[++i];
    if (v !== 'on' && v !== 'off')
      return fail(
        ctx,
        `Error: argument of "${a}" must be one of "off", "on", not "${v ?? ''}"`,
        234,
      );
    flags.set(name, v === 'on');
  }
  if (dev === undefined) return fail(ctx, 'Device is a required argument.', 255);
  const port = ns.byName(dev);
  if (!port) return fail(ctx, `Cannot find bridge device "${dev}"`, 255);
  if (!port.master?.bridge) return fail(ctx, 'RTNETLINK answers: Operation not supported', 255);
  port.brportFlags ??= new Map();
  for (const [k, v] of flags) port.brportFlags.set(k, v);
  ctx.world.changed();
  return 0;
}

function link(ctx: CommandContext, argv: string[], details: boolean): number {
  const ns = ctx.netns;
  if (!ns) return 1;
  const [sub, ...rest] = argv;
  if (sub === 'set') return linkSet(ctx, rest);
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
  ctx.stdout.write(ports.map((p) => printBridgePort(p, details)).join(''));
  return 0;
}

/**
 * `bridge vlan`: no bridge in the lab filters VLANs (vlan_filtering 0), so `show` lists no
 * port — iproute2's header alone, as Linux prints it then. `add|del … vid N dev DEV`: iproute2's
 * own argument checks, then a note that VLAN filtering is not simulated.
 */
function vlan(ctx: CommandContext, argv: string[]): number | undefined {
  const [sub, ...rest] = argv;
  if (sub === undefined || matches(sub, 'show') || matches(sub, 'list')) {
    ctx.stdout.write('port              vlan-id  \n');
    return 0;
  }
  if (sub !== 'add' && sub !== 'del' && sub !== 'delete' && sub !== 'set') return undefined;
  let dev: string | undefined;
  let vid: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === 'dev') dev = rest[++i];
    else if (rest[i] === 'vid') vid = rest[++i];
  }
  if (dev === undefined || vid === undefined)
    return fail(ctx, 'Device and VLAN ID are required arguments.', 255);
  // vlan_modify parses the id with atoi into a __u16 and rejects >= 4096 (VLAN_N_VID)
  const id = Number.parseInt(vid, 10) & 0xffff;
  if (Number.isNaN(id) || id >= 4096) return fail(ctx, `Invalid VLAN ID "${id || 0}"`, 255);
  return fail(ctx, 'bridge vlan: VLAN filtering is not simulated in cnlab yet', 2);
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
    let details = false;
    let ns = ctx.netns;
    let i = 0;
    for (; i < argv.length && argv[i].startsWith('-') && argv[i].length > 1; i++) {
      const opt = argv[i][1] === '-' ? argv[i].slice(1) : argv[i];
      if (matches(opt, '-statistics')) opts.stats = true;
      else if (matches(opt, '-json')) opts.json = true;
      else if (matches(opt, '-pretty')) opts.pretty = true;
      else if (matches(opt, '-details')) details = true;
      else if (matches(opt, '-oneline')) continue;
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
    if (matches(object, 'link')) return link({ ...ctx, netns: ns }, rest, details);
    if (matches(object, 'vlan')) {
      const r = vlan(ctx, rest);
      if (r !== undefined) return r;
    }
    if (matches(object, 'mdb') || matches(object, 'monitor'))
      return fail(ctx, `bridge ${object}: not simulated in cnlab yet`, 1);
    return fail(ctx, `Object "${object}" is unknown, try "bridge help".`, 255);
  },
};
