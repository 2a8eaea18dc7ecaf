/**
 * Packet capture (AF_PACKET sockets as libpcap opens them, net/packet/af_packet.c): a capture is
 * bound to one device (`dev->ptype_all`) or to every device of its namespace (`-i any`,
 * `net->ptype_all`), and sees each frame the device sends or receives, at the moment l2.ts
 * counts it. Several captures may watch one device. Nothing is looked at, and nothing allocated,
 * while no capture is open: l2.ts checks two fields that stay `undefined`.
 *
 * A capture bound to a bridge puts it in promiscuous mode, as libpcap does: the bridge then
 * passes every frame its ports receive up to its own device (br_pass_frame_up with IFF_PROMISC),
 * so `tcpdump -i docker0` shows traffic between two containers. `-i any` does not set promiscuous
 * mode. The frame handed to a handler is the device's buffer: copy what you keep.
 *
 * Left out: BPF in the kernel (the handler filters), ring buffers and drops, PACKET_OUTGOING
 * copies for loopback (lo shows each frame once out and once in, as Linux does), VLAN tags.
 */
import type { NetDevice } from './device';
import type { Netns } from './netns';

/** skb->pkt_type as a packet socket reports it (sll_pkttype). */
export type CapturePktType = 'host' | 'broadcast' | 'multicast' | 'otherhost' | 'outgoing';

/** Called for each frame a capture sees; `frame` must not be kept without copying. */
export type CaptureHandler = (dev: NetDevice, frame: Uint8Array, pkttype: CapturePktType) => void;

export class Capture {
  readonly ns: Netns;
  /** The device it is bound to, or undefined for every device of `ns` (`any`). */
  readonly dev: NetDevice | undefined;
  readonly handler: CaptureHandler;
  /** Promiscuous mode (libpcap's default on a device; `tcpdump -p` turns it off). */
  readonly promisc: boolean;
  closed = false;

  constructor(ns: Netns, dev: NetDevice | undefined, handler: CaptureHandler, promisc: boolean) {
    this.ns = ns;
    this.dev = dev;
    this.handler = handler;
    this.promisc = promisc;
  }
}

/** Open a capture on `dev`, or on every device of `ns` when `dev` is undefined. */
export function captureOpen(
  ns: Netns,
  dev: NetDevice | undefined,
  handler: CaptureHandler,
  promisc = true,
): Capture {
  const c = new Capture(ns, dev, handler, dev !== undefined && promisc);
  const w = ns.machine.world;
  if (w) w.openCaptures++;
  if (dev) dev.captures = [...(dev.captures ?? []), c];
  else ns.captures = [...(ns.captures ?? []), c];
  return c;
}

/** Close a capture; a closed capture sees nothing more. */
export function captureClose(c: Capture): void {
  if (c.closed) return;
  c.closed = true;
  const w = c.ns.machine.world;
  if (w) w.openCaptures--;
  if (c.dev) c.dev.captures = without(c.dev.captures, c);
  else c.ns.captures = without(c.ns.captures, c);
}

function without(list: Capture[] | undefined, c: Capture): Capture[] | undefined {
  const rest = (list ?? []).filter((x) => x !== c);
  return rest.length > 0 ? rest : undefined;
}

/** How a device classifies a received frame (eth_type_trans); TUN frames are always for us. */
function pktTypeOf(dev: NetDevice, frame: Uint8Array): CapturePktType {
  if (dev.kind === 'tun' || frame.length < 6) return 'host';
  if ((frame[0] & 1) === 1) {
    for (let i = 0; i < 6; i++) if (frame[i] !== 0xff) return 'multicast';
    return 'broadcast';
  }
  const mac = dev.mac;
  const hi = Math.floor(mac / 0x1_0000_0000);
  const lo = mac >>> 0;
  const same =
    ((frame[0] << 8) | frame[1]) === hi &&
    ((frame[2] << 24) | (frame[3] << 16) | (frame[4] << 8) | frame[5]) >>> 0 === lo;
  return same ? 'host' : 'otherhost';
}

/**
 * Where a bridge's frames are shown: `port` is a frame received on one of its ports (seen by
 * promiscuous captures on the bridge), `local` one the bridge passes up to its own stack (seen
 * by the other captures on the bridge and by `any`).
 */
export type BridgePath = 'port' | 'local';

/**
 * dev_queue_xmit_nit / __netif_receive_skb's ptype_all walk: show `frame`, sent (`out`) or
 * received (`in`) on `dev`, to the captures bound to it and to its namespace's `any` captures.
 */
export function captureDeliver(
  dev: NetDevice,
  frame: Uint8Array,
  dir: 'in' | 'out',
  bridge?: BridgePath,
): void {
  const own = dev.captures;
  const any = bridge === 'port' ? undefined : dev.netns.captures;
  if (own === undefined && any === undefined) return;
  const pkt = dir === 'out' ? 'outgoing' : pktTypeOf(dev, frame);
  if (own)
    for (const c of own) {
      if (c.closed) continue;
      if (bridge === 'port' && !c.promisc) continue;
      if (bridge === 'local' && c.promisc) continue;
      c.handler(dev, frame, pkt);
    }
  if (any) for (const c of any) if (!c.closed) c.handler(dev, frame, pkt);
}
