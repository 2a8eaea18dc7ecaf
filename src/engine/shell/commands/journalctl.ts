/**
 * `journalctl -u UNIT`: the lab's daemons write their logs to /var/log/UNIT.log (flanneld, etcd);
 * journalctl shows them as systemd 252 does, each line prefixed with the time, host, unit and
 * pid (`Jan 01 00:00:03 node1 flanneld[27904]: I0101 00:00:03.000000 …`). The time and pid are
 * read from the daemon's own log line (klog or capnslog); a line without them keeps the last.
 */
import { type Command, fail } from '../command';
import { readFile } from '../files';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** klog: `I0101 00:00:03.000240   27904 file.go:12] …` */
const KLOG = /^[IWEF](\d\d)(\d\d) (\d\d:\d\d:\d\d)\.\d+\s+(\d+) /;
/** capnslog: `2024-01-01 00:00:03.000000 I | pkg: …` */
const CAPNSLOG = /^\d{4}-(\d\d)-(\d\d) (\d\d:\d\d:\d\d)\.\d+ /;

export function journalLines(
  text: string,
  host: string,
  unit: string,
  defaultPid: number,
): string[] {
  let stamp = 'Jan 01 00:00:00';
  let pid = defaultPid;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const k = KLOG.exec(line);
    const c = k ? undefined : CAPNSLOG.exec(line);
    const m = k ?? c;
    if (m) stamp = `${MONTHS[Number(m[1]) - 1] ?? 'Jan'} ${m[2]} ${m[3]}`;
    if (k) pid = Number(k[4]);
    out.push(`${stamp} ${host} ${unit}[${pid}]: ${line}`);
  }
  return out;
}

export const journalctlCommand: Command = {
  name: 'journalctl',
  help: {
    summary: "show a daemon's log (the lab keeps flanneld's and etcd's)",
    usage: ['journalctl -u UNIT [-n N] [--no-pager]'],
    options: [
      ['-u UNIT', 'the unit: flanneld or etcd'],
      ['-n N', 'only the last N lines'],
    ],
  },
  run(argv, ctx) {
    let unit: string | undefined;
    let last: number | undefined;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-u' || a === '--unit') unit = argv[++i];
      else if (a.startsWith('--unit=')) unit = a.slice(7);
      else if (a === '-n' || a === '--lines') last = Number(argv[++i]);
      else if (a === '--no-pager' || a === '-b' || a === '-q') continue;
      else if (a === '-f' || a === '--follow') {
        return fail(
          ctx,
          'journalctl: following a log is not simulated; run it again to see new lines',
        );
      } else return fail(ctx, `journalctl: invalid option -- '${a.replace(/^-+/, '')}'`);
    }
    if (!unit)
      return fail(ctx, 'journalctl: the lab keeps only daemon logs: use -u flanneld or -u etcd');
    const name = unit.replace(/\.service$/, '');
    const text = readFile(ctx, `/var/log/${name}.log`);
    if (text === undefined) {
      ctx.stdout.write('-- No entries --\n');
      return 0;
    }
    const daemon = ctx.machine?.daemons.get(name) as { pid?: number } | undefined;
    let lines = journalLines(text, ctx.machine?.hostname ?? 'localhost', name, daemon?.pid ?? 1);
    if (last !== undefined && Number.isFinite(last)) lines = lines.slice(-Math.max(0, last));
    ctx.stdout.write(lines.map((l) => `${l}\n`).join(''));
    return 0;
  },
};
