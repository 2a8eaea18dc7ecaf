import { describe, expect, it } from 'vitest';
import {
  BgpAttrFlag,
  BgpCeaseSubcode,
  BgpErrorCode,
  BgpHeader,
  type BgpMessage,
  bgpBufferLen,
  emitBgpMessage,
  guessBgpEncoding,
  parseBgpMessage,
} from './bgp';
import { corpusBytes, filled, ip, unwrap } from './fixtures/corpus-util';

/** The BGP payload of a captured segment (Ethernet 14 + IPv4 20 + TCP 32 with timestamps). */
const bgp = (frame: number) => corpusBytes(`calico/node1__eth0__bgp#${frame}`).subarray(66);
const OPEN = bgp(4);
const SESSION = { as4: true, addPath: true }; // both OPENs offer 4-octet AS and ADD-PATH both ways
const T = BgpAttrFlag.Transitive;
const ROUTE = { addr: ip('10.233.2.0'), len: 26, pathId: 4 };

const OPEN_REPR: BgpMessage = {
  kind: 'open',
  version: 4,
  myAs: 64512,
  holdTime: 240,
  bgpId: ip('10.168.0.3'),
  params: [
    {
      kind: 'capabilities',
      capabilities: [
        { kind: 'multiprotocol', afi: 1, safi: 1 },
        { kind: 'routeRefresh' },
        { kind: 'gracefulRestart', flags: 0, time: 120, families: [{ afi: 1, safi: 1, flags: 0 }] },
        { kind: 'fourOctetAs', asn: 64512 },
        { kind: 'addPath', families: [{ afi: 1, safi: 1, sendReceive: 3 }] },
        { kind: 'enhancedRouteRefresh' },
        { kind: 'raw', code: 71, data: new Uint8Array(0) }, // long-lived graceful restart, empty
      ],
    },
  ],
};

const ANNOUNCE: BgpMessage = {
  kind: 'update',
  withdrawn: [],
  attributes: [
    { flags: T, kind: 'origin', origin: 0 },
    { flags: T, kind: 'asPath', segments: [] },
    { flags: T, kind: 'nextHop', addr: ip('10.168.0.3') },
    { flags: T, kind: 'localPref', value: 100 },
  ],
  nlri: [ROUTE],
};

const CASES: [string, Uint8Array, BgpMessage][] = [
  ['OPEN (BIRD 2.0.12)', OPEN, OPEN_REPR],
  ['KEEPALIVE', bgp(8), { kind: 'keepalive' }],
  ['UPDATE announcing 10.233.2.0/26 with path id 4', bgp(12), ANNOUNCE],
  ['UPDATE End-of-RIB', bgp(14), { kind: 'update', withdrawn: [], attributes: [], nlri: [] }],
  ['UPDATE withdrawing', bgp(20), { kind: 'update', withdrawn: [ROUTE], attributes: [], nlri: [] }],
  ['UPDATE re-announcing', bgp(22), ANNOUNCE],
  [
    'NOTIFICATION Cease / administrative shutdown',
    bgp(24),
    {
      kind: 'notification',
      code: BgpErrorCode.Cease,
      subcode: BgpCeaseSubcode.AdministrativeShutdown,
      data: new Uint8Array(0),
    },
  ],
];

describe('bgp', () => {
  it('deconstructs the header', () => {
    const h = new BgpHeader(OPEN);
    expect([h.markerValid(), h.length(), h.type()]).toEqual([true, 63, 1]);
  });
  it('constructs the header', () => {
    const buf = filled(19);
    const h = new BgpHeader(buf);
    h.setMarker();
    h.setLength(19);
    h.setType(4);
    expect(buf).toEqual(bgp(8));
  });
  for (const [name, bytes, repr] of CASES) {
    it(`parses, emits and round-trips ${name}`, () => {
      expect(unwrap(parseBgpMessage(bytes, SESSION))).toEqual(repr);
      expect(unwrap(parseBgpMessage(bytes))).toEqual(repr); // ADD-PATH guessed like Wireshark
      const buf = filled(bgpBufferLen(repr, SESSION));
      expect(emitBgpMessage(repr, buf, SESSION)).toBe(bytes.length);
      expect(buf).toEqual(bytes);
      expect(unwrap(parseBgpMessage(buf, SESSION))).toEqual(repr);
    });
  }
  it('encodes AS_PATH with 2- or 4-byte ASNs, MED, unknown attributes and long values', () => {
    const update: BgpMessage = {
      kind: 'update',
      withdrawn: [{ addr: ip('10.0.0.0'), len: 8 }],
      attributes: [
        {
          flags: T,
          kind: 'asPath',
          segments: [
            { type: 2, asns: [64512, 4200000000] },
            { type: 1, asns: [1, 2] },
          ],
        },
        { flags: BgpAttrFlag.Optional, kind: 'med', value: 10 },
        { flags: BgpAttrFlag.Optional | T, kind: 'raw', type: 8, data: new Uint8Array(300) },
      ],
      nlri: [
        { addr: ip('192.168.1.0'), len: 24 },
        { addr: 0, len: 0 },
      ],
    };
    const plain = { as4: true, addPath: false };
    const buf = new Uint8Array(bgpBufferLen(update, plain));
    emitBgpMessage(update, buf, plain);
    const back = unwrap(parseBgpMessage(buf, plain));
    expect(back).toMatchObject({
      ...update,
      attributes: [update.attributes[0], update.attributes[1], { kind: 'raw', type: 8 }],
    });
    if (back.kind === 'update')
      expect(back.attributes[2].flags & BgpAttrFlag.ExtendedLength).toBeTruthy();
    expect(guessBgpEncoding(buf).addPath).toBe(false);
    const two = { as4: false, addPath: false };
    const small: BgpMessage = {
      ...update,
      attributes: [{ flags: T, kind: 'asPath', segments: [{ type: 2, asns: [65001, 65002] }] }],
    };
    const b2 = new Uint8Array(bgpBufferLen(small, two));
    emitBgpMessage(small, b2, two);
    expect(unwrap(parseBgpMessage(b2, two))).toEqual(small);
    expect(unwrap(parseBgpMessage(b2))).toEqual(small); // 2-byte ASNs guessed from the lengths
  });
  it('reports malformed messages as values and keeps unknown types', () => {
    const bad = OPEN.slice();
    bad[3] = 0;
    expect(parseBgpMessage(bad)).toEqual({
      ok: false,
      error: { layer: 'bgp', reason: 'marker not all ones (connection not synchronized)' },
    });
    expect(parseBgpMessage(OPEN.subarray(0, 40)).ok).toBe(false);
    const refresh = Uint8Array.of(...new Uint8Array(16).fill(0xff), 0, 23, 5, 0, 1, 0, 1);
    expect(unwrap(parseBgpMessage(refresh))).toEqual({
      kind: 'unknown',
      type: 5,
      body: Uint8Array.of(0, 1, 0, 1),
    });
  });
});

describe('BGP graceful restart capability', () => {
  it('reads and writes the aware form BIRD sends by default: restart time, no family (53-byte OPEN)', () => {
    const open: BgpMessage = {
      kind: 'open',
      version: 4,
      myAs: 65001,
      holdTime: 240,
      bgpId: ip('10.0.0.1'),
      params: [
        {
          kind: 'capabilities',
          capabilities: [
            { kind: 'multiprotocol', afi: 1, safi: 1 },
            { kind: 'routeRefresh' },
            { kind: 'gracefulRestart', flags: 0, time: 120, families: [] },
            { kind: 'fourOctetAs', asn: 65001 },
            { kind: 'enhancedRouteRefresh' },
            { kind: 'raw', code: 71, data: new Uint8Array(0) },
          ],
        },
      ],
    };
    const enc = { as4: true, addPath: false };
    const buf = new Uint8Array(bgpBufferLen(open, enc));
    emitBgpMessage(open, buf, enc);
    expect(buf.length).toBe(53);
    expect(unwrap(parseBgpMessage(buf, enc))).toEqual(open);
  });
});
