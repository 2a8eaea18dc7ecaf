/**
 * The /etc/services entries of a Debian 12 netbase that lab traffic can touch: tcpdump prints a
 * port by its name without `-n` (init_servarray) and a filter accepts `port domain`. A port
 * missing here prints as its number, as a port missing from /etc/services does.
 */

/** [name, port, protocol]: `both` when /etc/services lists the name for tcp and udp. */
export const SERVICES: readonly (readonly [string, number, 'tcp' | 'udp' | 'both'])[] = [
  ['ftp-data', 20, 'tcp'],
  ['ftp', 21, 'tcp'],
  ['ssh', 22, 'tcp'],
  ['telnet', 23, 'tcp'],
  ['smtp', 25, 'tcp'],
  ['domain', 53, 'both'],
  ['bootps', 67, 'udp'],
  ['bootpc', 68, 'udp'],
  ['tftp', 69, 'udp'],
  ['http', 80, 'tcp'],
  ['www', 80, 'tcp'],
  ['kerberos', 88, 'both'],
  ['pop3', 110, 'tcp'],
  ['sunrpc', 111, 'both'],
  ['ntp', 123, 'udp'],
  ['netbios-ns', 137, 'udp'],
  ['imap2', 143, 'tcp'],
  ['snmp', 161, 'both'],
  ['snmp-trap', 162, 'both'],
  ['bgp', 179, 'tcp'],
  ['ldap', 389, 'both'],
  ['https', 443, 'both'],
  ['isakmp', 500, 'udp'],
  ['syslog', 514, 'udp'],
  ['domain-s', 853, 'both'],
  ['rsync', 873, 'tcp'],
  ['openvpn', 1194, 'both'],
  ['nfs', 2049, 'both'],
  ['mysql', 3306, 'tcp'],
  ['postgresql', 5432, 'tcp'],
  ['http-alt', 8080, 'tcp'],
];

/** The name tcpdump prints for `port` of `proto` without -n, or the number. */
export function portName(port: number, proto: 'tcp' | 'udp'): string {
  for (const [name, p, pr] of SERVICES) {
    if (p === port && (pr === 'both' || pr === proto) && name !== 'www') return name;
  }
  return String(port);
}
