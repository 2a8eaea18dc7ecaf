/**
 * Docker's ways of writing time, on the lab's virtual clock (which starts at 2024-01-01 00:00:00
 * UTC, as `iptables-save` dates do): go-units HumanDuration for `docker ps`, RFC 3339 with
 * nanoseconds (Go's time.RFC3339Nano, trailing zeros trimmed) for `docker inspect`.
 */

import { labCtime } from '../../shell/commands/iptables/format';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** github.com/docker/go-units HumanDuration. */
export function humanDuration(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(seconds / 3600 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(seconds / 3600 / 24 / 365)} years`;
}

/** [year, month 1–12, day, "HH:MM:SS", weekday] of virtual time `us`, from the lab's ctime. */
export function civil(us: number): [number, number, number, string, string] {
  const [wd, mon, day, hms, year] = labCtime(us).split(/\s+/);
  return [Number(year), MONTHS.indexOf(mon) + 1, Number(day), hms, wd];
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** `2024-01-01T00:00:05.1234Z` for virtual time `us`. */
export function rfc3339Nano(us: number): string {
  const [y, m, d, hms] = civil(us);
  const frac = String((us % 1_000_000) * 1000)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${y}-${p2(m)}-${p2(d)}T${hms}${frac ? `.${frac}` : ''}Z`;
}

/** nginx's log time: `2024/01/01 00:00:05`. */
export function nginxTime(us: number): string {
  const [y, m, d, hms] = civil(us);
  return `${y}/${p2(m)}/${p2(d)} ${hms}`;
}

/** An HTTP Date header (RFC 7231 IMF-fixdate): `Mon, 01 Jan 2024 00:00:05 GMT`. */
export function httpDate(us: number): string {
  const [y, m, d, hms, wd] = civil(us);
  return `${wd}, ${p2(d)} ${MONTHS[m - 1]} ${y} ${hms} GMT`;
}

/** nginx's access log time: `01/Jan/2024:00:00:05 +0000`. */
export function nginxAccessTime(us: number): string {
  const [y, m, d, hms] = civil(us);
  return `${p2(d)}/${MONTHS[m - 1]}/${y}:${hms} +0000`;
}
