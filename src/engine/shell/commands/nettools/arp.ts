/**
 * net-tools `arp -n` / `arp -a`: the neighbour table as /proc/net/arp shows it (NOARP entries
 * are not listed; flags C = complete, M = permanent).
 */
import { formatIpv4, formatMac, parseIpv4 } from '../../../kernel/inet';
import { neighList } from '../../../kernel/neigh';
import { type Command, fail } from '../../command';
import { arpSet } from './nettools-set';

export const arpCommand: Command = {
  name: 'arp',
  help: {
    summary: 'show the ARP table (net-tools; prefer `ip neigh`)',
    usage: ['arp [-n] [-a] [-i IFACE] [HOST]', 'arp -s HOST MAC [temp]', 'arp -d HOST'],
  },
  run(argv, ctx) {
    const ns = ctx.netns;
    if (!ns) return fail(ctx, 'arp: not available in the lab console');
    let bsd = false;
    let iface: string | undefined;
    let host: string | undefined;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-a') bsd = true;
      else if (a === '-n') continue;
      else if (a === '-i') iface = argv[++i];
      else if (a === '-s' || a === '-d') return arpSet(ctx, ns, argv.slice(i));
      else host = a;
    }
    const hostAddr = host === undefined ? undefined : parseIpv4(host);
    const entries = neighList(ns).filter(
      (e) =>
        e.state !== 'NOARP' &&
        (iface === undefined || e.dev.name === iface) &&
        (hostAddr === undefined || e.addr === hostAddr),
    );
    if (host !== undefined && entries.length === 0) {
      ctx.stdout.write(`${host} (${host}) -- no entry\n`);
      return 0;
    }
    if (bsd) {
      for (const e of entries) {
        const at =
          e.lladdr === undefined || e.state === 'INCOMPLETE' || e.state === 'FAILED'
            ? '<incomplete>'
            : `${formatMac(e.lladdr)} [ether]${e.state === 'PERMANENT' ? ' PERM' : ''}`;
        ctx.stdout.write(`? (${formatIpv4(e.addr)}) at ${at} on ${e.dev.name}\n`);
      }
      return 0;
    }
    if (entries.length === 0) {
      // An empty neighbour table prints nothing; one with only unlisted (NOARP) entries says so.
      if (neighList(ns).length > 0) ctx.stdout.write(`arp: in 0 entries no match found.\n`);
      return 0;
    }
    let out = 'Address                  HWtype  HWaddress           Flags Mask            Iface\n';
    for (const e of entries) {
      const addr = formatIpv4(e.addr).padEnd(25);
      if (e.lladdr === undefined || e.state === 'INCOMPLETE' || e.state === 'FAILED') {
        out += `${addr}        (incomplete)                              ${e.dev.name}\n`;
        continue;
      }
      const flags = e.state === 'PERMANENT' ? 'CM' : 'C';
      out += `${addr}ether   ${formatMac(e.lladdr)}   ${flags.padEnd(6)}                ${e.dev.name}\n`;
    }
    ctx.stdout.write(out);
    return 0;
  },
};
