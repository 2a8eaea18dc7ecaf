import { describe, expect, it } from 'vitest';
import { PacketLab } from '../../testing/packet-lab';

/**
 * etcd on node1 (10.168.0.2), etcdctl on node2 (10.168.0.3) across a segment. Expected texts
 * are /work/shared/reference/corpus/etcd (etcd 3.4.23 with --enable-v2); the v2 indexes match
 * the reference exactly because the lab's etcd, like a fresh one, starts at index 3.
 */
const CFG = '{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}';
const SUB1 =
  '{"PublicIP":"10.168.0.2","BackendType":"vxlan","BackendData":{"VtepMAC":"8a:c2:5a:9e:33:df"}}';
const SUB2 =
  '{"PublicIP":"10.168.0.3","BackendType":"vxlan","BackendData":{"VtepMAC":"76:04:b8:0e:3b:16"}}';
const SUB3 =
  '{"PublicIP":"10.168.0.4","BackendType":"vxlan","BackendData":{"VtepMAC":"02:11:22:33:44:55"}}';
const EP = '--endpoints http://10.168.0.2:2379';
const START =
  'etcd --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://10.168.0.2:2379 --enable-v2';

function lab(seed = 3, start = true): PacketLab {
  const p = new PacketLab(seed);
  p.script(
    'lab',
    `machine add node1
    machine add node2
    segment add lan
    cable node1 eth0 lan
    cable node2 eth0 lan`,
  );
  p.script('node1', 'ip addr add 10.168.0.2/24 dev eth0\nip link set eth0 up');
  p.script('node2', 'ip addr add 10.168.0.3/24 dev eth0\nip link set eth0 up');
  if (start) p.run('node1', START);
  return p;
}

/** stdout and stderr together, as the reference recorded them (2>&1). */
function out(p: PacketLab, machine: string, line: string): { text: string; code: number } {
  const r = p.run(machine, line, true);
  return { text: r.stdout + r.stderr, code: r.code };
}

const q = (s: string) => `'${s}'`;

describe('etcd v2 with etcdctl (ETCDCTL_API=2) across the network', () => {
  it('prints what etcdctl 3.4.23 prints, with the same indexes and exit codes', () => {
    const p = lab();
    p.run('node2', 'export ETCDCTL_API=2');
    const v2 = (args: string) => out(p, 'node2', `etcdctl ${EP} ${args}`);
    expect(v2('--version')).toEqual({ text: 'etcdctl version: 3.4.23\nAPI version: 2\n', code: 0 });
    expect(v2(`set /coreos.com/network/config ${q(CFG)}`)).toEqual({ text: `${CFG}\n`, code: 0 });
    expect(v2(`mk --ttl 86400 /coreos.com/network/subnets/10.244.1.0-24 ${q(SUB1)}`)).toEqual({
      text: `${SUB1}\n`,
      code: 0,
    });
    expect(v2(`set /coreos.com/network/subnets/10.244.2.0-24 ${q(SUB2)}`).text).toBe(`${SUB2}\n`);
    expect(v2('ls /coreos.com/network').text).toBe(
      '/coreos.com/network/config\n/coreos.com/network/subnets\n',
    );
    // etcd lists a directory in Go map order (random per request); compare as sets.
    const sorted = (t: string) => t.split('\n').sort().join('\n');
    expect(sorted(v2('ls --recursive /coreos.com/network').text)).toBe(
      sorted(
        '/coreos.com/network/subnets\n/coreos.com/network/subnets/10.244.1.0-24\n/coreos.com/network/subnets/10.244.2.0-24\n/coreos.com/network/config\n',
      ),
    );
    expect(sorted(v2('ls -p /coreos.com/network').text)).toBe(
      sorted('/coreos.com/network/subnets/\n/coreos.com/network/config\n'),
    );
    expect(v2('get /coreos.com/network/config').text).toBe(`${CFG}\n`);
    expect(v2('-o extended get /coreos.com/network/config').text).toBe(
      `Key: /coreos.com/network/config\nCreated-Index: 4\nModified-Index: 4\nTTL: 0\nIndex: 6\n\n${CFG}\n`,
    );
    expect(v2('-o json get /coreos.com/network/config').text).toBe(
      '{"action":"get","node":{"key":"/coreos.com/network/config","value":"{\\"Network\\":\\"10.244.0.0/16\\",\\"Backend\\":{\\"Type\\":\\"vxlan\\"}}","nodes":null,"createdIndex":4,"modifiedIndex":4},"prevNode":null}\n',
    );
    expect(v2('-o extended get /coreos.com/network/subnets/10.244.1.0-24').text).toBe(
      `Key: /coreos.com/network/subnets/10.244.1.0-24\nCreated-Index: 5\nModified-Index: 5\nTTL: 86400\nIndex: 6\n\n${SUB1}\n`,
    );
    expect(v2('get /coreos.com/network/missing')).toEqual({
      text: 'Error:  100: Key not found (/coreos.com/network/missing) [6]\n',
      code: 4,
    });
    expect(v2('get /coreos.com/network')).toEqual({
      text: '/coreos.com/network: is a directory\n',
      code: 1,
    });
    expect(v2(`mk /coreos.com/network/config ${q(CFG)}`)).toEqual({
      text: 'Error:  105: Key already exists (/coreos.com/network/config) [6]\n',
      code: 4,
    });
    expect(v2('rm /coreos.com/network/subnets')).toEqual({
      text: 'Error:  102: Not a file (/coreos.com/network/subnets) [6]\n',
      code: 4,
    });
    expect(v2('foo')).toEqual({ text: "No help topic for 'foo'\n", code: 3 });
    expect(
      out(p, 'node2', 'etcdctl --endpoints=http://10.168.0.2:2399 get /coreos.com/network/config'),
    ).toEqual({
      text: 'Error:  client: etcd cluster is unavailable or misconfigured; error #0: dial tcp 10.168.0.2:2399: connect: connection refused\n\nerror #0: dial tcp 10.168.0.2:2399: connect: connection refused\n\n',
      code: 2,
    });
    expect(v2(`set /coreos.com/network/subnets/10.244.3.0-24 ${q(SUB3)}`).text).toBe(`${SUB3}\n`);
    expect(v2('rm /coreos.com/network/subnets/10.244.3.0-24')).toEqual({
      text: `PrevNode.Value: ${SUB3}\n`,
      code: 0,
    });
    expect(
      out(p, 'node1', 'curl -s http://127.0.0.1:2379/v2/keys/coreos.com/network/config').text,
    ).toBe(
      '{"action":"get","node":{"key":"/coreos.com/network/config","value":"{\\"Network\\":\\"10.244.0.0/16\\",\\"Backend\\":{\\"Type\\":\\"vxlan\\"}}","modifiedIndex":4,"createdIndex":4}}\n',
    );
    expect(
      out(p, 'node1', 'curl -s http://127.0.0.1:2379/v2/keys/coreos.com/network/missing').text,
    ).toBe(
      '{"errorCode":100,"message":"Key not found","cause":"/coreos.com/network/missing","index":8}\n',
    );
    const subnets = out(
      p,
      'node1',
      'curl -s http://127.0.0.1:2379/v2/keys/coreos.com/network/subnets',
    ).text;
    expect(subnets.replace(/"expiration":"[^"]+","ttl":\d+/, '"expiration":"T","ttl":N')).toBe(
      `{"action":"get","node":{"key":"/coreos.com/network/subnets","dir":true,"nodes":[{"key":"/coreos.com/network/subnets/10.244.1.0-24","value":${JSON.stringify(SUB1)},"expiration":"T","ttl":N,"modifiedIndex":5,"createdIndex":5},{"key":"/coreos.com/network/subnets/10.244.2.0-24","value":${JSON.stringify(SUB2)},"modifiedIndex":6,"createdIndex":6}],"modifiedIndex":5,"createdIndex":5}}\n`,
    );
    expect(out(p, 'node1', 'curl -s http://127.0.0.1:2379/version').text).toBe(
      '{"etcdserver":"3.4.23","etcdcluster":"3.4.0"}',
    );
    expect(out(p, 'node1', 'curl -s http://127.0.0.1:2379/health').text).toBe('{"health":"true"}');
  });

  it('answers with etcd status codes and headers on the wire', () => {
    const p = lab();
    const r = p.run('node2', `curl -s -i http://10.168.0.2:2379/v2/keys/x`, true);
    expect(r.stdout).toMatch(
      /^HTTP\/1\.1 404 Not Found\r\nContent-Type: application\/json\r\nX-Etcd-Cluster-Id: cdf818194e3a8c32\r\nX-Etcd-Index: 3\r\nDate: Mon, 01 Jan 2024 00:00:\d\d GMT\r\nContent-Length: 67\r\n\r\n/,
    );
  });

  it('expires a TTL key on the virtual clock (an expire event, a new index)', () => {
    const p = lab();
    p.run('node2', 'export ETCDCTL_API=2');
    expect(out(p, 'node2', `etcdctl ${EP} set /t v --ttl 2`).text).toBe('v\n');
    expect(out(p, 'node2', `etcdctl ${EP} get /t`).text).toBe('v\n');
    p.run('node2', 'sleep 3');
    expect(out(p, 'node2', `etcdctl ${EP} get /t`)).toEqual({
      text: 'Error:  100: Key not found (/t) [5]\n',
      code: 4,
    });
    const w = out(p, 'node2', `etcdctl ${EP} watch --after-index 4 /t`);
    expect(w).toEqual({ text: '\n', code: 0 });
    const j = out(p, 'node2', `etcdctl ${EP} -o json watch --after-index 4 /t`).text;
    expect(j).toMatch(
      /^\{"action":"expire","node":\{"key":"\/t","value":"","nodes":null,"createdIndex":4,"modifiedIndex":5\},"prevNode":\{"key":"\/t","value":"v",/,
    );
  });

  it('wakes a watch in one terminal when another terminal sets a key', () => {
    const p = lab();
    const lab2 = p.lab;
    const s = lab2.openSession({ machine: 'node2' });
    let watched = '';
    let exit: number | undefined;
    let id = -1;
    lab2.subscribe((batch) => {
      for (const e of batch) {
        if (e.kind === 'output' && e.exec === id) watched += e.data;
        if (e.kind === 'exit' && e.exec === id) exit = e.code;
      }
    });
    id = lab2.exec(s, `ETCDCTL_API=2 etcdctl ${EP} watch --recursive /coreos.com/network/subnets`);
    lab2.run(1000);
    expect(watched).toBe('');
    expect(exit).toBeUndefined();
    p.run(
      'node1',
      `ETCDCTL_API=2 etcdctl set /coreos.com/network/subnets/10.244.3.0-24 ${q(SUB3)}`,
    );
    lab2.run(100);
    expect(watched).toBe(`[set] /coreos.com/network/subnets/10.244.3.0-24\n${SUB3}\n`);
    expect(exit).toBe(0);
  });

  it('reports connection refused when etcd does not run, and an etcd without --enable-v2', () => {
    const p = lab(3, false);
    expect(out(p, 'node2', `ETCDCTL_API=2 etcdctl ${EP} ls /`)).toEqual({
      text: 'Error:  client: etcd cluster is unavailable or misconfigured; error #0: dial tcp 10.168.0.2:2379: connect: connection refused\n\nerror #0: dial tcp 10.168.0.2:2379: connect: connection refused\n\n',
      code: 2,
    });
    p.run(
      'node1',
      'etcd --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://10.168.0.2:2379',
    );
    expect(out(p, 'node2', `ETCDCTL_API=2 etcdctl ${EP} ls /`)).toEqual({
      text: 'Error:  client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint.\n',
      code: 4,
    });
  });

  it('follows the advertised URL after the member sync, as etcdctl v2 does', () => {
    const p = lab(3, false);
    p.run('node1', 'etcd --listen-client-urls http://0.0.0.0:2379 --enable-v2');
    // etcd advertises http://localhost:2379: node2's etcdctl then dials its own loopback.
    expect(out(p, 'node2', `ETCDCTL_API=2 etcdctl ${EP} ls /`)).toEqual({
      text: 'Error:  client: etcd cluster is unavailable or misconfigured; error #0: dial tcp 127.0.0.1:2379: connect: connection refused\n\nerror #0: dial tcp 127.0.0.1:2379: connect: connection refused\n\n',
      code: 4,
    });
    expect(out(p, 'node2', `ETCDCTL_API=2 etcdctl --no-sync ${EP} ls /`)).toEqual({
      text: '',
      code: 0,
    });
  });

  it('refuses a second etcd on the same ports', () => {
    const p = lab();
    const r = out(p, 'node1', START);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(
      /C \| etcdmain: listen tcp localhost:2380: bind: address already in use\n$/,
    );
  });
});

describe('etcd v3 with etcdctl (the default API)', () => {
  it('keeps v2 and v3 keys apart and prints v3 outputs as etcdctl 3.4', () => {
    const p = lab();
    const v3 = (args: string) => out(p, 'node2', `etcdctl ${EP} ${args}`);
    expect(v3(`put /coreos.com/network/config ${q(CFG)}`)).toEqual({ text: 'OK\n', code: 0 });
    expect(v3(`put /coreos.com/network/subnets/10.244.1.0-24 ${q(SUB1)}`).text).toBe('OK\n');
    const lease = v3('lease grant 86400').text;
    expect(lease).toMatch(/^lease 694d[0-9a-f]{12} granted with TTL\(86400s\)\n$/);
    const id = lease.split(' ')[1];
    expect(v3(`put --lease=${id} /coreos.com/network/subnets/10.244.2.0-24 ${q(SUB2)}`).text).toBe(
      'OK\n',
    );
    expect(v3('get --prefix /coreos.com/network').text).toBe(
      `/coreos.com/network/config\n${CFG}\n/coreos.com/network/subnets/10.244.1.0-24\n${SUB1}\n/coreos.com/network/subnets/10.244.2.0-24\n${SUB2}\n`,
    );
    expect(v3('get --prefix --keys-only /coreos.com/network').text).toBe(
      '/coreos.com/network/config\n\n/coreos.com/network/subnets/10.244.1.0-24\n\n/coreos.com/network/subnets/10.244.2.0-24\n\n',
    );
    expect(v3('get /coreos.com/network/config --print-value-only').text).toBe(`${CFG}\n`);
    expect(v3('get /coreos.com/network/config -w json').text).toBe(
      '{"header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,"revision":4,"raft_term":2},"kvs":[{"key":"L2NvcmVvcy5jb20vbmV0d29yay9jb25maWc=","create_revision":2,"mod_revision":2,"version":1,"value":"eyJOZXR3b3JrIjoiMTAuMjQ0LjAuMC8xNiIsIkJhY2tlbmQiOnsiVHlwZSI6InZ4bGFuIn19"}],"count":1}\n',
    );
    expect(v3('get /coreos.com/network/missing')).toEqual({ text: '', code: 0 });
    expect(v3('del /coreos.com/network/subnets/10.244.9.0-24').text).toBe('0\n');
    expect(v3('get')).toEqual({
      text: 'Error: get command needs one argument as key and an optional argument as range_end\n',
      code: 128,
    });
    expect(v3('foo')).toEqual({
      text: 'Error: unknown command "foo" for "etcdctl"\nRun \'etcdctl --help\' for usage.\nError: unknown command "foo" for "etcdctl"\n',
      code: 1,
    });
    const lnf = v3('put --lease=1234abcd /coreos.com/network/x y');
    expect(lnf.code).toBe(1);
    expect(lnf.text).toMatch(
      /"error":"rpc error: code = NotFound desc = etcdserver: requested lease not found"\}\nError: etcdserver: requested lease not found\n$/,
    );
    // v2 writes are invisible to v3 and the other way round.
    p.run('node2', `ETCDCTL_API=2 etcdctl ${EP} set /coreos.com/network/v2only x`);
    expect(v3('get --prefix --keys-only /coreos.com/network').text).not.toContain('v2only');
    expect(out(p, 'node2', `ETCDCTL_API=2 etcdctl ${EP} ls /coreos.com/network`).text).toBe(
      '/coreos.com/network/v2only\n',
    );
    expect(v3('member list').text).toBe(
      '8e9e05c52164694d, started, default, http://localhost:2380, http://10.168.0.2:2379, false\n',
    );
    expect(v3('endpoint health').text).toMatch(
      /^http:\/\/10\.168\.0\.2:2379 is healthy: successfully committed proposal: took = \d+µs\n$/,
    );
  });

  it('streams v3 watch events until Ctrl-C', () => {
    const p = lab();
    const s = p.lab.openSession({ machine: 'node2' });
    let watched = '';
    let id = -1;
    p.lab.subscribe((batch) => {
      for (const e of batch) if (e.kind === 'output' && e.exec === id) watched += e.data;
    });
    id = p.lab.exec(s, `etcdctl ${EP} watch --prefix /coreos.com/network/subnets`);
    p.lab.run(500);
    p.run('node1', `etcdctl put /coreos.com/network/subnets/10.244.3.0-24 ${q(SUB3)}`);
    p.run('node1', 'etcdctl del /coreos.com/network/subnets/10.244.3.0-24');
    p.lab.run(100);
    p.lab.signal(id, 'INT');
    expect(watched).toBe(
      `PUT\n/coreos.com/network/subnets/10.244.3.0-24\n${SUB3}\nDELETE\n/coreos.com/network/subnets/10.244.3.0-24\n\n`,
    );
  });
});

describe('determinism', () => {
  it('gives the same outputs and trace for the same seed', () => {
    const run = () => {
      const p = lab(7);
      const texts = [
        out(p, 'node2', `etcdctl ${EP} lease grant 60`).text,
        out(p, 'node2', `ETCDCTL_API=2 etcdctl ${EP} mk --ttl 5 /a b`).text,
        out(p, 'node2', `ETCDCTL_API=2 etcdctl ${EP} -o extended get /a`).text,
      ];
      return JSON.stringify({ texts, trace: p.takeTrace().length });
    };
    expect(run()).toBe(run());
  });
});
