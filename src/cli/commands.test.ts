import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine/api/types';
import { builtinScenario } from '../engine/scenario/builtin';
import { encodeScenario } from '../engine/scenario/url-codec';
import { readPcap } from '../engine/wire';
import { parseCliArgs } from './args';
import { runCommand, scenariosCommand, shCommand } from './commands';
import { type CliIo, nodeIo } from './io';

/** An in-memory CliIo: files from `files`, output collected. */
function memoryIo(files: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (d) => {
      out.stdout += d;
    },
    stderr: (d) => {
      out.stderr += d;
    },
    readText: (f) => {
      if (!(f in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return files[f];
    },
    exists: (f) => f in files,
    writeFile: () => {
      throw new Error('no files here');
    },
    openSink: () => {
      throw Object.assign(new Error('nope'), { code: 'EACCES' });
    },
  };
  return { io, out };
}

function cmd(argv: string[]) {
  const p = parseCliArgs(argv);
  if (!p.ok) throw new Error(p.error);
  return p.command;
}

function run(argv: string[], files: Record<string, string> = {}) {
  const { io, out } = memoryIo(files);
  const c = cmd(['run', ...argv]);
  if (c.kind !== 'run') throw new Error('not run');
  return { code: runCommand(c, io), ...out };
}

const tmp = mkdtempSync(join(tmpdir(), 'cnlab-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cnlab scenarios', () => {
  it('lists every built-in: id, title, description', () => {
    const { io, out } = memoryIo();
    expect(scenariosCommand(io)).toBe(0);
    const ids = out.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/\s+/)[0]);
    expect(ids).toEqual([
      'default',
      'net-host',
      'docker0',
      'docker-nat',
      'flannel-udp',
      'flannel-vxlan',
      'flannel-host-gw',
      'host-gw-router',
      'docker0-manual',
      'flannel-vxlan-manual',
      'flannel-hostgw',
      'calico-static',
      'calico-bgp',
      'cni-flannel',
    ]);
    expect(out.stdout).toContain(
      'flannel-vxlan-manual  Flannel VXLAN, built by hand: pods on two nodes — ',
    );
  });
});

describe('cnlab run', () => {
  it('runs --exec lines in order on machines and machine:netns', () => {
    const r = run([
      'flannel-hostgw',
      '--exec',
      'node1:pod1: ip -br addr show eth0',
      '--exec',
      'node2: hostname',
      '--exec',
      'node1: ip netns exec pod1 ping -c 1 10.244.2.2',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^eth0@if4\s+UP\s+10\.244\.1\.2\/24 [^\n]*\nnode2\nPING 10\.244\.2\.2/,
    );
    expect(r.stdout).toContain('ttl=62');
  });

  // The daemon-driven built-ins (scenario/builtin/daemon-scenarios.test.ts has the details).
  const PING_C2 = 'node1: docker exec container-1 ping -c 1 -W 1 100.96.2.3';
  it.each([
    ['net-host', 'node1: docker logs nginx-host-2', 0, '(98: Address already in use)'],
    ['docker0', 'node1: docker exec container-1 ping -c 1 172.17.0.3', 0, ' 1 received'],
    ['docker-nat', 'node1: docker exec container-1 ping -c 1 10.168.0.100', 0, ' 1 received'],
    ['flannel-udp', PING_C2, 0, '64 bytes from 100.96.2.3: icmp_seq=1 ttl=60'],
    ['flannel-vxlan', PING_C2, 0, '64 bytes from 100.96.2.3: icmp_seq=1 ttl=62'],
    ['flannel-host-gw', PING_C2, 0, '64 bytes from 100.96.2.3: icmp_seq=1 ttl=62'],
    ['host-gw-router', PING_C2, 1, ' 0 received, 100% packet loss'],
  ])('%s: --exec "%s"', (id, exec, code, text) => {
    const r = run([id, '--exec', exec]);
    expect(r).toMatchObject({ code, stderr: '' });
    expect(r.stdout).toContain(text);
  });

  it('exits with the last line’s status', () => {
    expect(run(['default', '--exec', 'node1: ping -c 1 -W 1 10.0.0.9']).code).toBe(1);
  });

  it('loads a share URL and a scenario file', () => {
    const s = builtinScenario('default')?.scenario;
    const url = `http://127.0.0.1:5173/#s=${encodeScenario(s as never)}`;
    expect(run([url, '--exec', 'node2: ip -br addr show eth0']).stdout).toContain('10.0.0.2/24');
    const file = run(['lab.json', '--exec', 'node1: hostname'], { 'lab.json': JSON.stringify(s) });
    expect(file).toMatchObject({ code: 0, stdout: 'node1\n' });
  });

  it('says what is wrong in one line and exits 2', () => {
    const cases: [string[], Record<string, string>, string][] = [
      [['nosuch'], {}, 'cnlab: nosuch: no such scenario'],
      [['bad.json'], { 'bad.json': '{' }, 'cnlab: bad.json: not JSON'],
      [['bad.json'], { 'bad.json': '{}' }, 'cnlab: bad.json: invalid scenario: "format"'],
      [['http://x/#s=2.abc'], {}, 'cnlab: the shared link is not a cnlab scenario'],
      [
        ['default', '--exec', 'node1 ping'],
        {},
        'cnlab: --exec "node1 ping": expected "NODE: COMMAND"',
      ],
      [
        ['default', '--exec', 'node9: hostname'],
        {},
        'cnlab: --exec on node9: there is no machine named "node9"',
      ],
      [
        ['default', '--exec', 'node1:pod1: hostname'],
        {},
        'cnlab: --exec on node1:pod1: Cannot open network namespace "pod1"',
      ],
      [['default', '--trace', '/x/y'], {}, 'cnlab: --trace /x/y: Permission denied'],
    ];
    for (const [argv, files, want] of cases) {
      const r = run(argv, files);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.startsWith(want), `${r.stderr} / ${want}`).toBe(true);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('bad arguments: one line, exit 2, no stack trace (the real process)', () => {
    const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'run', 'nosuch'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cnlab: nosuch: no such scenario .*\n$/);
    const r2 = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'run', '--pcap'], { encoding: 'utf8' });
    expect(r2.status).toBe(2);
    expect(r2.stderr).toBe('cnlab: --pcap needs a value (see "cnlab --help")\n');
  });
});

const hasTshark = existsSync('/usr/bin/tshark');

describe('cnlab sh --pcap / --trace', () => {
  // Two namespaces joined by VXLAN over a veth "underlay": VNI 1, dstport 8472, as flannel does.
  const SCRIPT = `ip link set lo up
ip netns add n1
ip netns add n2
ip link add eth0 netns n1 type veth peer name eth0 netns n2
ip -n n1 addr add 10.168.0.2/24 dev eth0
ip -n n2 addr add 10.168.0.3/24 dev eth0
ip -n n1 link set eth0 up
ip -n n2 link set eth0 up
ip -n n1 link add vx address 02:00:00:00:01:01 type vxlan id 1 local 10.168.0.2 dev eth0 dstport 8472 nolearning
ip -n n2 link add vx address 02:00:00:00:02:02 type vxlan id 1 local 10.168.0.3 dev eth0 dstport 8472 nolearning
ip -n n1 addr add 10.244.1.0/24 dev vx
ip -n n2 addr add 10.244.1.1/24 dev vx
ip -n n1 link set vx up
ip -n n2 link set vx up
ip -n n1 neigh add 10.244.1.1 lladdr 02:00:00:00:02:02 dev vx nud permanent
ip -n n2 neigh add 10.244.1.0 lladdr 02:00:00:00:01:01 dev vx nud permanent
bridge -n n1 fdb add 02:00:00:00:02:02 dev vx dst 10.168.0.3 self permanent
bridge -n n2 fdb add 02:00:00:00:01:01 dev vx dst 10.168.0.2 self permanent
ip netns exec n1 ping -c 2 10.244.1.1
`;
  const dir = join(tmp, 'pcap');
  const traceFile = join(tmp, 'trace.jsonl');
  const scriptFile = join(tmp, 'vxlan.sh');
  writeFileSync(scriptFile, SCRIPT);
  let stdout = '';
  let code = -1;
  const c = cmd(['sh', scriptFile, '--pcap', dir, '--trace', traceFile]);
  if (c.kind === 'sh') {
    code = shCommand(c, {
      ...nodeIo,
      stdout: (d) => {
        stdout += d;
      },
    });
  }

  it('runs the script and writes NETNS__IFNAME.pcap for each interface that carried traffic', () => {
    expect(code).toBe(0);
    expect(stdout).toContain('2 packets transmitted, 2 received');
    expect(readdirSync(dir).sort()).toEqual([
      'n1__eth0.pcap',
      'n1__vx.pcap',
      'n2__eth0.pcap',
      'n2__vx.pcap',
    ]);
    const p = readPcap(new Uint8Array(readFileSync(join(dir, 'n1__eth0.pcap'))));
    expect(p.ok && p.value.linktype).toBe(1);
  });

  it.skipIf(!hasTshark)(
    'decodes in tshark as VXLAN, the outer UDP checksum partial as on a veth',
    () => {
      const fields = execFileSync(
        'tshark',
        [
          '-r',
          join(dir, 'n1__eth0.pcap'),
          '-d',
          'udp.port==8472,vxlan',
          '-o',
          'ip.check_checksum:TRUE',
          '-o',
          'udp.check_checksum:TRUE',
          '-Y',
          'vxlan',
          '-T',
          'fields',
          '-E',
          'separator=|',
          '-e',
          'frame.protocols',
          '-e',
          'frame.len',
          '-e',
          'udp.dstport',
          '-e',
          'vxlan.vni',
          '-e',
          'ip.ttl',
          '-e',
          'ip.checksum.status',
          '-e',
          'udp.checksum.status',
          '-e',
          'icmp.checksum.status',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
      const lines = fields.trim().split('\n');
      expect(lines).toHaveLength(4);
      for (const l of lines) {
        // ttl 64 outer (DF clear), 64 inner: nothing is routed in this lab. The outer UDP
        // checksum leaves the sending netns partial (checksum offload), as real captures show it:
        // tshark calls it bad (0); the IP and ICMP checksums are good (1).
        expect(l).toBe(
          'eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data|148|8472|1|64,64|1,1|0|1',
        );
      }
    },
  );

  it('--trace writes one JSON trace event per line', () => {
    const lines = readFileSync(traceFile, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(20);
    const events = lines.map((l) => JSON.parse(l) as TraceEvent);
    for (const e of events) {
      expect(typeof e.t).toBe('number');
      expect(typeof e.packetId).toBe('number');
      expect(e.machine).toBe('host');
      expect(typeof e.hook).toBe('string');
    }
    expect(events.some((e) => e.hook === 'vxlan.encap')).toBe(true);
  });
});
