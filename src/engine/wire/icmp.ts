/**
 * ICMP for IPv4 (RFC 792; "fragmentation needed" next-hop MTU from RFC 1191).
 *
 * Echo request/reply, destination unreachable and time exceeded are typed; every other type (and
 * an unreachable/time-exceeded whose "unused" bytes are not zero) is kept as `other` with the raw
 * 4-byte rest-of-header, so nothing is lost. An error message carries the original datagram as
 * bytes: Linux quotes as much as fits in 576 bytes (`icmp_send`), not just the header + 8 bytes.
 * Left out: RFC 4884 extensions, redirect/timestamp/parameter-problem semantics.
 */

import { ByteView, getU16, getU32, setU16, setU32 } from './bytes';
import { checksumValid, fillChecksum } from './checksum';
import { fail, ok, type ParseOptions, type Result } from './errors';

/** ICMP message types the lab knows by name. */
export const IcmpType = {
  EchoReply: 0,
  DestUnreachable: 3,
  Redirect: 5,
  EchoRequest: 8,
  TimeExceeded: 11,
  ParameterProblem: 12,
} as const;

/** Destination unreachable codes (RFC 792, RFC 1122, RFC 1812). */
export const UnreachableCode = {
  Net: 0,
  Host: 1,
  Protocol: 2,
  Port: 3,
  FragNeeded: 4,
  SourceRouteFailed: 5,
  NetUnknown: 6,
  HostUnknown: 7,
  NetProhibited: 9,
  HostProhibited: 10,
  AdminProhibited: 13,
} as const;

/** Time exceeded codes. */
export const TimeExceededCode = { TtlInTransit: 0, FragReassembly: 1 } as const;

/** Length of the ICMP header (type, code, checksum, 4 bytes rest-of-header). */
export const ICMP_HEADER_LEN = 8;

/** Byte offsets of the ICMP header fields. */
export const ICMP_FIELD = {
  TYPE: 0,
  CODE: 1,
  CHECKSUM: 2,
  ID: 4,
  SEQ: 6,
  MTU: 6,
  REST: 4,
} as const;
const field = ICMP_FIELD;

/** Parsed ICMP message. `data` is a view into the parsed buffer (echo payload or quoted datagram). */
export type IcmpRepr =
  | {
      readonly kind: 'echoRequest' | 'echoReply';
      readonly id: number;
      readonly seq: number;
      readonly data: Uint8Array;
    }
  | {
      readonly kind: 'destUnreachable';
      readonly code: number;
      /** Next-hop MTU (code 4 per RFC 1191; zero otherwise). */
      readonly nextHopMtu: number;
      readonly data: Uint8Array;
    }
  | { readonly kind: 'timeExceeded'; readonly code: number; readonly data: Uint8Array }
  | {
      readonly kind: 'other';
      readonly type: number;
      readonly code: number;
      /** The 4 rest-of-header bytes as an unsigned 32-bit number. */
      readonly rest: number;
      readonly data: Uint8Array;
    };

/** Read/write view over an ICMP message. */
export class IcmpPacket extends ByteView {
  type(): number {
    return this.bytes[field.TYPE];
  }
  code(): number {
    return this.bytes[field.CODE];
  }
  checksum(): number {
    return getU16(this.bytes, field.CHECKSUM);
  }
  /** Echo identifier. */
  echoId(): number {
    return getU16(this.bytes, field.ID);
  }
  /** Echo sequence number. */
  echoSeq(): number {
    return getU16(this.bytes, field.SEQ);
  }
  /** Next-hop MTU of a "fragmentation needed" message. */
  nextHopMtu(): number {
    return getU16(this.bytes, field.MTU);
  }
  /** The 4 rest-of-header bytes. */
  rest(): number {
    return getU32(this.bytes, field.REST);
  }
  /** Bytes after the 8-byte header (a view). */
  data(): Uint8Array {
    return this.bytes.subarray(ICMP_HEADER_LEN);
  }
  /** True when the checksum over the whole message is correct. */
  verifyChecksum(): boolean {
    return checksumValid(this.bytes);
  }
  setType(value: number): void {
    this.bytes[field.TYPE] = value;
  }
  setCode(value: number): void {
    this.bytes[field.CODE] = value;
  }
  setEchoId(value: number): void {
    setU16(this.bytes, field.ID, value);
  }
  setEchoSeq(value: number): void {
    setU16(this.bytes, field.SEQ, value);
  }
  setRest(value: number): void {
    setU32(this.bytes, field.REST, value);
  }
  /** Fills the checksum over the whole buffer (header and data). */
  fillChecksum(): void {
    fillChecksum(this.bytes, field.CHECKSUM);
  }
}

/** Size of the message described by `repr`. */
export function icmpBufferLen(repr: IcmpRepr): number {
  return ICMP_HEADER_LEN + repr.data.length;
}

/** Parses an ICMP message; `bytes` must be exactly the IP payload. */
export function parseIcmp(bytes: Uint8Array, opts: ParseOptions = {}): Result<IcmpRepr> {
  // Reads the fields straight from the bytes (no IcmpPacket): this runs for every ICMP message.
  if (bytes.length < ICMP_HEADER_LEN) return fail('icmp', 'truncated header');
  if (opts.verifyChecksum !== false && !checksumValid(bytes)) return fail('icmp', 'bad checksum');
  const data = bytes.subarray(ICMP_HEADER_LEN);
  const type = bytes[field.TYPE];
  const code = bytes[field.CODE];
  if (type === IcmpType.EchoRequest || type === IcmpType.EchoReply) {
    const kind = type === IcmpType.EchoRequest ? 'echoRequest' : 'echoReply';
    if (code === 0)
      return ok({ kind, id: getU16(bytes, field.ID), seq: getU16(bytes, field.SEQ), data });
  }
  const rest = getU32(bytes, field.REST);
  if (type === IcmpType.DestUnreachable && rest >>> 16 === 0) {
    return ok({ kind: 'destUnreachable', code, nextHopMtu: rest & 0xffff, data });
  }
  if (type === IcmpType.TimeExceeded && rest === 0) return ok({ kind: 'timeExceeded', code, data });
  return ok({ kind: 'other', type, code, rest, data });
}

const typeOfKind = {
  echoRequest: IcmpType.EchoRequest,
  echoReply: IcmpType.EchoReply,
  destUnreachable: IcmpType.DestUnreachable,
  timeExceeded: IcmpType.TimeExceeded,
} as const;

/** Writes `repr` into `buf` (exactly `icmpBufferLen(repr)` bytes) and fills the checksum. */
export function emitIcmp(repr: IcmpRepr, buf: Uint8Array): void {
  // The same stores as IcmpPacket's setters, without making one (this runs for every message).
  switch (repr.kind) {
    case 'echoRequest':
    case 'echoReply':
      buf[field.TYPE] = typeOfKind[repr.kind];
      buf[field.CODE] = 0;
      setU16(buf, field.ID, repr.id);
      setU16(buf, field.SEQ, repr.seq);
      break;
    case 'destUnreachable':
      buf[field.TYPE] = IcmpType.DestUnreachable;
      buf[field.CODE] = repr.code;
      setU32(buf, field.REST, repr.nextHopMtu & 0xffff);
      break;
    case 'timeExceeded':
      buf[field.TYPE] = IcmpType.TimeExceeded;
      buf[field.CODE] = repr.code;
      setU32(buf, field.REST, 0);
      break;
    case 'other':
      buf[field.TYPE] = repr.type;
      buf[field.CODE] = repr.code;
      setU32(buf, field.REST, repr.rest);
      break;
  }
  buf.set(repr.data, ICMP_HEADER_LEN);
  fillChecksum(buf, field.CHECKSUM);
}

/** Size of the payload of a default `ping` (56 bytes: `ping` prints `56(84) bytes of data`). */
export const PING_DEFAULT_PAYLOAD_LEN = 56;

/**
 * The payload iputils `ping` sends: a 16-byte `struct timeval` in host (little-endian, x86_64)
 * order — tv_sec then tv_usec, 8 bytes each — then byte i = i & 0xff for the rest (0x10, 0x11, …).
 * The timestamp comes from the virtual clock (`nowMicros`).
 */
export function pingPayload(nowMicros: number, size = PING_DEFAULT_PAYLOAD_LEN): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 16; i < size; i++) out[i] = i & 0xff;
  if (size >= 16) {
    const sec = Math.floor(nowMicros / 1e6);
    const usec = nowMicros % 1e6;
    if (isU53(sec) && isU53(usec)) {
      // The common case without BigInt (this runs for every probe): the same bytes.
      putLe64(out, 0, sec);
      putLe64(out, 8, usec);
    } else {
      const dv = new DataView(out.buffer);
      dv.setBigUint64(0, BigInt(sec), true);
      dv.setBigUint64(8, BigInt(usec), true);
    }
  }
  return out;
}

/** A non-negative integer a double holds exactly. */
function isU53(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Stores `n` (see {@link isU53}) as a little-endian u64 at `out[at..at+8)`. */
function putLe64(out: Uint8Array, at: number, n: number): void {
  const lo = n >>> 0;
  const hi = Math.floor(n / 0x1_0000_0000);
  for (let i = 0; i < 4; i++) {
    out[at + i] = lo >>> (8 * i);
    out[at + 4 + i] = hi >>> (8 * i);
  }
}

/**
 * The part of `packet` (an IPv4 datagram) an ICMP error quotes: as Linux `icmp_send`, as much as
 * fits in a 576-byte reply (576 - 20 - 8 = 548 bytes). Returns a view.
 */
export function icmpQuote(packet: Uint8Array, limit = 548): Uint8Array {
  return packet.subarray(0, Math.min(packet.length, limit));
}
