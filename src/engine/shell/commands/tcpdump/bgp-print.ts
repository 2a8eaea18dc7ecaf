/**
 * tcpdump 4.99's BGP decoder (print-bgp.c) for TCP port 179: `: BGP` after the TCP line, and
 * with -v each message — OPEN with its capabilities, UPDATE with withdrawn routes, path
 * attributes and NLRI (ADD-PATH guessed as tcpdump guesses it), NOTIFICATION, KEEPALIVE. -vv adds
 * the hex of each capability and attribute. What BIRD sends in the lab is covered; other
 * attributes and capabilities print tcpdump's "no decoder" lines with their hex.
 */
import { getU16, getU32, ipv4ToString } from '../../../wire';
import { hexDump } from './hex-print';

const MESSAGES: Record<number, string> = {
  1: 'Open',
  2: 'Update',
  3: 'Notification',
  4: 'Keepalive',
  5: 'Route Refresh',
};

const CAPABILITIES: Record<number, string> = {
  1: 'Multiprotocol Extensions',
  2: 'Route Refresh',
  64: 'Graceful Restart',
  65: '32-Bit AS Number',
  69: 'Multiple Paths',
  70: 'Enhanced Route Refresh',
  71: 'Long-lived Graceful Restart',
  128: 'Route Refresh (Cisco)',
};

const ATTRIBUTES: Record<number, string> = {
  1: 'Origin',
  2: 'AS Path',
  3: 'Next Hop',
  4: 'Multi Exit Discriminator',
  5: 'Local Preference',
};

const AFI: Record<number, string> = { 1: 'IPv4', 2: 'IPv6' };
const SAFI: Record<number, string> = { 1: 'Unicast', 2: 'Multicast' };
const ADD_PATH: Record<number, string> = { 1: 'Receive', 2: 'Send', 3: 'Both' };
const ORIGIN = ['IGP', 'EGP', 'Incomplete'];
const SEG_OPEN: Record<number, string> = { 1: '{ ', 2: '', 3: '( ', 4: '({ ' };
const SEG_CLOSE: Record<number, string> = { 1: '}', 2: '', 3: ')', 4: '})' };

/** bgp_attr_get_as_size(): 2-byte AS numbers if the segments fit them exactly, else 4. */
function asSize(v: Uint8Array): 2 | 4 {
  let o = 0;
  while (o < v.length) {
    if (v[o] < 1 || v[o] > 4 || o + 1 >= v.length) return 4;
    o += 2 + v[o + 1] * 2;
  }
  return o === v.length ? 2 : 4;
}

const NOTIFY_CODES: Record<number, string> = {
  1: 'Message Header Error',
  2: 'OPEN Message Error',
  3: 'Update Message Error',
  4: 'Hold Timer Expired',
  5: 'Finite State Machine Error',
  6: 'Cease',
};

const CEASE_SUBCODES: Record<number, string> = {
  1: 'Maximum Number of Prefixes Reached',
  2: 'Administrative Shutdown',
  3: 'Peer Unconfigured',
  4: 'Administrative Reset',
  5: 'Connection Rejected',
  6: 'Other Configuration Change',
  7: 'Connection Collision Resolution',
  8: 'Out of Resources',
};

const OPEN_SUBCODES: Record<number, string> = {
  1: 'Unsupported Version Number',
  2: 'Bad Peer AS',
  3: 'Bad BGP Identifier',
  4: 'Unsupported Optional Parameter',
  5: 'Authentication Failure',
  6: 'Unacceptable Hold Time',
  7: 'Capability Message Error',
};

const u16 = getU16;
const u32 = getU32;
const ip = (b: Uint8Array, at: number) => ipv4ToString(getU32(b, at));
const name = (table: Record<number, string>, v: number, unknown = 'Unknown') => table[v] ?? unknown;

/** print_unknown_data(): hex_print after its own indent. */
const hexLines = (b: Uint8Array, indent: string) => hexDump(b, false, indent);

/** decode_prefix4(): bytes used and `A.B.C.D/LEN`, or undefined when it does not fit. */
function prefix4(b: Uint8Array, at: number, end: number): [number, string] | undefined {
  if (at >= end) return undefined;
  const len = b[at];
  if (len > 32) return undefined;
  const n = Math.ceil(len / 8);
  if (at + 1 + n > end) return undefined;
  const a = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) a[i] = b[at + 1 + i];
  if (len % 8 !== 0 && n > 0) a[n - 1] &= (0xff << (8 - (len % 8))) & 0xff;
  return [1 + n, `${a.join('.')}/${len}`];
}

/** check_add_path(): ADD-PATH only when the bytes fit it and do not fit plain prefixes. */
function looksAddPath(b: Uint8Array, at: number, end: number): boolean {
  if (end - at < 5) return false;
  let o = at;
  while (o < end) {
    o += 4;
    if (o >= end || b[o] > 32) return false;
    o += 1 + Math.ceil(b[o] / 8);
  }
  if (o > end) return false;
  for (o = at; o < end; ) {
    const len = b[o];
    if (len === 0 || len > 32) return true;
    o += 1 + Math.ceil(len / 8);
  }
  return o > end;
}

function routes(b: Uint8Array, at: number, end: number, title: string): string {
  let out = `\n\t  ${title}:`;
  const addPath = looksAddPath(b, at, end);
  let o = at;
  while (o < end) {
    let pathId: number | undefined;
    if (addPath) {
      if (end - o < 4) break;
      pathId = u32(b, o);
      o += 4;
    }
    const p = prefix4(b, o, end);
    if (!p) return `${out}\n\t    (illegal prefix length)`;
    out += `\n\t    ${p[1]}`;
    if (pathId !== undefined) out += `   Path Id: ${pathId}`;
    o += p[0];
  }
  return out;
}

function attrText(type: number, v: Uint8Array): string {
  switch (type) {
    case 1:
      return v.length === 1 ? (ORIGIN[v[0]] ?? 'Unknown') : 'invalid len';
    case 2: {
      if (v.length % 2) return 'invalid len';
      if (v.length === 0) return 'empty';
      const size = asSize(v);
      let out = '';
      for (let o = 0; o + 2 <= v.length; ) {
        const kind = v[o];
        out += SEG_OPEN[kind] ?? '?';
        for (let i = 0; i < v[o + 1]; i++) {
          const at = o + 2 + i * size;
          out += `${size === 2 ? u16(v, at) : u32(v, at)} `;
        }
        out += SEG_CLOSE[kind] ?? '?';
        o += 2 + v[o + 1] * size;
      }
      return out;
    }
    case 3:
      return v.length === 4 ? ip(v, 0) : 'invalid len';
    case 4:
    case 5:
      return v.length === 4 ? String(u32(v, 0)) : 'invalid len';
    default:
      return '';
  }
}

function openPrint(m: Uint8Array, v: number): string {
  let out = `\n\t  Version ${m[19]}, my AS ${u16(m, 20)}, Holdtime ${u16(m, 22)}s, ID ${ip(m, 24)}`;
  const optLen = m[28];
  out += `\n\t  Optional parameters, length: ${optLen}`;
  for (let i = 29; i < 29 + optLen && i + 2 <= m.length; ) {
    const type = m[i];
    const len = m[i + 1];
    out += `\n\t    Option ${type === 2 ? 'Capabilities Advertisement' : 'Unknown'} (${type}), length: ${len}`;
    if (type === 2) out += capabilities(m.subarray(i + 2, i + 2 + len), v);
    else out += `\n\t      no decoder for option ${type}`;
    i += 2 + len;
  }
  return out;
}

function capabilities(c: Uint8Array, v: number): string {
  let out = '';
  for (let i = 0; i + 2 <= c.length; ) {
    const type = c[i];
    const len = c[i + 1];
    const d = c.subarray(i + 2, i + 2 + len);
    out += `\n\t      ${name(CAPABILITIES, type)} (${type}), length: ${len}`;
    switch (type) {
      case 1:
        out += `\n\t\tAFI ${name(AFI, u16(d, 0))} (${u16(d, 0)}), SAFI ${name(SAFI, d[3])} (${d[3]})`;
        break;
      case 64: {
        out += `\n\t\tRestart Flags: [${d[0] & 0x80 ? 'R' : 'none'}], Restart Time ${u16(d, 0) & 0xfff}s`;
        for (let o = 2; o + 4 <= d.length; o += 4) {
          out +=
            `\n\t\t  AFI ${name(AFI, u16(d, o))} (${u16(d, o)}), SAFI ${name(SAFI, d[o + 2])} ` +
            `(${d[o + 2]}), Forwarding state preserved: ${d[o + 3] & 0x80 ? 'yes' : 'no'}`;
        }
        break;
      }
      case 2:
      case 71:
      case 128:
        break;
      case 65:
        if (len === 4) out += `\n\t\t 4 Byte AS ${u32(d, 0)}`;
        break;
      case 69:
        for (let o = 0; o + 4 <= d.length; o += 4) {
          out +=
            `\n\t\tAFI ${name(AFI, u16(d, o))} (${u16(d, o)}), SAFI ${name(SAFI, d[o + 2])} ` +
            `(${d[o + 2]}), Send/Receive: ${ADD_PATH[d[o + 3]] ?? `Bogus (0x${d[o + 3].toString(16).padStart(2, '0')})`}`;
        }
        break;
      default:
        out += `\n\t\tno decoder for Capability ${type}`;
        if (v <= 1) out += hexLines(d, '\n\t\t');
    }
    if (v > 1 && len !== 0) out += hexLines(d, '\n\t\t');
    i += 2 + len;
  }
  return out;
}

function updatePrint(m: Uint8Array, v: number): string {
  const end = m.length;
  let o = 19;
  const wLen = u16(m, o);
  o += 2;
  let out = '';
  if (wLen > 1) out += routes(m, o, o + wLen, 'Withdrawn routes');
  o += wLen;
  const aLen = u16(m, o);
  o += 2;
  // tcpdump's test uses the withdrawn length it ran down to 0 while printing them: an UPDATE
  // of only withdrawals also ends with the End-of-RIB line.
  if ((wLen === 0 || wLen > 1) && aLen === 0 && o === end)
    return `${out}\n\t  End-of-Rib Marker (empty NLRI)`;
  for (const stop = o + aLen; o + 2 < stop; ) {
    const flags = m[o];
    const type = m[o + 1];
    const ext = (flags & 0x10) !== 0;
    const len = ext ? u16(m, o + 2) : m[o + 2];
    const data = m.subarray(o + (ext ? 4 : 3), o + (ext ? 4 : 3) + len);
    out += `\n\t  ${name(ATTRIBUTES, type, 'Unknown Attribute')} (${type}), length: ${len}`;
    if (flags) {
      out += `, Flags [${flags & 0x80 ? 'O' : ''}${flags & 0x40 ? 'T' : ''}${flags & 0x20 ? 'P' : ''}${flags & 0x10 ? 'E' : ''}`;
      if (flags & 0xf) out += `+${(flags & 0xf).toString(16)}`;
      out += ']';
    }
    out += `: ${attrText(type, data)}`;
    if (!(type in ATTRIBUTES)) {
      out += `\n\t    no Attribute ${type} decoder`;
      if (v <= 1) out += hexLines(data, '\n\t    ');
    }
    if (v > 1 && len !== 0) out += hexLines(data, '\n\t    ');
    o += (ext ? 4 : 3) + len;
  }
  if (o < end) out += routes(m, o, end, 'Updated routes');
  return out;
}

function notificationPrint(m: Uint8Array): string {
  const code = m[19];
  const sub = m[20];
  let out = `, ${name(NOTIFY_CODES, code)} (${code})`;
  if (code === 6) out += `, subcode ${name(CEASE_SUBCODES, sub)} (${sub})`;
  else if (code === 2) out += `, subcode ${name(OPEN_SUBCODES, sub)} (${sub})`;
  else if (sub) out += `, subcode Unknown (${sub})`;
  return out;
}

/** The text after the TCP line for `payload`: `: BGP`, and with -v every message in it. */
export function bgpPrint(payload: Uint8Array, v: number): string {
  let out = ': BGP';
  if (v < 1) return out;
  let o = 0;
  while (o + 19 <= payload.length) {
    if (!payload.subarray(o, o + 16).every((x) => x === 0xff)) {
      o++;
      continue;
    }
    const len = u16(payload, o + 16);
    const type = payload[o + 18];
    if (len < 19) return `${out}\n[|BGP Bogus header length ${len} < 19]`;
    if (o + len > payload.length)
      return `${out}\n[|BGP ${name(MESSAGES, type, 'Unknown Message Type')}]`;
    const m = payload.subarray(o, o + len);
    out += `\n\t${name(MESSAGES, type)} Message (${type}), length: ${len}`;
    if (type === 1) out += openPrint(m, v);
    else if (type === 2) out += updatePrint(m, v);
    else if (type === 3) out += notificationPrint(m);
    o += len;
  }
  return out;
}
