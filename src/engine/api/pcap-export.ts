/**
 * One pcap per interface that carried traffic, as if `tcpdump -i IFACE -w FILE` ran on every
 * interface of every namespace of every machine: what `cnlab … --pcap DIR` writes.
 *
 * It opens a capture (kernel/capture.ts) on each device, promiscuous like tcpdump, so a bridge
 * shows the frames between its ports. Devices and namespaces made later are picked up by
 * `rescan()`, which the recorder calls on every topology event of the Lab (after each command
 * line); until then an `any` capture on each known namespace records a new device's frames, so
 * a device created and used within one line is not missed. TUN devices are recorded through the
 * device tap (`dev.tap`): their packets bypass the capture registry (tun.ts accounts them
 * itself). Timestamps are the virtual clock. Nothing is opened, so nothing costs, until `start`.
 */
import { type Capture, captureClose, captureOpen } from '../kernel/capture';
import type { NetDevice } from '../kernel/device';
import type { Netns } from '../kernel/netns';
import type { World } from '../kernel/world';
import { LinkType, PcapWriter } from '../wire/pcap';
import type { Lab } from './lab';

/**
 * How files are named: `NETNS__IFNAME.pcap` (one machine) or `MACHINE__NETNS__IFNAME.pcap`; the
 * root netns is `root`, a container's is `container_NAME` (its label `container:NAME`).
 */
export type PcapNaming = 'netns' | 'machine';

/** One finished capture file. */
export interface PcapOutput {
  /** File name, e.g. `root__eth0.pcap`, `node1__pod1__eth0.pcap`. */
  readonly name: string;
  readonly machine: string;
  /** The named netns (or a container's `container:NAME`), undefined for the root one. */
  readonly netns: string | undefined;
  readonly ifname: string;
  /** LINKTYPE_ETHERNET (1) or LINKTYPE_RAW (101, a TUN device). */
  readonly linktype: number;
  readonly frames: number;
  readonly bytes: Uint8Array;
}

interface OpenFile {
  readonly out: Omit<PcapOutput, 'frames' | 'bytes'>;
  readonly writer: PcapWriter;
  frames: number;
}

export class PcapRecorder {
  private readonly lab: Lab;
  private readonly naming: PcapNaming;
  private world: World | undefined;
  private readonly files = new Map<string, OpenFile>();
  private readonly devCaptures = new Map<NetDevice, Capture>();
  private readonly nsCaptures = new Map<Netns, Capture>();
  private readonly tapped = new Set<NetDevice>();
  private unsubscribe: (() => void) | undefined;

  constructor(lab: Lab, naming: PcapNaming) {
    this.lab = lab;
    this.naming = naming;
  }

  /** Start recording everything the lab's machines send and receive from now on. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.lab.subscribe((batch) => {
      if (batch.some((e) => e.kind === 'topology')) this.rescan();
    });
    this.rescan();
  }

  /** Open captures on devices and namespaces that appeared since the last scan. */
  rescan(): void {
    const world = this.lab.worldForBench();
    if (world !== this.world) {
      this.detach();
      this.world = world;
    }
    for (const machine of world.machines.values()) {
      for (const ns of machine.allNetns()) {
        if (!this.nsCaptures.has(ns)) {
          this.nsCaptures.set(
            ns,
            captureOpen(ns, undefined, (dev, frame) => {
              if (dev.kind !== 'tun' && !this.devCaptures.has(dev)) this.record(dev, frame);
            }),
          );
        }
        for (const dev of ns.devices) this.watch(dev);
      }
    }
  }

  /** Stop recording and return the files, sorted by name (only interfaces that saw frames). */
  finish(): PcapOutput[] {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.detach();
    return [...this.files.values()]
      .map((f) => ({ ...f.out, frames: f.frames, bytes: f.writer.bytes() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private watch(dev: NetDevice): void {
    if (dev.kind === 'tun') {
      if (this.tapped.has(dev) || dev.tap !== undefined) return;
      this.tapped.add(dev);
      dev.tap = (frame) => this.record(dev, frame);
      return;
    }
    if (this.devCaptures.has(dev)) return;
    this.devCaptures.set(
      dev,
      captureOpen(dev.netns, dev, (d, frame) => this.record(d, frame)),
    );
  }

  private detach(): void {
    for (const c of this.devCaptures.values()) captureClose(c);
    for (const c of this.nsCaptures.values()) captureClose(c);
    for (const dev of this.tapped) dev.tap = undefined;
    this.devCaptures.clear();
    this.nsCaptures.clear();
    this.tapped.clear();
  }

  private record(dev: NetDevice, frame: Uint8Array): void {
    const machine = dev.netns.machine.name;
    // A container's namespace has no /run/netns name: it goes by its label (container:NAME).
    const netns = dev.netns.name ?? dev.netns.machine.containerLabel(dev.netns);
    const base = `${safe(netns ?? 'root')}__${safe(dev.name)}.pcap`;
    const name = this.naming === 'machine' ? `${safe(machine)}__${base}` : base;
    let file = this.files.get(name);
    if (!file) {
      const linktype =
        dev.kind === 'tun' && dev.tun?.mode !== 'tap' ? LinkType.Raw : LinkType.Ethernet;
      file = {
        out: { name, machine, netns, ifname: dev.name, linktype },
        writer: new PcapWriter(linktype),
        frames: 0,
      };
      this.files.set(name, file);
    }
    file.writer.write(this.lab.now(), frame);
    file.frames++;
  }
}

/** A name as a file name part: no path separators, no `:` (container:NAME). */
function safe(part: string): string {
  return part.replace(/[/\\:]/g, '_');
}
