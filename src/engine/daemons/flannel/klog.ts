/**
 * flanneld logs through klog: `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg` (k8s.io/klog
 * formatHeader), here stamped with the lab's virtual clock (2024-01-01 00:00:00 UTC at 0).
 */
import { labCtime } from '../../shell/commands/iptables/format';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type Severity = 'I' | 'W' | 'E' | 'F';

const p2 = (n: number) => String(n).padStart(2, '0');

function civil(us: number): { y: number; m: number; d: number; hms: string } {
  const [, mon, day, hms, year] = labCtime(us).split(/\s+/);
  return { y: Number(year), m: MONTHS.indexOf(mon) + 1, d: Number(day), hms };
}

/** One klog line (with its newline). */
export function klogLine(
  us: number,
  sev: Severity,
  pid: number,
  where: string,
  msg: string,
): string {
  const { m, d, hms } = civil(us);
  const micros = String(Math.floor(us) % 1_000_000).padStart(6, '0');
  return `${sev}${p2(m)}${p2(d)} ${hms}.${micros} ${String(pid).padStart(7)} ${where}] ${msg}\n`;
}

/** Go's time.Time.String() for a UTC time: `2024-01-02 00:00:00.5 +0000 UTC`. */
export function goTime(us: number): string {
  const { y, m, d, hms } = civil(us);
  const frac = String((Math.floor(us) % 1_000_000) * 1000)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${y}-${p2(m)}-${p2(d)} ${hms}${frac ? `.${frac}` : ''} +0000 UTC`;
}
