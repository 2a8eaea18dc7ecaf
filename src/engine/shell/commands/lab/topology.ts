/**
 * The lab console's commands: they build the physical world (machines, L2 segments, cables) that
 * a real lab would build with hardware. Everything inside a machine is then done with the
 * machine's own Linux commands.
 */
import type { MachineKind } from '../../../api/types';
import { installCniNode } from '../../../daemons/cni/node-image';
import type { WorldResult } from '../../../kernel/world';
import { type Command, type CommandContext, fail } from '../../command';

function report(ctx: CommandContext, name: string, r: WorldResult): number {
  return r.ok ? 0 : fail(ctx, `${name}: ${r.error}`);
}

function usage(ctx: CommandContext, cmd: Command): number {
  return fail(ctx, `Usage: ${cmd.help.usage.join('\n       ')}`, 2);
}

const KINDS: MachineKind[] = ['host', 'router'];

export const machineCommand: Command = {
  name: 'machine',
  help: {
    summary: 'add or remove a machine (a Linux host or a router)',
    usage: [
      'machine add NAME [--kind host|router] [--bare] [--k8s]',
      'machine del NAME',
      'machine list',
    ],
    notes:
      'A router is a Linux machine with net.ipv4.ip_forward=1. A bare machine starts like a fresh network namespace: only lo, down. A --k8s machine is a Kubernetes node image: the CNI plugins in /opt/cni/bin and an empty /etc/cni/net.d.',
  },
  mutates: (argv) => argv[0] === 'add' || argv[0] === 'del',
  run(argv, ctx) {
    const [verb, name, ...rest] = argv;
    if (verb === 'list' || verb === undefined) {
      for (const m of ctx.world.machines.values()) ctx.stdout.write(`${m.name}\t${m.kind}\n`);
      return 0;
    }
    if (!name) return usage(ctx, machineCommand);
    if (verb === 'add') {
      let kind: MachineKind = 'host';
      let bare = false;
      let k8s = false;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--bare') bare = true;
        else if (rest[i] === '--k8s') k8s = true;
        else if (rest[i] === '--kind' && KINDS.includes(rest[i + 1] as MachineKind)) {
          kind = rest[++i] as MachineKind;
        } else return usage(ctx, machineCommand);
      }
      const added = ctx.world.addMachine(name, kind, { bare });
      const m = ctx.world.machines.get(name);
      if (added.ok && k8s && m) installCniNode(m);
      return report(ctx, 'machine', added);
    }
    if (verb === 'del') return report(ctx, 'machine', ctx.world.removeMachine(name));
    return usage(ctx, machineCommand);
  },
  complete: (before, partial, ctx) =>
    before.length === 0
      ? ['add', 'del', 'list'].filter((v) => v.startsWith(partial))
      : before[0] === 'del'
        ? [...ctx.world.machines.keys()].filter((n) => n.startsWith(partial))
        : [],
};

export const segmentCommand: Command = {
  name: 'segment',
  help: {
    summary: 'add or remove an L2 segment (a switch that machines are cabled to)',
    usage: ['segment add NAME', 'segment del NAME', 'segment list'],
  },
  mutates: (argv) => argv[0] === 'add' || argv[0] === 'del',
  run(argv, ctx) {
    const [verb, name] = argv;
    if (verb === 'list' || verb === undefined) {
      for (const s of ctx.world.segments.values()) {
        ctx.stdout.write(
          `${s.name}\t${s.ports.map((p) => `${p.machine}:${p.ifname}`).join(' ')}\n`,
        );
      }
      return 0;
    }
    if (!name || argv.length > 2) return usage(ctx, segmentCommand);
    if (verb === 'add') return report(ctx, 'segment', ctx.world.addSegment(name));
    if (verb === 'del') return report(ctx, 'segment', ctx.world.removeSegment(name));
    return usage(ctx, segmentCommand);
  },
};

export const cableCommand: Command = {
  name: 'cable',
  help: {
    summary: 'plug a machine’s network interface into a segment',
    usage: ['cable MACHINE IFNAME SEGMENT'],
  },
  mutates: true,
  run(argv, ctx) {
    if (argv.length !== 3) return usage(ctx, cableCommand);
    return report(ctx, 'cable', ctx.world.cable(argv[0], argv[1], argv[2]));
  },
  complete: (before, partial, ctx) => {
    const names =
      before.length === 0
        ? [...ctx.world.machines.keys()]
        : before.length === 2
          ? [...ctx.world.segments.keys()]
          : [];
    return names.filter((n) => n.startsWith(partial));
  },
};

export const uncableCommand: Command = {
  name: 'uncable',
  help: { summary: 'unplug a machine’s network interface', usage: ['uncable MACHINE IFNAME'] },
  mutates: true,
  run(argv, ctx) {
    if (argv.length !== 2) return usage(ctx, uncableCommand);
    return report(ctx, 'uncable', ctx.world.uncable(argv[0], argv[1]));
  },
};

export const titleCommand: Command = {
  name: 'title',
  help: { summary: 'show or set the lab’s title', usage: ['title [TEXT ...]'] },
  mutates: (argv) => argv.length > 0,
  run(argv, ctx) {
    if (argv.length === 0) {
      ctx.stdout.write(`${ctx.world.title}\n`);
      return 0;
    }
    return report(ctx, 'title', ctx.world.setTitle(argv.join(' ')));
  },
};
