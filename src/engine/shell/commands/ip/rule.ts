/**
 * `ip rule`: the routing policy database. The lab keeps the kernel's default rules only (every
 * lookup goes local, main, default), so `ip rule` lists them as iproute2 6.1 does; adding or
 * deleting a rule is refused with a note rather than silently ignored.
 */
import { err, type IpContext, out } from './context';
import { formatJson } from './json';
import { matches } from './matches';

const RULES_V4 = [
  '0:\tfrom all lookup local',
  '32766:\tfrom all lookup main',
  '32767:\tfrom all lookup default',
];
/** IPv6 has no rule for the default table. */
const RULES_V6 = ['0:\tfrom all lookup local', '32766:\tfrom all lookup main'];

export function ipRule(ip: IpContext, argv: string[]): number {
  const sub = argv[0];
  if (sub === undefined || matches(sub, 'list') || matches(sub, 'show') || sub === 'lst') {
    const rules = ip.opts.family === 'inet6' ? RULES_V6 : RULES_V4;
    if (ip.opts.json) {
      const list = rules.map((r) => {
        const [prio, rest] = r.split(':\t');
        return { priority: Number(prio), src: 'all', table: rest.split(' ').at(-1) ?? '' };
      });
      out(ip, `${formatJson(list, ip.opts.pretty)}\n`);
      return 0;
    }
    out(ip, rules.map((r) => `${r}\n`).join(''));
    return 0;
  }
  return err(
    ip,
    `ip rule ${sub}: policy routing is not simulated in cnlab yet (every lookup uses the default rules: local, main, default)`,
    2,
  );
}
