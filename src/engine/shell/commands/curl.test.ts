/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Netns } from '../../kernel/netns';
import {
  type TcpSocket,
  tcpAccept,
  tcpBind,
  tcpClose,
  tcpListen,
  tcpRecv,
  tcpSend,
  tcpSocketOpen,
} from '../../kernel/tcp-socket';
import { type PacketLab, routerLab, vethPairLab } from '../../testing/packet-lab';
import { LinkType, PcapWriter } from '../../wire';
import { bytesText, utf8Bytes } from './nc';

const BODY = 'hello from c1\n';

/**
 * A minimal HTTP/1.0 responder on the socket API (what python3 -m http.server answers): one
 * response per connection, then close. Returns the request lines it saw.
 */
function httpServer(p: PacketLab, ns: Netns, port: number): string[] {
  const w = p.world;
  const seen: string[] = [];
  const l = tcpSocketOpen(ns, 'http');
  l.reuseAddr = true;
  expect(tcpBind(l, 0, port).ok).toBe(true);
  expect(tcpListen(w, l, 5).ok).toBe(true);
  const serve = (c: TcpSocket) => {
    const r = tcpRecv(w, c);
    if (!r.ok || !r.value) return;
    const req = bytesText(r.value);
    seen.push(req.split('\r\n')[0]);
    const head = `HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.7\r\nContent-type: text/html\r\nContent-Length: ${BODY.length}\r\n\r\n`;
    tcpSend(w, c, utf8Bytes(head + BODY));
    tcpClose(w, c);
  };
  l.onReadable = () =>
    w.sched.after(0, () => {
      for (;;) {
        const a = tcpAccept(w, l);
        if (!a.ok || !a.value) return;
        const c = a.value;
        c.onReadable = () => w.sched.after(0, () => serve(c));
        serve(c);
      }
    });
  return seen;
}

describe('curl', () => {
  it('GETs a page with curl 7.88.1 request headers', () => {
    const p = vethPairLab();
    const seen = httpServer(p, p.ns('host', 'a2'), 80);
    const r = p.run('host', 'ip netns exec a1 curl http://10.0.0.2/');
    expect(r.stdout).toBe(BODY);
    expect(seen).toEqual(['GET / HTTP/1.1']);
    const v = p.run('host', 'ip netns exec a1 curl -v http://10.0.0.2/index.html');
    expect(v.stderr.split('\n').slice(0, 7)).toEqual([
      '*   Trying 10.0.0.2:80...',
      '* Connected to 10.0.0.2 (10.0.0.2) port 80 (#0)',
      '> GET /index.html HTTP/1.1',
      '> Host: 10.0.0.2',
      '> User-Agent: curl/7.88.1',
      '> Accept: */*',
      '> ',
    ]);
  });

  it('throws the body away with -o /dev/null and prints -w variables afterwards', () => {
    const p = vethPairLab();
    httpServer(p, p.ns('host', 'a2'), 80);
    const r = p.run(
      'host',
      "ip netns exec a1 curl -s -o /dev/null -w '%{http_code} %{remote_ip}:%{remote_port} %{size_download}\\n' http://10.0.0.2/",
    );
    expect(r).toEqual({ stdout: `200 10.0.0.2:80 ${BODY.length}\n`, stderr: '', code: 0 });
    const i = p.run('host', 'ip netns exec a1 curl -si -o /dev/null http://10.0.0.2/');
    expect(i.stdout).toBe('');
    const file = p.run('host', 'ip netns exec a1 curl -sS -o page.html http://10.0.0.2/', true);
    expect(file.stderr).toBe(
      'Warning: Failed to open the file page.html: Read-only file system\ncurl: (23) Failure writing output to destination\n',
    );
    expect(file.code).toBe(23);
  });

  it('reports a refused connection (exit 7) and timeouts (exit 28) as curl does', () => {
    const p = vethPairLab();
    const r = p.run('host', 'ip netns exec a1 curl http://10.0.0.2:81/', true);
    expect(r.stderr).toBe(
      "curl: (7) Failed to connect to 10.0.0.2 port 81 after 0 ms: Couldn't connect to server\n",
    );
    expect(r.code).toBe(7);
    p.run('host', 'ip netns exec a2 iptables -A INPUT -p tcp --dport 82 -j DROP');
    const t = p.run('host', 'ip netns exec a1 curl --connect-timeout 1 http://10.0.0.2:82/', true);
    expect(t.stderr).toBe(
      'curl: (28) Failed to connect to 10.0.0.2 port 82 after 1001 ms: Timeout was reached\n',
    );
    expect(t.code).toBe(28);
    const m = p.run('host', 'ip netns exec a1 curl -m 2 http://10.0.0.2:82/', true);
    expect(m.stderr).toBe('curl: (28) Connection timed out after 2001 milliseconds\n');
    expect(m.code).toBe(28);
  });

  it('reaches a DNATed port (docker -p 8080:80) and conntrack shows the flow', () => {
    const p = routerLab();
    httpServer(p, p.ns('host', 'sv'), 80);
    p.run(
      'host',
      'ip netns exec rt iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.2.0.2:80',
    );
    const svWire = p.tap(p.dev('host', 'sv', 'eth0'));
    const r = p.run('host', 'ip netns exec cl curl http://10.1.0.1:8080/');
    expect(r.stdout).toBe(BODY);
    expect(svWire.some((f) => f.frame[23] === 6 && f.frame[37] === 80)).toBe(true);
    p.lab.run(100); // the last ACKs of the close
    const ct = p.run('host', 'ip netns exec rt conntrack -L').stdout;
    expect(ct).toMatch(
      /^tcp {6}6 \d+ TIME_WAIT src=10\.1\.0\.2 dst=10\.1\.0\.1 sport=\d+ dport=8080 src=10\.2\.0\.2 dst=10\.1\.0\.2 sport=80 dport=\d+ \[ASSURED\] mark=0 use=1$/m,
    );
  });

  it('writes a session tshark decodes with good TCP checksums and no expert errors', () => {
    const tshark = '/usr/bin/tshark';
    if (!existsSync(tshark)) return;
    const p = vethPairLab();
    httpServer(p, p.ns('host', 'a2'), 80);
    const wire = p.tap(p.dev('host', 'a1', 'eth0'));
    p.run('host', 'ip netns exec a1 curl http://10.0.0.2/');
    const pcap = new PcapWriter(LinkType.Ethernet);
    for (const f of wire) pcap.write(f.t, f.frame);
    const file = join(mkdtempSync(join(tmpdir(), 'cnlab-tcp-')), 'session.pcap');
    writeFileSync(file, pcap.bytes());
    const status = execFileSync(
      tshark,
      [
        '-r',
        file,
        '-o',
        'tcp.check_checksum:TRUE',
        '-Y',
        'tcp',
        '-T',
        'fields',
        '-e',
        'tcp.checksum.status',
      ],
      { encoding: 'utf8' },
    );
    const lines = status.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(9);
    expect(new Set(lines)).toEqual(new Set(['1']));
    const expert = execFileSync(
      tshark,
      ['-r', file, '-o', 'tcp.check_checksum:TRUE', '-Y', '_ws.expert.severity >= warning'],
      { encoding: 'utf8' },
    );
    expect(expert).toBe('');
    const http = execFileSync(
      tshark,
      ['-r', file, '-Y', 'http.request', '-T', 'fields', '-e', 'http.user_agent'],
      {
        encoding: 'utf8',
      },
    );
    expect(http).toBe('curl/7.88.1\n');
  });
});

describe('nc', () => {
  it('sends piped input to nc -l, which prints it and exits when the peer closes', () => {
    const p = vethPairLab();
    const lab = p.lab;
    const out: string[] = [];
    lab.subscribe((batch) => {
      for (const e of batch) if (e.kind === 'output') out.push(e.data);
    });
    const srv = lab.openSession({ machine: 'host' });
    lab.exec(srv, 'ip netns exec a2 nc -lv -p 80');
    const cli = lab.openSession({ machine: 'host' });
    const exits: number[] = [];
    lab.subscribe((batch) => {
      for (const e of batch) if (e.kind === 'exit') exits.push(e.code);
    });
    const exec = lab.exec(cli, 'echo hi | ip netns exec a1 nc -v 10.0.0.2 80');
    lab.run(100);
    expect(out.join('')).toContain('hi\n');
    expect(out.join('')).toContain('Listening on 0.0.0.0 80\n');
    expect(out.join('')).toMatch(/Connection received on 10\.0\.0\.1 \d+\n/);
    expect(out.join('')).toContain('Connection to 10.0.0.2 80 port [tcp/http] succeeded!\n');
    const ns = p.ns('host', 'a2');
    // netcat-openbsd keeps listening while it serves (fixtures/ss-nc.real.txt shows both).
    expect(ns.ipv4.tcpPorts.get(80)?.map((s) => s.state)).toEqual(['LISTEN', 'ESTABLISHED']);
    lab.signal(exec, 'INT'); // Ctrl-C: the client closes, nc -l sees the end and exits
    lab.run(100);
    expect(exits.sort()).toEqual([0, 130]);
    expect(ns.ipv4.tcpPorts.get(80)).toBeUndefined();
    // The client closed first: it holds TIME-WAIT.
    const a1 = [...p.ns('host', 'a1').ipv4.tcpPorts.values()].flat();
    expect(a1.map((s) => s.state)).toEqual(['TIME_WAIT']);
  });

  it('prints the real errors', () => {
    const p = vethPairLab();
    // Without -v, netcat says nothing about a failed connect: only the status tells.
    const quiet = p.run('host', 'ip netns exec a1 nc 10.0.0.2 80', true);
    expect(quiet).toEqual({ stdout: '', stderr: '', code: 1 });
    const r = p.run('host', 'ip netns exec a1 nc -v 10.0.0.2 80', true);
    expect(r.stderr).toBe('nc: connect to 10.0.0.2 port 80 (tcp) failed: Connection refused\n');
    expect(r.code).toBe(1);
    httpServer(p, p.ns('host', 'a2'), 80);
    const z = p.run('host', 'ip netns exec a1 nc -zv 10.0.0.2 80');
    expect(z.stderr).toBe('Connection to 10.0.0.2 80 port [tcp/http] succeeded!\n');
    // A range: each port in turn, status 0 because one answered.
    const scan = p.run('host', 'ip netns exec a1 nc -zv 10.0.0.2 79-80');
    expect(scan.stderr).toBe(
      'nc: connect to 10.0.0.2 port 79 (tcp) failed: Connection refused\nConnection to 10.0.0.2 80 port [tcp/http] succeeded!\n',
    );
    expect(scan.code).toBe(0);
    const inUse = p.run('host', 'ip netns exec a2 nc -l 80', true);
    expect(inUse.stderr).toBe('nc: Address already in use\n');
    expect(inUse.code).toBe(1);
  });
});

describe('curl options', () => {
  it('splits combined short flags like curl does', async () => {
    const { parseCurl } = await import('./curl');
    expect(parseCurl(['-sS', 'http://10.0.0.1/'])).toMatchObject({
      silent: true,
      url: 'http://10.0.0.1/',
    });
    expect(parseCurl(['-si', 'http://10.0.0.1/'])).toMatchObject({ silent: true, include: true });
    expect(parseCurl(['-x'])).toBe('curl: option -x: is unknown');
  });
});
