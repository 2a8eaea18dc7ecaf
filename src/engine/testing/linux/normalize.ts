/**
 * A faithful port of /work/shared/tools/normalize.py: makes command output from real Linux and
 * from the lab comparable. MAC addresses and IPv6 link-local addresses become placeholders numbered
 * in order of first appearance (`<MAC1>`, `<LL1>`, case-insensitively), times, ICMP ids and live
 * neighbour states are masked. One addition: the absolute path of the case script, which bash
 * prints in its own errors (`/abs/path/case.sh: line 3: foo: command not found`), becomes
 * `<CASE>`. Plain ES2022, no Node built-ins (the engine's rule for non-test files).
 */

export interface NormalizeOptions {
  /** Absolute path of the script that produced the text; replaced by `<CASE>` before the rest. */
  casePath?: string;
}

/** The placeholder that stands for the case script's path. */
export const CASE_PLACEHOLDER = '<CASE>';

/** A replacer that numbers distinct matches (lower-cased) as `<PREFIXn>` in order of appearance. */
function numberer(prefix: string): (match: string) => string {
  const seen = new Map<string, string>();
  return (match) => {
    const key = match.toLowerCase();
    let placeholder = seen.get(key);
    if (placeholder === undefined) {
      placeholder = `<${prefix}${seen.size + 1}>`;
      seen.set(key, placeholder);
    }
    return placeholder;
  };
}

// Same patterns, same order as normalize.py. Python's `$` (no MULTILINE) also matches before a
// final newline; here `\s` already covers that newline, so the lookahead behaves the same.
const MAC = /\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}\b/g;
const LINK_LOCAL = /\bfe80::[0-9a-f:]+(?=\/|\s|$)/g;
const PING_TIME = /time=[0-9.]+ ms/g;
const PING_TOTAL = /time [0-9]+ms/g;
const RTT = /rtt min\/avg\/max\/mdev = [0-9./]+ ms/g;
const PROBE_TIME = /(\s)[0-9]+\.[0-9]{3} ms/g; // traceroute probe times
const PING_HEADER = /PING ([^ ]+) \(([^)]+)\) (\d+)\((\d+)\) bytes of data\./g;
const ICMP_ID = /\bid 0x[0-9a-f]+/g;
const USED = /used:[0-9/]+/g;
// neighbour timers run on wall time in Linux: treat the live states as one
const NUD = /\b(REACHABLE|STALE|DELAY|PROBE)\b/g;

/** Normalise one run's whole output (numbering restarts for every call). */
export function normalize(text: string, options: NormalizeOptions = {}): string {
  let t = text;
  if (options.casePath) t = t.split(options.casePath).join(CASE_PLACEHOLDER);
  t = t.replace(MAC, numberer('MAC'));
  t = t.replace(LINK_LOCAL, numberer('LL'));
  t = t.replace(PING_TIME, 'time=<T> ms');
  t = t.replace(PING_TOTAL, 'time <T>ms');
  t = t.replace(RTT, 'rtt min/avg/max/mdev = <RTT> ms');
  t = t.replace(PROBE_TIME, '$1<T> ms');
  t = t.replace(PING_HEADER, 'PING $1 ($2) $3($4) bytes of data.');
  t = t.replace(ICMP_ID, 'id <ID>');
  t = t.replace(USED, 'used:<T>');
  t = t.replace(NUD, '<NUD>');
  return t;
}
