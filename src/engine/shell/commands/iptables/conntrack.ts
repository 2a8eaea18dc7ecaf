/**
 * `conntrack` from conntrack-tools 1.4.7: `-L` (with `-p PROTO`), `-C` (count) and `-F`
 * (flush). Lines print as the tool does: protocol name padded to 8, number, seconds left,
 * TCP state, the original tuple, `[UNREPLIED]`, the reply tuple, `[ASSURED]`, `mark=0 use=1`;
 * the summary goes to stderr. Entries list in creation order (the kernel's is hash order).
 */

import { formatIpv4 } from '../../../kernel/inet';
import { type Conn, CtStatus, TCP_STATE_NAMES, type Tuple } from '../../../kernel/netfilter';
import { type Command, type CommandContext, println } from '../../command';
import { PROTOCOL_NAMES } from './names';

const PROG = 'conntrack v1.4.7 (conntrack-tools)';

function tupleText(t: Tuple): string {
  const base = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)}`;
  if (t.proto === 6 || t.proto === 17) return `${base} sport=${t.sport} dport=${t.dport}`;
  if (t.proto === 1) return `${base} type=${t.icmpType} code=0 id=${t.sport}`;
  return base;
}

/** One `conntrack -L` line. */
export function conntrackLine(c: Conn, now: number): string {
  const o = c.orig;
  const name =
    o.proto === 6 || o.proto === 17 || o.proto === 1 ? PROTOCOL_NAMES[o.proto] : 'unknown';
  const secs = Math.max(0, Math.floor((c.expires - now) / 1_000_000));
  let s = `${name.padEnd(8)} ${o.proto} ${secs} `;
  if (o.proto === 6) s += `${TCP_STATE_NAMES[c.tcpState]} `;
  s += tupleText(o);
  if (!(c.status & CtStatus.SEEN_REPLY)) s += ' [UNREPLIED]';
  s += ` ${tupleText(c.reply)}`;
  if (c.status & CtStatus.ASSURED) s += ' [ASSURED]';
  return `${s} mark=0 use=1`;
}

function run(argv: string[], ctx: CommandContext): number {
  const ns = ctx.netns;
  if (!ns) {
    ctx.stderr.write(`${PROG}: not available in the lab console\n`);
    return 1;
  }
  const ct = ns.netfilter.conntrack;
  const now = ctx.now();
  let cmd: 'L' | 'C' | 'F' | undefined;
  let proto: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === '-L' || w === '--dump') cmd = 'L';
    else if (w === '-C' || w === '--count') cmd = 'C';
    else if (w === '-F' || w === '--flush') cmd = 'F';
    else if (w === '-p' || w === '--proto') {
      const p = argv[++i];
      const num =
        p === undefined
          ? undefined
          : (Object.entries(PROTOCOL_NAMES).find(([, n]) => n === p)?.[0] ??
            (/^\d+$/.test(p) ? p : undefined));
      if (num === undefined) {
        ctx.stderr.write(`${PROG}: \`${p ?? ''}' unsupported protocol\n`);
        return 1;
      }
      proto = Number(num);
    } else if (w === '-n' || w === '-o') {
      i += w === '-o' ? 1 : 0;
    } else {
      ctx.stderr.write(
        `${PROG}: unknown option \`${w}'\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`,
      );
      return 2;
    }
  }
  if (cmd === undefined) {
    ctx.stderr.write(
      `${PROG}: no command specified\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`,
    );
    return 2;
  }
  if (cmd === 'F') {
    ct.flush();
    ctx.stderr.write(`${PROG}: connection tracking table has been emptied.\n`);
    return 0;
  }
  const conns = ct.list(now).filter((c) => proto === undefined || c.orig.proto === proto);
  if (cmd === 'C') {
    println(ctx, String(conns.length));
    return 0;
  }
  for (const c of conns) println(ctx, conntrackLine(c, now));
  ctx.stderr.write(`${PROG}: ${conns.length} flow entries have been shown.\n`);
  return 0;
}

export const conntrackCommand: Command = {
  name: 'conntrack',
  help: {
    summary: 'list and flush the connection tracking table (conntrack-tools 1.4.7)',
    usage: ['conntrack -L [-p PROTO]', 'conntrack -C', 'conntrack -F'],
    notes: 'Entries are listed in creation order; marks are always 0.',
  },
  mutates: (argv) => argv.includes('-F') || argv.includes('--flush'),
  run,
};
