/**
 * TCP header over IPv4 (RFC 9293) with options: MSS, window scale and timestamps (RFC 7323),
 * SACK-permitted and SACK (RFC 2018), NOP and EOL; any other option is kept raw.
 *
 * Heads up: this file only turns header bytes into fields; sequence-space logic belongs to the
 * socket layer. The option list keeps NOP/EOL in place so Linux's option layout (e.g. SYN:
 * `mss, sackOK, TS, nop, wscale`) survives a round trip; padding after EOL is written as zeros.
 * Left out: TCP-MD5/AO and other option semantics, the IPv6 pseudo-header.
 */

import { ByteView, type Ipv4Addr } from './bytes';
import { checksumValid, fillChecksum, pseudoHeaderSum } from './checksum';
import { fail, ok, type ParseOptions, type Result } from './errors';
import { IpProtocol } from './ipv4';

/** TCP flag bits (the low 8 bits of the 12-bit flags field; NS is 0x100). */
export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

/** Option kinds the lab knows by name. */
export const TcpOptionKind = {
  EOL: 0,
  NOP: 1,
  MSS: 2,
  WindowScale: 3,
  SackPermitted: 4,
  Sack: 5,
  Timestamps: 8,
} as const;

/** Length of the TCP header without options. */
export const TCP_HEADER_LEN = 20;
/** Largest TCP header (data offset 15). */
export const TCP_MAX_HEADER_LEN = 60;

/** Byte offsets of the TCP header fields. */
export const TCP_FIELD = {
  SRC_PORT: 0,
  DST_PORT: 2,
  SEQ: 4,
  ACK: 8,
  OFFSET_FLAGS: 12,
  WINDOW: 14,
  CHECKSUM: 16,
  URGENT: 18,
  OPTIONS: 20,
} as const;
const field = TCP_FIELD;

/** One TCP option. */
export type TcpOption =
  | { readonly kind: 'eol' }
  | { readonly kind: 'nop' }
  | { readonly kind: 'mss'; readonly value: number }
  | { readonly kind: 'windowScale'; readonly shift: number }
  | { readonly kind: 'sackPermitted' }
  | { readonly kind: 'sack'; readonly blocks: readonly (readonly [number, number])[] }
  | { readonly kind: 'timestamps'; readonly value: number; readonly echo: number }
  | { readonly kind: 'unknown'; readonly type: number; readonly data: Uint8Array };

/** Parsed TCP header. */
export interface TcpRepr {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  /** 12-bit flags field (see {@link TcpFlag}); reserved bits are kept. */
  readonly flags: number;
  /** Raw window field (unscaled). */
  readonly window: number;
  readonly urgent: number;
  readonly options: readonly TcpOption[];
  readonly payloadLen: number;
}

/** Read/write view over a TCP segment. */
export class TcpPacket extends ByteView {
  srcPort(): number {
    return this.dv.getUint16(field.SRC_PORT);
  }
  dstPort(): number {
    return this.dv.getUint16(field.DST_PORT);
  }
  seq(): number {
    return this.dv.getUint32(field.SEQ);
  }
  ack(): number {
    return this.dv.getUint32(field.ACK);
  }
  /** Header length in bytes (data offset * 4). */
  headerLen(): number {
    return (this.bytes[field.OFFSET_FLAGS] >> 4) * 4;
  }
  flags(): number {
    return this.dv.getUint16(field.OFFSET_FLAGS) & 0x0fff;
  }
  window(): number {
    return this.dv.getUint16(field.WINDOW);
  }
  checksum(): number {
    return this.dv.getUint16(field.CHECKSUM);
  }
  urgent(): number {
    return this.dv.getUint16(field.URGENT);
  }
  /** Raw option bytes (a view). */
  optionBytes(): Uint8Array {
    return this.bytes.subarray(TCP_HEADER_LEN, this.headerLen());
  }
  /** Payload (a view). */
  payload(): Uint8Array {
    return this.bytes.subarray(this.headerLen());
  }
  /** True when the checksum over the whole segment is correct for the given addresses. */
  verifyChecksum(src: Ipv4Addr, dst: Ipv4Addr): boolean {
    const len = this.bytes.length;
    return checksumValid(this.bytes, 0, len, pseudoHeaderSum(src, dst, IpProtocol.TCP, len));
  }
  setSrcPort(value: number): void {
    this.dv.setUint16(field.SRC_PORT, value);
  }
  setDstPort(value: number): void {
    this.dv.setUint16(field.DST_PORT, value);
  }
  setSeq(value: number): void {
    this.dv.setUint32(field.SEQ, value);
  }
  setAck(value: number): void {
    this.dv.setUint32(field.ACK, value);
  }
  /** Sets the data offset (header length in bytes) and the 12-bit flags together. */
  setHeaderLenAndFlags(headerLen: number, flags: number): void {
    this.dv.setUint16(field.OFFSET_FLAGS, ((headerLen >> 2) << 12) | (flags & 0x0fff));
  }
  setWindow(value: number): void {
    this.dv.setUint16(field.WINDOW, value);
  }
  setChecksum(value: number): void {
    this.dv.setUint16(field.CHECKSUM, value);
  }
  setUrgent(value: number): void {
    this.dv.setUint16(field.URGENT, value);
  }
  /** Computes and stores the checksum over the whole buffer (header and payload). */
  fillChecksum(src: Ipv4Addr, dst: Ipv4Addr): void {
    const len = this.bytes.length;
    fillChecksum(
      this.bytes,
      field.CHECKSUM,
      0,
      len,
      pseudoHeaderSum(src, dst, IpProtocol.TCP, len),
    );
  }
}

/** Fixed sizes of the known options (kind, length byte included). */
const optionLen: Record<number, number> = { 2: 4, 3: 3, 4: 2, 8: 10 };

/** Parses an option list; malformed lengths are an error. */
export function parseTcpOptions(bytes: Uint8Array): Result<TcpOption[]> {
  const out: TcpOption[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i];
    if (type === TcpOptionKind.EOL) {
      out.push({ kind: 'eol' });
      break; // the rest is padding
    }
    if (type === TcpOptionKind.NOP) {
      out.push({ kind: 'nop' });
      i++;
      continue;
    }
    if (i + 1 >= bytes.length) return fail('tcp', `option ${type} truncated`);
    const len = bytes[i + 1];
    if (len < 2 || i + len > bytes.length)
      return fail('tcp', `option ${type} has bad length ${len}`);
    const expected = optionLen[type];
    if (expected !== undefined && len !== expected) {
      return fail('tcp', `option ${type} has length ${len}, expected ${expected}`);
    }
    if (type === TcpOptionKind.Sack && (len - 2) % 8 !== 0) {
      return fail('tcp', `SACK option has bad length ${len}`);
    }
    out.push(decodeOption(type, len, dv, bytes, i));
    i += len;
  }
  return ok(out);
}

function decodeOption(
  type: number,
  len: number,
  dv: DataView,
  bytes: Uint8Array,
  i: number,
): TcpOption {
  switch (type) {
    case TcpOptionKind.MSS:
      return { kind: 'mss', value: dv.getUint16(i + 2) };
    case TcpOptionKind.WindowScale:
      return { kind: 'windowScale', shift: bytes[i + 2] };
    case TcpOptionKind.SackPermitted:
      return { kind: 'sackPermitted' };
    case TcpOptionKind.Timestamps:
      return { kind: 'timestamps', value: dv.getUint32(i + 2), echo: dv.getUint32(i + 6) };
    case TcpOptionKind.Sack: {
      const blocks: [number, number][] = [];
      for (let o = i + 2; o < i + len; o += 8) blocks.push([dv.getUint32(o), dv.getUint32(o + 4)]);
      return { kind: 'sack', blocks };
    }
    default:
      return { kind: 'unknown', type, data: bytes.subarray(i + 2, i + len) };
  }
}

const kindCode = {
  eol: TcpOptionKind.EOL,
  nop: TcpOptionKind.NOP,
  mss: TcpOptionKind.MSS,
  windowScale: TcpOptionKind.WindowScale,
  sackPermitted: TcpOptionKind.SackPermitted,
  sack: TcpOptionKind.Sack,
  timestamps: TcpOptionKind.Timestamps,
} as const;

/** The kind byte of an option. */
function optionCode(opt: TcpOption): number {
  return opt.kind === 'unknown' ? opt.type : kindCode[opt.kind];
}

/** Encoded size of one option. */
function encodedLen(opt: TcpOption): number {
  switch (opt.kind) {
    case 'eol':
    case 'nop':
      return 1;
    case 'sack':
      return 2 + 8 * opt.blocks.length;
    case 'unknown':
      return 2 + opt.data.length;
    default:
      return optionLen[kindCode[opt.kind]];
  }
}

/** Size of the options, unpadded. */
export function tcpOptionsLen(options: readonly TcpOption[]): number {
  let len = 0;
  for (const opt of options) len += encodedLen(opt);
  return len;
}

/** Writes `options` at `bytes[at..]`, then zero padding up to `end`. */
function emitOptions(
  options: readonly TcpOption[],
  bytes: Uint8Array,
  at: number,
  end: number,
): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = at;
  for (const opt of options) {
    const len = encodedLen(opt);
    bytes[i] = optionCode(opt);
    if (len > 1) bytes[i + 1] = len;
    if (opt.kind === 'mss') dv.setUint16(i + 2, opt.value);
    else if (opt.kind === 'windowScale') bytes[i + 2] = opt.shift;
    else if (opt.kind === 'unknown') bytes.set(opt.data, i + 2);
    else if (opt.kind === 'timestamps') {
      dv.setUint32(i + 2, opt.value);
      dv.setUint32(i + 6, opt.echo);
    } else if (opt.kind === 'sack') {
      opt.blocks.forEach(([left, right], n) => {
        dv.setUint32(i + 2 + 8 * n, left);
        dv.setUint32(i + 6 + 8 * n, right);
      });
    }
    i += len;
  }
  bytes.fill(0, i, end);
}

/** Header length of `repr`: 20 plus options padded to 4 bytes (at most 60). */
export function tcpHeaderLen(repr: Pick<TcpRepr, 'options'>): number {
  return TCP_HEADER_LEN + ((tcpOptionsLen(repr.options) + 3) & ~3);
}

/** Size of the segment described by `repr`. */
export function tcpBufferLen(repr: TcpRepr): number {
  return tcpHeaderLen(repr) + repr.payloadLen;
}

/**
 * Parses a TCP segment; `bytes` is exactly the IP payload, `src`/`dst` the IP addresses (for the
 * checksum). The payload is `bytes.subarray(tcpHeaderLen(repr))`.
 */
export function parseTcp(
  bytes: Uint8Array,
  src: Ipv4Addr,
  dst: Ipv4Addr,
  opts: ParseOptions = {},
): Result<TcpRepr> {
  if (bytes.length < TCP_HEADER_LEN) return fail('tcp', 'truncated header');
  const p = new TcpPacket(bytes);
  const hl = p.headerLen();
  if (hl < TCP_HEADER_LEN) return fail('tcp', `data offset ${hl} below 20`);
  if (hl > bytes.length) return fail('tcp', `header length ${hl} exceeds ${bytes.length} bytes`);
  if (opts.verifyChecksum !== false && !p.verifyChecksum(src, dst))
    return fail('tcp', 'bad checksum');
  const options = parseTcpOptions(p.optionBytes());
  if (!options.ok) return options;
  return ok({
    srcPort: p.srcPort(),
    dstPort: p.dstPort(),
    seq: p.seq(),
    ack: p.ack(),
    flags: p.flags(),
    window: p.window(),
    urgent: p.urgent(),
    options: options.value,
    payloadLen: bytes.length - hl,
  });
}

/**
 * Writes the header of `repr` into `buf` (exactly `tcpBufferLen(repr)` bytes) and fills the
 * checksum over header and the payload already in place at `buf[tcpHeaderLen(repr)..]`.
 */
export function emitTcp(repr: TcpRepr, buf: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr): void {
  const hl = tcpHeaderLen(repr);
  const p = new TcpPacket(buf);
  p.setSrcPort(repr.srcPort);
  p.setDstPort(repr.dstPort);
  p.setSeq(repr.seq);
  p.setAck(repr.ack);
  p.setHeaderLenAndFlags(hl, repr.flags);
  p.setWindow(repr.window);
  p.setUrgent(repr.urgent);
  emitOptions(repr.options, buf, TCP_HEADER_LEN, hl);
  p.fillChecksum(src, dst);
}

/** Checksum status of a captured segment, for decoders. */
export function tcpChecksumStatus(bytes: Uint8Array, src: Ipv4Addr, dst: Ipv4Addr): 'good' | 'bad' {
  return new TcpPacket(bytes).verifyChecksum(src, dst) ? 'good' : 'bad';
}
