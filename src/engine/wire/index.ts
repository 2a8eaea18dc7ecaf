/**
 * The wire layer: byte formats only, no state beyond IPv4 reassembly queues. Each protocol has a
 * view over bytes, a plain repr, `parseX` (malformed input is a `WireError` value) and `emitX`
 * (writes every field and checksum). See docs/architecture.md, "The wire layer pattern".
 */

export * from './arp';
export * from './bgp';
export * from './bytes';
export * from './checksum';
export * from './decode';
export * from './errors';
export * from './ethernet';
export * from './frame';
export * from './icmp';
export * from './ipv4';
export * from './pcap';
export * from './tcp';
export * from './udp';
export * from './vxlan';
