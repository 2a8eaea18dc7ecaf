/**
 * A lab for packet-path tests: run lines in the lab console or on a machine, reach the world
 * behind the Lab (its namespaces, neighbour tables, FDBs), and tap devices to record the frames
 * they send and receive.
 */

import { Lab } from '../api/lab';
import type { RunResult, TraceEvent } from '../api/types';
import type { NetDevice } from '../kernel/device';
import type { Netns } from '../kernel/netns';
import type { World } from '../kernel/world';

export interface TappedFrame {
  t: number;
  dir: 'in' | 'out';
  frame: Uint8Array;
}

export class PacketLab {
  readonly lab: Lab;
  private readonly sessions = new Map<string, string>();

  /** Every trace event the Lab has forwarded so far, oldest first. */
  readonly traced: TraceEvent[] = [];

  constructor(seed = 1) {
    this.lab = new Lab(seed);
    this.sessions.set('lab', this.lab.openSession({ machine: 'lab' }));
    this.lab.subscribe((batch) => {
      for (const e of batch) if (e.kind === 'trace') this.traced.push(...e.events);
    });
  }

  /** The world behind the Lab (tests only). */
  get world(): World {
    return this.lab.worldForBench();
  }

  /** Remove and return the trace events recorded so far. */
  takeTrace(): TraceEvent[] {
    return this.traced.splice(0, this.traced.length);
  }

  /** Run one line to its end on `machine` (or `lab`); throws on a non-zero status unless `allowFail`. */
  run(machine: string, line: string, allowFail = false): RunResult {
    let s = this.sessions.get(machine);
    if (s === undefined) {
      s = this.lab.openSession({ machine });
      this.sessions.set(machine, s);
    }
    const r = this.lab.execToEnd(s, line);
    if (r.code !== 0 && !allowFail)
      throw new Error(`${machine}$ ${line}\n${r.stderr}${r.stdout}(exit ${r.code})`);
    return r;
  }

  /** Run several lines on `machine`, each must succeed. */
  script(machine: string, lines: string): void {
    for (const line of lines.split('\n')) if (line.trim() !== '') this.run(machine, line.trim());
  }

  ns(machine: string, name?: string): Netns {
    const ns = this.world.machines.get(machine)?.netns(name);
    if (!ns) throw new Error(`no netns ${name ?? '(root)'} on ${machine}`);
    return ns;
  }

  dev(machine: string, netns: string | undefined, name: string): NetDevice {
    const d = this.ns(machine, netns).byName(name);
    if (!d) throw new Error(`no device ${name}`);
    return d;
  }

  /** Record every frame `dev` sends or receives from now on. */
  tap(dev: NetDevice): TappedFrame[] {
    const out: TappedFrame[] = [];
    dev.tap = (frame, dir) => out.push({ t: this.world.sched.now, dir, frame: frame.slice() });
    return out;
  }
}

/** Two namespaces a1 (10.0.0.1) and a2 (10.0.0.2) joined by a veth pair, on machine `host`. */
export function vethPairLab(seed = 1): PacketLab {
  const p = new PacketLab(seed);
  p.run('lab', 'machine add host --bare');
  p.script(
    'host',
    `ip netns add a1
    ip netns add a2
    ip link add eth0 netns a1 type veth peer name eth0 netns a2
    ip -n a1 addr add 10.0.0.1/24 dev eth0
    ip -n a2 addr add 10.0.0.2/24 dev eth0
    ip -n a1 link set eth0 up
    ip -n a2 link set eth0 up
    ip -n a1 link set lo up
    ip -n a2 link set lo up`,
  );
  return p;
}

/** Client cl (10.1.0.2) — router rt (10.1.0.1 | 10.2.0.1) — server sv (10.2.0.2), forwarding on. */
export function routerLab(seed = 1): PacketLab {
  const p = new PacketLab(seed);
  p.run('lab', 'machine add host --bare');
  p.script(
    'host',
    `ip netns add cl
    ip netns add rt
    ip netns add sv
    ip link add eth0 netns cl type veth peer name eth1 netns rt
    ip link add eth0 netns sv type veth peer name eth2 netns rt
    ip -n cl addr add 10.1.0.2/24 dev eth0
    ip -n rt addr add 10.1.0.1/24 dev eth1
    ip -n rt addr add 10.2.0.1/24 dev eth2
    ip -n sv addr add 10.2.0.2/24 dev eth0
    ip -n cl link set eth0 up
    ip -n rt link set eth1 up
    ip -n rt link set eth2 up
    ip -n sv link set eth0 up
    ip -n cl link set lo up
    ip -n rt link set lo up
    ip -n sv link set lo up
    ip -n cl route add default via 10.1.0.1
    ip -n sv route add 10.1.0.0/24 via 10.2.0.1
    ip netns exec rt sysctl -w net.ipv4.ip_forward=1`,
  );
  return p;
}
