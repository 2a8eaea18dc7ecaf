/**
 * Port names from Debian 12's /etc/services (netbase 6.4) for the ports a lab shows, as
 * getservbyport() gives them to `ss` and `netstat` without `-n`.
 */

const TCP: Record<number, string> = {
  21: 'ftp',
  22: 'ssh',
  23: 'telnet',
  25: 'smtp',
  53: 'domain',
  80: 'http',
  111: 'sunrpc',
  161: 'snmp',
  179: 'bgp',
  443: 'https',
  514: 'shell',
  3306: 'mysql',
  5432: 'postgresql',
  6379: 'redis',
  8080: 'http-alt',
};

const UDP: Record<number, string> = {
  21: 'fsp',
  53: 'domain',
  67: 'bootps',
  68: 'bootpc',
  69: 'tftp',
  111: 'sunrpc',
  123: 'ntp',
  161: 'snmp',
  443: 'https',
  514: 'syslog',
};

/** The service name of a port, if /etc/services has one. */
export function serviceName(proto: 'tcp' | 'udp', port: number): string | undefined {
  return (proto === 'tcp' ? TCP : UDP)[port];
}
