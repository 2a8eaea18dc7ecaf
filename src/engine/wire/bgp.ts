/**
 * BGP-4 messages (RFC 4271) as BIRD 2 exchanges them over TCP port 179.
 *
 * Typed: OPEN with capability optional parameters (RFC 5492: multiprotocol RFC 4760, route refresh
 * RFC 2918, graceful restart RFC 4724, 4-octet AS RFC 6793, ADD-PATH RFC 7911, enhanced route
 * refresh RFC 7313), UPDATE with ORIGIN, AS_PATH, NEXT_HOP, MED, LOCAL_PREF and IPv4 prefixes (with
 * ADD-PATH path ids when negotiated), NOTIFICATION and KEEPALIVE. Everything else — other message
 * types (ROUTE-REFRESH), capabilities (LLGR), attributes (communities, MP_REACH_NLRI, AS4_PATH) —
 * is kept raw, never rejected. Left out: extended optional parameters (RFC 9072), extended
 * messages (RFC 8654), IPv6 NLRI, RFC 7606 attribute error handling (the speaker decides).
 *
 * AS numbers in AS_PATH are 2 or 4 bytes and NLRI may carry path ids, depending on what the OPENs
 * negotiated; a speaker passes that as {@link BgpEncoding}. Without it `parseBgpMessage` guesses
 * from the bytes, the way Wireshark does (a capture shows only one side's state).
 */

import { ByteView, type Ipv4Addr } from './bytes';
import { fail, ok, type Result } from './errors';

/** TCP port of BGP. */
export const BGP_PORT = 179;
/** Length of the common header: marker(16) length(2) type(1). */
export const BGP_HEADER_LEN = 19;
/** Largest message without RFC 8654. */
export const BGP_MAX_MESSAGE_LEN = 4096;
/** Offset of the first byte after the OPEN fixed fields (version .. opt param len). */
export const BGP_OPEN_FIXED_LEN = 10;

/** Message type codes. */
export const BgpMessageType = {
  Open: 1,
  Update: 2,
  Notification: 3,
  Keepalive: 4,
  RouteRefresh: 5,
} as const;

/** Path attribute type codes. */
export const BgpAttrType = {
  Origin: 1,
  AsPath: 2,
  NextHop: 3,
  MultiExitDisc: 4,
  LocalPref: 5,
  AtomicAggregate: 6,
  Aggregator: 7,
  Communities: 8,
  MpReachNlri: 14,
  MpUnreachNlri: 15,
  As4Path: 17,
} as const;

/** Path attribute flag bits. */
export const BgpAttrFlag = {
  Optional: 0x80,
  Transitive: 0x40,
  Partial: 0x20,
  ExtendedLength: 0x10,
} as const;

/** ORIGIN values. */
export const BgpOrigin = { Igp: 0, Egp: 1, Incomplete: 2 } as const;

/** AS_PATH segment types. */
export const AsPathSegmentType = { AsSet: 1, AsSequence: 2 } as const;

/** Capability codes. */
export const BgpCapabilityCode = {
  Multiprotocol: 1,
  RouteRefresh: 2,
  GracefulRestart: 64,
  FourOctetAs: 65,
  AddPath: 69,
  EnhancedRouteRefresh: 70,
  LongLivedGracefulRestart: 71,
} as const;

/** NOTIFICATION error codes. */
export const BgpErrorCode = {
  MessageHeader: 1,
  OpenMessage: 2,
  UpdateMessage: 3,
  HoldTimerExpired: 4,
  FiniteStateMachine: 5,
  Cease: 6,
} as const;

/** Cease subcodes (RFC 4486). */
export const BgpCeaseSubcode = {
  MaxPrefixes: 1,
  AdministrativeShutdown: 2,
  PeerDeconfigured: 3,
  AdministrativeReset: 4,
  ConnectionRejected: 5,
} as const;

/** Optional parameter type "Capabilities". */
export const BGP_PARAM_CAPABILITIES = 2;

/** Address family + subsequent address family (AFI 1 / SAFI 1 = IPv4 unicast). */
export interface BgpFamily {
  readonly afi: number;
  readonly safi: number;
}

/** One capability advertised in an OPEN. */
export type BgpCapability =
  | ({ readonly kind: 'multiprotocol' } & BgpFamily)
  | { readonly kind: 'routeRefresh' }
  | { readonly kind: 'enhancedRouteRefresh' }
  | {
      readonly kind: 'gracefulRestart';
      /** The 4 restart flag bits (R, N). */
      readonly flags: number;
      /** Restart time in seconds (12 bits). */
      readonly time: number;
      readonly families: readonly (BgpFamily & { readonly flags: number })[];
    }
  | { readonly kind: 'fourOctetAs'; readonly asn: number }
  | {
      readonly kind: 'addPath';
      readonly families: readonly (BgpFamily & { readonly sendReceive: number })[];
    }
  | { readonly kind: 'raw'; readonly code: number; readonly data: Uint8Array };

/** One OPEN optional parameter; BIRD puts all capabilities in a single parameter. */
export type BgpOpenParam =
  | { readonly kind: 'capabilities'; readonly capabilities: readonly BgpCapability[] }
  | { readonly kind: 'raw'; readonly type: number; readonly data: Uint8Array };

/** One AS_PATH segment. */
export interface AsPathSegment {
  readonly type: number;
  readonly asns: readonly number[];
}

/** The value of a path attribute. */
export type BgpAttrValue =
  | { readonly kind: 'origin'; readonly origin: number }
  | { readonly kind: 'asPath'; readonly segments: readonly AsPathSegment[] }
  | { readonly kind: 'nextHop'; readonly addr: Ipv4Addr }
  | { readonly kind: 'med'; readonly value: number }
  | { readonly kind: 'localPref'; readonly value: number }
  | { readonly kind: 'raw'; readonly type: number; readonly data: Uint8Array };

/** One path attribute; `flags` is the raw flags byte (the extended-length bit is set as needed). */
export type BgpAttr = { readonly flags: number } & BgpAttrValue;

/** An IPv4 prefix in withdrawn routes or NLRI; `pathId` only with ADD-PATH. */
export interface BgpPrefix {
  readonly addr: Ipv4Addr;
  readonly len: number;
  readonly pathId?: number;
}

/** A parsed BGP message. An UPDATE with nothing in it is End-of-RIB (RFC 4724). */
export type BgpMessage =
  | {
      readonly kind: 'open';
      readonly version: number;
      /** 2-byte My AS (AS_TRANS 23456 when the real ASN needs 4 bytes). */
      readonly myAs: number;
      readonly holdTime: number;
      readonly bgpId: Ipv4Addr;
      readonly params: readonly BgpOpenParam[];
    }
  | {
      readonly kind: 'update';
      readonly withdrawn: readonly BgpPrefix[];
      readonly attributes: readonly BgpAttr[];
      readonly nlri: readonly BgpPrefix[];
    }
  | {
      readonly kind: 'notification';
      readonly code: number;
      readonly subcode: number;
      readonly data: Uint8Array;
    }
  | { readonly kind: 'keepalive' }
  | { readonly kind: 'unknown'; readonly type: number; readonly body: Uint8Array };

/** What the OPENs negotiated: 4-byte ASNs in AS_PATH, ADD-PATH path ids on IPv4 unicast NLRI. */
export interface BgpEncoding {
  readonly as4: boolean;
  readonly addPath: boolean;
}

/** Encoding used by `emitBgpMessage` when none is given: 4-byte ASNs, no ADD-PATH. */
export const BGP_DEFAULT_ENCODING: BgpEncoding = { as4: true, addPath: false };

/** Byte offsets of the common header and fixed fields. */
export const BGP_FIELD = {
  MARKER: 0,
  LENGTH: 16,
  TYPE: 18,
  OPEN_VERSION: 19,
  OPEN_MY_AS: 20,
  OPEN_HOLD_TIME: 22,
  OPEN_BGP_ID: 24,
  OPEN_PARAMS_LEN: 28,
  OPEN_PARAMS: 29,
  UPDATE_WITHDRAWN_LEN: 19,
  NOTIFICATION_CODE: 19,
  NOTIFICATION_SUBCODE: 20,
} as const;
const field = BGP_FIELD;

/** View over a BGP message header. */
export class BgpHeader extends ByteView {
  /** True when the 16-byte marker is all ones. */
  markerValid(): boolean {
    for (let i = 0; i < 16; i++) if (this.bytes[i] !== 0xff) return false;
    return true;
  }
  length(): number {
    return this.dv.getUint16(field.LENGTH);
  }
  type(): number {
    return this.bytes[field.TYPE];
  }
  setLength(value: number): void {
    this.dv.setUint16(field.LENGTH, value);
  }
  setType(value: number): void {
    this.bytes[field.TYPE] = value;
  }
  /** Writes the all-ones marker. */
  setMarker(): void {
    this.bytes.fill(0xff, 0, 16);
  }
}

/**
 * Length of the message at the start of `bytes` from its header, or an error when the header is
 * malformed. Use it to split a TCP byte stream into messages.
 */
export function bgpMessageLen(bytes: Uint8Array): Result<number> {
  if (bytes.length < BGP_HEADER_LEN) return fail('bgp', 'truncated header');
  const h = new BgpHeader(bytes);
  if (!h.markerValid()) return fail('bgp', 'marker not all ones (connection not synchronized)');
  const len = h.length();
  if (len < BGP_HEADER_LEN || len > BGP_MAX_MESSAGE_LEN)
    return fail('bgp', `bad message length ${len}`);
  return ok(len);
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Reads `n` (0..4) bytes as a big-endian unsigned number padded on the right to 32 bits. */
function readPrefixBytes(bytes: Uint8Array, at: number, n: number): number {
  let addr = 0;
  for (let k = 0; k < 4; k++) addr = addr * 256 + (k < n ? bytes[at + k] : 0);
  return addr;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** Parses a prefix list; returns an error reason when lengths do not add up. */
function parsePrefixes(b: Uint8Array, addPath: boolean): BgpPrefix[] | string {
  const out: BgpPrefix[] = [];
  let i = 0;
  while (i < b.length) {
    let pathId: number | undefined;
    if (addPath) {
      if (i + 4 > b.length) return 'truncated path id';
      pathId = u32(b, i);
      i += 4;
    }
    if (i >= b.length) return 'truncated prefix';
    const len = b[i];
    if (len > 32) return `prefix length ${len} above 32`;
    const n = (len + 7) >> 3;
    if (i + 1 + n > b.length) return 'truncated prefix';
    const addr = readPrefixBytes(b, i + 1, n);
    out.push(pathId === undefined ? { addr, len } : { addr, len, pathId });
    i += 1 + n;
  }
  return out;
}

/** True when the prefixes parse and none has bits set past its length (Wireshark's test). */
function plausiblePrefixes(b: Uint8Array, addPath: boolean): boolean {
  const parsed = parsePrefixes(b, addPath);
  if (typeof parsed === 'string') return false;
  return parsed.every((p) => p.len === 32 || p.addr % 2 ** (32 - p.len) === 0);
}

/** Parses AS_PATH segments with `size`-byte ASNs, or `undefined` when lengths do not add up. */
function parseAsPath(b: Uint8Array, size: 2 | 4): AsPathSegment[] | undefined {
  const out: AsPathSegment[] = [];
  let i = 0;
  while (i < b.length) {
    if (i + 2 > b.length) return undefined;
    const type = b[i];
    const count = b[i + 1];
    i += 2;
    if (i + count * size > b.length) return undefined;
    const asns: number[] = [];
    for (let k = 0; k < count; k++, i += size) asns.push(size === 4 ? u32(b, i) : u16(b, i));
    out.push({ type, asns });
  }
  return out;
}

function parseAttrValue(type: number, data: Uint8Array, as4: boolean | undefined): BgpAttrValue {
  const raw: BgpAttrValue = { kind: 'raw', type, data };
  switch (type) {
    case BgpAttrType.Origin:
      return data.length === 1 ? { kind: 'origin', origin: data[0] } : raw;
    case BgpAttrType.NextHop:
      return data.length === 4 ? { kind: 'nextHop', addr: u32(data, 0) } : raw;
    case BgpAttrType.MultiExitDisc:
      return data.length === 4 ? { kind: 'med', value: u32(data, 0) } : raw;
    case BgpAttrType.LocalPref:
      return data.length === 4 ? { kind: 'localPref', value: u32(data, 0) } : raw;
    case BgpAttrType.AsPath: {
      // Unknown session: 4-byte ASNs unless only 2-byte ones fit (Wireshark's guess).
      const segments =
        as4 === undefined
          ? (parseAsPath(data, 4) ?? parseAsPath(data, 2))
          : parseAsPath(data, as4 ? 4 : 2);
      return segments === undefined ? raw : { kind: 'asPath', segments };
    }
    default:
      return raw;
  }
}

function parseAttributes(b: Uint8Array, as4: boolean | undefined): BgpAttr[] | string {
  const out: BgpAttr[] = [];
  let i = 0;
  while (i < b.length) {
    if (i + 3 > b.length) return 'truncated attribute header';
    const flags = b[i];
    const type = b[i + 1];
    const extended = (flags & BgpAttrFlag.ExtendedLength) !== 0;
    if (extended && i + 4 > b.length) return 'truncated attribute header';
    const len = extended ? u16(b, i + 2) : b[i + 2];
    const start = i + (extended ? 4 : 3);
    if (start + len > b.length) return `attribute ${type} overruns the path attributes`;
    const data = b.subarray(start, start + len);
    out.push({ flags, ...parseAttrValue(type, data, as4) });
    i = start + len;
  }
  return out;
}

function parseCapability(code: number, d: Uint8Array): BgpCapability {
  const raw: BgpCapability = { kind: 'raw', code, data: d };
  switch (code) {
    case BgpCapabilityCode.Multiprotocol:
      return d.length === 4 ? { kind: 'multiprotocol', afi: u16(d, 0), safi: d[3] } : raw;
    case BgpCapabilityCode.RouteRefresh:
      return d.length === 0 ? { kind: 'routeRefresh' } : raw;
    case BgpCapabilityCode.EnhancedRouteRefresh:
      return d.length === 0 ? { kind: 'enhancedRouteRefresh' } : raw;
    case BgpCapabilityCode.FourOctetAs:
      return d.length === 4 ? { kind: 'fourOctetAs', asn: u32(d, 0) } : raw;
    case BgpCapabilityCode.GracefulRestart: {
      if (d.length < 2 || (d.length - 2) % 4 !== 0 || (d.length > 2 && d[5] !== 0)) return raw;
      const families = [];
      for (let i = 2; i < d.length; i += 4)
        families.push({ afi: u16(d, i), safi: d[i + 2], flags: d[i + 3] });
      return { kind: 'gracefulRestart', flags: d[0] >> 4, time: u16(d, 0) & 0x0fff, families };
    }
    case BgpCapabilityCode.AddPath: {
      if (d.length % 4 !== 0) return raw;
      const families = [];
      for (let i = 0; i < d.length; i += 4)
        families.push({ afi: u16(d, i), safi: d[i + 2], sendReceive: d[i + 3] });
      return { kind: 'addPath', families };
    }
    default:
      return raw;
  }
}

/** Splits a capabilities parameter into capabilities, or `undefined` when lengths do not add up. */
function parseCapabilities(b: Uint8Array): BgpCapability[] | undefined {
  const out: BgpCapability[] = [];
  let i = 0;
  while (i < b.length) {
    if (i + 2 > b.length || i + 2 + b[i + 1] > b.length) return undefined;
    out.push(parseCapability(b[i], b.subarray(i + 2, i + 2 + b[i + 1])));
    i += 2 + b[i + 1];
  }
  return out;
}

function parseOpen(b: Uint8Array): Result<BgpMessage> {
  if (b.length < BGP_HEADER_LEN + BGP_OPEN_FIXED_LEN) return fail('bgp', 'OPEN too short');
  const paramsLen = b[field.OPEN_PARAMS_LEN];
  if (field.OPEN_PARAMS + paramsLen !== b.length) {
    return fail(
      'bgp',
      `OPEN optional parameters length ${paramsLen} does not match message length`,
    );
  }
  const params: BgpOpenParam[] = [];
  for (let i = field.OPEN_PARAMS; i < b.length; ) {
    if (i + 2 > b.length || i + 2 + b[i + 1] > b.length)
      return fail('bgp', 'truncated optional parameter');
    const type = b[i];
    const data = b.subarray(i + 2, i + 2 + b[i + 1]);
    const caps = type === BGP_PARAM_CAPABILITIES ? parseCapabilities(data) : undefined;
    params.push(
      caps === undefined
        ? { kind: 'raw', type, data }
        : { kind: 'capabilities', capabilities: caps },
    );
    i += 2 + data.length;
  }
  return ok({
    kind: 'open',
    version: b[field.OPEN_VERSION],
    myAs: u16(b, field.OPEN_MY_AS),
    holdTime: u16(b, field.OPEN_HOLD_TIME),
    bgpId: u32(b, field.OPEN_BGP_ID),
    params,
  });
}

/** The three regions of an UPDATE body, or an error reason. */
export function bgpUpdateRegions(
  b: Uint8Array,
): { withdrawn: Uint8Array; attributes: Uint8Array; nlri: Uint8Array; attrStart: number } | string {
  if (b.length < BGP_HEADER_LEN + 4) return 'UPDATE too short';
  const wLen = u16(b, field.UPDATE_WITHDRAWN_LEN);
  const wStart = field.UPDATE_WITHDRAWN_LEN + 2;
  if (wStart + wLen + 2 > b.length) return `withdrawn routes length ${wLen} overruns the message`;
  const aLen = u16(b, wStart + wLen);
  const attrStart = wStart + wLen + 2;
  if (attrStart + aLen > b.length) return `path attribute length ${aLen} overruns the message`;
  return {
    withdrawn: b.subarray(wStart, wStart + wLen),
    attributes: b.subarray(attrStart, attrStart + aLen),
    nlri: b.subarray(attrStart + aLen),
    attrStart,
  };
}

/**
 * Guesses the encoding of an UPDATE from its bytes: ADD-PATH when the prefixes only make sense
 * with path ids; 4-byte ASNs unless only 2-byte ones fit. For decoders of captures.
 */
export function guessBgpEncoding(message: Uint8Array): BgpEncoding {
  const r = bgpUpdateRegions(message);
  if (typeof r === 'string') return BGP_DEFAULT_ENCODING;
  const addPathFits = (b: Uint8Array) => !plausiblePrefixes(b, false) && plausiblePrefixes(b, true);
  return { as4: true, addPath: addPathFits(r.withdrawn) || addPathFits(r.nlri) };
}

function parseUpdate(b: Uint8Array, enc: Partial<BgpEncoding>): Result<BgpMessage> {
  const r = bgpUpdateRegions(b);
  if (typeof r === 'string') return fail('bgp', r);
  const addPath = enc.addPath ?? guessBgpEncoding(b).addPath;
  const withdrawn = parsePrefixes(r.withdrawn, addPath);
  if (typeof withdrawn === 'string') return fail('bgp', `withdrawn routes: ${withdrawn}`);
  const attributes = parseAttributes(r.attributes, enc.as4);
  if (typeof attributes === 'string') return fail('bgp', attributes);
  const nlri = parsePrefixes(r.nlri, addPath);
  if (typeof nlri === 'string') return fail('bgp', `NLRI: ${nlri}`);
  return ok({ kind: 'update', withdrawn, attributes, nlri });
}

/**
 * Parses one message; `bytes` must be exactly one message (see {@link bgpMessageLen}). Without
 * `enc`, ADD-PATH and the AS number size are guessed from the bytes.
 */
export function parseBgpMessage(
  bytes: Uint8Array,
  enc: Partial<BgpEncoding> = {},
): Result<BgpMessage> {
  const len = bgpMessageLen(bytes);
  if (!len.ok) return len;
  if (len.value !== bytes.length)
    return fail('bgp', `length ${len.value} but ${bytes.length} bytes given`);
  const type = bytes[field.TYPE];
  switch (type) {
    case BgpMessageType.Open:
      return parseOpen(bytes);
    case BgpMessageType.Update:
      return parseUpdate(bytes, enc);
    case BgpMessageType.Notification:
      if (bytes.length < BGP_HEADER_LEN + 2) return fail('bgp', 'NOTIFICATION too short');
      return ok({
        kind: 'notification',
        code: bytes[field.NOTIFICATION_CODE],
        subcode: bytes[field.NOTIFICATION_SUBCODE],
        data: bytes.subarray(BGP_HEADER_LEN + 2),
      });
    case BgpMessageType.Keepalive:
      if (bytes.length !== BGP_HEADER_LEN) return fail('bgp', 'KEEPALIVE longer than 19 bytes');
      return ok({ kind: 'keepalive' });
    default:
      return ok({ kind: 'unknown', type, body: bytes.subarray(BGP_HEADER_LEN) });
  }
}

// ---------------------------------------------------------------------------------------------
// Emitting: one code path both measures (no buffer) and writes, so sizes never drift.

class Writer {
  pos = 0;
  private readonly buf: Uint8Array | undefined;
  constructor(buf?: Uint8Array, pos = 0) {
    this.buf = buf;
    this.pos = pos;
  }
  u8(v: number): void {
    if (this.buf) this.buf[this.pos] = v;
    this.pos += 1;
  }
  u16(v: number): void {
    this.u8((v >>> 8) & 0xff);
    this.u8(v & 0xff);
  }
  u32(v: number): void {
    this.u16((v >>> 16) & 0xffff);
    this.u16(v & 0xffff);
  }
  bytes(b: Uint8Array): void {
    this.buf?.set(b, this.pos);
    this.pos += b.length;
  }
  /** Writes `fill` in a length slot of `size` bytes at `at` once the content is written. */
  patch(at: number, size: 1 | 2, value: number): void {
    if (!this.buf) return;
    if (size === 2) this.buf[at++] = (value >>> 8) & 0xff;
    this.buf[at] = value & 0xff;
  }
}

/** Runs `body` after a length slot and fills the slot with the number of bytes it wrote. */
function withLength(w: Writer, size: 1 | 2, body: () => void): void {
  const at = w.pos;
  w.pos += size;
  body();
  w.patch(at, size, w.pos - at - size);
}

function writePrefixes(w: Writer, prefixes: readonly BgpPrefix[], addPath: boolean): void {
  for (const p of prefixes) {
    if (addPath) w.u32(p.pathId ?? 0);
    w.u8(p.len);
    const n = (p.len + 7) >> 3;
    for (let k = 0; k < n; k++) w.u8(Math.floor(p.addr / 2 ** (24 - 8 * k)) & 0xff);
  }
}

function writeCapability(w: Writer, c: BgpCapability): void {
  const code = c.kind === 'raw' ? c.code : capabilityCode[c.kind];
  w.u8(code);
  withLength(w, 1, () => {
    switch (c.kind) {
      case 'multiprotocol':
        w.u16(c.afi);
        w.u8(0);
        w.u8(c.safi);
        break;
      case 'gracefulRestart':
        w.u16(((c.flags & 0x0f) << 12) | (c.time & 0x0fff));
        for (const f of c.families) writeFamily(w, f, f.flags);
        break;
      case 'fourOctetAs':
        w.u32(c.asn);
        break;
      case 'addPath':
        for (const f of c.families) writeFamily(w, f, f.sendReceive);
        break;
      case 'raw':
        w.bytes(c.data);
        break;
      default:
        break;
    }
  });
}

function writeFamily(w: Writer, f: BgpFamily, last: number): void {
  w.u16(f.afi);
  w.u8(f.safi);
  w.u8(last);
}

const capabilityCode = {
  multiprotocol: BgpCapabilityCode.Multiprotocol,
  routeRefresh: BgpCapabilityCode.RouteRefresh,
  enhancedRouteRefresh: BgpCapabilityCode.EnhancedRouteRefresh,
  gracefulRestart: BgpCapabilityCode.GracefulRestart,
  fourOctetAs: BgpCapabilityCode.FourOctetAs,
  addPath: BgpCapabilityCode.AddPath,
} as const;

const attrCode = {
  origin: BgpAttrType.Origin,
  asPath: BgpAttrType.AsPath,
  nextHop: BgpAttrType.NextHop,
  med: BgpAttrType.MultiExitDisc,
  localPref: BgpAttrType.LocalPref,
} as const;

function writeAttrValue(w: Writer, a: BgpAttr, as4: boolean): void {
  switch (a.kind) {
    case 'origin':
      w.u8(a.origin);
      break;
    case 'nextHop':
      w.u32(a.addr);
      break;
    case 'med':
    case 'localPref':
      w.u32(a.value);
      break;
    case 'asPath':
      for (const s of a.segments) {
        w.u8(s.type);
        w.u8(s.asns.length);
        for (const asn of s.asns) {
          if (as4) w.u32(asn);
          else w.u16(asn);
        }
      }
      break;
    case 'raw':
      w.bytes(a.data);
      break;
  }
}

function writeAttr(w: Writer, a: BgpAttr, as4: boolean): void {
  const measure = new Writer();
  writeAttrValue(measure, a, as4);
  const extended = (a.flags & BgpAttrFlag.ExtendedLength) !== 0 || measure.pos > 255;
  w.u8(extended ? a.flags | BgpAttrFlag.ExtendedLength : a.flags);
  w.u8(a.kind === 'raw' ? a.type : attrCode[a.kind]);
  withLength(w, extended ? 2 : 1, () => writeAttrValue(w, a, as4));
}

const messageType = {
  open: BgpMessageType.Open,
  update: BgpMessageType.Update,
  notification: BgpMessageType.Notification,
  keepalive: BgpMessageType.Keepalive,
} as const;

function writeMessage(w: Writer, m: BgpMessage, enc: BgpEncoding): void {
  const start = w.pos;
  for (let i = 0; i < 16; i++) w.u8(0xff);
  w.pos += 2; // length, patched below
  w.u8(m.kind === 'unknown' ? m.type : messageType[m.kind]);
  switch (m.kind) {
    case 'open':
      w.u8(m.version);
      w.u16(m.myAs);
      w.u16(m.holdTime);
      w.u32(m.bgpId);
      withLength(w, 1, () => {
        for (const p of m.params) {
          w.u8(p.kind === 'raw' ? p.type : BGP_PARAM_CAPABILITIES);
          withLength(w, 1, () => {
            if (p.kind === 'raw') w.bytes(p.data);
            else for (const c of p.capabilities) writeCapability(w, c);
          });
        }
      });
      break;
    case 'update':
      withLength(w, 2, () => writePrefixes(w, m.withdrawn, enc.addPath));
      withLength(w, 2, () => {
        for (const a of m.attributes) writeAttr(w, a, enc.as4);
      });
      writePrefixes(w, m.nlri, enc.addPath);
      break;
    case 'notification':
      w.u8(m.code);
      w.u8(m.subcode);
      w.bytes(m.data);
      break;
    case 'keepalive':
      break;
    case 'unknown':
      w.bytes(m.body);
      break;
  }
  w.patch(start + field.LENGTH, 2, w.pos - start);
}

/** Size of `msg` on the wire. */
export function bgpBufferLen(msg: BgpMessage, enc: BgpEncoding = BGP_DEFAULT_ENCODING): number {
  const w = new Writer();
  writeMessage(w, msg, enc);
  return w.pos;
}

/** Writes `msg` into `buf` (at least `bgpBufferLen(msg, enc)` bytes); returns the bytes written. */
export function emitBgpMessage(
  msg: BgpMessage,
  buf: Uint8Array,
  enc: BgpEncoding = BGP_DEFAULT_ENCODING,
): number {
  const w = new Writer(buf);
  writeMessage(w, msg, enc);
  return w.pos;
}
