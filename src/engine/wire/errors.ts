/**
 * Errors of the wire layer.
 *
 * Every parser in `wire/` returns a {@link Result}: malformed input is a value, never an exception,
 * so the rx path can record a drop with a reason the UI can show (Linux counts these as
 * `InHdrErrors`, `InCsumErrors`, ...). Left out: error codes; the reason is free text for people.
 */

/** The protocol whose bytes were malformed. */
export type WireLayer =
  | 'ethernet'
  | 'arp'
  | 'ipv4'
  | 'icmp'
  | 'udp'
  | 'tcp'
  | 'vxlan'
  | 'bgp'
  | 'pcap';

/** Why a buffer could not be parsed. */
export interface WireError {
  readonly layer: WireLayer;
  readonly reason: string;
}

/** The outcome of a parse: the value, or a typed error. */
export type Result<T> = { readonly ok: true; readonly value: T } | WireFailure;

/** The failing half of {@link Result}. */
export interface WireFailure {
  readonly ok: false;
  readonly error: WireError;
}

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed {@link Result}. */
export function fail(layer: WireLayer, reason: string): WireFailure {
  return { ok: false, error: { layer, reason } };
}

/** Policy for checksums on parse, like smoltcp's `ChecksumCapabilities`. */
export interface ParseOptions {
  /**
   * Reject a packet whose checksum is wrong (what the kernel does). Decoders of captures turn this
   * off: packets captured on a sending veth carry partial sums left by checksum offload.
   */
  readonly verifyChecksum?: boolean;
}
