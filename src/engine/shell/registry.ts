/**
 * The explicit command tables: what a machine's shell offers and what the lab console offers.
 * No command registers itself on import.
 */
import { etcdCommand } from '../daemons/etcd/command';
import type { Command } from './command';
import { CommandSet } from './command-set';
import { bashCommand, shCommand } from './commands/bash';
import { birdCommand } from './commands/bird/bird';
import { birdcCommand, birdclCommand } from './commands/bird/birdc';
import { bridgeCommand } from './commands/bridge/bridge';
import {
  exitCommand,
  exportCommand,
  falseCommand,
  sleepCommand,
  trueCommand,
  unsetCommand,
} from './commands/builtins';
import { catCommand } from './commands/cat';
import { clearCommand } from './commands/clear';
import { cniPluginCommands } from './commands/cni-plugin-exec';
import { cnitoolCommand } from './commands/cnitool';
import { crictlCommand } from './commands/crictl';
import { curlCommand } from './commands/curl';
import { dockerCommand } from './commands/docker/docker';
import { echoCommand, printfCommand } from './commands/echo';
import { envCommand } from './commands/env';
import { etcdctlCommand } from './commands/etcdctl';
import { mkdirCommand } from './commands/file-tools';
import { grepCommand, headCommand, tailCommand, wcCommand } from './commands/filters';
import { flanneldCommand } from './commands/flanneld';
import { helpCommand, manCommand } from './commands/help';
import { historyCommand } from './commands/history';
import { hostnameCommand } from './commands/hostname';
import { ipCommand } from './commands/ip/ip';
import { conntrackCommand } from './commands/iptables/conntrack';
import { iptablesCommand, iptablesSaveCommand } from './commands/iptables/iptables';
import { jobsCommand, killCommand, waitCommand } from './commands/jobs';
import { journalctlCommand } from './commands/journalctl';
import {
  cableCommand,
  machineCommand,
  segmentCommand,
  titleCommand,
  uncableCommand,
} from './commands/lab/topology';
import { lsCommand } from './commands/ls';
import { ncCommand } from './commands/nc';
import { arpCommand } from './commands/nettools/arp';
import { ifconfigCommand } from './commands/nettools/ifconfig';
import { netstatCommand } from './commands/nettools/netstat';
import { routeCommand } from './commands/nettools/route';
import { pingCommand } from './commands/ping';
import { rmCommand } from './commands/rm';
import { ssCommand } from './commands/ss/ss';
import { sysctlCommand } from './commands/sysctl';
import { tcCommand } from './commands/tc';
import { tcpdumpCommand } from './commands/tcpdump/tcpdump';
import {
  awkCommand,
  cutCommand,
  sedCommand,
  sortCommand,
  uniqCommand,
} from './commands/text-tools';
import { tracerouteCommand } from './commands/traceroute';

const common: readonly Command[] = [
  awkCommand,
  clearCommand,
  cutCommand,
  echoCommand,
  exitCommand,
  exportCommand,
  falseCommand,
  grepCommand,
  headCommand,
  helpCommand,
  historyCommand,
  jobsCommand,
  killCommand,
  manCommand,
  printfCommand,
  sedCommand,
  sleepCommand,
  sortCommand,
  tailCommand,
  trueCommand,
  uniqCommand,
  unsetCommand,
  waitCommand,
  wcCommand,
];

/** Commands of a machine's shell. */
export const machineCommands: readonly Command[] = [
  ...common,
  birdCommand,
  birdcCommand,
  birdclCommand,
  bridgeCommand,
  catCommand,
  cnitoolCommand,
  crictlCommand,
  dockerCommand,
  envCommand,
  flanneldCommand,
  hostnameCommand,
  journalctlCommand,
  lsCommand,
  mkdirCommand,
  ipCommand,
  iptablesCommand,
  iptablesSaveCommand,
  conntrackCommand,
  curlCommand,
  etcdCommand,
  etcdctlCommand,
  ncCommand,
  pingCommand,
  arpCommand,
  ifconfigCommand,
  routeCommand,
  netstatCommand,
  ssCommand,
  sysctlCommand,
  tcCommand,
  tcpdumpCommand,
  tracerouteCommand,
  bashCommand,
  shCommand,
  rmCommand,
  ...cniPluginCommands,
];

/** Commands of the lab console. */
export const labCommands: readonly Command[] = [
  ...common,
  cableCommand,
  machineCommand,
  segmentCommand,
  titleCommand,
  uncableCommand,
];

export function commandTable(commands: readonly Command[]): Map<string, Command> {
  return new Map(commands.map((c) => [c.name, c]));
}

/** Both tables with every command loaded (the CLI, tests and the in-process lab). */
export function eagerCommandSets(): { machine: CommandSet; lab: CommandSet } {
  return { machine: CommandSet.eager(machineCommands), lab: CommandSet.eager(labCommands) };
}
