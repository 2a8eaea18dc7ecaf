/// <reference types="node" />
/**
 * The browser's "download pcap" bytes, checked by Wireshark: a real Lab ping's trace frames
 * must decode with no malformed packet and good checksums. Needs /usr/bin/tshark.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../engine/api/types';
import { flannelVxlanManualScenario } from '../../engine/scenario/builtin/flannel-vxlan-manual';
import { defaultScenario } from '../../engine/scenario/default-scenario';
import { LinkType, readPcap } from '../../engine/wire/pcap';
import { traceOfLine } from '../../store/trace-fixture';
import { buildPcap, interfaceEvents, interfaceName, pcapFileName } from './pcap-build';

const TSHARK = '/usr/bin/tshark';

const pingEvents = (scenario: Scenario, target: { machine: string; netns?: string }, to: string) =>
  traceOfLine(scenario, target, `ping -c 1 ${to}`).events;

function tshark(bytes: Uint8Array, fields: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cnlab-pcap-'));
  const file = join(dir, 'cnlab-test.pcap');
  writeFileSync(file, bytes);
  // flannel's VXLAN port is 8472 (Linux's default), not IANA's 4789.
  const args = ['-r', file, '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
  args.push('-d', 'udp.port==8472,vxlan');
  args.push('-T', 'fields', ...fields.flatMap((f) => ['-e', f]));
  return execFileSync(TSHARK, args, { encoding: 'utf8' }).trimEnd().split('\n');
}

describe('buildPcap', () => {
  it('writes the ping frames of a real lab as a pcap', () => {
    const events = pingEvents(defaultScenario, { machine: 'node1' }, '10.0.0.2');
    const built = buildPcap(events);
    expect(built.linktype).toBe(LinkType.Ethernet);
    expect(built.frames).toBe(events.filter((e) => e.frame).length);
    expect(Array.from(built.bytes.subarray(0, 4))).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
    const read = readPcap(built.bytes);
    expect(read.ok).toBe(true);
  });

  it('names files after the interface', () => {
    const where = { machine: 'node1', netns: 'pod1', device: 'eth0' };
    expect(pcapFileName(interfaceName(where))).toBe('cnlab-node1-pod1-eth0.pcap');
    expect(pcapFileName(interfaceName({ ...where, netns: '' }))).toBe('cnlab-node1-eth0.pcap');
    expect(pcapFileName('a/b c')).toBe('cnlab-a_b_c.pcap');
  });

  it.skipIf(!existsSync(TSHARK))(
    'decodes in tshark: no malformed packet, good IPv4/ICMP checksums (default lab)',
    () => {
      const events = pingEvents(defaultScenario, { machine: 'node1' }, '10.0.0.2');
      const lines = tshark(buildPcap(events).bytes, [
        '_ws.col.Protocol',
        '_ws.malformed',
        'ip.checksum.status',
        'icmp.checksum.status',
      ]);
      expect(lines.length).toBe(events.filter((e) => e.frame).length);
      expect(lines.filter((l) => l.startsWith('ARP'))).toHaveLength(4);
      for (const line of lines) {
        const [proto, malformed, ipStatus, icmpStatus] = line.split('\t');
        expect(malformed, line).toBe('');
        if (proto === 'ICMP') {
          // 1 = good (checksum validation is on).
          expect(ipStatus, line).toBe('1');
          expect(icmpStatus, line).toBe('1');
        }
      }
    },
  );

  it.skipIf(!existsSync(TSHARK))('decodes a VXLAN flow and one interface in tshark', () => {
    const events = pingEvents(
      flannelVxlanManualScenario,
      { machine: 'node1', netns: 'pod1' },
      '10.244.2.2',
    );
    const all = tshark(buildPcap(events).bytes, [
      '_ws.col.Protocol',
      '_ws.malformed',
      'vxlan.vni',
      'ip.checksum.status',
    ]);
    expect(all.some((l) => l.split('\t')[2] === '1')).toBe(true);
    for (const line of all) {
      const [, malformed, , ipStatus] = line.split('\t');
      expect(malformed, line).toBe('');
      if (ipStatus !== '')
        expect(
          ipStatus.split(',').every((x) => x === '1'),
          line,
        ).toBe(true);
    }
    const eth0 = interfaceEvents(events, { machine: 'node1', netns: '', device: 'eth0' });
    const lines = tshark(buildPcap(eth0).bytes, ['frame.protocols', '_ws.malformed']);
    expect(lines.some((l) => l.includes('eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp'))).toBe(
      true,
    );
  });
});
