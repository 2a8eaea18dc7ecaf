/**
 * A network namespace: its own devices (with its own ifindex space), addresses, routing tables
 * and sysctls. Nothing network-related is shared between namespaces, as in Linux.
 */
import type { Capture } from './capture';
import { type DeviceKind, NetDevice } from './device';
import { Fib } from './fib';
import { IcmpRateLimiter } from './icmp-ratelimit';
import type { Mac } from './inet';
import { Ipv4State } from './ipv4-state';
import type { Machine } from './machine';
import { NeighTable } from './neigh';
import { Netfilter } from './netfilter/tables';
import { SysctlTable } from './sysctl-table';

export class Netns {
  /** The name under /run/netns, or undefined for the machine's root namespace. */
  name: string | undefined;
  readonly machine: Machine;
  readonly fib = new Fib();
  /** The ARP neighbour table (kernel/neigh.ts). */
  readonly neigh: NeighTable = new NeighTable(this);
  /** IP ids, path-MTU exceptions, reassembly queues, ICMP sockets (kernel/ipv4-state.ts). */
  readonly ipv4 = new Ipv4State();
  /** ICMP error token buckets per destination (kernel/icmp-ratelimit.ts). */
  readonly icmpRate = new IcmpRateLimiter();
  /** iptables tables and conntrack (kernel/netfilter). */
  readonly netfilter: Netfilter = new Netfilter(this);
  readonly sysctl: SysctlTable = new SysctlTable([
    ['net.ipv4.ip_forward', '0'],
    ['net.ipv4.conf.all.rp_filter', '0'],
    ['net.ipv4.conf.default.rp_filter', '0'],
    ['net.ipv4.conf.all.proxy_arp', '0'],
  ]);
  /** `-i any` packet captures of this namespace (kernel/capture.ts); undefined while none. */
  captures: Capture[] | undefined;
  private devs = new Map<number, NetDevice>();
  /** `devs` in ifindex order, kept until a device comes, goes or changes ifindex (perf only). */
  private sorted: NetDevice[] | undefined;
  /** Next ifindex to try: allocation is cyclic per namespace, as with the kernel's xarray. */
  private nextIndex = 1;
  /** Peer namespaces' ids as seen from here (peernet2id), allocated lowest-free from 0. */
  private nsids = new Map<Netns, number>();
  /** The values of `nsids` (perf only: lowest-free allocation without building a set). */
  private nsidsUsed = new Set<number>();

  constructor(machine: Machine, name: string | undefined) {
    this.machine = machine;
    this.name = name;
  }

  /** Devices in ifindex order, as `ip link` lists them. */
  get devices(): NetDevice[] {
    return this.ordered().slice();
  }

  /**
   * The same list as `devices` without the copy: for hot loops that only read it (and do not
   * add, remove or move devices while iterating).
   */
  ordered(): readonly NetDevice[] {
    this.sorted ??= [...this.devs.values()].sort((a, b) => a.ifindex - b.ifindex);
    return this.sorted;
  }

  byName(name: string): NetDevice | undefined {
    for (const d of this.devs.values()) if (d.name === name) return d;
    return undefined;
  }

  byIndex(ifindex: number): NetDevice | undefined {
    return this.devs.get(ifindex);
  }

  /** Create a device here with the next free ifindex. */
  createDevice(name: string, kind: DeviceKind, mac: Mac): NetDevice {
    const dev = new NetDevice(this, this.allocIndex(), name, kind, mac);
    this.devs.set(dev.ifindex, dev);
    this.sorted = undefined;
    return dev;
  }

  /** Take a device in from another namespace: it keeps its ifindex when that is free here. */
  adopt(dev: NetDevice): void {
    dev.netns.devs.delete(dev.ifindex);
    dev.netns.sorted = undefined;
    if (this.devs.has(dev.ifindex)) dev.ifindex = this.allocIndex();
    dev.netns = this;
    this.devs.set(dev.ifindex, dev);
    this.sorted = undefined;
  }

  removeDevice(dev: NetDevice): void {
    this.devs.delete(dev.ifindex);
    this.sorted = undefined;
  }

  /** peernet2id_alloc: the id by which this namespace knows `other`. */
  nsidOf(other: Netns): number {
    let id = this.nsids.get(other);
    if (id === undefined) {
      id = 0;
      while (this.nsidsUsed.has(id)) id++;
      this.nsids.set(other, id);
      this.nsidsUsed.add(id);
    }
    return id;
  }

  /** RTM_NEWNSID: give `other` the id `id` (-1: the lowest free one). */
  setNsid(other: Netns, id: number): 'ok' | 'used' | 'assigned' {
    if (this.nsids.has(other)) return 'assigned';
    if (id >= 0 && this.nsidsUsed.has(id)) return 'used';
    if (id < 0) this.nsidOf(other);
    else {
      this.nsids.set(other, id);
      this.nsidsUsed.add(id);
    }
    return 'ok';
  }

  /** The id this namespace assigned to `other`, if any (no allocation). */
  peekNsid(other: Netns): number | undefined {
    return this.nsids.get(other);
  }

  forgetNsid(other: Netns): void {
    const id = this.nsids.get(other);
    if (id !== undefined) this.nsidsUsed.delete(id);
    this.nsids.delete(other);
  }

  get ipForward(): boolean {
    return this.ipv4Knobs().forward;
  }

  /** net.ipv4.ip_default_ttl, as a number. */
  get defaultTtl(): number {
    return this.ipv4Knobs().ttl;
  }

  /** The sysctls every packet reads, parsed once per sysctl write (perf only). */
  private knobs = { generation: -1, forward: false, ttl: 64 };

  private ipv4Knobs(): { forward: boolean; ttl: number } {
    const k = this.knobs;
    if (k.generation !== this.sysctl.generation) {
      k.generation = this.sysctl.generation;
      k.forward = this.sysctl.get('net.ipv4.ip_forward') === '1';
      k.ttl = Number(this.sysctl.get('net.ipv4.ip_default_ttl') ?? 64);
    }
    return k;
  }

  private allocIndex(): number {
    for (;;) {
      const i = this.nextIndex;
      this.nextIndex = i >= 0x7fffffff ? 1 : i + 1;
      if (!this.devs.has(i)) return i;
    }
  }
}
