/**
 * The built-in walkthroughs, one per teaching scenario. Every command here runs in the lab as
 * written, and every check passes on what it prints: walkthroughs.test.ts replays each
 * walkthrough through the engine, step by step, to keep it that way.
 */
import type { Walkthrough } from './model';

const C1 = { machine: 'node1', container: 'container-1' } as const;
const C2 = { machine: 'node1', container: 'container-2' } as const;
const NODE1 = { machine: 'node1' } as const;
const NODE2 = { machine: 'node2' } as const;

const docker0: Walkthrough = {
  id: 'docker0',
  scenario: 'docker0',
  title: {
    en: 'Two containers on docker0',
    'zh-CN': 'docker0 网桥上的两个容器',
  },
  summary: {
    en: 'Each container has a network stack of its own; a veth pair plugs it into the docker0 bridge, which learns where every MAC lives.',
    'zh-CN':
      '每个容器都有自己的网络栈；veth pair 把它接到 docker0 网桥上，网桥学习每个 MAC 地址在哪个端口。',
  },
  steps: [
    {
      title: { en: 'Look at the lab', 'zh-CN': '先看拓扑' },
      body: {
        en: 'node1 runs dockerd, which started container-1 and container-2. On the canvas each container is a box inside node1: a network namespace of its own, joined to docker0.',
        'zh-CN':
          'node1 上运行着 dockerd，它启动了 container-1 和 container-2。画布上每个容器都是 node1 里的一个方框：一个独立的网络命名空间，连到 docker0 上。',
      },
      claims: ['C01', 'C03'],
    },
    {
      title: { en: 'container-1’s own interfaces', 'zh-CN': 'container-1 自己的网卡' },
      body: {
        en: 'Inside container-1 there is a loopback device and an eth0 with 172.17.0.2. The name eth0@ifN says it is one end of a veth pair; its peer has index N on the host.',
        'zh-CN':
          'container-1 里有回环设备 lo 和地址为 172.17.0.2 的 eth0。eth0@ifN 说明它是 veth pair 的一端，另一端在宿主机上，编号为 N。',
      },
      claims: ['C01', 'C03'],
      target: C1,
      command: 'ip addr',
      check: { kind: 'output', includes: ['inet 127.0.0.1/8', 'inet 172.17.0.2/16'] },
    },
    {
      title: { en: 'container-2 has a different stack', 'zh-CN': 'container-2 是另一套网络栈' },
      body: {
        en: 'The same command in container-2 shows another eth0 with another address, 172.17.0.3. Two containers, two separate network namespaces.',
        'zh-CN':
          '在 container-2 里运行同一条命令，看到的是另一块 eth0 和另一个地址 172.17.0.3。两个容器，两个独立的网络命名空间。',
      },
      claims: ['C01'],
      target: C2,
      command: 'ip addr',
      check: { kind: 'output', includes: ['inet 172.17.0.3/16'], excludes: ['172.17.0.2/16'] },
    },
    {
      title: { en: 'A routing table of its own', 'zh-CN': '自己的路由表' },
      body: {
        en: 'container-1 has its own routing table: its subnet is on eth0, and everything else goes to the gateway 172.17.0.1, which is docker0 on the host.',
        'zh-CN':
          'container-1 有自己的路由表：本网段直接走 eth0，其他流量都交给网关 172.17.0.1，也就是宿主机上的 docker0。',
      },
      claims: ['C01'],
      target: C1,
      command: 'ip route',
      check: { kind: 'output', includes: ['default via 172.17.0.1 dev eth0'] },
    },
    {
      title: { en: 'The host ends of the veth pairs', 'zh-CN': 'veth pair 在宿主机的一端' },
      body: {
        en: 'On node1, two veth devices have docker0 as their master: the host ends of the two containers’ eth0. They are the bridge’s ports.',
        'zh-CN':
          '在 node1 上，有两个 veth 设备的 master 是 docker0：它们就是两个容器 eth0 在宿主机上的另一端，也是网桥的端口。',
      },
      claims: ['C03'],
      target: NODE1,
      command: 'ip link show master docker0',
      check: { kind: 'output', includes: ['master docker0', 'veth'] },
    },
    {
      title: { en: 'Ping across the bridge', 'zh-CN': '跨网桥 ping' },
      body: {
        en: 'container-1 pings container-2. Open the timeline below the canvas and step through it: an ARP broadcast first, then the echo request goes veth → docker0 → veth, without ever touching node1’s eth0.',
        'zh-CN':
          'container-1 ping container-2。打开画布下方的时间线逐步查看：先是 ARP 广播，然后 echo request 经过 veth → docker0 → veth，完全不经过 node1 的 eth0。',
      },
      claims: ['C03', 'C04'],
      target: C1,
      command: 'ping -c 1 172.17.0.3',
      check: { kind: 'pingReplies' },
      watch: true,
    },
    {
      title: { en: 'What the bridge learned', 'zh-CN': '网桥学到了什么' },
      body: {
        en: 'The bridge’s forwarding database now holds both containers’ MACs (02:42:ac:11:00:02 and …:03), each behind its own veth port. That is how the next frame goes to one port only.',
        'zh-CN':
          '网桥的转发表里现在有两个容器的 MAC（02:42:ac:11:00:02 和 …:03），各自对应一个 veth 端口。下一个帧就只会发往正确的端口。',
      },
      claims: ['C04'],
      target: NODE1,
      command: 'bridge fdb show br docker0',
      check: {
        kind: 'output',
        includes: ['02:42:ac:11:00:02 dev veth', '02:42:ac:11:00:03 dev veth'],
      },
    },
  ],
};

const MASQ = '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE';

const dockerNat: Walkthrough = {
  id: 'docker-nat',
  scenario: 'docker-nat',
  title: {
    en: 'Troubleshooting a container that cannot get out',
    'zh-CN': '排查：容器访问不到外部',
  },
  summary: {
    en: 'container-1 reaches another host through docker0, node1’s routing and Docker’s MASQUERADE rule. Break the rule, watch the ping fail, and find out why.',
    'zh-CN':
      'container-1 通过 docker0、node1 的路由和 Docker 的 MASQUERADE 规则访问另一台主机。删掉这条规则，看 ping 失败，再找出原因。',
  },
  steps: [
    {
      title: { en: 'It works', 'zh-CN': '一切正常' },
      body: {
        en: 'container-1 (172.17.0.2) pings the host outside (10.168.0.100). In the timeline the request leaves node1’s eth0 with source 10.168.0.2: NAT rewrote it.',
        'zh-CN':
          'container-1（172.17.0.2）ping 外部主机 outside（10.168.0.100）。在时间线里可以看到请求离开 node1 的 eth0 时源地址是 10.168.0.2：被 NAT 改写了。',
      },
      claims: ['C06', 'C05'],
      target: C1,
      command: 'ping -c 1 10.168.0.100',
      check: { kind: 'pingReplies' },
      watch: true,
    },
    {
      title: { en: 'The rule that does it', 'zh-CN': '起作用的规则' },
      body: {
        en: 'Docker added a MASQUERADE rule to the nat table: whatever comes from 172.17.0.0/16 and leaves by another interface than docker0 gets node1’s address.',
        'zh-CN':
          'Docker 在 nat 表里加了一条 MASQUERADE 规则：来自 172.17.0.0/16、且不从 docker0 出去的包，源地址都换成 node1 的地址。',
      },
      claims: ['C05'],
      target: NODE1,
      command: 'iptables -t nat -S POSTROUTING',
      check: { kind: 'output', includes: [`-A POSTROUTING ${MASQ}`] },
    },
    {
      title: { en: 'Break it', 'zh-CN': '把它删掉' },
      body: {
        en: 'Delete the rule (and list the chain again to see it gone). This is the fault we are going to hunt down.',
        'zh-CN': '删除这条规则（再列一次，确认它没了）。这就是接下来要排查的故障。',
      },
      claims: ['C05'],
      target: NODE1,
      command: `iptables -t nat -D POSTROUTING ${MASQ} && iptables -t nat -S POSTROUTING`,
      check: { kind: 'output', includes: ['-P POSTROUTING ACCEPT'], excludes: ['MASQUERADE'] },
    },
    {
      title: { en: 'Now the ping fails', 'zh-CN': '现在 ping 不通了' },
      body: {
        en: 'The request still reaches outside, but with source 172.17.0.2, and outside has no route back to that network. The red mark in the timeline shows where the reply dies.',
        'zh-CN':
          '请求仍然到达了 outside，但源地址是 172.17.0.2，而 outside 没有回到这个网段的路由。时间线里的红色标记就是回复被丢弃的地方。',
      },
      claims: ['C05'],
      target: C1,
      command: 'ping -c 1 -W 1 10.168.0.100',
      check: { kind: 'pingLost' },
      watch: true,
    },
    {
      title: { en: 'The first hop is fine', 'zh-CN': '第一跳没问题' },
      body: {
        en: 'Start near the container: docker0 (172.17.0.1) still answers, so the veth pair, the bridge and the container’s route are all right.',
        'zh-CN':
          '从离容器最近的地方查起：docker0（172.17.0.1）仍然能应答，说明 veth pair、网桥和容器里的路由都没问题。',
      },
      claims: ['C05'],
      target: C1,
      command: 'ping -c 1 172.17.0.1',
      check: { kind: 'pingReplies' },
    },
    {
      title: { en: 'Forwarding is on', 'zh-CN': '转发是打开的' },
      body: {
        en: 'node1 forwards packets between interfaces only when ip_forward is 1. It is, so the host is not the problem.',
        'zh-CN':
          '只有 ip_forward 为 1 时，node1 才会在网卡之间转发数据包。它是 1，所以问题不在这里。',
      },
      claims: ['C05'],
      target: NODE1,
      command: 'sysctl net.ipv4.ip_forward',
      check: { kind: 'output', includes: ['net.ipv4.ip_forward = 1'] },
    },
    {
      title: { en: 'Put the rule back', 'zh-CN': '把规则加回去' },
      body: {
        en: 'What is missing is the MASQUERADE rule. Add it again, exactly as Docker wrote it.',
        'zh-CN': '缺的正是 MASQUERADE 规则。照 Docker 原来的写法把它加回去。',
      },
      claims: ['C05'],
      target: NODE1,
      command: `iptables -t nat -A POSTROUTING ${MASQ} && iptables -t nat -S POSTROUTING`,
      check: { kind: 'output', includes: [`-A POSTROUTING ${MASQ}`] },
    },
    {
      title: { en: 'Fixed', 'zh-CN': '修好了' },
      body: {
        en: 'The same ping gets its reply again.',
        'zh-CN': '同样的 ping 又能收到回复了。',
      },
      claims: ['C05', 'C06'],
      target: C1,
      command: 'ping -c 1 10.168.0.100',
      check: { kind: 'pingReplies' },
      watch: true,
    },
  ],
};

const netHost: Walkthrough = {
  id: 'net-host',
  scenario: 'net-host',
  title: {
    en: '--net=host: sharing the host’s stack',
    'zh-CN': '--net=host：共享宿主机的网络栈',
  },
  summary: {
    en: 'A container started with --net=host gets no network namespace of its own. It sees the host’s interfaces, and it competes with the host for ports.',
    'zh-CN':
      '用 --net=host 启动的容器没有自己的网络命名空间。它看到的是宿主机的网卡，也要和宿主机抢端口。',
  },
  steps: [
    {
      title: { en: 'The host’s interfaces', 'zh-CN': '宿主机的网卡' },
      body: {
        en: 'First the host itself: node1 has eth0 (10.168.0.2) and docker0.',
        'zh-CN': '先看宿主机本身：node1 有 eth0（10.168.0.2）和 docker0。',
      },
      claims: ['C02'],
      target: NODE1,
      command: 'ip -br addr',
      check: { kind: 'output', includes: ['10.168.0.2/24', '172.17.0.1/16'] },
    },
    {
      title: { en: 'The same, from a host-network container', 'zh-CN': '在 host 网络的容器里看' },
      body: {
        en: 'host-shell was started with --net=host. Inside it, the list is exactly node1’s: the same eth0, the same docker0. There is no container eth0 and no veth pair.',
        'zh-CN':
          'host-shell 是用 --net=host 启动的。在它里面看到的列表和 node1 完全一样：同一块 eth0、同一个 docker0，没有容器自己的 eth0，也没有 veth pair。',
      },
      claims: ['C02'],
      target: { machine: 'node1', container: 'host-shell' },
      command: 'ip -br addr',
      check: { kind: 'output', includes: ['10.168.0.2/24', '172.17.0.1/16'] },
    },
    {
      title: { en: 'One nginx did not start', 'zh-CN': '有一个 nginx 没有启动' },
      body: {
        en: 'Two nginx containers were started with --net=host. nginx-host is up; nginx-host-2 exited with status 1.',
        'zh-CN':
          '有两个 nginx 容器都用 --net=host 启动。nginx-host 在运行，nginx-host-2 以状态 1 退出了。',
      },
      claims: ['C02'],
      target: NODE1,
      command: 'docker ps -a',
      check: { kind: 'output', includes: ['Exited (1)', 'nginx-host-2'] },
    },
    {
      title: { en: 'Why: port 80 is taken', 'zh-CN': '原因：80 端口被占用' },
      body: {
        en: 'Its log says bind() failed: Address already in use. Both containers share one stack, so there is only one port 80, and nginx-host holds it: a port conflict.',
        'zh-CN':
          '它的日志写着 bind() 失败：Address already in use。两个容器共用一个网络栈，只有一个 80 端口，已经被 nginx-host 占了：这就是端口冲突。',
      },
      claims: ['C02'],
      target: NODE1,
      command: 'docker logs nginx-host-2',
      check: { kind: 'output', includes: ['Address already in use'] },
    },
    {
      title: {
        en: 'A bridged nginx has a port 80 of its own',
        'zh-CN': '桥接网络的 nginx 有自己的 80 端口',
      },
      body: {
        en: 'nginx-bridge also listens on port 80 and runs fine: it has its own namespace and its own address on docker0.',
        'zh-CN':
          'nginx-bridge 同样监听 80 端口，却运行正常：它有自己的网络命名空间，在 docker0 上有自己的地址。',
      },
      claims: ['C02', 'C01'],
      target: NODE1,
      command: "docker inspect -f '{{.NetworkSettings.IPAddress}}' nginx-bridge",
      check: { kind: 'output', includes: ['172.17.0.'] },
    },
  ],
};

const PING_C2 = 'ping -c 1 100.96.2.3';
const ETCDCTL = 'ETCDCTL_API=2 etcdctl';

const flannelUdp: Walkthrough = {
  id: 'flannel-udp',
  scenario: 'flannel-udp',
  title: {
    en: 'Flannel UDP: a tunnel through user space',
    'zh-CN': 'Flannel UDP：经过用户态的隧道',
  },
  summary: {
    en: 'Each host gets a subnet, recorded in etcd. flannel0 is a TUN device: flanneld reads whole IP packets from it and sends them to the peer host in UDP port 8285.',
    'zh-CN':
      '每台宿主机分到一个子网，记录在 etcd 里。flannel0 是 TUN 设备：flanneld 从它读出整个 IP 包，用 UDP 8285 端口发给对端宿主机。',
  },
  steps: [
    {
      title: { en: 'One subnet per host', 'zh-CN': '每台宿主机一个子网' },
      body: {
        en: 'flanneld on each host took a lease on a /24 of 100.96.0.0/16 and stored it in etcd.',
        'zh-CN': '每台宿主机上的 flanneld 都从 100.96.0.0/16 里租了一个 /24 子网，并存进了 etcd。',
      },
      claims: ['C09'],
      target: NODE1,
      command: `${ETCDCTL} ls /coreos.com/network/subnets`,
      check: {
        kind: 'output',
        includes: [
          '/coreos.com/network/subnets/100.96.1.0-24',
          '/coreos.com/network/subnets/100.96.2.0-24',
        ],
      },
    },
    {
      title: { en: 'Which host owns 100.96.2.0/24', 'zh-CN': '100.96.2.0/24 属于哪台宿主机' },
      body: {
        en: 'The lease’s value names the host: PublicIP 10.168.0.3 is node2. This is how flanneld on node1 knows where to send packets for container-2.',
        'zh-CN':
          '租约的值里写着宿主机：PublicIP 10.168.0.3 就是 node2。node1 上的 flanneld 正是靠它知道发给 container-2 的包该送到哪里。',
      },
      claims: ['C09'],
      target: NODE1,
      command: `${ETCDCTL} get /coreos.com/network/subnets/100.96.2.0-24`,
      check: { kind: 'output', includes: ['"PublicIP":"10.168.0.3"'] },
    },
    {
      title: { en: 'flannel0 is a TUN device', 'zh-CN': 'flannel0 是 TUN 设备' },
      body: {
        en: 'A TUN device has no MAC address (link/none): it carries IP packets, layer 3, between the kernel and the program that opened it, flanneld.',
        'zh-CN':
          'TUN 设备没有 MAC 地址（link/none）：它在内核和打开它的程序（flanneld）之间传递三层 IP 包。',
      },
      claims: ['C07'],
      target: NODE1,
      command: 'ip -d link show flannel0',
      check: { kind: 'output', includes: ['link/none', 'tun type tun'] },
    },
    {
      title: { en: 'The route into the tunnel', 'zh-CN': '进入隧道的路由' },
      body: {
        en: 'The whole cluster network 100.96.0.0/16 goes to flannel0; only node1’s own 100.96.1.0/24 stays on docker0.',
        'zh-CN':
          '整个集群网络 100.96.0.0/16 都交给 flannel0；只有 node1 自己的 100.96.1.0/24 留在 docker0 上。',
      },
      claims: ['C07'],
      target: NODE1,
      command: 'ip route',
      check: {
        kind: 'output',
        includes: ['100.96.0.0/16 dev flannel0', '100.96.1.0/24 dev docker0'],
      },
    },
    {
      title: { en: 'Ping container-2 on node2', 'zh-CN': 'ping node2 上的 container-2' },
      body: {
        en: 'Open the timeline and follow the packet: docker0, flannel0, flanneld, then a UDP packet from 10.168.0.2 to 10.168.0.3 port 8285 whose payload is the original IP packet. node2 unwraps it the same way backwards.',
        'zh-CN':
          '打开时间线跟着这个包走：docker0、flannel0、flanneld，然后是一个从 10.168.0.2 发往 10.168.0.3:8285 的 UDP 包，载荷就是原来的 IP 包。node2 按相反的顺序把它拆开。',
      },
      claims: ['C07'],
      target: C1,
      command: PING_C2,
      check: {
        kind: 'all',
        checks: [{ kind: 'pingReplies' }, { kind: 'trace', hook: 'tun.read' }],
      },
      watch: true,
    },
    {
      title: { en: 'Count the crossings', 'zh-CN': '数一数态切换' },
      body: {
        en: 'Ping again and watch node1 in the timeline: the packet enters the kernel from the container (a), leaves it for flanneld through flannel0 (b), and enters it again when flanneld sends the UDP packet (c). Three user/kernel crossings on the sender, each one marked.',
        'zh-CN':
          '再 ping 一次，在时间线里盯住 node1：包从容器进入内核（a），经 flannel0 离开内核交给 flanneld（b），flanneld 发送 UDP 包时再次进入内核（c）。发送端三次用户态与内核态之间的切换，每一次都有标记。',
      },
      claims: ['C08'],
      target: C1,
      command: PING_C2,
      check: {
        kind: 'all',
        checks: [
          { kind: 'trace', hook: 'tun.read' },
          { kind: 'trace', hook: 'udp.send' },
        ],
      },
      watch: true,
    },
  ],
};

const flannelVxlan: Walkthrough = {
  id: 'flannel-vxlan',
  scenario: 'flannel-vxlan',
  title: {
    en: 'Flannel VXLAN: the tunnel stays in the kernel',
    'zh-CN': 'Flannel VXLAN：隧道留在内核里',
  },
  summary: {
    en: 'flannel.1 is a VXLAN tunnel endpoint (VTEP). The kernel wraps the container’s whole Ethernet frame in UDP 8472; flanneld only fills in the tables.',
    'zh-CN':
      'flannel.1 是 VXLAN 的隧道端点（VTEP）。内核把容器的整个二层数据帧封装进 UDP 8472；flanneld 只负责填表。',
  },
  steps: [
    {
      title: { en: 'flannel.1 is a VTEP', 'zh-CN': 'flannel.1 是 VTEP' },
      body: {
        en: 'A VXLAN device with VNI 1, sending from node1’s address to UDP port 8472. Unlike flannel0 it has a MAC address: it works at layer 2.',
        'zh-CN':
          '这是一个 VNI 为 1 的 VXLAN 设备，从 node1 的地址发往 UDP 8472 端口。和 flannel0 不同，它有 MAC 地址：它工作在二层。',
      },
      claims: ['C10'],
      target: NODE1,
      command: 'ip -d link show flannel.1',
      check: { kind: 'output', includes: ['vxlan id 1', 'dstport 8472', 'link/ether'] },
    },
    {
      title: { en: 'Route, neighbour, FDB', 'zh-CN': '路由、邻居表、转发表' },
      body: {
        en: 'flanneld wrote three things: a route to 100.96.2.0/24 via node2’s VTEP, a permanent neighbour entry with that VTEP’s MAC, and a bridge FDB entry sending that MAC to 10.168.0.3. This step shows the route.',
        'zh-CN':
          'flanneld 写了三样东西：经 node2 的 VTEP 去 100.96.2.0/24 的路由、一条记录该 VTEP MAC 的永久邻居表项、一条把这个 MAC 指向 10.168.0.3 的 FDB 表项。这一步先看路由。',
      },
      claims: ['C10'],
      target: NODE1,
      command: 'ip route show 100.96.2.0/24',
      check: { kind: 'output', includes: ['via 100.96.2.0 dev flannel.1 onlink'] },
    },
    {
      title: { en: 'The peer VTEP’s MAC', 'zh-CN': '对端 VTEP 的 MAC' },
      body: {
        en: 'The next hop 100.96.2.0 resolves to node2’s flannel.1 MAC, written by flanneld (PERMANENT), not learned by ARP.',
        'zh-CN':
          '下一跳 100.96.2.0 对应 node2 上 flannel.1 的 MAC，这是 flanneld 写进去的（PERMANENT），不是 ARP 学来的。',
      },
      claims: ['C10'],
      target: NODE1,
      command: 'ip neigh show dev flannel.1',
      check: { kind: 'output', includes: ['100.96.2.0 lladdr', 'PERMANENT'] },
    },
    {
      title: { en: 'Where that MAC lives', 'zh-CN': '这个 MAC 在哪台宿主机' },
      body: {
        en: 'The FDB sends frames for that MAC to 10.168.0.3, node2’s own IP: the outer destination of the tunnel.',
        'zh-CN':
          'FDB 把发往这个 MAC 的帧送到 10.168.0.3，也就是 node2 自己的 IP：隧道外层的目的地址。',
      },
      claims: ['C10'],
      target: NODE1,
      command: 'bridge fdb show dev flannel.1',
      check: { kind: 'output', includes: ['dst 10.168.0.3'] },
    },
    {
      title: { en: 'Ping, and watch the kernel do it all', 'zh-CN': 'ping，看内核完成一切' },
      body: {
        en: 'In the timeline the frame between the two flannel.1 MACs gets an outer Ethernet, IP (10.168.0.2 → 10.168.0.3), UDP 8472 and VXLAN header, all in kernel space. No step crosses into user space on the way: L2 over L3.',
        'zh-CN':
          '时间线里，两个 flannel.1 MAC 之间的帧被加上外层的以太网头、IP 头（10.168.0.2 → 10.168.0.3）、UDP 8472 和 VXLAN 头，全部在内核态完成。一路上没有切换到用户态：这是基于三层网络的二层覆盖网络。',
      },
      claims: ['C10'],
      target: C1,
      command: PING_C2,
      check: {
        kind: 'all',
        checks: [
          { kind: 'pingReplies' },
          { kind: 'trace', hook: 'vxlan.encap' },
          { kind: 'noTrace', hook: 'tun.read' },
        ],
      },
      watch: true,
    },
    {
      title: { en: 'Where the overhead comes from', 'zh-CN': '开销从哪里来' },
      body: {
        en: 'Every packet through flannel.1 gains 50 bytes of headers (outer Ethernet 14, IPv4 20, UDP 8, VXLAN 8), so flannel.1 and the containers get an MTU of 1450 instead of 1500: less payload per packet, plus the work of wrapping and unwrapping.',
        'zh-CN':
          '经过 flannel.1 的每个包都要多出 50 字节包头（外层以太网 14、IPv4 20、UDP 8、VXLAN 8），所以 flannel.1 和容器的 MTU 是 1450 而不是 1500：每个包承载的数据更少，还要多做封装和解封装。',
      },
      claims: ['C14', 'C10'],
      target: NODE1,
      command: 'cat /run/flannel/subnet.env',
      check: { kind: 'output', includes: ['FLANNEL_MTU=1450'] },
    },
  ],
};

const flannelHostGw: Walkthrough = {
  id: 'flannel-host-gw',
  scenario: 'flannel-host-gw',
  title: {
    en: 'Flannel host-gw: the peer host is the gateway',
    'zh-CN': 'Flannel host-gw：对端宿主机就是网关',
  },
  summary: {
    en: 'No tunnel at all: flanneld adds a route to each peer’s subnet via the peer host’s own IP, and packets go out as they are.',
    'zh-CN':
      '完全没有隧道：flanneld 为每个对端子网加一条以对端宿主机 IP 为下一跳的路由，包原样发出去。',
  },
  steps: [
    {
      title: { en: 'The route via node2', 'zh-CN': '经过 node2 的路由' },
      body: {
        en: 'node1 sends 100.96.2.0/24 via 10.168.0.3, node2’s address on the shared network, out of eth0.',
        'zh-CN':
          'node1 把去 100.96.2.0/24 的包经 eth0 发给 10.168.0.3，也就是 node2 在同一网络上的地址。',
      },
      claims: ['C11'],
      target: NODE1,
      command: 'ip route show 100.96.2.0/24',
      check: { kind: 'output', includes: ['via 10.168.0.3 dev eth0'] },
    },
    {
      title: { en: 'Ping container-2', 'zh-CN': 'ping container-2' },
      body: {
        en: 'In the timeline the frame on the wire is plain Ethernet + IP + ICMP between the container addresses: no outer header, no encapsulation.',
        'zh-CN':
          '时间线里，线上的帧就是普通的以太网 + IP + ICMP，地址是两个容器的地址：没有外层包头，没有封装。',
      },
      claims: ['C11', 'C21'],
      target: C1,
      command: PING_C2,
      check: {
        kind: 'all',
        checks: [{ kind: 'pingReplies' }, { kind: 'noTrace', hook: 'vxlan.encap' }],
      },
      watch: true,
    },
    {
      title: { en: 'The next hop’s MAC', 'zh-CN': '下一跳的 MAC' },
      body: {
        en: 'To send to the next hop node1 learned node2’s MAC by ARP. That MAC is the destination of the frame that carried the ping.',
        'zh-CN':
          '为了发给下一跳，node1 通过 ARP 学到了 node2 的 MAC。承载这次 ping 的帧，目的 MAC 就是它。',
      },
      claims: ['C11'],
      target: NODE1,
      command: 'ip neigh show 10.168.0.3',
      check: { kind: 'output', includes: ['10.168.0.3 dev eth0 lladdr'] },
    },
    {
      title: { en: 'Compare with node2’s NIC', 'zh-CN': '和 node2 的网卡对比' },
      body: {
        en: 'node2’s eth0 has exactly that MAC address.',
        'zh-CN': 'node2 的 eth0 正是这个 MAC 地址。',
      },
      claims: ['C11'],
      target: NODE2,
      command: 'ip -br link show eth0',
      check: { kind: 'output', includes: ['eth0', 'UP'] },
    },
    {
      title: { en: 'A new host joins', 'zh-CN': '新主机加入' },
      body: {
        en: 'Write a lease for a third host (10.168.0.9, subnet 100.96.9.0/24) into etcd, as its flanneld would when it starts.',
        'zh-CN':
          '向 etcd 写入第三台主机（10.168.0.9，子网 100.96.9.0/24）的租约，就像它的 flanneld 启动时会做的那样。',
      },
      claims: ['C09', 'C13'],
      target: NODE1,
      command:
        'ETCDCTL_API=2 etcdctl set /coreos.com/network/subnets/100.96.9.0-24 \'{"PublicIP":"10.168.0.9","PublicIPv6":null,"BackendType":"host-gw"}\'',
      check: { kind: 'output', includes: ['{"PublicIP":"10.168.0.9"'] },
    },
    {
      title: { en: 'Every flanneld reacts', 'zh-CN': '每个 flanneld 都会响应' },
      body: {
        en: 'flanneld on node2 watches the subnets in etcd: the new lease became a route at once, with no restart.',
        'zh-CN': 'node2 上的 flanneld 监视着 etcd 里的子网：新租约立刻变成了一条路由，不需要重启。',
      },
      claims: ['C13'],
      target: NODE2,
      command: 'ip route',
      check: { kind: 'output', includes: ['100.96.9.0/24 via 10.168.0.9 dev eth0'] },
    },
  ],
};

const hostGwRouter: Walkthrough = {
  id: 'host-gw-router',
  scenario: 'host-gw-router',
  title: {
    en: 'host-gw across a router: why it breaks',
    'zh-CN': '隔着路由器的 host-gw：为什么不通',
  },
  summary: {
    en: 'Here node1 and node2 are on different networks joined by a router. host-gw needs the peer host as an on-link next hop, and now it is not.',
    'zh-CN':
      '这里 node1 和 node2 在两个不同的网络上，中间隔着一台路由器。host-gw 要求对端宿主机是同一链路上的下一跳，现在却不是。',
  },
  steps: [
    {
      title: { en: 'The route is missing', 'zh-CN': '路由不见了' },
      body: {
        en: 'node1 has its default route to the router, but no route for node2’s 100.96.2.0/24.',
        'zh-CN': 'node1 有指向路由器的默认路由，却没有去 node2 的 100.96.2.0/24 的路由。',
      },
      claims: ['C12'],
      target: NODE1,
      command: 'ip route',
      check: { kind: 'output', includes: ['default via'], excludes: ['100.96.2.0/24'] },
    },
    {
      title: { en: 'flanneld tried', 'zh-CN': 'flanneld 试过了' },
      body: {
        en: 'Its log shows the lease for 100.96.2.0/24 via 10.168.1.3 arrived, and the kernel refused the route: network is unreachable.',
        'zh-CN':
          '日志显示它收到了 100.96.2.0/24 via 10.168.1.3 的租约，但内核拒绝了这条路由：network is unreachable。',
      },
      claims: ['C12'],
      target: NODE1,
      command: 'journalctl -u flanneld',
      check: { kind: 'output', includes: ['Error adding route', 'network is unreachable'] },
    },
    {
      title: { en: 'Try it by hand', 'zh-CN': '手动试一试' },
      body: {
        en: '10.168.1.3 is not on any network node1 is attached to, so the kernel will not use it as a gateway.',
        'zh-CN': '10.168.1.3 不在 node1 直连的任何网络上，所以内核不接受它作为网关。',
      },
      claims: ['C12'],
      target: NODE1,
      command: 'ip route add 100.96.2.0/24 via 10.168.1.3',
      check: { kind: 'output', includes: ['Nexthop has invalid gateway'] },
    },
    {
      title: { en: 'The ping is lost', 'zh-CN': 'ping 丢了' },
      body: {
        en: 'Without its route the packet follows node1’s default route to the router, which knows nothing of 100.96.2.0/24 and drops it. The timeline marks the drop in red.',
        'zh-CN':
          '没有专门的路由，包就顺着默认路由到了路由器；路由器不知道 100.96.2.0/24，把它丢弃。时间线用红色标出丢包的位置。',
      },
      claims: ['C12'],
      target: C1,
      command: 'ping -c 1 -W 1 100.96.2.3',
      check: { kind: 'pingLost' },
      watch: true,
    },
  ],
};

const POD1 = { machine: 'node1', netns: 'pod1' } as const;

const calicoStatic: Walkthrough = {
  id: 'calico-static',
  scenario: 'calico-static',
  title: {
    en: 'Calico: pods behind plain routes',
    'zh-CN': 'Calico：只靠路由连接的 Pod',
  },
  summary: {
    en: 'Calico builds no bridge. Each pod’s veth ends on the host as cali…, the host routes to each local pod over it, and pods on other hosts are reached via those hosts.',
    'zh-CN':
      'Calico 不建网桥。每个 Pod 的 veth 在宿主机一端叫 cali…，宿主机经它路由到本机的每个 Pod，其他宿主机上的 Pod 则经那台宿主机到达。',
  },
  steps: [
    {
      title: { en: 'A cali… device, no bridge', 'zh-CN': 'cali… 设备，没有网桥' },
      body: {
        en: 'The host end of pod1’s veth pair is cali5863f3ab4d2. It has no master: it is not a port of any bridge.',
        'zh-CN':
          'pod1 的 veth pair 在宿主机的一端是 cali5863f3ab4d2。它没有 master：不属于任何网桥。',
      },
      claims: ['C18'],
      target: NODE1,
      command: 'ip -d link show cali5863f3ab4d2',
      check: { kind: 'output', includes: ['cali5863f3ab4d2@', 'veth'], excludes: ['master'] },
    },
    {
      title: { en: 'One route per local pod', 'zh-CN': '每个本机 Pod 一条路由' },
      body: {
        en: 'node1 reaches pod1 (10.233.1.2) by a scope link route on its cali device, and node2’s pods via 10.168.0.3.',
        'zh-CN':
          'node1 通过 cali 设备上的一条 scope link 路由到达 pod1（10.233.1.2），经 10.168.0.3 到达 node2 上的 Pod。',
      },
      claims: ['C18', 'C21'],
      target: NODE1,
      command: 'ip route',
      check: {
        kind: 'output',
        includes: ['10.233.1.2 dev cali5863f3ab4d2 scope link', 'via 10.168.0.3 dev eth0'],
      },
    },
    {
      title: { en: 'Inside the pod', 'zh-CN': 'Pod 内部' },
      body: {
        en: 'pod1 sends everything to 169.254.1.1, an address nobody has: the host answers its ARP by proxy (with ee:ee:ee:ee:ee:ee) and routes the packet itself.',
        'zh-CN':
          'pod1 把所有流量都发给 169.254.1.1，一个没人拥有的地址：宿主机用代理 ARP 应答（MAC 为 ee:ee:ee:ee:ee:ee），然后自己路由这个包。',
      },
      claims: ['C18'],
      target: POD1,
      command: 'ip route',
      check: { kind: 'output', includes: ['default via 169.254.1.1 dev eth0'] },
    },
    {
      title: { en: 'Ping a pod on node2', 'zh-CN': 'ping node2 上的 Pod' },
      body: {
        en: 'pod1 pings pod2 (10.233.2.2). The timeline shows plain IP from pod to pod, routed by node1 and node2, with no outer header.',
        'zh-CN':
          'pod1 ping pod2（10.233.2.2）。时间线里是 Pod 到 Pod 的普通 IP 包，由 node1 和 node2 路由，没有外层包头。',
      },
      claims: ['C21'],
      target: POD1,
      command: 'ping -c 1 10.233.2.2',
      check: {
        kind: 'all',
        checks: [{ kind: 'pingReplies' }, { kind: 'noTrace', hook: 'vxlan.encap' }],
      },
      watch: true,
    },
    {
      title: { en: 'Just a route lookup', 'zh-CN': '只是一次路由查找' },
      body: {
        en: 'Ask node1’s kernel how it sends to 10.233.2.2: via node2’s IP on eth0, exactly like flannel host-gw.',
        'zh-CN':
          '问问 node1 的内核怎么发往 10.233.2.2：经 eth0 发给 node2 的 IP，和 flannel host-gw 一模一样。',
      },
      claims: ['C21'],
      target: NODE1,
      command: 'ip route get 10.233.2.2',
      check: { kind: 'output', includes: ['10.233.2.2 via 10.168.0.3 dev eth0'] },
    },
  ],
};

const calicoBgp: Walkthrough = {
  id: 'calico-bgp',
  scenario: 'calico-bgp',
  title: {
    en: 'Calico: routes learned over BGP',
    'zh-CN': 'Calico：经 BGP 学到的路由',
  },
  summary: {
    en: 'Nobody typed a route to the other node’s pods here. BIRD runs on each node, tells its peer over BGP which pod block lives behind it, and installs what it hears as proto bird routes.',
    'zh-CN':
      '这里没有人手工添加去往另一节点 Pod 的路由。每个节点上运行着 BIRD，它通过 BGP 告诉对端自己身后是哪一段 Pod 地址，并把听到的路由以 proto bird 装进内核。',
  },
  steps: [
    {
      title: { en: 'Two BGP speakers, one AS', 'zh-CN': '两个 BGP 发言者，同一个 AS' },
      body: {
        en: 'BIRD’s configuration on node1: local AS 64512, one neighbour (node2, 10.168.0.3) in the same AS, so the session is internal BGP. The static protocol owns this node’s block, 10.233.1.0/26.',
        'zh-CN':
          'node1 上 BIRD 的配置：本地 AS 64512，一个邻居（node2，10.168.0.3）也在同一个 AS，所以这是内部 BGP 会话。static 协议持有本节点的地址段 10.233.1.0/26。',
      },
      claims: ['C20'],
      target: NODE1,
      command: 'grep -e "as 64512" -e blackhole /etc/bird/bird.conf',
      check: {
        kind: 'output',
        includes: [
          'local as 64512;',
          'neighbor 10.168.0.3 as 64512;',
          'route 10.233.1.0/26 blackhole;',
        ],
      },
    },
    {
      title: { en: 'The session is up', 'zh-CN': '会话已建立' },
      body: {
        en: 'birdc asks the running BIRD. The BGP protocol Mesh_10_168_0_3 is Established: the two nodes opened a TCP connection to port 179 and exchanged OPEN and KEEPALIVE messages.',
        'zh-CN':
          'birdc 询问正在运行的 BIRD。BGP 协议 Mesh_10_168_0_3 处于 Established：两个节点建立了到 179 端口的 TCP 连接，并交换了 OPEN 和 KEEPALIVE 消息。',
      },
      claims: ['C19', 'C20'],
      target: NODE1,
      command: 'birdc show protocols',
      check: { kind: 'output', includes: ['Mesh_10_168_0_3 BGP', 'Established'] },
    },
    {
      title: { en: 'What node1 heard', 'zh-CN': 'node1 听到了什么' },
      body: {
        en: 'BIRD’s table: node2’s block 10.233.2.0/26 came from the BGP protocol, next hop 10.168.0.3; the local block is a blackhole route of the static protocol.',
        'zh-CN':
          'BIRD 的路由表：node2 的地址段 10.233.2.0/26 来自 BGP 协议，下一跳 10.168.0.3；本地地址段是 static 协议的一条 blackhole 路由。',
      },
      claims: ['C19'],
      target: NODE1,
      command: 'birdc show route',
      check: {
        kind: 'output',
        includes: ['10.233.2.0/26        unicast [Mesh_10_168_0_3', 'via 10.168.0.3 on eth0'],
      },
    },
    {
      title: { en: 'Programmed into the kernel', 'zh-CN': '写进内核路由表' },
      body: {
        en: 'The kernel protocol installed those routes: proto bird marks them. The route to node2’s pods goes via node2’s own address, as host-gw would.',
        'zh-CN':
          'kernel 协议把这些路由装进了内核，proto bird 就是它们的标记。去往 node2 上 Pod 的路由经 node2 自己的地址，和 host-gw 一样。',
      },
      claims: ['C19', 'C21'],
      target: NODE1,
      command: 'ip route show proto bird',
      check: {
        kind: 'output',
        includes: ['blackhole 10.233.1.0/26', '10.233.2.0/26 via 10.168.0.3 dev eth0'],
      },
    },
    {
      title: { en: 'Pod to pod, no tunnel', 'zh-CN': 'Pod 到 Pod，没有隧道' },
      body: {
        en: 'pod1 pings pod2. The packet crosses the underlay as plain IP, routed by both nodes (the reply arrives with TTL 62).',
        'zh-CN':
          'pod1 ping pod2。数据包以普通 IP 穿过底层网络，由两个节点路由（回包的 TTL 是 62）。',
      },
      claims: ['C21'],
      target: POD1,
      command: 'ping -c 1 10.233.2.2',
      check: {
        kind: 'all',
        checks: [
          { kind: 'pingReplies' },
          { kind: 'output', includes: ['ttl=62'] },
          { kind: 'noTrace', hook: 'vxlan.encap' },
        ],
      },
      watch: true,
    },
    {
      title: { en: 'node2 withdraws its block', 'zh-CN': 'node2 撤回它的地址段' },
      body: {
        en: 'Disable node2’s static protocol: its BIRD sends node1 an UPDATE withdrawing 10.233.2.0/26. Watch the TCP segment carry it.',
        'zh-CN':
          '关闭 node2 的 static 协议：它的 BIRD 向 node1 发送一条撤销 10.233.2.0/26 的 UPDATE。在时间线里看这个 TCP 报文段。',
      },
      claims: ['C20'],
      target: NODE2,
      command: 'birdc disable static1',
      check: {
        kind: 'all',
        checks: [
          { kind: 'output', includes: ['static1: disabled'] },
          { kind: 'trace', hook: 'tcp.send' },
        ],
      },
      watch: true,
    },
    {
      title: { en: 'The route is gone', 'zh-CN': '路由消失了' },
      body: {
        en: 'node1’s BIRD removed the route from the kernel: nothing reaches node2’s pods now.',
        'zh-CN': 'node1 的 BIRD 把这条路由从内核删掉了：现在到不了 node2 上的 Pod。',
      },
      claims: ['C19'],
      target: NODE1,
      command: 'ip route show proto bird',
      check: {
        kind: 'output',
        includes: ['blackhole 10.233.1.0/26'],
        excludes: ['10.233.2.0/26'],
      },
    },
    {
      title: { en: 'Listen on port 179', 'zh-CN': '监听 179 端口' },
      body: {
        en: 'Start a capture in the background (the & gives the prompt back at once): tcpdump -v decodes the next BGP message node2 sends.',
        'zh-CN':
          '在后台启动抓包（& 让提示符马上回来）：tcpdump -v 会解码 node2 发来的下一条 BGP 消息。',
      },
      claims: ['C20'],
      target: NODE1,
      command: 'tcpdump -n -v -i eth0 -c 1 tcp port 179 and src host 10.168.0.3 &',
      check: { kind: 'output', includes: ['[1] ', 'listening on eth0'] },
    },
    {
      title: { en: 'node2 announces again', 'zh-CN': 'node2 重新通告' },
      body: {
        en: 'Enable the static protocol again: node2’s BIRD sends an UPDATE with the block, its next hop and local preference. The capture on node1 prints it, field by field.',
        'zh-CN':
          '重新启用 static 协议：node2 的 BIRD 发出一条 UPDATE，带着地址段、下一跳和本地优先级。node1 上的抓包会逐个字段打印出来。',
      },
      claims: ['C20'],
      target: NODE2,
      command: 'birdc enable static1',
      check: { kind: 'output', includes: ['static1: enabled'] },
    },
    {
      title: { en: 'Heard and installed', 'zh-CN': '听到并装进内核' },
      body: {
        en: 'Above the prompt: tcpdump’s “Update Message (2)” with Next Hop 10.168.0.3 and “Updated routes: 10.233.2.0/26”. node1’s BIRD installed it again.',
        'zh-CN':
          '提示符上方是 tcpdump 打印的 “Update Message (2)”，下一跳 10.168.0.3，“Updated routes: 10.233.2.0/26”。node1 的 BIRD 又把它装进了内核。',
      },
      claims: ['C19', 'C20'],
      target: NODE1,
      command: 'ip route show proto bird',
      check: { kind: 'output', includes: ['10.233.2.0/26 via 10.168.0.3 dev eth0'] },
    },
  ],
};

const cniFlannel: Walkthrough = {
  id: 'cni-flannel',
  scenario: 'cni-flannel',
  title: {
    en: 'CNI: how a pod gets its network',
    'zh-CN': 'CNI：Pod 如何获得网络',
  },
  summary: {
    en: 'kubelet starts a pod’s pause container with no network, then runs the CNI plugins named by the first config file in /etc/cni/net.d to build its stack.',
    'zh-CN':
      'kubelet 先启动 Pod 的 pause 容器（没有网络），再按 /etc/cni/net.d 里排在最前面的配置文件调用 CNI 插件，为它搭建网络栈。',
  },
  steps: [
    {
      title: { en: 'The plugins on disk', 'zh-CN': '磁盘上的插件' },
      body: {
        en: 'CNI plugins are plain programs in /opt/cni/bin: main plugins that make interfaces (bridge, macvlan, ipvlan, ptp), IPAM plugins that hand out addresses (host-local, dhcp), and the ones network add-ons bring (flannel, calico).',
        'zh-CN':
          'CNI 插件就是 /opt/cni/bin 里的普通程序：创建网卡的主插件（bridge、macvlan、ipvlan、ptp），分配地址的 IPAM 插件（host-local、dhcp），以及网络插件自带的（flannel、calico）。',
      },
      claims: ['C16'],
      target: NODE1,
      command: 'ls /opt/cni/bin',
      check: { kind: 'output', includes: ['bridge', 'host-local', 'macvlan', 'flannel', 'calico'] },
    },
    {
      title: { en: 'Two config files, one used', 'zh-CN': '两个配置文件，只用一个' },
      body: {
        en: 'kubelet sorts the file names in /etc/cni/net.d and takes the first one that loads: 10-flannel.conflist. 99-mynet.conf is never read.',
        'zh-CN':
          'kubelet 对 /etc/cni/net.d 里的文件名排序，取第一个能加载的：10-flannel.conflist。99-mynet.conf 从来不会被读取。',
      },
      claims: ['C17'],
      target: NODE1,
      command: 'ls /etc/cni/net.d',
      check: { kind: 'output', includes: ['10-flannel.conflist', '99-mynet.conf'] },
    },
    {
      title: { en: 'A chain of plugins', 'zh-CN': '插件链' },
      body: {
        en: 'A .conflist chains plugins in its plugins list: flannel first (it hands the real work to bridge and host-local), then portmap.',
        'zh-CN':
          '.conflist 在 plugins 列表里串起多个插件：先是 flannel（它把实际工作交给 bridge 和 host-local），然后是 portmap。',
      },
      claims: ['C17', 'C16'],
      target: NODE1,
      command: 'cat /etc/cni/net.d/10-flannel.conflist',
      check: { kind: 'output', includes: ['"type":"flannel"', '"type":"portmap"'] },
    },
    {
      title: { en: 'The pause container', 'zh-CN': 'pause 容器' },
      body: {
        en: 'Each pod has an infrastructure container running /pause. It was started first, with no network; CNI built the stack in its namespace, and the app container joined that namespace.',
        'zh-CN':
          '每个 Pod 都有一个运行 /pause 的基础容器。它最先启动，没有网络；CNI 在它的网络命名空间里搭好网络栈，应用容器再加入这个命名空间。',
      },
      claims: ['C15'],
      target: NODE1,
      command: 'docker ps',
      check: {
        kind: 'output',
        includes: ['k8s.gcr.io/pause:3.9', 'k8s_POD_pod1_default_pod1-uid_0', 'pod1-app'],
      },
    },
    {
      title: { en: 'What bridge and host-local did', 'zh-CN': 'bridge 和 host-local 做了什么' },
      body: {
        en: 'The bridge plugin made cni0 with the gateway address of this node’s flannel subnet; host-local recorded the pod’s address as a file.',
        'zh-CN':
          'bridge 插件创建了 cni0，并配上本节点 flannel 子网的网关地址；host-local 把分给 Pod 的地址记成了一个文件。',
      },
      claims: ['C16'],
      target: NODE1,
      command: 'ls /var/lib/cni/networks/cbr0',
      check: { kind: 'output', includes: ['100.96.1.2', 'last_reserved_ip.0'] },
    },
    {
      title: { en: 'The pod’s own view', 'zh-CN': 'Pod 自己看到的' },
      body: {
        en: 'Inside the app container: eth0 with the address host-local gave, and routes via cni0’s address.',
        'zh-CN': '在应用容器里：eth0 上是 host-local 分配的地址，路由经 cni0 的地址。',
      },
      claims: ['C15'],
      target: { machine: 'node1', container: 'pod1-app' },
      command: 'ip route',
      check: { kind: 'output', includes: ['default via 100.96.1.1 dev eth0', 'src 100.96.1.2'] },
    },
    {
      title: { en: 'Pod to pod across nodes', 'zh-CN': '跨节点的 Pod 互通' },
      body: {
        en: 'pod1 pings pod2 on node2: out through cni0, then flannel.1 wraps it in VXLAN.',
        'zh-CN': 'pod1 ping node2 上的 pod2：从 cni0 出去，再由 flannel.1 封装进 VXLAN。',
      },
      claims: ['C15', 'C10'],
      target: { machine: 'node1', container: 'pod1-app' },
      command: 'ping -c 1 100.96.2.2',
      check: {
        kind: 'all',
        checks: [{ kind: 'pingReplies' }, { kind: 'trace', hook: 'vxlan.encap' }],
      },
      watch: true,
    },
  ],
};

export const WALKTHROUGHS: readonly Walkthrough[] = [
  docker0,
  dockerNat,
  netHost,
  flannelUdp,
  flannelVxlan,
  flannelHostGw,
  hostGwRouter,
  calicoStatic,
  calicoBgp,
  cniFlannel,
];

export function walkthroughById(id: string): Walkthrough | undefined {
  return WALKTHROUGHS.find((w) => w.id === id);
}
