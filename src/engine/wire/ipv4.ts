/**
 * IPv4 (RFC 791) with fragmentation and reassembly as Linux does them (RFC 815 style holes are
 * replaced by Linux's rule: overlapping fragments discard the whole queue, RFC 5722 in spirit).
 *
 * Heads up: read RFC 791 section 3.2 and RFC 1122 section 3.3.2 before changing fragment handling.
 * Options are kept as raw bytes; only the "copied" flag is interpreted (when fragmenting, options
 * without it are replaced by NOPs in later fragments, like `ip_options_fragment`). Left out:
 * option semantics (source routing, record route, timestamps), ECN/DSCP meaning (kept as the raw
 * TOS byte) and the reserved "evil" bit (written as zero, ignored on parse).
 */

import { ByteView, getU16, getU32, type Ipv4Addr, setU16, setU32 } from './bytes';
import { checksumValid, fillChecksum } from './checksum';
import { fail, ok, type ParseOptions, type Result } from './errors';

/** IP protocol numbers the lab knows by name; any other value is kept as a raw number. */
export const IpProtocol = { ICMP: 1, TCP: 6, UDP: 17 } as const;

/** Length of an IPv4 header without options. */
export const IPV4_HEADER_LEN = 20;
/** Largest IPv4 header (IHL 15). */
export const IPV4_MAX_HEADER_LEN = 60;
/** Largest IPv4 datagram. */
export const IPV4_MAX_PACKET_LEN = 65535;

const FLAG_DF = 0x4000;
const FLAG_MF = 0x2000;
const OFFSET_MASK = 0x1fff;

/** Byte offsets of the IPv4 header fields. */
export const IPV4_FIELD = {
  VER_IHL: 0,
  TOS: 1,
  LENGTH: 2,
  IDENT: 4,
  FLAGS_FRAG: 6,
  TTL: 8,
  PROTOCOL: 9,
  CHECKSUM: 10,
  SRC: 12,
  DST: 16,
  OPTIONS: 20,
} as const;
const field = IPV4_FIELD;

/** Parsed IPv4 header. `fragOffset` is in bytes (a multiple of 8). */
export interface Ipv4Repr {
  readonly tos: number;
  readonly ident: number;
  readonly dontFrag: boolean;
  readonly moreFrags: boolean;
  readonly fragOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly src: Ipv4Addr;
  readonly dst: Ipv4Addr;
  /** Raw option bytes (a multiple of 4 long, at most 40); empty when there are none. */
  readonly options: Uint8Array;
  readonly payloadLen: number;
}

/** Read/write view over an IPv4 packet. */
export class Ipv4Packet extends ByteView {
  version(): number {
    return this.bytes[field.VER_IHL] >> 4;
  }
  /** Header length in bytes (IHL * 4). */
  headerLen(): number {
    return (this.bytes[field.VER_IHL] & 0x0f) * 4;
  }
  tos(): number {
    return this.bytes[field.TOS];
  }
  totalLen(): number {
    return getU16(this.bytes, field.LENGTH);
  }
  ident(): number {
    return getU16(this.bytes, field.IDENT);
  }
  dontFrag(): boolean {
    return (getU16(this.bytes, field.FLAGS_FRAG) & FLAG_DF) !== 0;
  }
  moreFrags(): boolean {
    return (getU16(this.bytes, field.FLAGS_FRAG) & FLAG_MF) !== 0;
  }
  /** Fragment offset in bytes. */
  fragOffset(): number {
    return (getU16(this.bytes, field.FLAGS_FRAG) & OFFSET_MASK) * 8;
  }
  ttl(): number {
    return this.bytes[field.TTL];
  }
  protocol(): number {
    return this.bytes[field.PROTOCOL];
  }
  checksum(): number {
    return getU16(this.bytes, field.CHECKSUM);
  }
  src(): Ipv4Addr {
    return getU32(this.bytes, field.SRC);
  }
  dst(): Ipv4Addr {
    return getU32(this.bytes, field.DST);
  }
  /** Option bytes (a view). */
  options(): Uint8Array {
    return this.bytes.subarray(IPV4_HEADER_LEN, this.headerLen());
  }
  /** Payload bytes up to the total length (a view; Ethernet padding excluded). */
  payload(): Uint8Array {
    return this.bytes.subarray(this.headerLen(), this.totalLen());
  }
  /** True when the header checksum is correct. */
  verifyChecksum(): boolean {
    return checksumValid(this.bytes, 0, this.headerLen());
  }
  setVersionAndHeaderLen(headerLen: number): void {
    this.bytes[field.VER_IHL] = 0x40 | (headerLen >> 2);
  }
  setTos(value: number): void {
    this.bytes[field.TOS] = value;
  }
  setTotalLen(value: number): void {
    setU16(this.bytes, field.LENGTH, value);
  }
  setIdent(value: number): void {
    setU16(this.bytes, field.IDENT, value);
  }
  /** Sets DF, MF and the offset (in bytes, a multiple of 8) together. */
  setFlagsAndOffset(dontFrag: boolean, moreFrags: boolean, offset: number): void {
    const flags = (dontFrag ? FLAG_DF : 0) | (moreFrags ? FLAG_MF : 0);
    setU16(this.bytes, field.FLAGS_FRAG, flags | ((offset >> 3) & OFFSET_MASK));
  }
  setTtl(value: number): void {
    this.bytes[field.TTL] = value;
  }
  setProtocol(value: number): void {
    this.bytes[field.PROTOCOL] = value;
  }
  setChecksum(value: number): void {
    setU16(this.bytes, field.CHECKSUM, value);
  }
  setSrc(value: Ipv4Addr): void {
    setU32(this.bytes, field.SRC, value);
  }
  setDst(value: Ipv4Addr): void {
    setU32(this.bytes, field.DST, value);
  }
  /** Zeroes the checksum field, then stores the header checksum. */
  fillChecksum(): void {
    fillChecksum(this.bytes, field.CHECKSUM, 0, this.headerLen());
  }
}

/** Header length of `repr` (20 plus options rounded up to 4 bytes). */
export function ipv4HeaderLen(repr: Pick<Ipv4Repr, 'options'>): number {
  return IPV4_HEADER_LEN + ((repr.options.length + 3) & ~3);
}

/** Size of the whole datagram described by `repr`. */
export function ipv4BufferLen(repr: Ipv4Repr): number {
  return ipv4HeaderLen(repr) + repr.payloadLen;
}

/**
 * Parses and validates an IPv4 header like `ip_rcv_core`: version 4, IHL at least 5, total length
 * within the buffer. Bytes past the total length (Ethernet padding) are ignored.
 */
export function parseIpv4(bytes: Uint8Array, opts: ParseOptions = {}): Result<Ipv4Repr> {
  return parseIpv4At(bytes, 0, opts.verifyChecksum !== false);
}

/** No options: shared by every header without any (empty, so nothing can write into it). */
const NO_OPTIONS = new Uint8Array(0);

/**
 * {@link parseIpv4} of the header at `bytes[at..]` (the datagram runs to the end of `bytes`),
 * without making a view of it first: the receive path parses every frame this way.
 */
export function parseIpv4At(
  bytes: Uint8Array,
  at: number,
  verifyChecksum = true,
): Result<Ipv4Repr> {
  // Reads the fields straight from the bytes (no Ipv4Packet): this runs for every datagram.
  const avail = bytes.length - at;
  if (avail < IPV4_HEADER_LEN) return fail('ipv4', 'truncated header');
  const version = bytes[at + field.VER_IHL] >> 4;
  if (version !== 4) return fail('ipv4', `version ${version} is not 4`);
  const hl = (bytes[at + field.VER_IHL] & 0x0f) * 4;
  if (hl < IPV4_HEADER_LEN) return fail('ipv4', `header length ${hl} below 20`);
  if (avail < hl) return fail('ipv4', 'truncated options');
  const total = getU16(bytes, at + field.LENGTH);
  if (total < hl) return fail('ipv4', `total length ${total} below header length ${hl}`);
  if (total > avail) return fail('ipv4', `total length ${total} exceeds ${avail} bytes`);
  if (verifyChecksum && !checksumValid(bytes, at, at + hl))
    return fail('ipv4', 'bad header checksum');
  const flagsFrag = getU16(bytes, at + field.FLAGS_FRAG);
  return ok({
    tos: bytes[at + field.TOS],
    ident: getU16(bytes, at + field.IDENT),
    dontFrag: (flagsFrag & FLAG_DF) !== 0,
    moreFrags: (flagsFrag & FLAG_MF) !== 0,
    fragOffset: (flagsFrag & OFFSET_MASK) * 8,
    ttl: bytes[at + field.TTL],
    protocol: bytes[at + field.PROTOCOL],
    src: getU32(bytes, at + field.SRC),
    dst: getU32(bytes, at + field.DST),
    options: hl === IPV4_HEADER_LEN ? NO_OPTIONS : bytes.subarray(at + IPV4_HEADER_LEN, at + hl),
    payloadLen: total - hl,
  });
}

/**
 * Writes the header of `repr` into `buf` (options zero-padded to 4 bytes) and fills the header
 * checksum. The payload at `buf[ipv4HeaderLen(repr)..]` is not touched.
 */
export function emitIpv4(repr: Ipv4Repr, buf: Uint8Array): void {
  emitIpv4At(repr, buf, 0);
}

/** {@link emitIpv4} at `buf[at..]`, without making a view first (the send path's way). */
export function emitIpv4At(repr: Ipv4Repr, buf: Uint8Array, at: number): void {
  // The same stores as Ipv4Packet's setters, without making one (this runs for every datagram).
  const hl = ipv4HeaderLen(repr);
  const flags = (repr.dontFrag ? FLAG_DF : 0) | (repr.moreFrags ? FLAG_MF : 0);
  buf[at + field.VER_IHL] = 0x40 | (hl >> 2);
  buf[at + field.TOS] = repr.tos;
  setU16(buf, at + field.LENGTH, hl + repr.payloadLen);
  setU16(buf, at + field.IDENT, repr.ident);
  setU16(buf, at + field.FLAGS_FRAG, flags | ((repr.fragOffset >> 3) & OFFSET_MASK));
  buf[at + field.TTL] = repr.ttl;
  buf[at + field.PROTOCOL] = repr.protocol;
  setU32(buf, at + field.SRC, repr.src);
  setU32(buf, at + field.DST, repr.dst);
  if (hl > IPV4_HEADER_LEN) buf.fill(0, at + IPV4_HEADER_LEN, at + hl);
  if (repr.options.length > 0) buf.set(repr.options, at + IPV4_HEADER_LEN);
  // Over the header length as stored (as Ipv4Packet.fillChecksum reads it back).
  fillChecksum(buf, at + field.CHECKSUM, at, at + (buf[at + field.VER_IHL] & 0x0f) * 4);
}

/** True when the packet is a fragment (MF set or a non-zero offset). */
export function isFragment(repr: Pick<Ipv4Repr, 'moreFrags' | 'fragOffset'>): boolean {
  return repr.moreFrags || repr.fragOffset !== 0;
}

/** Options for later fragments: options without the "copied" bit become NOPs (same length). */
function optionsForLaterFragments(options: Uint8Array): Uint8Array {
  const out = options.slice();
  let i = 0;
  while (i < out.length) {
    const type = out[i];
    if (type === 0) break;
    if (type === 1) {
      i++;
      continue;
    }
    const len = out[i + 1] ?? 0;
    if (len < 2 || i + len > out.length) break;
    if ((type & 0x80) === 0) out.fill(1, i, i + len);
    i += len;
  }
  return out;
}

/**
 * Splits an IPv4 datagram into fragments of at most `mtu` bytes as Linux `ip_do_fragment` does:
 * every fragment but the last carries a multiple of 8 payload bytes, all share the id, MF is set
 * on all but the last (which keeps the original MF), each gets its own header checksum. A
 * datagram that fits is returned as one element (a view of the input). DF set and too big is an
 * error: the caller sends ICMP "fragmentation needed" instead.
 */
export function fragment(packet: Uint8Array, mtu: number): Result<Uint8Array[]> {
  const parsed = parseIpv4(packet, { verifyChecksum: false });
  if (!parsed.ok) return parsed;
  const ip = parsed.value;
  const hl = ipv4HeaderLen(ip);
  const total = hl + ip.payloadLen;
  if (total <= mtu) return ok([packet.subarray(0, total)]);
  if (ip.dontFrag) return fail('ipv4', `DF set and length ${total} exceeds mtu ${mtu}`);
  const chunk = (mtu - hl) & ~7;
  if (chunk < 8) return fail('ipv4', `mtu ${mtu} too small to fragment`);
  const payload = packet.subarray(hl, total);
  const later = optionsForLaterFragments(ip.options);
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < payload.length; offset += chunk) {
    const len = Math.min(chunk, payload.length - offset);
    const last = offset + len === payload.length;
    const repr: Ipv4Repr = {
      ...ip,
      options: offset === 0 ? ip.options : later,
      fragOffset: ip.fragOffset + offset,
      moreFrags: last ? ip.moreFrags : true,
      payloadLen: len,
    };
    const buf = new Uint8Array(hl + len);
    buf.set(payload.subarray(offset, offset + len), hl);
    emitIpv4(repr, buf);
    out.push(buf);
  }
  return ok(out);
}

/** Linux's default `net.ipv4.ipfrag_time`: 30 s, in microseconds. */
export const IPFRAG_TIME_MICROS = 30_000_000;

interface FragPart {
  readonly offset: number;
  readonly data: Uint8Array;
}

interface FragQueue {
  readonly expires: number;
  readonly parts: FragPart[];
  /** The offset-0 fragment (its header becomes the reassembled header). */
  first?: Uint8Array;
  /** Payload length, known once the last fragment (MF clear) arrived. */
  totalLen?: number;
  received: number;
}

/** A reassembly queue that timed out; `first` is set when the offset-0 fragment had arrived. */
export interface ExpiredFragments {
  readonly key: string;
  readonly first?: Uint8Array;
}

/**
 * IPv4 reassembly keyed by (src, dst, protocol, id). Time is an argument (`now`, microseconds of
 * the virtual clock); a queue lives `timeoutMicros` from its first fragment, like Linux's
 * `ipfrag_time`. Left out: memory limits (`ipfrag_high_thresh`).
 */
export class Reassembler {
  private readonly queues = new Map<string, FragQueue>();
  private readonly timeoutMicros: number;

  constructor(timeoutMicros = IPFRAG_TIME_MICROS) {
    this.timeoutMicros = timeoutMicros;
  }

  /** Number of incomplete datagrams held. */
  get size(): number {
    return this.queues.size;
  }

  /**
   * Adds a packet. Returns the whole datagram when `packet` is not a fragment or completes one,
   * `undefined` while fragments are missing, or an error (the queue is then discarded).
   */
  push(packet: Uint8Array, now: number): Result<Uint8Array | undefined> {
    const parsed = parseIpv4(packet, { verifyChecksum: false });
    if (!parsed.ok) return parsed;
    const ip = parsed.value;
    if (!isFragment(ip)) return ok(packet);
    const hl = ipv4HeaderLen(ip);
    const data = packet.subarray(hl, hl + ip.payloadLen);
    const end = ip.fragOffset + data.length;
    if (ip.moreFrags && (data.length & 7) !== 0) {
      return fail('ipv4', 'fragment length not a multiple of 8');
    }
    if (end > IPV4_MAX_PACKET_LEN - hl) return fail('ipv4', 'reassembled datagram too long');
    const key = `${ip.src}>${ip.dst}/${ip.protocol}#${ip.ident}`;
    let q = this.queues.get(key);
    if (q === undefined || q.expires <= now) {
      q = { expires: now + this.timeoutMicros, parts: [], received: 0 };
      this.queues.set(key, q);
    }
    const error = addPart(q, ip, data, end);
    if (error !== undefined) {
      this.queues.delete(key);
      return fail('ipv4', error);
    }
    if (ip.fragOffset === 0) q.first = packet.slice(0, hl);
    if (q.first === undefined || q.totalLen === undefined || q.received !== q.totalLen) {
      return ok(undefined);
    }
    this.queues.delete(key);
    return ok(joinParts(q.first, q.parts, q.totalLen));
  }

  /** Drops queues whose timer ran out at `now`, in insertion order. */
  expire(now: number): ExpiredFragments[] {
    const out: ExpiredFragments[] = [];
    for (const [key, q] of this.queues) {
      if (q.expires > now) continue;
      this.queues.delete(key);
      out.push(q.first === undefined ? { key } : { key, first: q.first });
    }
    return out;
  }
}

/** Records one fragment in `q`; returns an error reason when it conflicts. */
function addPart(q: FragQueue, ip: Ipv4Repr, data: Uint8Array, end: number): string | undefined {
  if (!ip.moreFrags) {
    if (q.totalLen !== undefined && q.totalLen !== end) return 'conflicting last fragment';
    q.totalLen = end;
  }
  if (q.totalLen !== undefined && end > q.totalLen) return 'fragment beyond the end';
  for (const part of q.parts) {
    const partEnd = part.offset + part.data.length;
    if (part.offset === ip.fragOffset && partEnd === end) return undefined; // duplicate
    if (ip.fragOffset < partEnd && part.offset < end) return 'overlapping fragments';
  }
  q.parts.push({ offset: ip.fragOffset, data: data.slice() }); // callers may reuse buffers
  q.received += data.length;
  return undefined;
}

/** Builds the reassembled datagram from the first fragment's header and all parts. */
function joinParts(
  firstHeader: Uint8Array,
  parts: readonly FragPart[],
  payloadLen: number,
): Uint8Array {
  const hl = firstHeader.length;
  const out = new Uint8Array(hl + payloadLen);
  out.set(firstHeader, 0);
  for (const part of parts) out.set(part.data, hl + part.offset);
  const p = new Ipv4Packet(out);
  p.setTotalLen(hl + payloadLen);
  p.setFlagsAndOffset(p.dontFrag(), false, 0);
  p.fillChecksum();
  return out;
}
