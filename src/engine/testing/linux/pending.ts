/**
 * Cases in cases/ whose lab output does not yet match real Linux (expected/NAME.txt).
 * linux-cases.test.ts runs these with `it.fails`: they pass while the case still differs and
 * fail as soon as it matches — then delete the name from this list. Never add a name to hide a
 * regression of a case that used to match.
 */
export const PENDING: readonly string[] = [
  'addr-basic',
  'addr-ipv6-ll',
  'addr-json',
  'addr-secondary',
  'bridge-fdb',
  'bridge-vxlan-fdb',
  'err-addr',
  'err-link',
  'err-netns',
  'err-ping',
  'err-route',
  'link-abbrev',
  'link-bridge',
  'link-detail',
  'link-lo',
  'link-netns',
  'link-set',
  'link-veth',
  'neigh-basic',
  'neigh-ping',
  'netns-basic',
  'netns-exec',
  'route-add',
  'route-get',
  'route-kernel',
  'route-local-table',
  'topo-docker0-ports',
  'topo-router',
];
