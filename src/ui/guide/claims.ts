/**
 * The claims of the source material, in short, for the claim chips of the walkthrough panel
 * (the full wording is in seed/container-networking.*.md). Loaded with the panel, not at start.
 */
import type { Bilingual, ClaimId } from './model';

export const CLAIMS: Record<ClaimId, Bilingual> = {
  C01: {
    en: 'A container has a network namespace of its own: its own interfaces, loopback, routes and iptables rules.',
    'zh-CN': '容器有自己的网络命名空间：自己的网卡、回环设备、路由表和 iptables 规则。',
  },
  C02: {
    en: '--net=host shares the host’s network stack: a second host-network server on the same port fails to bind it.',
    'zh-CN':
      '--net=host 直接使用宿主机的网络栈：第二个监听同一端口的 host 网络容器会因端口冲突而失败。',
  },
  C03: {
    en: 'Containers on one host talk through a veth pair and a bridge (docker0 or cni0); the container’s eth0 is one end of the pair.',
    'zh-CN':
      '同一宿主机上的容器通过 veth pair 和网桥（docker0 或 cni0）通信；容器里的 eth0 是 veth pair 的一端。',
  },
  C04: {
    en: 'The bridge learns MAC addresses and forwards each frame to the right port (bridge fdb shows them).',
    'zh-CN': '网桥学习 MAC 地址，把二层数据帧转发到正确的端口（bridge fdb 可以看到）。',
  },
  C05: {
    en: 'When a container cannot reach the outside, check the MASQUERADE rule, ip_forward and the docker0 route.',
    'zh-CN': '容器访问不到外部时，检查 MASQUERADE 规则、ip_forward 和 docker0 的路由。',
  },
  C06: {
    en: 'To another host a packet goes container → docker0 → the host’s routing → the host’s NIC.',
    'zh-CN': '访问另一台宿主机时，数据包的路径是：容器 → docker0 → 宿主机路由 → 宿主机网卡。',
  },
  C07: {
    en: 'Flannel UDP: flannel0 is a TUN device; flanneld puts the whole IP packet into UDP to the peer host’s port 8285.',
    'zh-CN':
      'Flannel UDP 模式：flannel0 是 TUN 设备；flanneld 把整个 IP 包封装进 UDP，发往对端宿主机的 8285 端口。',
  },
  C08: {
    en: 'UDP mode costs three user/kernel crossings per packet on the sender.',
    'zh-CN': 'UDP 模式下，发送端每个包要经历三次用户态与内核态之间的切换。',
  },
  C09: {
    en: 'Each host owns one subnet; flanneld keeps the lease in etcd under /coreos.com/network/subnets with the host’s PublicIP.',
    'zh-CN':
      '每台宿主机拥有一个子网；flanneld 把租约存在 etcd 的 /coreos.com/network/subnets 下，值里是宿主机的 PublicIP。',
  },
  C10: {
    en: 'Flannel VXLAN: flannel.1 is a VTEP; encapsulation happens in the kernel, with no user-space crossing.',
    'zh-CN':
      'Flannel VXLAN 模式：flannel.1 是 VTEP（虚拟隧道端点）；封装全在内核里完成，没有用户态切换。',
  },
  C11: {
    en: 'host-gw: the route to a peer’s subnet goes via the peer host’s IP; the frame goes to that host’s MAC; no encapsulation.',
    'zh-CN':
      'host-gw 模式：去对端子网的路由下一跳是对端宿主机的 IP；帧发往那台宿主机的 MAC；不做封装。',
  },
  C12: {
    en: 'host-gw needs the hosts on one L2 network: a next hop that is not on-link is refused.',
    'zh-CN': 'host-gw 要求宿主机二层互通：不在同一链路上的下一跳会被拒绝。',
  },
  C13: {
    en: 'flanneld watches etcd: a new host’s lease updates every host’s routes live.',
    'zh-CN': 'flanneld 监听（WATCH）etcd：新宿主机的租约一出现，所有宿主机的路由随之更新。',
  },
  C14: {
    en: 'Overhead: host-gw loses about 10%, VXLAN-style tunnels 20–30%; headers, MTU and crossings are the cost.',
    'zh-CN': '性能损耗：host-gw 约 10%，VXLAN 这类隧道约 20–30%；代价来自包头、MTU 和态切换。',
  },
  C15: {
    en: 'A Pod’s infra (pause) container holds the netns; the CNI plugin then builds its stack.',
    'zh-CN': 'Pod 的 Infra（pause）容器持有网络命名空间，CNI 插件再为它配置网络栈。',
  },
  C16: {
    en: 'CNI plugins come as main, IPAM and community plugins; their binaries live in /opt/cni/bin/.',
    'zh-CN': 'CNI 插件分为 main、IPAM 和社区插件三类；可执行文件放在 /opt/cni/bin/。',
  },
  C17: {
    en: 'Of several files in /etc/cni/net.d only the alphabetically first is used; a conflist can chain plugins.',
    'zh-CN': '/etc/cni/net.d 下有多个文件时只用字母序第一个；一个 conflist 可以串联多个插件。',
  },
  C18: {
    en: 'Calico: no bridge; each pod’s veth has a cali… host end and a <pod ip> dev cali… scope link route.',
    'zh-CN':
      'Calico：没有网桥；每个 Pod 的 veth 在宿主机一端叫 cali…，宿主机上有一条 <pod ip> dev cali… scope link 路由。',
  },
  C19: {
    en: 'Calico spreads routes with BGP (BIRD); each host learns <peer pod block> via <peer host IP>.',
    'zh-CN': 'Calico 用 BGP（BIRD）分发路由；每台宿主机学到 <对端 Pod 网段> via <对端宿主机 IP>。',
  },
  C20: {
    en: 'BGP basics: autonomous systems, border gateways, peers exchanging routes.',
    'zh-CN': 'BGP 基础：自治系统、边界网关、对等体之间交换路由。',
  },
  C21: {
    en: 'Calico, like host-gw, forwards by plain layer-3 routing, with no encapsulation.',
    'zh-CN': 'Calico 和 host-gw 一样，靠纯三层路由转发，不做封装。',
  },
};
