/**
 * The calico-bgp built-in against part B of reference script 05-calico.sh (real BIRD 2.0.12 on
 * Debian 12; the outputs are in fixtures/reference): the BGP session comes up, the blocks land
 * in the kernel as `proto bird` routes, `birdc` prints what the real one prints (times and the
 * running timers aside), a withdrawn block leaves the peer's table, and BIRD's stopping ends the
 * session on the peer while its own routes persist. C19 (routes learned over BGP, programmed into
 * the FIB), C20 (peers exchanging routes, AS 64512), C21 (plain L3 routing, TTL 62, no tunnel).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calicoBirdConf } from '../../scenario/builtin/calico-text';
import { type Ran, runBuiltin } from '../../scenario/builtin/run-builtin';
import { shellQuote } from '../../scenario/builtin/steps';
import { CORPUS } from '../../wire/fixtures/corpus';

const REF = new URL('./fixtures/reference/', import.meta.url);

function ref(name: string): string {
  return readFileSync(new URL(name, REF), 'utf8');
}

/** Times of day and running timers differ from run to run. */
function norm(text: string): string {
  return text
    .replace(/\d\d:\d\d:\d\d\.\d{3}/g, 'HH:MM:SS.mmm')
    .replace(/\d{4}-\d\d-\d\d/g, 'YYYY-MM-DD')
    .replace(/(timer|delay): +[\d.]+\//g, '$1: N/')
    .replace(/Hostname is \S+/, 'Hostname is H');
}

/** The output of each --exec, split on a marker line echoed between them. */
function run(...execs: string[]): { r: Ran; out: string[] } {
  const withMarks = execs.flatMap((e) => [e, `${e.split(':')[0]}: echo @@`]);
  const r = runBuiltin('calico-bgp', 'node1: sleep 5', ...withMarks);
  return { r, out: r.output.split('@@\n').slice(0, execs.length) };
}

/** The fixture's `### NAME` sections. */
function sectionsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(/^### /m).slice(1)) {
    const nl = part.indexOf('\n');
    out.set(part.slice(0, nl), part.slice(nl + 1));
  }
  return out;
}

describe('calico-bgp: BIRD on both nodes (reference corpus/calico, part B)', () => {
  it('learns the peer block over iBGP and programs it as proto bird (C19, C21)', () => {
    const { out } = run(
      'node1: ip route',
      'node2: ip route',
      'node1: ip route show proto bird',
      'node1: ip -d route',
      'node1: ip route get 10.233.2.2',
      'node1: ip route get 10.233.1.9',
      'node1:pod1: ping -c 3 10.233.2.2',
      'node1:pod1: traceroute -n 10.233.2.2',
      'node1:pod1: ping -c 1 -W 2 10.233.1.9',
    );
    expect(out[0]).toBe(ref('node1__ip_route__bird.txt'));
    expect(out[1]).toBe(ref('node2__ip_route__bird.txt'));
    expect(out[2]).toBe(ref('node1__ip_route_show_proto_bird.txt'));
    expect(out[3]).toBe(ref('node1__ip_d_route__bird.txt'));
    expect(out[4]).toBe(ref('node1__ip_route_get_10.233.2.2__bird.txt'));
    // The local block's blackhole: no route for an unused pod address, and no ICMP back.
    expect(out[5]).toBe('RTNETLINK answers: Invalid argument\n');
    expect(out[6]).toMatch(/(64 bytes from 10\.233\.2\.2: icmp_seq=\d ttl=62 .*\n){3}/);
    expect(out[7]).toMatch(/ 1 {2}10\.168\.0\.2 .*\n 2 {2}10\.168\.0\.3 .*\n 3 {2}10\.233\.2\.2 /);
    expect(out[8]).toBe(ref('pod1__ping_10.233.1.9_blackhole__bird.txt'));
    // The canvas shows what runs where.
    const { r } = run('node2: birdc down');
    const daemons = (m: string) => r.lab.view().machines.find((x) => x.name === m)?.daemons;
    expect(daemons('node1')).toEqual(['bird']);
    expect(daemons('node2')).toBeUndefined();
  });

  it('answers birdc as the real one does', () => {
    const { out } = run(
      'node1: birdc show status',
      'node1: birdc show protocols',
      'node1: birdc show protocols all Mesh_10_168_0_3',
      'node1: birdc show route',
      'node1: birdc show route all',
      'node1: birdc show route export Mesh_10_168_0_3',
      'node1: birdc show route protocol Mesh_10_168_0_3',
      'node2: birdc show protocols',
      'node2: birdc show route',
      'node1: birdc show foo',
    );
    const files = [
      'node1__birdc_show_status.txt',
      'node1__birdc_show_protocols.txt',
      'node1__birdc_show_protocols_all_Mesh_10_168_0_3.txt',
      'node1__birdc_show_route.txt',
      'node1__birdc_show_route_all.txt',
      'node1__birdc_show_route_export_Mesh_10_168_0_3.txt',
      'node1__birdc_show_route_protocol_Mesh_10_168_0_3.txt',
      'node2__birdc_show_protocols.txt',
      'node2__birdc_show_route.txt',
      'node1__birdc_bad_command.txt',
    ];
    for (const [i, f] of files.entries()) expect(norm(out[i]), f).toBe(norm(ref(f)));
  });

  it('withdraws a disabled block from the peer and announces it again (C13-like, over BGP)', () => {
    const { out } = run(
      'node2: birdc disable static1',
      'node1: sleep 3',
      'node1: ip route',
      'node1: birdc show route',
      'node1:pod1: ping -c 1 -W 2 10.233.2.2',
      'node2: birdc enable static1',
      'node1: sleep 3',
      'node1: ip route',
    );
    expect(out[0]).toBe(ref('node2__birdc_disable_static1.txt'));
    expect(out[2]).toBe(ref('node1__ip_route__after_withdraw.txt'));
    expect(norm(out[3])).toBe(norm(ref('node1__birdc_show_route__after_withdraw.txt')));
    expect(out[4]).toContain('1 packets transmitted, 0 received, 100% packet loss');
    expect(out[5]).toBe(ref('node2__birdc_enable_static1.txt'));
    expect(out[7]).toBe(ref('node1__ip_route__after_reannounce.txt'));
  });

  it('ends the session when the peer stops; the stopped node keeps its routes (persist)', () => {
    const { r, out } = run(
      'node2: birdc down',
      'node1: sleep 3',
      'node1: birdc show protocols',
      'node1: ip route',
      'node2: ip route',
      'node2: birdc show status',
    );
    expect(out[0]).toBe('BIRD 2.0.12 ready.\nShutdown requested\n');
    expect(norm(out[2])).toBe(norm(ref('node1__birdc_show_protocols__peer_down.txt')));
    expect(out[3]).toBe(ref('node1__ip_route__peer_bird_stopped.txt'));
    expect(out[4]).toBe(ref('node2__ip_route__after_own_bird_stopped.txt'));
    expect(out[5]).toBe(
      'Unable to connect to server control socket (/run/bird/bird.ctl): No such file or directory\n',
    );
    // node2's log ends with the shutdown, like the reference's.
    const log = r.lab.worldForBench().machines.get('node2')?.files.get('/var/log/bird.log') ?? '';
    expect(log.split('\n').slice(-3, -1).join('\n')).toMatch(
      /<TRACE> Mesh_10_168_0_2: State changed to down\n.* <FATAL> Shutdown completed$/,
    );
    expect(norm(log).split('\n').slice(0, 11)).toEqual(
      norm(ref('node2__bird.log')).split('\n').slice(0, 11),
    );
  });

  it('sends the BGP messages of the reference capture, byte for byte above TCP', () => {
    // Reference frames of node1's eth0 (corpus/calico node1__eth0__bgp.pcap): node2 connects
    // (SYN TTL 64), node1's listener answers with TTL 255, all of it with TOS 0xc0.
    const { r } = run(
      'node2: birdc disable static1',
      'node1: sleep 3',
      'node2: birdc enable static1',
      'node1: sleep 3',
      'node2: birdc down',
      'node1: sleep 1',
    );
    const ours = (r.frames.get('node1__root__eth0.pcap') ?? []).filter(
      (f) => f[12] === 0x08 && f[13] === 0x00 && f[23] === 6,
    );
    const theirs = CORPUS.filter((c) => c.id.startsWith('calico/node1__eth0__bgp#')).map((c) =>
      Uint8Array.from(c.hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16)),
    );
    const view = (f: Uint8Array) => {
      const ihl = (f[14] & 15) * 4;
      const thl = (f[14 + ihl + 12] >> 4) * 4;
      return {
        src: f.slice(26, 30).join('.'),
        tos: f[15],
        ttl: f[22],
        len: f.length,
        flags: f[14 + ihl + 13],
        bgp: [...f.slice(14 + ihl + thl)].map((b) => b.toString(16).padStart(2, '0')).join(''),
      };
    };
    // The corpus keeps one frame of each kind; each must be among ours, as it is.
    const mine = ours.map((f) => JSON.stringify(view(f)));
    const wanted = theirs.map(view).filter((v) => v.bgp !== '');
    expect(wanted.length).toBe(8);
    expect(wanted.filter((v) => !mine.includes(JSON.stringify(v)))).toEqual([]);
    // node2 connected: node1's listener answered the SYN with TTL 255 (the SYN itself left
    // while the scenario loaded, before the capture began).
    const synAck = (fs: Uint8Array[]) =>
      fs
        .map(view)
        .filter((v) => v.flags === 0x12)
        .map(({ src, tos, ttl }) => ({ src, tos, ttl }));
    expect(synAck(ours)).toEqual(synAck(theirs));
    expect(synAck(ours)).toEqual([{ src: '10.168.0.2', tos: 0xc0, ttl: 255 }]);
  });

  it('peers across two ASes after configure: AS path, external session (C20)', () => {
    // fixtures/ebgp-real.txt: the same nodes with node2 in AS 64513, from bird 2.0.12.
    const real = sectionsOf(
      readFileSync(new URL('./fixtures/ebgp-real.txt', import.meta.url), 'utf8'),
    );
    const conf = (me: string, peer: string, block: string, mine: number, theirs: number) =>
      calicoBirdConf(me, [peer], block)
        .replace('local as 64512;', `local as ${mine};`)
        .replace(`neighbor ${peer} as 64512;`, `neighbor ${peer} as ${theirs};`);
    const write = (node: string, text: string) =>
      `${node}: printf '%s\\n' ${text
        .trimEnd()
        .split('\n')
        .map(shellQuote)
        .join(' ')} > /etc/bird/bird.conf`;
    const { out } = run(
      write('node1', conf('10.168.0.2', '10.168.0.3', '10.233.1.0/26', 64512, 64513)),
      write('node2', conf('10.168.0.3', '10.168.0.2', '10.233.2.0/26', 64513, 64512)),
      'node1: birdc configure',
      'node2: birdc configure',
      'node1: sleep 8',
      'node1: birdc show route all',
      'node1: birdc show protocols all Mesh_10_168_0_3',
      'node2: birdc show route all',
    );
    // The session restarts under its new AS: BIRD answers before it has closed (as in the
    // Linux case bird-configure).
    expect(out[2]).toBe(
      'BIRD 2.0.12 ready.\nReading configuration from /etc/bird/bird.conf\nReconfiguration in progress\n',
    );
    expect(norm(out[5])).toBe(norm(real.get('show route all') ?? ''));
    expect(norm(out[6])).toBe(norm(real.get('show protocols all Mesh_10_168_0_3') ?? ''));
    const node2 = real.get('node2 show route all') ?? '';
    expect(norm(out[7])).toBe(norm(node2.slice(0, node2.indexOf('default via'))));
  });
});
