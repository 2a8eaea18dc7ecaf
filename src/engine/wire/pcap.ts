/**
 * libpcap capture files ("pcap", https://www.tcpdump.org/manpages/pcap-savefile.5.html).
 *
 * The writer produces what `tcpdump -w` writes on x86: little-endian, magic 0xa1b2c3d4, version
 * 2.4, snaplen 262144, microsecond timestamps taken from the virtual clock. The reader accepts
 * both byte orders and the nanosecond variant (0xa1b23c4d, rounded down to microseconds). Left
 * out: pcapng, FCS length bits in the link type field.
 */

import { fail, ok, type Result } from './errors';

/** Link types used by the lab. */
export const LinkType = {
  /** LINKTYPE_ETHERNET: veth, bridges, VXLAN devices. */
  Ethernet: 1,
  /** LINKTYPE_RAW: bare IPv4/IPv6 packets, as tcpdump writes for a TUN device. */
  Raw: 101,
} as const;

/** The 32-bit magic of microsecond-resolution pcap. */
export const PCAP_MAGIC = 0xa1b2c3d4;
/** The magic of nanosecond-resolution pcap. */
export const PCAP_MAGIC_NANOS = 0xa1b23c4d;
/** tcpdump's default snapshot length. */
export const PCAP_SNAPLEN = 262144;
/** Size of the file header. */
export const PCAP_FILE_HEADER_LEN = 24;
/** Size of a record header. */
export const PCAP_RECORD_HEADER_LEN = 16;

/** One captured packet. */
export interface PcapRecord {
  /** Capture time in microseconds. */
  readonly tsMicros: number;
  /** The captured bytes (at most snaplen). */
  readonly bytes: Uint8Array;
  /** Length of the packet on the wire. */
  readonly origLen: number;
}

/** A whole capture file. */
export interface PcapFile {
  readonly linktype: number;
  readonly snaplen: number;
  readonly records: PcapRecord[];
}

/** Writes the 24-byte file header. */
export function pcapFileHeader(linktype: number, snaplen = PCAP_SNAPLEN): Uint8Array {
  const out = new Uint8Array(PCAP_FILE_HEADER_LEN);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, PCAP_MAGIC, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  // thiszone and sigfigs stay 0
  dv.setUint32(16, snaplen, true);
  dv.setUint32(20, linktype, true);
  return out;
}

/** Writes one record (header + at most `snaplen` bytes of `bytes`). */
export function pcapRecord(
  tsMicros: number,
  bytes: Uint8Array,
  snaplen = PCAP_SNAPLEN,
): Uint8Array {
  const caplen = Math.min(bytes.length, snaplen);
  const out = new Uint8Array(PCAP_RECORD_HEADER_LEN + caplen);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, Math.floor(tsMicros / 1e6), true);
  dv.setUint32(4, tsMicros % 1e6, true);
  dv.setUint32(8, caplen, true);
  dv.setUint32(12, bytes.length, true);
  out.set(bytes.subarray(0, caplen), PCAP_RECORD_HEADER_LEN);
  return out;
}

/** Accumulates records in memory; `bytes()` returns the whole file. */
export class PcapWriter {
  readonly linktype: number;
  readonly snaplen: number;
  private readonly chunks: Uint8Array[];
  private size: number;

  constructor(linktype: number, snaplen = PCAP_SNAPLEN) {
    this.linktype = linktype;
    this.snaplen = snaplen;
    this.chunks = [pcapFileHeader(linktype, snaplen)];
    this.size = PCAP_FILE_HEADER_LEN;
  }

  /** Appends a packet captured at `tsMicros` (virtual clock). */
  write(tsMicros: number, bytes: Uint8Array): void {
    const rec = pcapRecord(tsMicros, bytes, this.snaplen);
    this.chunks.push(rec);
    this.size += rec.length;
  }

  /** The file so far. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Reads a pcap file; records are views into `file`. */
export function readPcap(file: Uint8Array): Result<PcapFile> {
  if (file.length < PCAP_FILE_HEADER_LEN) return fail('pcap', 'truncated file header');
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magicLe = dv.getUint32(0, true);
  const magicBe = dv.getUint32(0, false);
  const le = magicLe === PCAP_MAGIC || magicLe === PCAP_MAGIC_NANOS;
  const magic = le ? magicLe : magicBe;
  if (magic !== PCAP_MAGIC && magic !== PCAP_MAGIC_NANOS) {
    return fail('pcap', `bad magic 0x${magicBe.toString(16).padStart(8, '0')}`);
  }
  const major = dv.getUint16(4, le);
  if (major !== 2) return fail('pcap', `unsupported version ${major}.${dv.getUint16(6, le)}`);
  const fracPerMicro = magic === PCAP_MAGIC_NANOS ? 1000 : 1;
  const snaplen = dv.getUint32(16, le);
  const linktype = dv.getUint32(20, le) & 0x0fffffff;
  const records: PcapRecord[] = [];
  let at = PCAP_FILE_HEADER_LEN;
  while (at < file.length) {
    if (at + PCAP_RECORD_HEADER_LEN > file.length)
      return fail('pcap', `truncated record header at ${at}`);
    const sec = dv.getUint32(at, le);
    const frac = dv.getUint32(at + 4, le);
    const caplen = dv.getUint32(at + 8, le);
    const origLen = dv.getUint32(at + 12, le);
    const start = at + PCAP_RECORD_HEADER_LEN;
    if (start + caplen > file.length) return fail('pcap', `truncated record data at ${at}`);
    records.push({
      tsMicros: sec * 1e6 + Math.floor(frac / fracPerMicro),
      bytes: file.subarray(start, start + caplen),
      origLen,
    });
    at = start + caplen;
  }
  return ok({ linktype, snaplen, records });
}
