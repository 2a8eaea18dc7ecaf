/**
 * `cnitool add|del|check|gc|status NET NETNS` (containernetworking/cni cnitool): loads the config
 * named NET from $NETCONFPATH (default /etc/cni/net.d, libcni LoadConfList) and runs its plugins,
 * found in $CNI_PATH, for the namespace at path NETNS (/var/run/netns/NAME or /proc/PID/ns/net),
 * interface $CNI_IFNAME (default eth0). The container id is `cnitool-` and 20 hex digits of
 * sha512(NETNS). `add` prints the result JSON as the plugins return it (four-space indent, no
 * newline at the end); errors go to stderr with status 1.
 *
 * gc and status do nothing for configs of CNI 1.0.0 and older (the only versions the plugins here
 * speak), as libcni skips them; check is not modelled (libcni's result cache is not either).
 */
import {
  addNetworkList,
  DEFAULT_NET_DIR,
  delNetworkList,
  loadConfList,
} from '../../daemons/cni/libcni';
import { sha512Hex } from '../../daemons/cni/sha512';
import { resultJson } from '../../daemons/cni/types';
import { pathClean } from '../../kernel/vfs';
import { type Command, fail } from '../command';

const USAGE = [
  'cnitool: Add, check, remove, gc or status network interfaces from a network namespace',
  '  cnitool add    <net> <netns>',
  '  cnitool check  <net> <netns>',
  '  cnitool del    <net> <netns>',
  '  cnitool gc     <net> <netns>',
  '  cnitool status <net> <netns>',
];

export const cnitoolCommand: Command = {
  name: 'cnitool',
  help: {
    summary: 'run a CNI network config’s plugins for a network namespace',
    usage: ['cnitool add|check|del|gc|status NET NETNS'],
    options: [
      ['NETCONFPATH', 'directory of network configs (default /etc/cni/net.d)'],
      ['CNI_PATH', 'where the plugin binaries are, e.g. /opt/cni/bin (no default)'],
      ['CNI_IFNAME', 'interface name in the namespace (default eth0)'],
    ],
    notes: 'check is not modelled; gc and status do nothing for configs up to CNI 1.0.0.',
  },
  mutates: (argv) => argv[0] === 'add' || argv[0] === 'del',
  run(argv, ctx) {
    if (argv.length < 3) return fail(ctx, USAGE.join('\n'));
    const machine = ctx.machine;
    const hostNs = ctx.netns;
    if (!machine || !hostNs) return fail(ctx, 'cnitool: runs on a machine');
    const [verb, net, nsArg] = argv;
    const dir = ctx.env.get('NETCONFPATH') || DEFAULT_NET_DIR;
    const list = loadConfList(machine, dir, net);
    if (!list.ok) return fail(ctx, list.error);
    const netnsPath = pathClean(nsArg);
    const ifName = ctx.env.has('CNI_IFNAME') ? (ctx.env.get('CNI_IFNAME') ?? '') : 'eth0';
    const cniPath = (ctx.env.get('CNI_PATH') ?? '').split(':').filter((p) => p !== '');
    const rt = {
      containerId: `cnitool-${sha512Hex(netnsPath).slice(0, 20)}`,
      netnsPath,
      ifName,
      cniPath,
      hostNs,
    };
    switch (verb) {
      case 'add': {
        const r = addNetworkList(machine, list.value, rt);
        if (r.ok && r.result) ctx.stdout.write(resultJson(r.result));
        return r.ok ? 0 : fail(ctx, r.error);
      }
      case 'del': {
        const r = delNetworkList(machine, list.value, rt);
        return r.ok ? 0 : fail(ctx, r.error);
      }
      case 'check':
        return fail(ctx, 'cnitool: check is not modelled in cnlab');
      default:
        return 0;
    }
  },
};
