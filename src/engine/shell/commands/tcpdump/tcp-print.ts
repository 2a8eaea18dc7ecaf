/**
 * tcpdump 4.99's TCP line (print-tcp.c tcp_print): flags, the checksum under -v, sequence
 * numbers relative to the conversation's first ones (unless -S), ack, window, urgent pointer,
 * the options (`options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]`), the payload length and,
 * on port 80/8080, the HTTP text (print-http.c through txtproto_print); on port 179 the BGP
 * messages (bgp-print.ts: `: BGP`, and each message under -v).
 *
 * Relative numbers as tcp_print keeps them: one entry per conversation (its two ends in a fixed
 * order: the lower port first, or the lower address when the ports are equal). A segment with
 * ACK set records the entry when none exists or when it also carries SYN, and is printed with
 * absolute numbers; later segments with ACK print their numbers minus the recorded ones. A
 * segment without ACK (the first SYN, a bare RST) is printed as it is.
 *
 * Left out: the other payload dissectors (telnet, ssh, dns over tcp…), MPTCP/TFO/MD5/AO options (printed as `unknown-N`), RST data under -v.
 */
import { checksumOf, combine, dataSum, getU16, getU32, pseudoHeaderSum } from '../../../wire';
import { bgpPrint } from './bgp-print';
import { portName } from './services';

/** What tcp_print needs from the print options. */
export interface TcpPrintFlags {
  n: number;
  v: number;
  q: boolean;
  /** -S: absolute sequence numbers. */
  S: boolean;
}

/** The conversations seen by one capture: key → [seq base of the first end, of the second]. */
export type TcpSeqTable = Map<string, { seq: number; ack: number }>;

/** The IPv4 header fields a TCP line uses. */
export interface TcpIpInfo {
  src: string;
  dst: string;
  saddr: number;
  daddr: number;
  /** True for a fragment (no checksum check). */
  fragmented: boolean;
}

const u16 = getU16;
const u32 = getU32;

const FLAG_LETTERS: [number, string][] = [
  [0x01, 'F'],
  [0x02, 'S'],
  [0x04, 'R'],
  [0x08, 'P'],
  [0x10, '.'],
  [0x20, 'U'],
  [0x40, 'E'],
  [0x80, 'W'],
];

const ACK = 0x10;
const SYN = 0x02;

function portText(p: number, f: TcpPrintFlags): string {
  return f.n > 0 ? String(p) : portName(p, 'tcp');
}

export function tcpPrint(
  b: Uint8Array,
  ip: TcpIpInfo,
  f: TcpPrintFlags,
  table: TcpSeqTable,
): string {
  if (b.length < 20) return `${ip.src} > ${ip.dst}: [|tcp]`;
  const sport = u16(b, 0);
  const dport = u16(b, 2);
  const hl = (b[12] >> 4) * 4;
  const flags = b[13];
  const head = `${ip.src}.${portText(sport, f)} > ${ip.dst}.${portText(dport, f)}: `;
  if (hl < 20) return `${head}tcp ${b.length} [bad hdr length ${hl} - too short, < 20]`;
  if (hl > b.length)
    return `${head}tcp ${b.length} [bad hdr length ${hl} - too long, > ${b.length}]`;
  const length = b.length - hl;
  if (f.q) return `${head}tcp ${length}`;
  const letters = FLAG_LETTERS.filter(([bit]) => (flags & bit) !== 0)
    .map(([, c]) => c)
    .join('');
  let out = `${head}Flags [${letters || 'none'}]`;
  if (f.v > 0 && !ip.fragmented) out += checksumText(b, ip);

  let seq = u32(b, 4);
  let ack = u32(b, 8);
  let base = { seq: 0, ack: 0 };
  const rev = sport > dport || (sport === dport && ip.saddr > ip.daddr);
  if (!f.S && flags & ACK) {
    const key = rev
      ? `${ip.daddr}>${ip.saddr}:${dport}>${sport}`
      : `${ip.saddr}>${ip.daddr}:${sport}>${dport}`;
    const known = table.get(key);
    if (!known || flags & SYN) {
      const entry = rev ? { seq: (ack - 1) >>> 0, ack: seq } : { seq, ack: (ack - 1) >>> 0 };
      table.set(key, entry);
      base = entry;
    } else {
      base = known;
      if (rev) {
        seq = (seq - known.ack) >>> 0;
        ack = (ack - known.seq) >>> 0;
      } else {
        seq = (seq - known.seq) >>> 0;
        ack = (ack - known.ack) >>> 0;
      }
    }
  }
  if (f.v > 1 || length > 0 || flags & 0x07) {
    out += `, seq ${seq}`;
    if (length > 0) out += `:${(seq + length) >>> 0}`;
  }
  if (flags & ACK) out += `, ack ${ack}`;
  out += `, win ${u16(b, 14)}`;
  if (flags & 0x20) out += `, urg ${u16(b, 18)}`;
  if (hl > 20) out += `, options [${optionsText(b.subarray(20, hl), rev ? base.seq : base.ack)}]`;
  out += `, length ${length}`;
  if (length === 0) return out;
  if (sport === 179 || dport === 179) out += bgpPrint(b.subarray(hl), f.v);
  else if (sport === 80 || dport === 80 || sport === 8080 || dport === 8080)
    out += `: ${httpText(b.subarray(hl), f.v > 0)}`;
  return out;
}

/** `, cksum 0x1c46 (correct)` or `(incorrect -> 0x…)`, over the pseudo-header and segment. */
function checksumText(b: Uint8Array, ip: TcpIpInfo): string {
  const field = u16(b, 16);
  const pseudo = pseudoHeaderSum(ip.saddr, ip.daddr, 6, b.length);
  const copy = b.slice();
  copy[16] = 0;
  copy[17] = 0;
  const should = checksumOf(combine(pseudo, dataSum(copy)));
  const hex = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;
  return `, cksum ${hex(field)} (${field === should ? 'correct' : `incorrect -> ${hex(should)}`})`;
}

const OPTION_NAMES: Record<number, string> = {
  0: 'eol',
  1: 'nop',
  2: 'mss',
  3: 'wscale',
  4: 'sackOK',
  5: 'sack',
  8: 'TS',
};

/** The options list between the brackets; SACK edges are made relative with `sackBase`. */
function optionsText(o: Uint8Array, sackBase: number): string {
  const parts: string[] = [];
  let i = 0;
  while (i < o.length) {
    const kind = o[i];
    const name = OPTION_NAMES[kind] ?? `unknown-${kind}`;
    if (kind === 0 || kind === 1) {
      parts.push(name);
      i++;
      if (kind === 0) break;
      continue;
    }
    if (i + 1 >= o.length) {
      parts.push(`${name}[bad opt]`);
      break;
    }
    const len = o[i + 1];
    if (len < 2 || i + len > o.length) {
      parts.push(`${name}[bad opt]`);
      break;
    }
    const data = o.subarray(i + 2, i + len);
    let text = name;
    if (kind === 2 && data.length >= 2) text += ` ${u16(data, 0)}`;
    else if (kind === 3 && data.length >= 1) text += ` ${data[0]}`;
    else if (kind === 8 && data.length >= 8) text += ` val ${u32(data, 0)} ecr ${u32(data, 4)}`;
    else if (kind === 5) {
      if (data.length % 8 !== 0) text += ' invalid sack';
      else {
        text += ` ${data.length / 8} `;
        for (let k = 0; k < data.length; k += 8)
          text += `{${(u32(data, k) - sackBase) >>> 0}:${(u32(data, k + 4) - sackBase) >>> 0}}`;
      }
    }
    const expected = { 2: 4, 3: 3, 4: 2, 8: 10 }[kind];
    if (expected !== undefined && expected !== len) text += `[len ${len}]`;
    parts.push(text);
    i += len;
  }
  return parts.join(',');
}

/** print-http.c's request methods (a first token that makes a payload a request). */
const HTTP_METHODS = new Set([
  'GET',
  'PUT',
  'COPY',
  'HEAD',
  'LOCK',
  'MOVE',
  'POLL',
  'POST',
  'BCOPY',
  'BMOVE',
  'MKCOL',
  'TRACE',
  'LABEL',
  'MERGE',
  'DELETE',
  'SEARCH',
  'UNLOCK',
  'REPORT',
  'UPDATE',
  'NOTIFY',
  'BDELETE',
  'CONNECT',
  'OPTIONS',
  'CHECKIN',
  'PROPFIND',
  'CHECKOUT',
  'CHECKOUT',
  'SUBSCRIBE',
  'PROPPATCH',
  'BPROPFIND',
  'BPROPPATCH',
  'UNCHECKOUT',
  'MKACTIVITY',
  'MKWORKSPACE',
  'UNSUBSCRIBE',
  'RPC_CONNECT',
  'VERSION-CONTROL',
  'BASELINE-CONTROL',
]);

const printable = (c: number) => c >= 0x20 && c < 0x7f;
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** fetch_token: the token at `at` and the index after it and its blanks (0 = no token). */
function fetchToken(b: Uint8Array, at: number): [string, number] {
  let i = at;
  let token = '';
  for (; i < b.length; i++) {
    const c = b[i];
    if (c >= 0x80) return ['', 0];
    if (isBlank(c)) break;
    if (!printable(c) || token.length + 2 > 129) return ['', 0];
    token += String.fromCharCode(c);
  }
  if (token === '') return ['', 0];
  for (; i < b.length; i++) {
    const c = b[i];
    if (c === 0x0d || c === 0x0a || !printable(c) || !isBlank(c)) break;
  }
  return [token, i];
}

/** print_txt_line: one line after `prefix`; the index after its end, 0 when it stops. */
function txtLine(b: Uint8Array, at: number, prefix: string, out: string[]): number {
  let i = at;
  while (i < b.length) {
    const c = b[i];
    if (c === 0x0a) {
      out.push(prefix + String.fromCharCode(...b.subarray(at, i)));
      return i + 1;
    }
    if (c === 0x0d) {
      if (i + 1 >= b.length || b[i + 1] !== 0x0a) return 0;
      out.push(prefix + String.fromCharCode(...b.subarray(at, i)));
      return i + 2;
    }
    if (!printable(c) && c !== 0x09) return 0;
    i++;
  }
  out.push(`${prefix}${String.fromCharCode(...b.subarray(at, i))} [|http]`);
  return 0;
}

/** txtproto_print for HTTP: `HTTP`, then the first line of a request or response. */
function httpText(b: Uint8Array, verbose: boolean): string {
  const [first, next] = fetchToken(b, 0);
  let reqresp = false;
  if (next !== 0) {
    if (HTTP_METHODS.has(first.toUpperCase())) reqresp = true;
    const [second, after] = fetchToken(b, next);
    if (after !== 0 && /^\d{3}$/.test(second)) reqresp = true;
  }
  const out = ['HTTP'];
  if (!reqresp) return 'HTTP';
  if (verbose) {
    out.push(`, length: ${b.length}`);
    for (let i = 0; i < b.length; ) {
      const eol = txtLine(b, i, '\n\t', out);
      if (eol === 0) break;
      i = eol;
    }
  } else txtLine(b, 0, ': ', out);
  return out.join('');
}
