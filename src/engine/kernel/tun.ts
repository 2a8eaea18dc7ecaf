/**
 * TUN/TAP devices (drivers/net/tun.c) and the file descriptor a process holds on one
 * (`open("/dev/net/tun")` + `ioctl(TUNSETIFF)`, IFF_NO_PI): what flanneld's UDP backend reads and
 * writes (claims C07, C08).
 *
 * - Kernel → user (`tun_net_xmit`): a packet the stack routes to the device is queued on the
 *   file (hook `tun.write`, kernel side) and the process wakes; its `read()` is the crossing
 *   (hook `socket.recv`, space `user`). TUN mode carries bare IP packets (captures are
 *   LINKTYPE_RAW: the device tap sees no Ethernet header), TAP mode whole Ethernet frames.
 * - User → kernel (`tun_get_user`): `write()` (hook `tun.read`, space `user`: the kernel reads
 *   the user's buffer) injects the packet as if received on the device; the IP version nibble
 *   picks the protocol, as without packet information.
 * - The device has carrier only while a file is attached: `ip tuntap add` makes a persistent
 *   device (NO-CARRIER, state DOWN, until a process attaches); a device a process created
 *   itself disappears when the process closes it, routes included (flannel0 after flanneld
 *   exits).
 *
 * Left out: IFF_MULTI_QUEUE (a second attach is EBUSY), packet information headers, vnet
 * headers, offloads, owner/group permission checks, the fd's own queue limit beyond the
 * device's txqueuelen, TUNSETIFF's `%d` templates other than tun%d/tap%d.
 */
import type { NetDevice } from './device';
import { type KResult, kerr, kok } from './errors';
import { formatIpv4 } from './inet';
import { devRx, NETIF_RX_DELAY_US, netifDeliver, readU32 } from './l2';
import type { Netns } from './netns';
import { linkAddTun, linkDel, syncMachine } from './rtnl';
import { newPacketId, trace, traceDrop } from './trace';
import type { World } from './world';

export type TunMode = 'tun' | 'tap';

/** The tun-specific part of a device (`struct tun_struct`). */
export interface TunParams {
  mode: TunMode;
  /** TUNSETPERSIST: the device outlives its file descriptors. */
  persist: boolean;
  /** Attached file descriptors (at most one: no multiqueue). */
  files: TunFile[];
}

/** A packet queued for the process, with the trace id it travels under. */
export interface TunPacket {
  data: Uint8Array;
  packetId: number;
}

const ETH_LEN = 14;

/** A process's open TUN/TAP file descriptor. */
export class TunFile {
  readonly dev: NetDevice;
  /** Who holds it, for traces (`flanneld`, `test`, …). */
  readonly owner: string;
  readonly queue: TunPacket[] = [];
  /** Called when a packet is queued (the owning process wakes). */
  onReadable: (() => void) | undefined;
  closed = false;
  private readonly w: World;

  constructor(w: World, dev: NetDevice, owner: string) {
    this.w = w;
    this.dev = dev;
    this.owner = owner;
  }

  /** read(): the next packet the kernel routed to the device (a raw IPv4 packet in TUN mode). */
  read(): Uint8Array | undefined {
    return this.readPacket()?.data;
  }

  /** read() that also returns the packet's trace id (for `parentId` of what is sent next). */
  readPacket(): TunPacket | undefined {
    const p = this.queue.shift();
    if (!p) return undefined;
    trace(
      this.w,
      this.dev,
      p.packetId,
      'socket.recv',
      'consume',
      () => `${this.owner} reads ${p.data.length} bytes from ${this.dev.name}`,
    );
    return p;
  }

  /**
   * write(): inject `pkt` as if the device received it. EIO when the device is down, EINVAL
   * for a TUN packet that is neither IPv4 nor IPv6, EBADF after close.
   */
  write(pkt: Uint8Array, parentId?: number): KResult {
    return tunWrite(this.w, this, pkt, parentId);
  }

  close(): void {
    tunClose(this);
  }
}

function tunOf(dev: NetDevice): TunParams {
  dev.tun ??= { mode: 'tun', persist: false, files: [] };
  return dev.tun;
}

function templateName(ns: Netns, mode: TunMode): string {
  for (let i = 0; ; i++) if (!ns.byName(`${mode}${i}`)) return `${mode}${i}`;
}

/**
 * open("/dev/net/tun") + TUNSETIFF: attach to the device `name` (created, not persistent, when
 * missing; `undefined` picks tun%d/tap%d). EINVAL when `name` is another kind of device or a tun
 * of the other mode, EBUSY when a process already holds it.
 */
export function tunOpen(
  w: World,
  ns: Netns,
  name: string | undefined,
  opts: { mode?: TunMode; owner?: string } = {},
): KResult<TunFile> {
  const mode = opts.mode ?? 'tun';
  const ifname = name === undefined || name === '' ? templateName(ns, mode) : name;
  let dev = ns.byName(ifname);
  if (dev) {
    if (dev.kind !== 'tun' || tunOf(dev).mode !== mode) return kerr('EINVAL');
    if (tunOf(dev).files.length > 0) return kerr('EBUSY');
  } else {
    const made = linkAddTun(ns, ifname, mode, false);
    if (!made.ok) return made;
    dev = made.value;
  }
  const file = new TunFile(w, dev, opts.owner ?? 'process');
  tunOf(dev).files.push(file);
  dev.tunAttached = true;
  syncMachine(ns);
  w.changed();
  return kok(file);
}

/** close(): the device loses its carrier; a device that is not persistent is deleted. */
export function tunClose(file: TunFile): void {
  if (file.closed) return;
  file.closed = true;
  file.queue.length = 0;
  const dev = file.dev;
  const t = tunOf(dev);
  t.files = t.files.filter((f) => f !== file);
  dev.tunAttached = t.files.length > 0;
  if (!dev.tunAttached && !t.persist && dev.netns.byIndex(dev.ifindex) === dev) linkDel(dev);
  else syncMachine(dev.netns);
  dev.netns.machine.world?.changed();
}

/** The device is going away: its files see end of file (EBADFD on Linux). */
export function tunDetachAll(dev: NetDevice): void {
  const t = dev.tun;
  if (!t) return;
  for (const f of t.files) {
    f.closed = true;
    f.queue.length = 0;
  }
  t.files = [];
  dev.tunAttached = false;
}

/**
 * tun_net_xmit: `frame` (Ethernet room included, as IPv4 output builds it) routed to the device.
 * A TUN device hands the process the bare IP packet; TAP the whole frame.
 */
export function tunXmit(w: World, dev: NetDevice, frame: Uint8Array, id: number): void {
  const t = tunOf(dev);
  const pkt = t.mode === 'tun' ? frame.subarray(ETH_LEN) : frame;
  const file = t.files[0];
  if (!file) {
    dev.stats.txDropped++;
    traceDrop(w, dev, id, 'link', 'tun_no_reader');
    return;
  }
  if (file.queue.length >= dev.txqlen) {
    dev.stats.txDropped++;
    traceDrop(w, dev, id, 'link', 'tun_queue_full', `${file.queue.length} packets queued`);
    return;
  }
  dev.stats.txPackets++;
  dev.stats.txBytes += pkt.length;
  dev.tap?.(pkt, 'out');
  trace(w, dev, id, 'tun.write', 'pass', () => `${pkt.length} bytes queued for ${file.owner}`);
  file.queue.push({ data: pkt.slice(), packetId: id });
  file.onReadable?.();
}

/** tun_get_user: the process writes `pkt`; it is received on the device. */
export function tunWrite(w: World, file: TunFile, pkt: Uint8Array, parentId?: number): KResult {
  if (file.closed) return kerr('EINVAL');
  const dev = file.dev;
  const t = tunOf(dev);
  if (!dev.adminUp) return kerr('EINVAL');
  let frame: Uint8Array;
  if (t.mode === 'tun') {
    const version = pkt.length > 0 ? pkt[0] >> 4 : 0;
    if (version !== 4 && version !== 6) {
      dev.stats.rxDropped++;
      return kerr('EINVAL');
    }
    frame = new Uint8Array(ETH_LEN + pkt.length);
    frame[12] = version === 4 ? 0x08 : 0x86;
    frame[13] = version === 4 ? 0x00 : 0xdd;
    frame.set(pkt, ETH_LEN);
  } else {
    if (pkt.length < ETH_LEN) return kerr('EINVAL');
    frame = pkt.slice();
  }
  const id = newPacketId(w);
  trace(
    w,
    dev,
    id,
    'tun.read',
    'emit',
    () =>
      `${file.owner} writes ${pkt.length} bytes into ${dev.name}${t.mode === 'tun' && pkt[0] >> 4 === 4 && pkt.length >= 20 ? ` (${formatIpv4(readU32(pkt, 12))} > ${formatIpv4(readU32(pkt, 16))})` : ''}`,
    parentId,
  );
  if (t.mode === 'tap') {
    // A TAP frame is received like any Ethernet frame (a bridge port's goes to the bridge).
    w.sched.afterCall(NETIF_RX_DELAY_US, devRx, w, dev, frame, id);
    return kok(undefined);
  }
  dev.stats.rxPackets++;
  dev.stats.rxBytes += pkt.length;
  dev.tap?.(frame.subarray(ETH_LEN), 'in');
  w.sched.after(NETIF_RX_DELAY_US, () => {
    if (dev.adminUp) netifDeliver(w, dev, frame, id, 'host');
  });
  return kok(undefined);
}
