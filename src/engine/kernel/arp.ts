/**
 * ARP processing (net/ipv4/arp.c `arp_process`, `arp_solicit`): replies for any local address
 * whatever the interface (arp_ignore=0, arp_filter=0), proxy ARP when forwarding and
 * `net.ipv4.conf.{all,DEV}.proxy_arp` is 1 (broadcast requests answered after a random
 * proxy_delay, as `pneigh_enqueue` does), and neighbour updates that follow arp_accept=0:
 * unsolicited replies and gratuitous ARP only refresh entries that already exist.
 *
 * Heads up: RFC 826 and RFC 5227 (gratuitous ARP) define the packets; the behaviour here is the
 * kernel's, not the RFC's (e.g. a unicast reply makes an entry REACHABLE, a broadcast one STALE).
 * Left out: arp_announce/arp_ignore other than 0, arp_filter, IN_DEV_MEDIUM_ID, pvlan proxy.
 */
import {
  ArpOperation,
  arpBufferLen,
  ETHERNET_HEADER_LEN,
  EtherType,
  emitArp,
  emitEthernet,
  MAC_BROADCAST,
  parseArp,
} from '../wire';
import { IFF, type NetDevice } from './device';
import { formatIpv4, formatMac, type Ipv4, type Mac } from './inet';
import { isLocalAddr, routeInput, selectSourceAddr } from './ipv4-route';
import { devXmit, type PacketType } from './l2';
import { neighEventNs, neighParam, neighUpdate } from './neigh';
import { newPacketId, trace, traceDrop } from './trace';
import type { World } from './world';

function arpFrame(
  op: number,
  dst: Mac,
  src: Mac,
  senderMac: Mac,
  senderIp: Ipv4,
  targetMac: Mac,
  targetIp: Ipv4,
): Uint8Array {
  const frame = new Uint8Array(ETHERNET_HEADER_LEN + arpBufferLen());
  emitEthernet({ dst, src, ethertype: EtherType.ARP }, frame);
  emitArp(
    {
      hardwareType: 1,
      protocolType: 0x0800,
      operation: op,
      senderMac,
      senderIp,
      targetMac,
      targetIp,
    },
    frame.subarray(ETHERNET_HEADER_LEN),
  );
  return frame;
}

/**
 * arp_solicit: ask who has `target` on `dev`. The sender address is `hint` (the source of the
 * packet waiting) when it is local, else one chosen on `dev` (arp_announce=0). A `unicast` MAC
 * sends the probe there instead of broadcasting (re-validating a known neighbour).
 */
export function arpSolicit(
  w: World,
  dev: NetDevice,
  target: Ipv4,
  hint: Ipv4 | undefined,
  unicast?: Mac,
): void {
  const ns = dev.netns;
  const src =
    hint !== undefined && isLocalAddr(ns, hint)
      ? hint
      : (selectSourceAddr(ns, dev, target, 'link') ?? 0);
  const id = newPacketId(w);
  const frame = arpFrame(
    ArpOperation.Request,
    unicast ?? MAC_BROADCAST,
    dev.mac,
    dev.mac,
    src,
    0,
    target,
  );
  trace(
    w,
    dev,
    id,
    'arp.request',
    'emit',
    () =>
      `who-has ${formatIpv4(target)} tell ${formatIpv4(src)}${unicast === undefined ? '' : ' (unicast)'}`,
  );
  devXmit(w, dev, frame, id);
}

function arpReply(w: World, dev: NetDevice, sha: Mac, sip: Ipv4, tip: Ipv4, parent: number): void {
  const id = newPacketId(w);
  const frame = arpFrame(ArpOperation.Reply, sha, dev.mac, dev.mac, tip, sha, sip);
  trace(
    w,
    dev,
    id,
    'arp.reply',
    'emit',
    () => `${formatIpv4(tip)} is-at ${formatMac(dev.mac)}`,
    parent,
  );
  devXmit(w, dev, frame, id);
}

function proxyArp(dev: NetDevice): boolean {
  const s = dev.netns.sysctl;
  return (
    s.get('net.ipv4.conf.all.proxy_arp') === '1' ||
    s.get(`net.ipv4.conf.${dev.name}.proxy_arp`) === '1'
  );
}

/** arp_rcv + arp_process for an ARP frame received on `dev`. */
export function arpRcv(
  w: World,
  dev: NetDevice,
  frame: Uint8Array,
  id: number,
  pkt: PacketType,
  delayed = false,
): void {
  const ns = dev.netns;
  if (dev.noArpSet) {
    // arp_rcv: a device with IFF_NOARP takes no ARP at all.
    traceDrop(w, dev, id, 'link', 'arp_invalid', 'the device has arp off (IFF_NOARP)');
    return;
  }
  const parsed = parseArp(frame.subarray(ETHERNET_HEADER_LEN));
  if (!parsed.ok) {
    traceDrop(w, dev, id, 'link', 'arp_invalid', parsed.error.reason);
    return;
  }
  const arp = parsed.value;
  if (arp.hardwareType !== 1 || arp.protocolType !== 0x0800) {
    traceDrop(w, dev, id, 'link', 'arp_invalid', 'not Ethernet/IPv4');
    return;
  }
  if (pkt === 'otherhost') {
    traceDrop(w, dev, id, 'link', 'otherhost');
    return;
  }
  if (dev.flags & IFF.NOARP) {
    traceDrop(w, dev, id, 'link', 'arp_invalid', 'NOARP device');
    return;
  }
  const { senderMac: sha, senderIp: sip, targetIp: tip, operation: op } = arp;
  if (tip >>> 28 === 0xe || tip >>> 24 === 127 || sip >>> 28 === 0xe) {
    traceDrop(w, dev, id, 'link', 'arp_invalid', 'bad address');
    return;
  }
  trace(
    w,
    dev,
    id,
    op === ArpOperation.Request ? 'arp.rcv_request' : 'arp.rcv_reply',
    'pass',
    () =>
      op === ArpOperation.Request
        ? `who-has ${formatIpv4(tip)} tell ${formatIpv4(sip)}`
        : `${formatIpv4(sip)} is-at ${formatMac(sha)}`,
  );
  if (op === ArpOperation.Request && sip === 0) {
    // Duplicate address detection probe (RFC 5227): answer if the address is ours.
    if (isLocalAddr(ns, tip)) arpReply(w, dev, sha, sip, tip, id);
    return;
  }
  if (op === ArpOperation.Request) {
    const rt = routeInput(ns, tip);
    if (rt?.type === 'local') {
      neighEventNs(w, dev, sip, sha, id);
      arpReply(w, dev, sha, sip, tip, id);
      return;
    }
    if (ns.ipForward && rt?.type === 'unicast' && rt.dev !== dev && proxyArp(dev)) {
      neighEventNs(w, dev, sip, sha, id);
      const delay = neighParam(dev, 'proxy_delay') * 10_000;
      if (delayed || pkt === 'host' || delay === 0) {
        arpReply(w, dev, sha, sip, tip, id);
      } else {
        const at = w.sched.now + ns.machine.rng.below(delay);
        trace(
          w,
          dev,
          id,
          'arp.proxy',
          'consume',
          () => `reply for ${formatIpv4(tip)} delayed (proxy_delay)`,
        );
        w.sched.at(at, () => {
          if (dev.netns === ns && dev.running) arpRcv(w, dev, frame, id, pkt, true);
        });
      }
      return;
    }
  }
  // Update our ARP tables: only entries that exist (arp_accept=0).
  const n = ns.neigh.lookup(dev, sip);
  if (!n) return;
  const isGarp = sip === tip && !isLocalAddr(ns, sip);
  const override = w.sched.now > n.updated + neighParam(dev, 'locktime') * 10_000 || isGarp;
  const state = op === ArpOperation.Reply && pkt === 'host' ? 'REACHABLE' : 'STALE';
  neighUpdate(w, n, sha, state, { override }, id);
}
