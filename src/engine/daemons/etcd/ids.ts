/**
 * etcd's identifiers, computed as etcd 3.4 computes them so a lab member has the id a real one
 * with the same flags would have: a member id is the first 8 bytes of SHA-1 over its sorted
 * peer URLs and the cluster token (membership.NewMember), the cluster id the first 8 bytes of
 * SHA-1 over the member ids (RaftCluster.genID); request and lease ids come from
 * pkg/idutil.Generator (member id's low 16 bits, then the start time in ms, then a counter).
 * With the defaults (peer http://localhost:2380, token etcd-cluster) the member is
 * 8e9e05c52164694d, as on any fresh etcd.
 */
import { utf8Bytes } from '../../shell/commands/nc';

const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;

/** SHA-1 (FIPS 180-4) of `data`. */
export function sha1(data: Uint8Array): Uint8Array {
  const bitLen = data.length * 8;
  const padded = new Uint8Array((((data.length + 8) >> 6) + 1) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const dv = new DataView(padded.buffer);
  dv.setUint32(padded.length - 8, Math.floor(bitLen / 2 ** 32));
  dv.setUint32(padded.length - 4, bitLen >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Array<number>(80);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getUint32(off + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      const [f, k] =
        i < 20
          ? [(b & c) | (~b & d), 0x5a827999]
          : i < 40
            ? [b ^ c ^ d, 0x6ed9eba1]
            : i < 60
              ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
              : [b ^ c ^ d, 0xca62c1d6];
      const t = (rotl(a, 5) + (f >>> 0) + e + k + w[i]) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] = (h[0] + a) >>> 0;
    h[1] = (h[1] + b) >>> 0;
    h[2] = (h[2] + c) >>> 0;
    h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  h.forEach((x, i) => {
    ov.setUint32(i * 4, x);
  });
  return out;
}

function first8(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

/** membership.NewMember's id for a bootstrapping member (no time mixed in). */
export function memberIdOf(peerUrls: string[], clusterToken: string): bigint {
  return first8(sha1(utf8Bytes([...peerUrls].sort().join('') + clusterToken)));
}

/** RaftCluster.genID over the (sorted) member ids. */
export function clusterIdOf(memberIds: bigint[]): bigint {
  const b = new Uint8Array(8 * memberIds.length);
  const dv = new DataView(b.buffer);
  [...memberIds]
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    .forEach((id, i) => {
      dv.setBigUint64(i * 8, id);
    });
  return first8(sha1(b));
}

/** types.ID.String(): hex without leading zeros. */
export function idHex(id: bigint): string {
  return id.toString(16);
}

/** pkg/idutil.Generator. */
export class IdGenerator {
  private readonly prefix: bigint;
  private suffix: bigint;

  constructor(memberId: bigint, unixMs: number) {
    this.prefix = (memberId & 0xffffn) << 48n;
    this.suffix = (BigInt(unixMs) & ((1n << 40n) - 1n)) << 8n;
  }

  next(): bigint {
    this.suffix += 1n;
    return this.prefix | (this.suffix & ((1n << 48n) - 1n));
  }
}
