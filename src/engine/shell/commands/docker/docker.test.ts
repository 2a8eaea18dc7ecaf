/**
 * docker on the lab: dockerd's bridge, iptables and container namespaces against the reference
 * corpus (docker0: host__ip_addr.txt, c1__ip_addr.txt, host__iptables_S.txt, …) and the claims
 * C01–C06, C15.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PacketLab } from '../../../testing/packet-lab';

const CORPUS = '/work/shared/reference/corpus/docker0';
function reference(file: string): string | undefined {
  try {
    return readFileSync(`${CORPUS}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** `host` (eth0 10.168.0.2/24) and `outside` (10.168.0.100/24) on one segment. */
function dockerLab(): PacketLab {
  const p = new PacketLab(1);
  p.script(
    'lab',
    `machine add host
    machine add outside
    segment add wan
    cable host eth0 wan
    cable outside eth0 wan`,
  );
  p.script('host', 'ip link set eth0 up\nip addr add 10.168.0.2/24 dev eth0');
  p.script('outside', 'ip link set eth0 up\nip addr add 10.168.0.100/24 dev eth0');
  return p;
}

/** Addresses, MACs of random devices and link-local suffixes vary; the structure must not. */
function normalise(text: string): string {
  return text
    .replace(/link\/ether (?!02:42:ac)[0-9a-f:]{17}/g, 'link/ether MAC')
    .replace(/inet6 fe80::[0-9a-f:]+\/64/g, 'inet6 fe80::X/64')
    .replace(/@if\d+/g, '@ifN')
    .replace(/^\d+: /gm, 'N: ')
    .replace(/ link-netns \S+| link-netnsid \d+/g, ' LINKNETNS');
}

describe('docker run on the default bridge', () => {
  it('gives the container eth0 as the reference shows (C01, C03)', () => {
    const p = dockerLab();
    const id = p.run('host', 'docker run -d --name c1 busybox').stdout;
    expect(id).toMatch(/^[0-9a-f]{64}\n$/);
    p.lab.run(3000); // IPv6 DAD ends
    const inC1 = p.run('host', 'docker exec c1 ip addr').stdout;
    // The peer is created in the host first, so eth0 keeps a host-side ifindex (4: eth0@if5),
    // as on a real Docker host; the reference scripts created it inside the namespace (2: eth0).
    expect(inC1).toMatch(/^4: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 /m);
    expect(inC1).toContain('link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0');
    // Docker's netlink library fills in the broadcast; the reference was made with `ip addr add`.
    expect(inC1).toContain('inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0');
    const ref = reference('c1__ip_addr.txt');
    if (ref) expect(normalise(inC1.replace(' brd 172.17.255.255', ''))).toBe(normalise(ref));
    expect(p.run('host', 'docker exec c1 ip route').stdout).toBe(
      'default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.2 \n',
    );
    expect(p.run('host', 'docker exec c1 hostname').stdout).toBe(`${id.slice(0, 12)}\n`);
  });

  it('shows docker0 and the veth on the host, without a /run/netns entry', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --name c1 busybox');
    const host = p.run('host', 'ip addr').stdout;
    expect(host).toMatch(
      /docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP/,
    );
    expect(host).toMatch(/link\/ether 02:42:[0-9a-f:]{11} brd/);
    expect(host).toContain('inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0');
    expect(host).toMatch(
      /\d+: veth[0-9a-f]{7}@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master docker0 state UP group default qlen 1000\n {4}link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n/,
    );
    expect(p.run('host', 'ip netns list').stdout).toBe('');
    expect(p.run('host', 'sysctl net.ipv4.ip_forward').stdout).toBe('net.ipv4.ip_forward = 1\n');
    const view = p.lab.view().machines.find((m) => m.name === 'host');
    const ns = view?.namespaces.find((n) => n.container === 'c1');
    expect(ns?.name).toBe('container:c1');
    expect(ns?.devices.map((d) => d.name)).toEqual(['lo', 'eth0']);
    expect(view?.netns).toEqual([]);
  });

  it('docker0 alone has no carrier (reference: no containers)', () => {
    const p = dockerLab();
    p.run('host', 'docker ps');
    expect(p.run('host', 'ip addr show docker0').stdout).toMatch(
      /^\d+: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN/,
    );
  });

  it('installs the reference iptables rules, with -p 8080:80 (iptables -S, -t nat -S)', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --name c1 -p 8080:80 nginx');
    p.run('host', 'docker run -d --name c2 busybox');
    const filter = p.run('host', 'iptables -S').stdout;
    const nat = p.run('host', 'iptables -t nat -S').stdout;
    const refFilter = reference('host__iptables_S.txt');
    const refNat = reference('host__iptables_t_nat_S.txt');
    if (refFilter) expect(filter).toBe(refFilter);
    if (refNat) expect(nat).toBe(refNat);
    expect(nat).toContain(
      '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n',
    );
    // docker rm takes the port's rules away again.
    p.run('host', 'docker rm -f c1');
    expect(p.run('host', 'iptables -t nat -S').stdout).not.toContain('DNAT');
    expect(p.run('host', 'iptables -S').stdout).not.toContain('--dport 80');
  });

  it('two containers ping each other through docker0 and the bridge learns both (C03, C04)', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --name c1 busybox');
    p.run('host', 'docker run -d --name c2 busybox');
    expect(p.run('host', 'docker exec c2 ip -br addr show eth0').stdout).toContain('172.17.0.3/16');
    const r = p.run('host', 'docker exec c1 ping -c 3 172.17.0.3');
    expect(r.stdout).toContain('3 packets transmitted, 3 received');
    expect(r.stdout).toContain('ttl=64');
    const fdb = p.run('host', 'bridge fdb show br docker0').stdout;
    expect(fdb).toMatch(/^02:42:ac:11:00:02 dev veth[0-9a-f]{7} master docker0 $/m);
    expect(fdb).toMatch(/^02:42:ac:11:00:03 dev veth[0-9a-f]{7} master docker0 $/m);
  });

  it('reaches another host through MASQUERADE, and breaks without it (C05, C06)', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --name c1 busybox');
    const ok = p.run('host', 'docker exec c1 ping -c 2 10.168.0.100');
    expect(ok.stdout).toContain('2 received');
    expect(ok.stdout).toContain('ttl=63');
    p.run('host', 'iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    const broken = p.run('host', 'docker exec c1 ping -c 1 -W 1 10.168.0.100', true);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('0 received');
    // The gateway still answers: the fault is in the NAT rules, as the troubleshooting goes.
    expect(p.run('host', 'docker exec c1 ping -c 1 172.17.0.1').stdout).toContain('1 received');
  });

  it('ip_forward=0 also breaks the way out (C05)', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --name c1 busybox');
    p.run('host', 'sysctl -w net.ipv4.ip_forward=0');
    const r = p.run('host', 'docker exec c1 ping -c 1 -W 1 10.168.0.100', true);
    expect(r.stdout).toContain('0 received');
  });
});

describe('nginx over the kernel TCP stack', () => {
  it('answers curl from outside through -p 8080:80 (DNAT) and logs the request', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --name web -p 8080:80 nginx');
    const r = p.run('outside', 'curl -s -i http://10.168.0.2:8080/');
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r?\nServer: nginx\/1\.25\.3\r?\n/);
    expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
    // DNAT without SNAT: nginx sees the outside host's own address.
    expect(p.run('host', 'docker logs web').stdout).toMatch(
      /^10\.168\.0\.100 - - \[01\/Jan\/2024:00:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/[\d.]+" "-"$/m,
    );
  });
});

describe('docker-proxy', () => {
  it('relays the host own connections to a published port; goes with the container', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --name web -p 8080:80 nginx');
    // 127.0.0.1 is not DNATed (the OUTPUT rule skips 127.0.0.0/8): docker-proxy answers.
    const r = p.run('host', 'curl -s http://127.0.0.1:8080/');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
    const listening = p.run('host', 'ss -tlnp').stdout;
    expect(listening).toMatch(
      /LISTEN +0 +4096 +0\.0\.0\.0:8080 .*users:\(\("docker-proxy",pid=\d+,fd=4\)\)/,
    );
    // nginx saw the proxy's connection, from the bridge's address.
    expect(p.run('host', 'docker logs web').stdout).toMatch(
      /^172\.17\.0\.1 - - .*"GET \/ HTTP\/1\.1" 200/m,
    );
    p.run('host', 'docker stop web');
    expect(p.run('host', 'ss -tln').stdout).not.toContain(':8080');
    expect(p.run('host', 'curl -s http://127.0.0.1:8080/', true).code).toBe(7);
  });
});

describe('docker network modes', () => {
  it('--net=host shows the host interfaces; a second nginx on :80 fails to bind (C02)', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --net=host --name h1 nginx');
    const ifaces = p.run('host', 'docker exec h1 cat /proc/net/dev', true);
    expect(ifaces.code).not.toBe(0); // nginx's image has no such tools: use a busybox one
    p.run('host', 'docker run -d --net=host --name hb busybox');
    expect(p.run('host', 'docker exec hb ip -br link').stdout).toContain('docker0');
    expect(p.run('host', 'docker exec hb hostname').stdout).toBe('host\n');
    p.run('host', 'docker run -d --net=host --name h2 nginx');
    expect(p.run('host', 'docker logs h2').stdout).toContain(
      'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)',
    );
    expect(p.run('host', 'docker ps -a').stdout).toMatch(/Exited \(1\) .* h2\n/);
    // A bridged nginx has its own port 80.
    p.run('host', 'docker run -d --name b1 nginx');
    expect(p.run('host', 'docker ps').stdout).toMatch(/Up .* b1\n/);
  });

  it('--net=none has only lo; --net=container:X shares X namespace (C15)', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --net=none --name n1 busybox');
    expect(p.run('host', 'docker exec n1 ip -br link').stdout).toBe(
      'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n',
    );
    p.run('host', 'docker run -d --name pause k8s.gcr.io/pause:3.9');
    p.run('host', 'docker run -d --name app --net=container:pause busybox');
    expect(p.run('host', 'docker exec app ip -br addr show eth0').stdout).toContain(
      '172.17.0.2/16',
    );
    expect(p.run('host', 'docker exec app hostname').stdout).toBe(
      p.run('host', 'docker inspect -f {{.Config.Hostname}} pause').stdout,
    );
  });
});

describe('docker CLI output and errors', () => {
  it('docker ps columns as the real CLI', () => {
    const p = dockerLab();
    expect(p.run('host', 'docker ps').stdout).toBe(
      'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n',
    );
    const id = p.run('host', 'docker run -d --name web -p 8080:80 nginx').stdout.slice(0, 12);
    p.lab.run(5000);
    expect(p.run('host', 'docker ps').stdout).toBe(
      'CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                                   NAMES\n' +
        `${id}   nginx     "/docker-entrypoint.…"   5 seconds ago   Up 5 seconds   0.0.0.0:8080->80/tcp, :::8080->80/tcp   web\n`,
    );
  });

  it('reports conflicts, unknown images and missing containers with docker texts', () => {
    const p = dockerLab();
    const id = p.run('host', 'docker run -d --name web busybox').stdout.trim();
    expect(p.run('host', 'docker run -d --name web busybox', true)).toEqual({
      stdout: '',
      stderr: `docker: Error response from daemon: Conflict. The container name "/web" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.\nSee 'docker run --help'.\n`,
      code: 125,
    });
    expect(p.run('host', 'docker run x', true)).toEqual({
      stdout: '',
      stderr:
        "Unable to find image 'x:latest' locally\ndocker: Error response from daemon: pull access denied for x, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.\nSee 'docker run --help'.\n",
      code: 125,
    });
    expect(p.run('host', 'docker exec x ls', true)).toEqual({
      stdout: '',
      stderr: 'Error: No such container: x\n',
      code: 1,
    });
    expect(p.run('host', 'docker rm web', true).code).toBe(1);
    expect(p.run('host', 'docker rm -f web').stdout).toBe('web\n');
    expect(p.run('host', 'docker ps -a -q').stdout).toBe('');
  });

  it('runs a foreground command and keeps its output in the logs', () => {
    const p = dockerLab();
    const r = p.run('host', 'docker run --name once busybox ping -c 1 172.17.0.1');
    expect(r.stdout).toContain('1 packets transmitted, 1 received');
    expect(p.run('host', 'docker logs once').stdout).toBe(r.stdout);
    expect(p.run('host', 'docker ps -a').stdout).toMatch(/Exited \(0\) .* once\n/);
    // The stopped container's network is gone: no veth left on the bridge.
    expect(p.run('host', 'ip -br link').stdout).not.toContain('veth');
  });

  it('docker stop waits for SIGKILL on a shell, docker inspect shows the network settings', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --name c1 busybox');
    expect(
      p.run(
        'host',
        "docker inspect -f '{{.NetworkSettings.IPAddress}} {{.NetworkSettings.MacAddress}}' c1",
      ).stdout,
    ).toBe('172.17.0.2 02:42:ac:11:00:02\n');
    expect(
      p.run('host', "docker inspect -f '{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}' c1")
        .stdout,
    ).toBe('172.17.0.1\n');
    const t0 = p.lab.now();
    expect(p.run('host', 'docker stop c1').stdout).toBe('c1\n');
    expect(p.lab.now() - t0).toBeGreaterThanOrEqual(10_000_000);
    expect(p.run('host', 'docker ps -a').stdout).toMatch(
      /Exited \(137\) Less than a second ago +c1\n/,
    );
    expect(p.run('host', 'docker network ls').stdout).toMatch(
      /^NETWORK ID {5}NAME {6}DRIVER {4}SCOPE\n[0-9a-f]{12} {3}bridge {4}bridge {4}local\n[0-9a-f]{12} {3}host {6}host {6}local\n[0-9a-f]{12} {3}none {6}null {6}local\n$/,
    );
    const net = JSON.parse(p.run('host', 'docker network inspect bridge').stdout);
    expect(net[0].IPAM.Config).toEqual([{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }]);
  });

  it('takes --bip and --mtu from flannel subnet.env', () => {
    const p = dockerLab();
    p.world.machines
      .get('host')
      ?.files.set(
        '/run/flannel/subnet.env',
        'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n',
      );
    p.run('host', 'docker run -d --name c1 busybox');
    expect(p.run('host', 'docker exec c1 ip addr show eth0').stdout).toMatch(
      /mtu 1450 [\s\S]*link\/ether 02:42:0a:f4:01:02 [\s\S]*inet 10\.244\.1\.2\/24/,
    );
    expect(p.run('host', 'iptables -t nat -S POSTROUTING').stdout).toContain(
      '-A POSTROUTING -s 10.244.1.0/24 ! -o docker0 -j MASQUERADE',
    );
  });

  it('records docker run in the scenario and replays it to the same state', () => {
    const p = dockerLab();
    p.run('host', 'docker run -d --name c1 busybox');
    p.run('host', 'docker ps');
    const snap = p.lab.snapshot();
    expect(snap.steps.filter((s) => s.line.startsWith('docker')).map((s) => s.line)).toEqual([
      'docker run -d --name c1 busybox',
    ]);
  });
});
