import { describe, expect, it } from 'vitest';
import { emitTcp, type TcpOption, tcpBufferLen } from '../../../wire';
import { type TcpSeqTable, tcpPrint } from './tcp-print';

const A = 0x0a000001; // 10.0.0.1
const B = 0x0a000002; // 10.0.0.2

/** A segment from A:40000 to B:port (or back when `back`), with `data` after the header. */
function seg(
  o: { seq: number; ack?: number; flags: number; options?: TcpOption[]; data?: string },
  port = 5001,
  back = false,
): { bytes: Uint8Array; ip: Parameters<typeof tcpPrint>[1] } {
  const data = new TextEncoder().encode(o.data ?? '');
  const repr = {
    srcPort: back ? port : 40000,
    dstPort: back ? 40000 : port,
    seq: o.seq,
    ack: o.ack ?? 0,
    flags: o.flags,
    window: 502,
    urgent: 0,
    options: o.options ?? [],
    payloadLen: data.length,
  };
  const bytes = new Uint8Array(tcpBufferLen(repr));
  bytes.set(data, bytes.length - data.length);
  const [s, d] = back ? [B, A] : [A, B];
  emitTcp(repr, bytes, s, d);
  const ip = { src: back ? '10.0.0.2' : '10.0.0.1', dst: back ? '10.0.0.1' : '10.0.0.2' };
  return { bytes, ip: { ...ip, saddr: s, daddr: d, fragmented: false } };
}

const F = { n: 1, v: 0, q: false, S: false };
const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;

function print(x: ReturnType<typeof seg>, table: TcpSeqTable, f = F): string {
  return tcpPrint(x.bytes, x.ip, f, table);
}

describe('tcpdump TCP lines', () => {
  it('prints the SYN and SYN-ACK absolute, then numbers relative to them', () => {
    const t: TcpSeqTable = new Map();
    const syn = seg({
      seq: 1000,
      flags: SYN,
      options: [
        { kind: 'mss', value: 1460 },
        { kind: 'sackPermitted' },
        { kind: 'timestamps', value: 7, echo: 0 },
        { kind: 'nop' },
        { kind: 'windowScale', shift: 7 },
      ],
    });
    expect(print(syn, t)).toBe(
      '10.0.0.1.40000 > 10.0.0.2.5001: Flags [S], seq 1000, win 502, options [mss 1460,sackOK,TS val 7 ecr 0,nop,wscale 7], length 0',
    );
    expect(print(seg({ seq: 9000, ack: 1001, flags: SYN | ACK }, 5001, true), t)).toBe(
      '10.0.0.2.5001 > 10.0.0.1.40000: Flags [S.], seq 9000, ack 1001, win 502, length 0',
    );
    expect(print(seg({ seq: 1001, ack: 9001, flags: ACK | PSH, data: 'hey' }), t)).toBe(
      '10.0.0.1.40000 > 10.0.0.2.5001: Flags [P.], seq 1:4, ack 1, win 502, length 3',
    );
    expect(print(seg({ seq: 9001, ack: 1004, flags: ACK }, 5001, true), t)).toBe(
      '10.0.0.2.5001 > 10.0.0.1.40000: Flags [.], ack 4, win 502, length 0',
    );
    // -S leaves them absolute
    expect(print(seg({ seq: 1004, ack: 9001, flags: ACK }), t, { ...F, S: true })).toBe(
      '10.0.0.1.40000 > 10.0.0.2.5001: Flags [.], ack 9001, win 502, length 0',
    );
  });

  it('checks the checksum under -v and prints seq always under -vv', () => {
    const x = seg({ seq: 5, ack: 6, flags: ACK });
    expect(print(x, new Map(), { ...F, v: 1 })).toMatch(
      /Flags \[\.\], cksum 0x[0-9a-f]{4} \(correct\), ack 6/,
    );
    expect(print(x, new Map(), { ...F, v: 2 })).toMatch(/\(correct\), seq 5, ack 6/);
    x.bytes[16] ^= 0xff;
    expect(print(x, new Map(), { ...F, v: 1 })).toMatch(/\(incorrect -> 0x[0-9a-f]{4}\)/);
  });

  it('prints an HTTP request line on port 80, all lines under -v, and -q', () => {
    const get = seg(
      { seq: 1, ack: 1, flags: ACK | PSH, data: 'GET / HTTP/1.0\r\nHost: a\r\n\r\n' },
      80,
    );
    expect(print(get, new Map())).toMatch(/length 27: HTTP: GET \/ HTTP\/1\.0$/);
    expect(print(get, new Map(), { ...F, v: 1 })).toMatch(
      /length 27: HTTP, length: 27\n\tGET \/ HTTP\/1\.0\n\tHost: a\n\t$/,
    );
    const reply = seg({ seq: 1, ack: 1, flags: ACK, data: 'HTTP/1.1 200 OK\r\n' }, 80, true);
    expect(print(reply, new Map())).toMatch(/: HTTP: HTTP\/1\.1 200 OK$/);
    expect(print(seg({ seq: 1, ack: 1, flags: ACK, data: 'hi\n' }, 8080), new Map())).toMatch(
      /length 3: HTTP$/,
    );
    expect(print(seg({ seq: 1, ack: 1, flags: ACK, data: 'GET /x' }, 80), new Map())).toMatch(
      /HTTP: GET \/x \[\|http\]$/,
    );
    expect(
      print(seg({ seq: 1, ack: 1, flags: ACK | PSH, data: 'x'.repeat(19) }, 179), new Map()),
    ).toMatch(/length 19: BGP$/);
    expect(print(get, new Map(), { ...F, q: true })).toBe('10.0.0.1.40000 > 10.0.0.2.80: tcp 27');
  });
});
