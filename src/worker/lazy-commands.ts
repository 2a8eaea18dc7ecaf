/**
 * The command tables of `registry.ts` for the browser's worker: the same commands in the same
 * order, but only what a fresh lab and the default scenario use is bundled up front (the lab
 * console's topology commands, the shell's basics, `ip`, `hostname`, `cat`); every other command
 * is a separate chunk loaded the first time a line may run it (see `command-set.ts`; the dynamic
 * imports live here because engine code has none). `lazy-commands.test.ts` keeps this file and
 * `registry.ts` in step.
 */
import { ADDON_PLUGINS, CNI_BIN_DIR, REFERENCE_PLUGINS } from '../engine/daemons/cni/node-image';
import type { Command } from '../engine/shell/command';
import { type CatalogEntry, CommandSet } from '../engine/shell/command-set';
import { bashCommand, shCommand } from '../engine/shell/commands/bash';
import {
  exitCommand,
  exportCommand,
  falseCommand,
  sleepCommand,
  trueCommand,
  unsetCommand,
} from '../engine/shell/commands/builtins';
import { catCommand } from '../engine/shell/commands/cat';
import { clearCommand } from '../engine/shell/commands/clear';
import { echoCommand, printfCommand } from '../engine/shell/commands/echo';
import { hostnameCommand } from '../engine/shell/commands/hostname';
import { ipCommand } from '../engine/shell/commands/ip/ip';
import {
  cableCommand,
  machineCommand,
  segmentCommand,
  titleCommand,
  uncableCommand,
} from '../engine/shell/commands/lab/topology';

/**
 * Mentioning one of these may run any command: `help` lists them all, `docker` runs any, and
 * `bash`/`sh` run what their input holds.
 */
const WIDENING = ['help', 'man', 'docker', 'bash', 'sh'];

const lazy = (name: string, load: () => Promise<Command>): CatalogEntry => ({ name, load });

const fileTools = () => import('../engine/shell/commands/file-tools');
const filters = () => import('../engine/shell/commands/filters');
const help = () => import('../engine/shell/commands/help');
const textTools = () => import('../engine/shell/commands/text-tools');
const jobs = () => import('../engine/shell/commands/jobs');

/** The commands both tables offer (the shell's basics; the text filters and help load later). */
function common(): CatalogEntry[] {
  return [
    lazy('awk', () => textTools().then((m) => m.awkCommand)),
    clearCommand,
    lazy('cut', () => textTools().then((m) => m.cutCommand)),
    echoCommand,
    exitCommand,
    exportCommand,
    falseCommand,
    lazy('grep', () => filters().then((m) => m.grepCommand)),
    lazy('head', () => filters().then((m) => m.headCommand)),
    lazy('help', () => help().then((m) => m.helpCommand)),
    lazy('history', () => import('../engine/shell/commands/history').then((m) => m.historyCommand)),
    lazy('jobs', () => jobs().then((m) => m.jobsCommand)),
    lazy('kill', () => jobs().then((m) => m.killCommand)),
    lazy('man', () => help().then((m) => m.manCommand)),
    printfCommand,
    lazy('sed', () => textTools().then((m) => m.sedCommand)),
    sleepCommand,
    lazy('sort', () => textTools().then((m) => m.sortCommand)),
    lazy('tail', () => filters().then((m) => m.tailCommand)),
    trueCommand,
    lazy('uniq', () => textTools().then((m) => m.uniqCommand)),
    unsetCommand,
    lazy('wait', () => jobs().then((m) => m.waitCommand)),
    lazy('wc', () => filters().then((m) => m.wcCommand)),
  ];
}

/** Commands of a machine's shell, in `registry.ts`'s order. */
export function lazyMachineCatalog(): CatalogEntry[] {
  return [
    ...common(),
    lazy('bird', () => import('../engine/shell/commands/bird/bird').then((m) => m.birdCommand)),
    lazy('birdc', () => import('../engine/shell/commands/bird/birdc').then((m) => m.birdcCommand)),
    lazy('birdcl', () =>
      import('../engine/shell/commands/bird/birdc').then((m) => m.birdclCommand),
    ),
    lazy('bridge', () =>
      import('../engine/shell/commands/bridge/bridge').then((m) => m.bridgeCommand),
    ),
    catCommand,
    lazy('cnitool', () => import('../engine/shell/commands/cnitool').then((m) => m.cnitoolCommand)),
    lazy('crictl', () => import('../engine/shell/commands/crictl').then((m) => m.crictlCommand)),
    lazy('docker', () =>
      import('../engine/shell/commands/docker/docker').then((m) => m.dockerCommand),
    ),
    lazy('env', () => import('../engine/shell/commands/env').then((m) => m.envCommand)),
    lazy('flanneld', () =>
      import('../engine/shell/commands/flanneld').then((m) => m.flanneldCommand),
    ),
    hostnameCommand,
    lazy('journalctl', () =>
      import('../engine/shell/commands/journalctl').then((m) => m.journalctlCommand),
    ),
    lazy('ls', () => import('../engine/shell/commands/ls').then((m) => m.lsCommand)),
    lazy('mkdir', () => fileTools().then((m) => m.mkdirCommand)),
    ipCommand,
    lazy('iptables', () =>
      import('../engine/shell/commands/iptables/iptables').then((m) => m.iptablesCommand),
    ),
    lazy('iptables-save', () =>
      import('../engine/shell/commands/iptables/iptables').then((m) => m.iptablesSaveCommand),
    ),
    lazy('conntrack', () =>
      import('../engine/shell/commands/iptables/conntrack').then((m) => m.conntrackCommand),
    ),
    lazy('curl', () => import('../engine/shell/commands/curl').then((m) => m.curlCommand)),
    lazy('etcd', () => import('../engine/daemons/etcd/command').then((m) => m.etcdCommand)),
    lazy('etcdctl', () => import('../engine/shell/commands/etcdctl').then((m) => m.etcdctlCommand)),
    lazy('nc', () => import('../engine/shell/commands/nc').then((m) => m.ncCommand)),
    lazy('ping', () => import('../engine/shell/commands/ping').then((m) => m.pingCommand)),
    lazy('arp', () => import('../engine/shell/commands/nettools/arp').then((m) => m.arpCommand)),
    lazy('ifconfig', () =>
      import('../engine/shell/commands/nettools/ifconfig').then((m) => m.ifconfigCommand),
    ),
    lazy('route', () =>
      import('../engine/shell/commands/nettools/route').then((m) => m.routeCommand),
    ),
    lazy('netstat', () =>
      import('../engine/shell/commands/nettools/netstat').then((m) => m.netstatCommand),
    ),
    lazy('ss', () => import('../engine/shell/commands/ss/ss').then((m) => m.ssCommand)),
    lazy('sysctl', () => import('../engine/shell/commands/sysctl').then((m) => m.sysctlCommand)),
    lazy('tc', () => import('../engine/shell/commands/tc').then((m) => m.tcCommand)),
    lazy('tcpdump', () =>
      import('../engine/shell/commands/tcpdump/tcpdump').then((m) => m.tcpdumpCommand),
    ),
    lazy('traceroute', () =>
      import('../engine/shell/commands/traceroute').then((m) => m.tracerouteCommand),
    ),
    bashCommand,
    shCommand,
    lazy('rm', () => import('../engine/shell/commands/rm').then((m) => m.rmCommand)),
    ...cniPluginNames().map((path) =>
      lazy(path, () =>
        import('../engine/shell/commands/cni-plugin-exec').then(
          (m) => m.cniPluginCommands.find((c) => c.name === path) as Command,
        ),
      ),
    ),
  ];
}

/** The CNI plugin binaries a --k8s node has, as the shell finds them: by path. */
function cniPluginNames(): string[] {
  return [...REFERENCE_PLUGINS, ...ADDON_PLUGINS].map((p) => `${CNI_BIN_DIR}/${p}`);
}

/** Commands of the lab console (the topology commands are always loaded). */
export function lazyLabCatalog(): CatalogEntry[] {
  return [...common(), cableCommand, machineCommand, segmentCommand, titleCommand, uncableCommand];
}

/** Fresh command sets for one Lab whose rarer machine commands load on demand. */
export function lazyCommandSets(): { machine: CommandSet; lab: CommandSet } {
  return {
    machine: new CommandSet(lazyMachineCatalog(), WIDENING),
    lab: new CommandSet(lazyLabCatalog(), WIDENING),
  };
}
