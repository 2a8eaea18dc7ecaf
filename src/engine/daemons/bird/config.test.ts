/**
 * BIRD configuration files: the reference's Calico config parses into its protocols, and broken
 * files fail with the message and position bird 2.0.12 gives (`bird -p`, fixtures/
 * bird-errors-real.txt); the filters decide as BIRD's do (C19: only the node's block is exported).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Prefix, parsePrefix } from '../../kernel/inet';
import { ConfigError, parseBirdConfig } from './config';
import { runFilter } from './filter';
import { birdNetHash } from './rib';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function errorOf(text: string): string {
  try {
    parseBirdConfig(text);
  } catch (e) {
    if (e instanceof ConfigError) return `${e.line}:${e.col} ${e.message}`;
    throw e;
  }
  return 'ok';
}

describe('parseBirdConfig', () => {
  it('reads the Calico node config of the reference', () => {
    const c = parseBirdConfig(fixture('node1.bird.conf'));
    expect(c.protocols.map((p) => `${p.name}:${p.type}`)).toEqual([
      'kernel1:kernel',
      'device1:device',
      'direct1:direct',
      'static1:static',
      'Mesh_10_168_0_3:bgp',
    ]);
    const [kernel, , direct, stat, bgp] = c.protocols;
    expect(kernel).toMatchObject({ learn: true, persist: true, scanTime: 2, metric: 0 });
    expect(direct.interfaces).toEqual([
      { negate: true, glob: 'cali*' },
      { negate: true, glob: 'kube-ipvs*' },
      { negate: false, glob: '*' },
    ]);
    expect(stat.routes).toEqual([{ net: { addr: 0x0ae90100, len: 26 }, kind: 'blackhole' }]);
    // The template's options, then the protocol's own.
    expect(bgp).toMatchObject({
      description: 'Connection to BGP peer',
      localAs: 64512,
      neighborAs: 64512,
      neighbor: 0x0aa80003,
      sourceAddress: 0x0aa80002,
      multihop: true,
      connectDelay: 2,
      connectRetry: 5,
      errorWait: [5, 30],
      debugStates: true,
    });
    expect(bgp.channel).toMatchObject({
      exportFilter: { kind: 'named', name: 'calico_export_to_bgp_peers' },
      gatewayRecursive: true,
      addPaths: 'on',
    });
  });

  it("fails where bird -p fails, with bird's words", () => {
    const real = fixture('bird-errors-real.txt');
    // bad1.conf, bad2.conf and bad3.conf of the fixture, as bird -p reported them.
    expect(errorOf('router id 1.2.3.4;\nprotocol device {\n  scan time 2\n}\n')).toBe(
      "4:1 syntax error, unexpected '}', expecting ';'",
    );
    expect(real).toContain("bad1.conf:4:1 syntax error, unexpected '}', expecting ';'");
    expect(errorOf('protocol bgp x {\n  local as 64512;\n}\n')).toBe(
      '3:1 Neighbor must be configured',
    );
    expect(real).toContain('bad2.conf:3:1 Neighbor must be configured');
    const bad3 =
      'protocol kernel {\n ipv4 { export all; };\n}\nprotocol static {\n ipv4;\n route 10.1.0.0/16 via 10.168.0.7;\n}\nfoo;\n';
    expect(errorOf(bad3)).toBe('8:1 syntax error, unexpected CF_SYM_UNDEFINED');
    expect(real).toContain('bad3.conf:8:1 syntax error, unexpected CF_SYM_UNDEFINED');
    expect(errorOf('router id 1.2.3.4;\n')).toBe('1:1 No protocol is specified in the config file');
  });

  it('rejects what BIRD rejects beyond syntax (messages and positions of bird -p)', () => {
    expect(errorOf('protocol static { ipv4; route 10.1.0.1/16 blackhole; }')).toBe(
      '1:40 Invalid IPv4 prefix 10.1.0.1/16, maybe you wanted 10.1.0.0/16',
    );
    expect(errorOf('protocol bgp { local as 1; neighbor 10.0.0.1; }')).toBe(
      '1:47 Remote AS number (or peer type) must be set',
    );
    expect(errorOf('protocol static { route 10.0.0.0/8 blackhole; }')).toBe(
      '1:47 Channel not specified',
    );
    expect(
      errorOf(
        'protocol bgp { local as 1; neighbor 10.0.0.1 as 1; } protocol bgp b from nosuch { }',
      ),
    ).toBe('1:74 syntax error, unexpected CF_SYM_UNDEFINED, expecting CF_SYM_KNOWN');
    expect(errorOf('protocol device {\n/* open\n')).toBe('3:0 Unterminated comment');
  });
});

describe('filters', () => {
  const c = parseBirdConfig(fixture('node1.bird.conf'));
  const exportToPeers = c.filters.get('calico_export_to_bgp_peers') ?? [];
  const kernel = c.filters.get('calico_kernel_programming') ?? [];
  const route = (net: string, source = 'RTS_STATIC') => ({
    net: parsePrefix(net) as Prefix,
    source,
    proto: 'x',
    dest: 'RTD_UNICAST',
  });

  it('exports the node block to its peers, nothing inside or outside it (C19)', () => {
    const verdict = (net: string) => runFilter(exportToPeers, route(net), c.functions);
    expect(verdict('10.233.1.0/26')).toBe('accept');
    expect(verdict('10.233.1.2/32')).toBe('reject');
    expect(verdict('10.233.7.0/26')).toBe('accept');
    expect(verdict('0.0.0.0/0')).toBe('reject');
    expect(verdict('10.168.0.0/24')).toBe('reject');
  });

  it('keeps connected routes out of the kernel', () => {
    expect(runFilter(kernel, route('10.168.0.0/24', 'RTS_DEVICE'), c.functions)).toBe('reject');
    expect(runFilter(kernel, route('10.233.2.0/26', 'RTS_BGP'), c.functions)).toBe('accept');
  });

  it('matches prefix sets, negation and boolean operators', () => {
    const f =
      parseBirdConfig(
        'filter f { if net ~ [ 10.0.0.0/8{16,24}, 192.168.0.0/16+ ] && !(source = RTS_BGP) then accept; reject; }\nprotocol device {}',
      ).filters.get('f') ?? [];
    const v = (net: string, source = 'RTS_STATIC') => runFilter(f, route(net, source), new Map());
    expect(v('10.1.0.0/16')).toBe('accept');
    expect(v('10.1.2.0/24')).toBe('accept');
    expect(v('10.1.2.0/25')).toBe('reject');
    expect(v('10.0.0.0/8')).toBe('reject');
    expect(v('192.168.1.1/32')).toBe('accept');
    expect(v('192.168.1.0/24', 'RTS_BGP')).toBe('reject');
  });
});

describe('birdNetHash', () => {
  it("orders networks as bird 2.0.12's show route listed them", () => {
    // Real order, from eleven routes in one table (kernel, direct, static and BGP routes).
    const real = [
      '0.0.0.0/0',
      '10.233.1.3/32',
      '172.16.0.0/12',
      '10.233.1.2/32',
      '10.1.0.0/16',
      '10.168.0.0/24',
      '10.0.0.0/8',
      '192.168.5.0/24',
      '10.233.1.0/26',
      '1.2.3.4/32',
      '10.233.2.0/26',
    ];
    const sorted = [...real]
      .reverse()
      .sort(
        (a, b) => birdNetHash(parsePrefix(a) as Prefix) - birdNetHash(parsePrefix(b) as Prefix),
      );
    expect(sorted).toEqual(real);
  });
});

describe('graceful restart', () => {
  it('is aware by default, on with `graceful restart;`, off with `off`; `time` keeps the mode', () => {
    const mode = (opt: string) =>
      parseBirdConfig(
        `protocol bgp p { local as 1; neighbor 10.0.0.2 as 2; ${opt} ipv4 { import all; }; }`,
      ).protocols[0].gracefulRestart;
    expect(mode('')).toBe('aware');
    expect(mode('graceful restart;')).toBe('on');
    expect(mode('graceful restart aware;')).toBe('aware');
    expect(mode('graceful restart off;')).toBe('off');
    expect(mode('graceful restart time 60;')).toBe('aware');
  });
});
