/**
 * tcpdump 4.99.3's packet lines (netdissect: ether_print, sll_print/sll2_print, arp_print,
 * ip_print, icmp_print, udp_print, tcp_print, otv_print, hex_and_ascii_print), byte for byte for
 * what the lab sends: ARP, IPv4, ICMP (echo, unreachable, time exceeded, with the quoted datagram
 * under -v), UDP (checksum under -vv, VXLAN on 8472 as OTV), TCP (tcp-print.ts).
 *
 * Names: without -n an address is printed as itself (the lab has no resolver, and tcpdump falls
 * back to the number), a MAC gets its OUI (" (oui Unknown)"), ff:ff:ff:ff:ff:ff is "Broadcast"
 * and ports known to /etc/services get their names (services.ts).
 *
 * Left out: IPv6, DNS/DHCP/NTP payload decoding, IP options text.
 */
import {
  checksumOf,
  checksumValid,
  combine,
  dataSum,
  getU16,
  getU32,
  ipv4ToString,
  pseudoHeaderSum,
} from '../../../wire';
import { hex2, hexDump } from './hex-print';
import { portName } from './services';
import { type TcpSeqTable, tcpPrint } from './tcp-print';

/** The link type of a capture, as pcap names it. */
export type LinkName = 'EN10MB' | 'RAW' | 'LINUX_SLL' | 'LINUX_SLL2';

export interface PrintFlags {
  /** -n count: 0 resolves names (here: MAC OUIs, port names), 1 or more does not. */
  n: number;
  e: boolean;
  v: number;
  q: boolean;
  /** -x count (hex), -X count (hex and ASCII): 2 includes the link-layer header. */
  x: number;
  X: number;
  /** -A count: the packet's bytes as ASCII; 2 includes the link-layer header. */
  A: number;
  /** -S: TCP sequence numbers as they are, not relative to the conversation's first. */
  S: boolean;
  /** The TCP conversations this capture has seen (relative sequence numbers). */
  seqs: TcpSeqTable;
}

/** One captured packet with what a cooked (any) capture knows about it. */
export interface PrintPacket {
  frame: Uint8Array;
  /** True when `frame` is a bare IP packet (a TUN device). */
  raw: boolean;
  ifname: string;
  ifindex: number;
  loopback: boolean;
  pkttype: 'host' | 'broadcast' | 'multicast' | 'otherhost' | 'outgoing';
}

const u16 = getU16;
const u32 = getU32;

function macText(b: Uint8Array, at: number, f: PrintFlags): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(hex2(b[at + i]));
  const text = parts.join(':');
  if (f.n > 0) return text;
  if (text === 'ff:ff:ff:ff:ff:ff') return 'Broadcast';
  const oui = (b[at] << 16) | (b[at + 1] << 8) | b[at + 2];
  return `${text} (oui ${oui === 0 ? 'Ethernet' : 'Unknown'})`;
}

function ethertypeName(t: number): string {
  switch (t) {
    case 0x0800:
      return 'IPv4';
    case 0x0806:
      return 'ARP';
    case 0x86dd:
      return 'IPv6';
    case 0x8100:
      return '802.1Q';
    default:
      return 'Unknown';
  }
}

/** "HH:MM:SS.uuuuuu" of a virtual time in microseconds (the clock read as time of day). */
export function formatTimestamp(us: number): string {
  const secs = Math.floor(us / 1_000_000);
  const micros = us - secs * 1_000_000;
  const day = secs % 86400;
  const hh = Math.floor(day / 3600);
  const mm = Math.floor((day % 3600) / 60);
  const ss = day % 60;
  const two = (v: number) => String(v).padStart(2, '0');
  return `${two(hh)}:${two(mm)}:${two(ss)}.${String(micros).padStart(6, '0')}`;
}

const SLL_PKTTYPE: Record<PrintPacket['pkttype'], string> = {
  host: 'In',
  broadcast: 'B',
  multicast: 'M',
  otherhost: 'P',
  outgoing: 'Out',
};

/**
 * Everything tcpdump prints for one packet after the timestamp and its space (several lines
 * for -v and hex dumps; no trailing newline).
 */
export function formatPacket(p: PrintPacket, link: LinkName, f: PrintFlags): string {
  const b = p.frame;
  let head = '';
  let ethertype: number;
  let l3: Uint8Array;
  let linkHeader: Uint8Array;
  if (p.raw) {
    ethertype = b.length > 0 && b[0] >> 4 === 6 ? 0x86dd : 0x0800;
    l3 = b;
    linkHeader = new Uint8Array(0);
  } else {
    ethertype = b.length >= 14 ? u16(b, 12) : 0;
    l3 = b.subarray(Math.min(14, b.length));
    linkHeader = b.subarray(0, Math.min(14, b.length));
  }
  if (link === 'EN10MB' && f.e && !p.raw) {
    head = `${macText(b, 6, f)} > ${macText(b, 0, f)}, ethertype ${ethertypeName(ethertype)} (0x${ethertype.toString(16).padStart(4, '0')}), length ${b.length}: `;
  } else if (link === 'LINUX_SLL2' || link === 'LINUX_SLL') {
    linkHeader = cookedHeader(p, link, ethertype);
    const dir = SLL_PKTTYPE[p.pkttype];
    const src = p.raw ? new Uint8Array(6) : b.subarray(6, 12);
    const len = l3.length + linkHeader.length;
    const et = `${macText(src, 0, f)} ethertype ${ethertypeName(ethertype)} (0x${ethertype.toString(16).padStart(4, '0')}), length ${len}: `;
    if (link === 'LINUX_SLL2') {
      head = `${p.ifname.padEnd(5)} ${dir.padEnd(3)} `;
      if (f.e) head += `ifindex ${p.ifindex} ${et}`;
    } else if (f.e) head = `${dir.padStart(3)} ${et}`;
  }
  let body = networkPrint(ethertype, l3, f);
  if (f.X > 0 || f.x > 0) {
    const full = f.X > 1 || f.x > 1;
    const bytes = full ? concat(linkHeader, l3) : l3;
    body += hexDump(bytes, f.X > 0);
  } else if (f.A > 0) body += asciiDump(f.A > 1 ? concat(linkHeader, l3) : l3);
  return head + body;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The cooked header libpcap puts in front of an `any` capture's packets (for -xx). */
function cookedHeader(p: PrintPacket, link: LinkName, ethertype: number): Uint8Array {
  const pkt = ['host', 'broadcast', 'multicast', 'otherhost', 'outgoing'].indexOf(p.pkttype);
  const hatype = p.raw ? 0xfffe : p.loopback ? 772 : 1;
  const src = p.raw ? new Uint8Array(6) : p.frame.subarray(6, 12);
  const halen = p.raw ? 0 : 6;
  if (link === 'LINUX_SLL2') {
    const h = new Uint8Array(20);
    h[0] = ethertype >> 8;
    h[1] = ethertype & 0xff;
    h[4] = p.ifindex >>> 24;
    h[5] = (p.ifindex >> 16) & 0xff;
    h[6] = (p.ifindex >> 8) & 0xff;
    h[7] = p.ifindex & 0xff;
    h[8] = hatype >> 8;
    h[9] = hatype & 0xff;
    h[10] = pkt;
    h[11] = halen;
    h.set(src, 12);
    return h;
  }
  const h = new Uint8Array(16);
  h[1] = pkt;
  h[2] = hatype >> 8;
  h[3] = hatype & 0xff;
  h[5] = halen;
  h.set(src, 6);
  h[14] = ethertype >> 8;
  h[15] = ethertype & 0xff;
  return h;
}

/**
 * ascii_print (-A): a newline, then the bytes with what is not printable as '.', newlines kept
 * and a CR dropped before a LF (or when one byte or none follows it).
 */
export function asciiDump(bytes: Uint8Array): string {
  let out = '\n';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    const left = bytes.length - i - 1;
    if (c === 0x0d) {
      if (left > 1 && bytes[i + 1] !== 0x0a) out += '.';
    } else if ((c > 0x20 && c < 0x7f) || c === 0x09 || c === 0x20 || c === 0x0a)
      out += String.fromCharCode(c);
    else out += '.';
  }
  return out;
}

/** The date of a virtual time for -tttt ("1970-01-01": the lab's clock counts from the epoch). */
export function formatDate(us: number): string {
  // Days since 1970-01-01 to a Gregorian date, counting in 400-year eras that start on March 1.
  const days = Math.floor(us / 86_400_000_000) + 719_468;
  const era = Math.floor(days / 146_097);
  const dayOfEra = days - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const two = (v: number) => String(v).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)}`;
}

function networkPrint(ethertype: number, l3: Uint8Array, f: PrintFlags): string {
  if (ethertype === 0x0806) return arpPrint(l3, f);
  if (ethertype === 0x0800) return ipPrint(l3, f);
  const et = `0x${ethertype.toString(16).padStart(4, '0')}`;
  return `ethertype ${ethertypeName(ethertype)} (${et}), length ${l3.length + 14}:${hexDump(l3, false)}`;
}

function arpPrint(b: Uint8Array, f: PrintFlags): string {
  const prefix = `${f.e ? '' : 'ARP, '}${f.v > 0 ? 'Ethernet (len 6), IPv4 (len 4), ' : ''}`;
  if (b.length < 28 || u16(b, 0) !== 1 || u16(b, 2) !== 0x0800)
    return `${f.e ? '' : 'ARP, '}[|ARP]`;
  const op = u16(b, 6);
  const spa = ipv4ToString(u32(b, 14));
  const tpa = ipv4ToString(u32(b, 24));
  if (op === 1) {
    const tha = b.subarray(18, 24).some((x) => x !== 0) ? ` (${macText(b, 18, f)})` : '';
    return `${prefix}Request who-has ${tpa}${tha} tell ${spa}, length ${b.length}`;
  }
  if (op === 2) return `${prefix}Reply ${spa} is-at ${macText(b, 8, f)}, length ${b.length}`;
  return `${prefix}Unknown Operation (${op}), length ${b.length}`;
}

const PROTO_NAMES: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP' };

/** ip_print: `b` is the datagram (possibly the truncated one quoted by an ICMP error). */
function ipPrint(b: Uint8Array, f: PrintFlags): string {
  const tag = f.e ? '' : 'IP ';
  if (b.length < 20) return `${tag}[|ip]`;
  const hl = (b[0] & 0x0f) * 4;
  const total = u16(b, 2);
  const off = u16(b, 6);
  const fragOffset = (off & 0x1fff) * 8;
  const proto = b[9];
  const src = ipv4ToString(u32(b, 12));
  const dst = ipv4ToString(u32(b, 16));
  let out = tag;
  if (f.v > 0) {
    const flags: string[] = [];
    if (off & 0x2000) flags.push('+');
    if (off & 0x4000) flags.push('DF');
    if (off & 0x8000) flags.push('rsvd');
    const name = PROTO_NAMES[proto] ?? 'unknown';
    out += `(tos 0x${b[1].toString(16)}, ttl ${b[8]}, id ${u16(b, 4)}, offset ${fragOffset}, flags [${flags.length > 0 ? flags.join(', ') : 'none'}], proto ${name} (${proto}), length ${total})\n    `;
  }
  const payload = b.subarray(hl, Math.min(total, b.length));
  const saddr = u32(b, 12);
  const daddr = u32(b, 16);
  if (fragOffset !== 0) return `${out}${src} > ${dst}: ip-proto-${proto}`;
  const fragmented = (off & 0x2000) !== 0;
  switch (proto) {
    case 1:
      return `${out}${src} > ${dst}: ${icmpPrint(payload, f, fragmented)}`;
    case 17:
      return out + udpPrint(payload, src, dst, saddr, daddr, f, fragmented);
    case 6:
      return out + tcpPrint(payload, { src, dst, saddr, daddr, fragmented }, f, f.seqs);
    default:
      return `${out}${src} > ${dst}: ip-proto-${proto} ${payload.length}`;
  }
}

const UNREACH: Record<number, string> = {
  0: 'net %s unreachable',
  1: 'host %s unreachable',
  5: '%s unreachable - source route failed',
  6: 'net %s unreachable - unknown',
  7: 'host %s unreachable - unknown',
  8: '%s unreachable - source host isolated',
  9: 'net %s unreachable - admin prohibited',
  10: 'host %s unreachable - admin prohibited',
  11: 'net %s unreachable - tos prohibited',
  12: 'host %s unreachable - tos prohibited',
  13: 'host %s unreachable - admin prohibited filter',
  14: 'host %s unreachable - host precedence violation',
  15: 'host %s unreachable - precedence cutoff',
};

function icmpPrint(b: Uint8Array, f: PrintFlags, fragmented: boolean): string {
  if (b.length < 4) return 'ICMP [|icmp]';
  const type = b[0];
  const code = b[1];
  const len = b.length;
  let text: string;
  const quoted = b.subarray(8);
  const qdst = quoted.length >= 20 ? ipv4ToString(u32(quoted, 16)) : '?';
  switch (type) {
    case 0:
    case 8:
      text = `echo ${type === 8 ? 'request' : 'reply'}, id ${u16(b, 4)}, seq ${u16(b, 6)}`;
      break;
    case 3: {
      if (code === 2) text = `${qdst} protocol ${quoted[9]} unreachable`;
      else if (code === 3) {
        const qhl = (quoted[0] & 0x0f) * 4;
        const qp = quoted[9];
        const port = quoted.length >= qhl + 4 ? u16(quoted, qhl + 2) : 0;
        text =
          qp === 17 || qp === 6
            ? `${qdst} ${qp === 6 ? 'tcp' : 'udp'} port ${f.n > 0 ? port : portName(port, qp === 6 ? 'tcp' : 'udp')} unreachable`
            : `${qdst} protocol ${qp} port ${port} unreachable`;
      } else if (code === 4) text = `${qdst} unreachable - need to frag (mtu ${u16(b, 6)})`;
      else text = (UNREACH[code] ?? `%s unreachable - #${code}`).replace('%s', qdst);
      break;
    }
    case 11:
      text = code === 1 ? 'ip reassembly time exceeded' : 'time exceeded in-transit';
      break;
    default:
      text = `type-#${type}`;
  }
  let out = `ICMP ${text}, length ${len}`;
  if (f.v > 0 && !fragmented && !checksumValid(b))
    out += ` (wrong icmp cksum ${u16(b, 2).toString(16)} (->${shouldBe(b, 2, b.length, 0).toString(16)})!)`;
  if (f.v > 0 && (type === 3 || type === 11 || type === 4 || type === 5 || type === 12))
    out += `\n\t${ipPrint(quoted, f)}`;
  return out;
}

/** The checksum field `b` should carry, with the field at `at` zeroed, over `sum0` + the data. */
function shouldBe(b: Uint8Array, at: number, end: number, sum0: number): number {
  const copy = b.slice(0, end);
  copy[at] = 0;
  copy[at + 1] = 0;
  return checksumOf(combine(sum0, dataSum(copy)));
}

function port(p: number, proto: 'tcp' | 'udp', f: PrintFlags): string {
  return f.n > 0 ? String(p) : portName(p, proto);
}

function udpPrint(
  b: Uint8Array,
  src: string,
  dst: string,
  saddr: number,
  daddr: number,
  f: PrintFlags,
  fragmented: boolean,
): string {
  if (b.length < 8) return `${src} > ${dst}: [|udp]`;
  const sport = u16(b, 0);
  const dport = u16(b, 2);
  const ulen = u16(b, 4);
  let out = `${src}.${port(sport, 'udp', f)} > ${dst}.${port(dport, 'udp', f)}: `;
  if (f.v > 1 && !fragmented) {
    const field = u16(b, 6);
    if (field === 0) out += '[no cksum] ';
    else if (b.length >= ulen) {
      const pseudo = pseudoHeaderSum(saddr, daddr, 17, ulen);
      out += checksumValid(b, 0, ulen, pseudo)
        ? '[udp sum ok] '
        : `[bad udp cksum 0x${field.toString(16).padStart(4, '0')} -> 0x${shouldBe(b, 6, ulen, pseudo).toString(16).padStart(4, '0')}!] `;
    }
  }
  if (!f.q && (dport === 8472 || dport === 4789) && b.length >= 16) {
    const vni = (b[12] << 16) | (b[13] << 8) | b[14];
    const flags = `flags [${b[8] & 0x08 ? 'I' : '.'}] (0x${hex2(b[8])})`;
    const tag =
      dport === 8472 ? `OTV, ${flags}, overlay 0, instance ${vni}` : `VXLAN, ${flags}, vni ${vni}`;
    const inner = b.subarray(16, ulen);
    if (inner.length < 14) return `${out}${tag}`;
    const et = u16(inner, 12);
    const innerHead = f.e
      ? `${macText(inner, 6, f)} > ${macText(inner, 0, f)}, ethertype ${ethertypeName(et)} (0x${et.toString(16).padStart(4, '0')}), length ${inner.length}: `
      : '';
    return `${out}${tag}\n${innerHead}${networkPrint(et, inner.subarray(14), f)}`;
  }
  return `${out}UDP, length ${ulen - 8}`;
}
