/**
 * Capture files built in the browser from the recorded trace frames (the same bytes the engine
 * traced at dev.xmit / dev.rcv), written with the engine's pcap writer: LINKTYPE_ETHERNET, or
 * LINKTYPE_RAW for a TUN device. A pcap has one link type, so a capture of several interfaces
 * keeps the Ethernet frames and counts the raw (TUN) ones it left out.
 */
import type { TraceEvent } from '../../engine/api/types';
import { LinkType, PcapWriter } from '../../engine/wire/pcap';

export interface BuiltPcap {
  bytes: Uint8Array;
  frames: number;
  /** Frames of the other link type, not in the file. */
  leftOut: number;
  linktype: number;
}

/** Frames of `events` as one pcap; the link type is the one most frames have. */
export function buildPcap(events: readonly TraceEvent[]): BuiltPcap {
  const framed = events.filter((e) => e.frame && e.linktype);
  const raw = framed.filter((e) => e.linktype === 'raw').length;
  const useRaw = raw > framed.length - raw;
  const linktype = useRaw ? LinkType.Raw : LinkType.Ethernet;
  const writer = new PcapWriter(linktype);
  let frames = 0;
  for (const e of framed) {
    if ((e.linktype === 'raw') !== useRaw || !e.frame) continue;
    writer.write(e.t, e.frame);
    frames++;
  }
  return { bytes: writer.bytes(), frames, leftOut: framed.length - frames, linktype };
}

/** The events of one interface (`machine`, netns label, device name). */
export function interfaceEvents(
  events: readonly TraceEvent[],
  where: { machine: string; netns: string; device: string },
): TraceEvent[] {
  return events.filter(
    (e) => e.machine === where.machine && e.netns === where.netns && e.device === where.device,
  );
}

/** `cnlab-<iface>.pcap`, with only file-name-safe characters. */
export function pcapFileName(iface: string): string {
  return `cnlab-${iface.replace(/[^A-Za-z0-9_.-]+/g, '_')}.pcap`;
}

/** The name of an interface in file names: `node1-eth0`, `node1-pod1-eth0`. */
export function interfaceName(where: { machine: string; netns: string; device: string }): string {
  return [where.machine, where.netns, where.device].filter((x) => x !== '').join('-');
}

/** Offer `bytes` as a download (a Blob URL; the CSP allows blob:). */
export function downloadBytes(bytes: Uint8Array, name: string): void {
  const blob = new Blob([bytes as BlobPart], { type: 'application/vnd.tcpdump.pcap' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
