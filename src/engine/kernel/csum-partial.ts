/**
 * CHECKSUM_PARTIAL as a capture sees it. Linux leaves the TCP/UDP checksum of a segment a local
 * socket sends to the device (checksum offload): veth, bridge and loopback pass such a packet on
 * unresolved, even into another namespace, and the field holds only the pseudo-header sum. A
 * packet socket copies the bytes as they are, so `tcpdump -v` prints `cksum 0x145e (incorrect ->
 * 0x8d7b)` and `-vv` `[bad udp cksum …]` for them. The lab keeps the bytes correct (its receive
 * path checks them) and remembers which packets are partial, by packet id; a capture is shown
 * the partial form. Which checksum is partial:
 *
 * - `outer`: the packet's own TCP or UDP header (a socket's segment, a VXLAN packet whose inner
 *   frame has complete checksums: udp_set_csum leaves the outer UDP checksum to the device);
 * - `inner`: the TCP or UDP header inside a VXLAN packet. The outer UDP checksum is then
 *   computed in software with local checksum offload, over the inner checksum as it will be:
 *   over the captured bytes it is wrong too (`bad udp cksum` around `cksum … (incorrect …)`).
 *
 * A TUN device has no offload: the checksum is resolved before it transmits (skb_checksum_help),
 * and so are fragments; a machine's NIC (a lab cable) is shown complete checksums too, as the
 * reference captures on node NICs have them. Left out: the partial RST of iptables REJECT. Marks end with local delivery
 * (a packet is partial only while in flight).
 */
import { pseudoHeaderSum } from '../wire';
import type { World } from './world';

export type PartialAt = 'outer' | 'inner';

/** How many marked packets are remembered (far more than are ever in flight). */
const LIMIT = 4096;

export function markPartial(w: World, id: number, at: PartialAt): void {
  // Only a capture shows a partial checksum (and an ICMP error quoting one): without any open,
  // nothing is tracked, and the packet path pays nothing for it.
  if (w.openCaptures === 0) return;
  const m = w.csumPartial;
  // Local delivery clears a mark; packets dropped on the way leave theirs. When those pile up,
  // they are all forgotten at once (evicting one at a time costs a Map far more).
  if (m.size >= LIMIT) m.clear();
  m.set(id, at);
}

export function partialOf(w: World, id: number): PartialAt | undefined {
  return w.csumPartial.size === 0 ? undefined : w.csumPartial.get(id);
}

export function clearPartial(w: World, id: number): void {
  w.csumPartial.delete(id);
}

const u16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];

/** The Ethernet frame `frame` with the chosen TCP/UDP checksum as the device would get it. */
export function partialView(frame: Uint8Array, at: PartialAt): Uint8Array {
  if (frame.length < 34 || u16(frame, 12) !== 0x0800) return frame;
  if (at === 'outer') return partialAt(frame, 14);
  // Ethernet, IPv4, UDP 8, VXLAN 8, then the inner Ethernet frame.
  const inner = 14 + (frame[14] & 0x0f) * 4 + 16;
  if (frame[14 + 9] !== 17 || frame.length < inner + 34 || u16(frame, inner + 12) !== 0x0800)
    return frame;
  return partialAt(frame, inner + 14);
}

/** An IPv4 datagram with its TCP/UDP checksum partial (what an ICMP error quotes of it). */
export function partialDatagram(datagram: Uint8Array): Uint8Array {
  return partialAt(datagram, 0);
}

/** A copy of `b` whose TCP/UDP header after the IPv4 header at `ip` holds the pseudo-header sum. */
function partialAt(b: Uint8Array, ip: number): Uint8Array {
  if (b.length < ip + 20) return b;
  const proto = b[ip + 9];
  const hl = (b[ip] & 0x0f) * 4;
  const l4 = ip + hl;
  const field = proto === 6 ? l4 + 16 : proto === 17 ? l4 + 6 : -1;
  if (field < 0 || b.length < field + 2 || (u16(b, ip + 6) & 0x3fff) !== 0) return b;
  if (proto === 17 && u16(b, field) === 0) return b;
  const len = u16(b, ip + 2) - hl;
  const src = ((u16(b, ip + 12) << 16) | u16(b, ip + 14)) >>> 0;
  const dst = ((u16(b, ip + 16) << 16) | u16(b, ip + 18)) >>> 0;
  let sum = pseudoHeaderSum(src, dst, proto, len);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const out = b.slice();
  out[field] = sum >> 8;
  out[field + 1] = sum & 0xff;
  return out;
}
