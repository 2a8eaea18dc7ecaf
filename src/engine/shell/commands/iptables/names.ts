/**
 * The name tables iptables reads from the system: /etc/protocols, /etc/services (the entries a
 * Debian 12 host has for the ports the lab's scenarios use) and libxt_icmp's ICMP type names.
 */

/** /etc/protocols (Debian netbase): number → name. */
export const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  1: 'icmp',
  2: 'igmp',
  4: 'ipencap',
  6: 'tcp',
  17: 'udp',
  41: 'ipv6',
  47: 'gre',
  50: 'esp',
  51: 'ah',
  58: 'ipv6-icmp',
  89: 'ospf',
  103: 'pim',
  112: 'vrrp',
  132: 'sctp',
  136: 'udplite',
};

/** Protocol number for a `-p` value (case-insensitive name, or 0..255), else undefined. */
export function protocolNumber(text: string): number | undefined {
  const t = text.toLowerCase();
  if (t === 'all') return 0;
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return n <= 255 ? n : undefined;
  }
  for (const [num, name] of Object.entries(PROTOCOL_NAMES)) if (name === t) return Number(num);
  if (t === 'icmpv6' || t === 'ipv6-icmp') return 58;
  return undefined;
}

/** /etc/services entries (tcp and udp share these numbers). */
const SERVICES: readonly [string, number][] = [
  ['ftp-data', 20],
  ['ftp', 21],
  ['ssh', 22],
  ['telnet', 23],
  ['smtp', 25],
  ['domain', 53],
  ['bootps', 67],
  ['bootpc', 68],
  ['tftp', 69],
  ['http', 80],
  ['pop3', 110],
  ['ntp', 123],
  ['imap2', 143],
  ['snmp', 161],
  ['bgp', 179],
  ['ldap', 389],
  ['https', 443],
  ['submissions', 465],
  ['syslog', 514],
  ['submission', 587],
  ['ldaps', 636],
  ['imaps', 993],
  ['pop3s', 995],
  ['mysql', 3306],
  ['postgresql', 5432],
  ['http-alt', 8080],
];

export function serviceName(port: number): string | undefined {
  return SERVICES.find(([, p]) => p === port)?.[0];
}

export function servicePort(name: string): number | undefined {
  const alias: Record<string, string> = { www: 'http', webcache: 'http-alt', imap: 'imap2' };
  const n = alias[name] ?? name;
  return SERVICES.find(([s]) => s === n)?.[1];
}

/** libxt_icmp's table: name, type, code range. */
export const ICMP_TYPES: readonly [string, number, number, number][] = [
  ['any', 0xff, 0, 0xff],
  ['echo-reply', 0, 0, 0xff],
  ['destination-unreachable', 3, 0, 0xff],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14],
  ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 0xff],
  ['redirect', 5, 0, 0xff],
  ['network-redirect', 5, 0, 0],
  ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2],
  ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 0xff],
  ['router-advertisement', 9, 0, 0xff],
  ['router-solicitation', 10, 0, 0xff],
  ['time-exceeded', 11, 0, 0xff],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 0xff],
  ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 0xff],
  ['timestamp-reply', 14, 0, 0xff],
  ['address-mask-request', 17, 0, 0xff],
  ['address-mask-reply', 18, 0, 0xff],
];

/** Aliases libxt_icmp accepts besides the table names. */
const ICMP_ALIASES: Readonly<Record<string, string>> = {
  pong: 'echo-reply',
  ping: 'echo-request',
  'ttl-exceeded': 'time-exceeded',
  'network-prohibited': 'network-prohibited',
};

export function icmpTypeByName(name: string): [number, number, number] | undefined {
  const n = ICMP_ALIASES[name] ?? name;
  const e = ICMP_TYPES.find(([t]) => t === n);
  return e && [e[1], e[2], e[3]];
}

export function icmpTypeName(type: number, lo: number, hi: number): string | undefined {
  return ICMP_TYPES.find(([, t, l, h]) => t === type && l === lo && h === hi)?.[0];
}

/** syslog level names for LOG --log-level, by number. */
export const LOG_LEVELS = ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug'];
/** Names iptables prints for a level (`LOG level warn`). */
export const LOG_LEVEL_PRINT = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

export function logLevel(text: string): number | undefined {
  if (/^[0-7]$/.test(text)) return Number(text);
  const alias: Record<string, number> = { panic: 0, err: 3, warn: 4 };
  const i = LOG_LEVELS.indexOf(text);
  return i >= 0 ? i : alias[text];
}
