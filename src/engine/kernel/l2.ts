/**
 * Device transmit and receive (net/core/dev.c): what each kind of device does with a frame
 * handed to it (`ndo_start_xmit`) and how a received frame goes up (`__netif_receive_skb`): to
 * the bridge when the device is a port (its rx_handler), else to ARP or IPv4 by ethertype.
 *
 * - loopback: the frame comes back in on lo (loopback_xmit → netif_rx).
 * - veth: transmit on one end is receive on the peer, if the peer is up (else tx_dropped).
 * - bridge: kernel/bridge.ts. nic: the segment it is cabled to (net/switch.ts).
 * Every hop through a backlog (netif_rx) costs {@link NETIF_RX_DELAY_US} of virtual time, so
 * round trips are small but never zero. tun and vxlan have their own files (tun.ts, vxlan.ts).
 * A device with a root qdisc set by `tc` (netem) hands the frame to it first (kernel/qdisc.ts);
 * it reaches the driver (devHardXmit) when the qdisc releases it.
 * Left out: default qdiscs' queues, VLANs.
 */
import { segmentXmit } from '../net/switch';
import type { Micros } from '../sim/clock';
import { ETHERNET_HEADER_LEN, EtherType } from '../wire';
import { arpRcv } from './arp';
import { bridgeInput, bridgeXmit } from './bridge';
import { captureDeliver } from './capture';
import { clearPartial, partialOf, partialView } from './csum-partial';
import type { NetDevice } from './device';
import { formatMac, type Mac } from './inet';
import { ipRcv } from './ipv4-input';
import { qdiscEnqueue } from './qdisc';
import { trace, traceDrop, traceFrame } from './trace';
import { tunXmit } from './tun';
import { vxlanXmit } from './vxlan';
import type { World } from './world';

/** Virtual time a frame spends in a receive backlog (veth, loopback, bridge local delivery). */
export const NETIF_RX_DELAY_US: Micros = 10;

/** skb->pkt_type as eth_type_trans sets it. */
export type PacketType = 'host' | 'broadcast' | 'multicast' | 'otherhost';

/** Destination MAC of a frame (bytes 0..5). */
export function frameDst(frame: Uint8Array): Mac {
  return (
    ((frame[0] << 8) | frame[1]) * 0x1_0000_0000 +
    (((frame[2] << 24) | (frame[3] << 16) | (frame[4] << 8) | frame[5]) >>> 0)
  );
}

/** Source MAC of a frame (bytes 6..11). */
export function frameSrcMac(frame: Uint8Array): Mac {
  return (
    ((frame[6] << 8) | frame[7]) * 0x1_0000_0000 +
    (((frame[8] << 24) | (frame[9] << 16) | (frame[10] << 8) | frame[11]) >>> 0)
  );
}

/** The group bit of the first octet of a frame's destination. */
export function frameDstIsGroup(frame: Uint8Array): boolean {
  return (frame[0] & 1) === 1;
}

/** Writes a MAC at `at` without allocating. */
export function putMac(frame: Uint8Array, at: number, mac: number): void {
  const hi = Math.floor(mac / 0x1_0000_0000);
  const lo = mac >>> 0;
  frame[at] = hi >>> 8;
  frame[at + 1] = hi & 0xff;
  frame[at + 2] = lo >>> 24;
  frame[at + 3] = (lo >>> 16) & 0xff;
  frame[at + 4] = (lo >>> 8) & 0xff;
  frame[at + 5] = lo & 0xff;
}

/** A big-endian u32 at `at` (IPv4 addresses in headers) without a DataView. */
export function readU32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** eth_type_trans: how `dev` classifies a frame it receives. */
export function packetType(dev: NetDevice, frame: Uint8Array): PacketType {
  if (frameDstIsGroup(frame)) {
    return frame[0] === 0xff &&
      frame[1] === 0xff &&
      frame[2] === 0xff &&
      frame[3] === 0xff &&
      frame[4] === 0xff &&
      frame[5] === 0xff
      ? 'broadcast'
      : 'multicast';
  }
  return frameDst(frame) === dev.mac ? 'host' : 'otherhost';
}

/** The bytes a packet socket copies: a partial checksum as the device has it (csum-partial.ts). */
function captured(w: World, frame: Uint8Array, id: number): Uint8Array {
  if (w.csumPartial.size === 0) return frame;
  const at = partialOf(w, id);
  return at === undefined ? frame : partialView(frame, at);
}

/** Count a frame in the device's stats, show it to the tap and captures, and trace it. */
function account(w: World, dev: NetDevice, frame: Uint8Array, id: number, dir: 'in' | 'out'): void {
  if (dir === 'out') {
    dev.stats.txPackets++;
    dev.stats.txBytes += frame.length;
  } else {
    dev.stats.rxPackets++;
    dev.stats.rxBytes += frame.length;
  }
  dev.tap?.(frame, dir);
  if (dev.captures !== undefined || dev.netns.captures !== undefined)
    captureDeliver(dev, captured(w, frame, id), dir);
  traceFrame(w, dev, id, dir === 'out' ? 'dev.xmit' : 'dev.rcv', frame, 'ethernet', frameSummary);
}

/** How a traced frame is described: its length and MACs. */
function frameSummary(frame: Uint8Array): string {
  return `${frame.length} bytes ${formatMac(frameSrcMac(frame))} > ${formatMac(frameDst(frame))}`;
}

/** dev_queue_xmit: hand `frame` to `dev`'s driver. */
export function devXmit(w: World, dev: NetDevice, frame: Uint8Array, id: number): void {
  if (!dev.adminUp) {
    dev.stats.txDropped++;
    traceDrop(w, dev, id, 'link', 'dev_down');
    return;
  }
  if (!dev.carrier && dev.kind !== 'veth') {
    dev.stats.txDropped++;
    traceDrop(w, dev, id, 'link', 'no_carrier');
    return;
  }
  if (dev.qdiscRoot !== undefined) {
    qdiscEnqueue(w, dev, dev.qdiscRoot, frame, id);
    return;
  }
  devHardXmit(w, dev, frame, id);
}

/** dev_hard_start_xmit: the driver sends `frame` (after the qdisc, if any). */
export function devHardXmit(w: World, dev: NetDevice, frame: Uint8Array, id: number): void {
  const ns = dev.netns;
  if (dev.kind === 'tun') {
    // A TUN device's packets carry no link header: tun.ts accounts and taps them itself. It has
    // no checksum offload: a partial checksum is resolved before it (skb_checksum_help).
    clearPartial(w, id);
    tunXmit(w, dev, frame, id);
    return;
  }
  // A machine's NIC gets its checksums complete (validate_xmit_skb resolves them before the
  // taps when the device does not offload them; the reference captures on node NICs show so).
  if (dev.kind === 'nic') clearPartial(w, id);
  account(w, dev, frame, id, 'out');
  switch (dev.kind) {
    case 'loopback':
      w.sched.afterCall(NETIF_RX_DELAY_US, devRx, w, dev, frame, id);
      return;
    case 'veth': {
      const peer = dev.peer;
      if (!peer?.adminUp) {
        dev.stats.txPackets--;
        dev.stats.txBytes -= frame.length;
        dev.stats.txDropped++;
        traceDrop(w, dev, id, 'link', 'veth_peer_down');
        return;
      }
      if (w.trace.enabled)
        trace(
          w,
          dev,
          id,
          'veth.xmit',
          'pass',
          `to ${peer.name}${peer.netns === ns ? '' : ` in netns ${peer.netns.name ?? '(root)'}`}`,
        );
      w.sched.afterCall(NETIF_RX_DELAY_US, devRx, w, peer, frame, id);
      return;
    }
    case 'bridge':
      bridgeXmit(w, dev, frame, id);
      return;
    case 'nic':
      segmentXmit(w, dev, frame, id);
      return;
    case 'dummy':
      trace(w, dev, id, 'dev.xmit', 'consume', 'dummy device discards');
      return;
    case 'vxlan':
      vxlanXmit(w, dev, frame, id);
      return;
    default:
      traceDrop(w, dev, id, 'link', 'not_implemented', `${dev.kind} transmit`);
      return;
  }
}

/** netif_receive_skb: a frame arrives on `dev`. */
export function devRx(w: World, dev: NetDevice, frame: Uint8Array, id: number): void {
  if (!dev.adminUp) {
    traceDrop(w, dev, id, 'link', 'dev_down');
    return;
  }
  if (frame.length < ETHERNET_HEADER_LEN) {
    dev.stats.rxDropped++;
    traceDrop(w, dev, id, 'link', 'not_implemented', 'runt frame');
    return;
  }
  account(w, dev, frame, id, 'in');
  if (dev.master?.bridge) {
    // A capture on the bridge makes it promiscuous: it sees every frame its ports receive.
    if (dev.master.captures !== undefined && dev.master.adminUp)
      captureDeliver(dev.master, captured(w, frame, id), 'in', 'port');
    bridgeInput(w, dev.master, dev, frame, id);
    return;
  }
  netifDeliver(w, dev, frame, id, packetType(dev, frame));
}

/** The protocol handlers of a received frame (after any rx_handler declined it). */
export function netifDeliver(
  w: World,
  dev: NetDevice,
  frame: Uint8Array,
  id: number,
  pkt: PacketType,
): void {
  // A bridge's own receive path (br_pass_frame_up) is seen here by `any` and non-promiscuous
  // captures; promiscuous captures on the bridge saw the frame at the port (devRx).
  if (dev.bridge && (dev.captures !== undefined || dev.netns.captures !== undefined))
    captureDeliver(dev, captured(w, frame, id), 'in', 'local');
  const ethertype = (frame[12] << 8) | frame[13];
  if (ethertype === EtherType.ARP) {
    arpRcv(w, dev, frame, id, pkt);
    return;
  }
  if (ethertype === EtherType.IPv4) {
    ipRcv(w, dev, frame, id, pkt);
    return;
  }
  if (w.trace.enabled)
    trace(
      w,
      dev,
      id,
      'netif.deliver',
      'consume',
      `no handler for ethertype 0x${ethertype.toString(16).padStart(4, '0')}`,
    );
}
