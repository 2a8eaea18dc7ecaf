/**
 * A simulated Linux machine: a root network namespace, any number of named ones (what
 * `ip netns add` creates under /run/netns), a hostname, and its own random stream.
 */
import type { MachineKind } from '../api/types';
import { Rng } from '../sim/rng';
import type { DeviceKind, NetDevice } from './device';
import { Netns } from './netns';
import { linkSetUp } from './rtnl';
import type { World } from './world';

export interface MachineOptions {
  /** The world's clock (virtual microseconds); a machine on its own starts at 0. */
  now?: () => number;
  /**
   * A bare machine's root namespace is as new as `unshare --net` makes it: only `lo`, down.
   * `cnlab sh` uses it so that its output can be compared with a script run that way on Linux.
   */
  bare?: boolean;
}

export class Machine {
  hostname: string;
  readonly name: string;
  readonly kind: MachineKind;
  /** This machine's own random stream: MACs, ports and ids never depend on other machines. */
  readonly rng: Rng;
  readonly root: Netns;
  /** Named namespaces in creation order. */
  readonly named = new Map<string, Netns>();
  /**
   * Namespaces with no /run/netns entry that a daemon holds for its containers (Docker creates
   * its sandboxes under /var/run/docker/netns, so `ip netns list` does not show them), by a
   * label such as `container:web`, in creation order.
   */
  readonly containerNetns = new Map<string, Netns>();
  /** Userspace daemons running on this machine (dockerd, …) by name; the kernel never reads them. */
  readonly daemons = new Map<string, object>();
  /** Files the lab models on this machine (written by daemons, read with `cat`). */
  readonly files = new Map<string, string>([['/etc/resolv.conf', 'nameserver 192.0.2.53\n']]);
  /** Directories made with `mkdir` (others come from files' paths, see vfs.ts). */
  readonly dirs = new Set<string>();
  private flowSeed: number | undefined;

  /**
   * The kernel's flow-hash key (hashrnd, drawn once per boot): the same for every device of
   * this machine, different on another machine.
   */
  get flowHashSeed(): number {
    this.flowSeed ??= this.rng.nextU32();
    return this.flowSeed;
  }

  /** The world this machine lives in (set when it is added): its clock and trace bus. */
  world: World | undefined;
  /** Virtual time, for timers that state shows (IPv6 DAD). */
  readonly now: () => number;

  constructor(name: string, kind: MachineKind, seed: number, options: MachineOptions = {}) {
    this.name = name;
    this.kind = kind;
    this.hostname = name;
    this.rng = Rng.forName(seed, name);
    this.now = options.now ?? (() => 0);
    this.root = this.createNetns(undefined);
    if (!options.bare) {
      linkSetUp(this.root.byName('lo') as NonNullable<ReturnType<Netns['byName']>>, true);
      if (kind === 'router') this.root.sysctl.set('net.ipv4.ip_forward', '1');
    }
  }

  /** A new namespace with its loopback device (down, as the kernel creates it). */
  createNetns(name: string | undefined): Netns {
    const ns = new Netns(this, name);
    ns.createDevice('lo', 'loopback', 0);
    return ns;
  }

  netns(name: string | undefined): Netns | undefined {
    return name === undefined ? this.root : this.named.get(name);
  }

  allNetns(): Netns[] {
    return [this.root, ...this.named.values(), ...this.containerNetns.values()];
  }

  /**
   * The first device named `ifname` and of `kind` in `allNetns()` order (the root namespace, the
   * named ones, the containers'), without building that list: segments ask on every frame.
   */
  deviceNamed(ifname: string, kind: DeviceKind): NetDevice | undefined {
    const inRoot = this.root.byName(ifname);
    if (inRoot?.kind === kind) return inRoot;
    for (const ns of this.named.values()) {
      const d = ns.byName(ifname);
      if (d?.kind === kind) return d;
    }
    for (const ns of this.containerNetns.values()) {
      const d = ns.byName(ifname);
      if (d?.kind === kind) return d;
    }
    return undefined;
  }

  /** A container namespace's label (`container:web`), if `ns` is one. */
  containerLabel(ns: Netns): string | undefined {
    for (const [label, n] of this.containerNetns) if (n === ns) return label;
    return undefined;
  }
}
