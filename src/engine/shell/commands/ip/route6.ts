/**
 * `ip -6 route`: the IPv6 routes the kernel keeps for link-local addressing (the lab does not
 * route IPv6), as kernel 6.x shows them: `fe80::/64` per device in main (from the moment the
 * link-local address is added); in local, `::1` on lo, each link-local address once duplicate
 * address detection is over, and `ff00::/8` on each multicast device that has IPv6 up (an
 * address flush leaves that one). Derived from the devices' IPv6 addresses.
 */
import { IFF } from '../../../kernel/device';
import { TABLE } from '../../../kernel/fib';
import type { Netns } from '../../../kernel/netns';

interface Route6 {
  key: string;
  ifindex: number;
  text: string;
}

/** Sort key that orders IPv6 text addresses like the kernel's trie (::1 < fe80:: < ff00::). */
function addrKey(addr: string): string {
  const [head, tail = ''] = addr.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = addr.includes('::')
    ? [...h, ...new Array(8 - h.length - t.length).fill('0'), ...t]
    : h;
  return groups.map((g) => g.padStart(4, '0')).join('');
}

export function ipv6Routes(ns: Netns, table: number): string[] {
  const out: Route6[] = [];
  const now = ns.machine.now();
  for (const d of ns.devices) {
    if (!d.adminUp) continue;
    const linkdown = d.carrier ? '' : 'linkdown ';
    for (const a of d.ipv6) {
      if ((table === TABLE.main || table === TABLE.unspec) && a.addr !== '::1') {
        out.push({
          key: `0${addrKey('fe80::')}`,
          ifindex: d.ifindex,
          text: `fe80::/64 dev ${d.name} proto kernel metric 256 ${linkdown}pref medium`,
        });
      }
      if ((table === TABLE.local || table === TABLE.unspec) && now >= a.tentativeUntil) {
        const t = table === TABLE.unspec ? 'table local ' : '';
        out.push({
          key: `1${addrKey(a.addr)}`,
          ifindex: d.ifindex,
          text: `local ${a.addr} dev ${d.name} ${t}proto kernel metric 0 pref medium`,
        });
      }
    }
    if (
      (table === TABLE.local || table === TABLE.unspec) &&
      d.flags & IFF.MULTICAST &&
      (d.ipv6.length > 0 || d.ipv6Flushed)
    ) {
      const t = table === TABLE.unspec ? 'table local ' : '';
      out.push({
        key: `1${addrKey('ff00::')}`,
        ifindex: d.ifindex,
        text: `multicast ff00::/8 dev ${d.name} ${t}proto kernel metric 256 ${linkdown}pref medium`,
      });
    }
  }
  return out
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.ifindex - y.ifindex))
    .map((r) => r.text);
}
