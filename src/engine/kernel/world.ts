/**
 * Everything that is simulated: the machines, the segments between them, and the clock that
 * drives them all. One World per lab; nothing in the engine is global.
 */
import type { MachineKind, TopologyView } from '../api/types';
import { Segment } from '../net/segment';
import { Scheduler } from '../sim/scheduler';
import { TraceBus } from '../sim/trace';
import { Machine, type MachineOptions } from './machine';
import { randomMac, syncMachine } from './rtnl';
import { StormGuard } from './storm';
import { machineNamespaces } from './view';

export type WorldResult = { ok: true } | { ok: false; error: string };

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;
const IFNAME = /^[^\s/:]{1,15}$/;

export class World {
  readonly sched = new Scheduler();
  /** Every step the stack takes with a packet (architecture rule 3); off costs nothing. */
  readonly trace = new TraceBus();
  /** Packets whose TCP/UDP checksum is left to the device (csum-partial.ts), by packet id. */
  readonly csumPartial = new Map<number, 'outer' | 'inner'>();
  /** Packet captures open anywhere (tcpdump, pcap export): partial checksums are tracked then. */
  openCaptures = 0;
  /** Stops frames that loop through bridges (kernel/storm.ts). */
  readonly storm = new StormGuard();
  readonly machines = new Map<string, Machine>();
  readonly segments = new Map<string, Segment>();
  title = 'Untitled lab';
  /** Bumped on every change that the canvas draws. */
  version = 0;

  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  addMachine(name: string, kind: MachineKind, options: MachineOptions = {}): WorldResult {
    const bad = this.checkName(name);
    if (bad) return bad;
    const now = () => this.sched.now;
    const machine = new Machine(name, kind, this.seed, { ...options, now });
    machine.world = this;
    this.machines.set(name, machine);
    return this.changed();
  }

  removeMachine(name: string): WorldResult {
    if (!this.machines.delete(name))
      return { ok: false, error: `machine "${name}" does not exist` };
    for (const seg of this.segments.values()) {
      for (const p of seg.ports.filter((p) => p.machine === name)) seg.unplug(p.machine, p.ifname);
    }
    return this.changed();
  }

  addSegment(name: string): WorldResult {
    const bad = this.checkName(name);
    if (bad) return bad;
    this.segments.set(name, new Segment(name));
    return this.changed();
  }

  removeSegment(name: string): WorldResult {
    if (!this.segments.delete(name))
      return { ok: false, error: `segment "${name}" does not exist` };
    return this.changed();
  }

  /**
   * Plug a machine's network card into a segment. The card (`ifname` in the machine's root
   * namespace) appears when first cabled, as a NIC would after a hot-plug; it has a link while
   * cabled.
   */
  cable(machine: string, ifname: string, segment: string): WorldResult {
    const m = this.machines.get(machine);
    if (!m) return { ok: false, error: `machine "${machine}" does not exist` };
    const seg = this.segments.get(segment);
    if (!seg) return { ok: false, error: `segment "${segment}" does not exist` };
    if (!IFNAME.test(ifname))
      return { ok: false, error: `"${ifname}" is not a valid interface name` };
    if (this.cableOf(machine, ifname)) {
      return { ok: false, error: `${machine} ${ifname} is already cabled` };
    }
    const existing = m.root.byName(ifname);
    if (existing && existing.kind !== 'nic') {
      return {
        ok: false,
        error: `${machine} already has a ${existing.kind} device called ${ifname}`,
      };
    }
    const nic = existing ?? m.root.createDevice(ifname, 'nic', randomMac(m.root));
    nic.cabled = true;
    syncMachine(m.root);
    seg.plug({ machine, ifname });
    return this.changed();
  }

  uncable(machine: string, ifname: string): WorldResult {
    const seg = this.cableOf(machine, ifname);
    if (!seg) return { ok: false, error: `${machine} ${ifname} is not cabled` };
    seg.unplug(machine, ifname);
    const nic = this.machines.get(machine)?.root.byName(ifname);
    if (nic) nic.cabled = false;
    return this.changed();
  }

  setTitle(title: string): WorldResult {
    this.title = title;
    return this.changed();
  }

  /** What the canvas draws (layout is added by the lab). */
  view(): Omit<TopologyView, 'layout'> {
    return {
      title: this.title,
      machines: [...this.machines.values()].map((m) => ({
        id: `machine:${m.name}`,
        name: m.name,
        kind: m.kind,
        hostname: m.hostname,
        netns: [...m.named.keys()],
        namespaces: machineNamespaces(m),
        ipForward: m.root.ipForward,
        ...daemonsOf(m),
      })),
      segments: [...this.segments.values()].map((s) => ({ id: `segment:${s.name}`, name: s.name })),
      cables: [...this.segments.values()].flatMap((s) =>
        s.ports.map((p) => ({
          id: `cable:${p.machine}:${p.ifname}`,
          machine: p.machine,
          ifname: p.ifname,
          segment: s.name,
        })),
      ),
    };
  }

  /** Mark a change the canvas must redraw (also used by commands that change a machine). */
  changed(): WorldResult {
    this.version++;
    return { ok: true };
  }

  private cableOf(machine: string, ifname: string): Segment | undefined {
    for (const seg of this.segments.values()) {
      if (seg.ports.some((p) => p.machine === machine && p.ifname === ifname)) return seg;
    }
    return undefined;
  }

  private checkName(name: string): WorldResult | undefined {
    if (!NAME.test(name)) {
      return {
        ok: false,
        error: `"${name}" is not a valid name (letters, digits, "-", "_", "."; starts with a letter; at most 32)`,
      };
    }
    if (name === 'lab') return { ok: false, error: '"lab" is reserved for the lab console' };
    if (this.machines.has(name) || this.segments.has(name)) {
      return { ok: false, error: `"${name}" already exists` };
    }
    return undefined;
  }
}

/** Running daemons by their program name (`bird:/run/bird/bird.ctl` is `bird`); helpers aside. */
function daemonsOf(m: Machine): { daemons?: string[] } {
  const names = new Set<string>();
  for (const [key, d] of m.daemons) {
    if (key === 'etcd-connect' || (d as { exited?: boolean }).exited === true) continue;
    names.add(key.split(':')[0]);
  }
  return names.size > 0 ? { daemons: [...names].sort() } : {};
}
