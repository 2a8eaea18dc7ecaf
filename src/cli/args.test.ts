import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './args';

describe('cnlab CLI arguments', () => {
  it('parses sh FILE with options in any order', () => {
    expect(parseCliArgs(['sh', 'case.sh', '--seed', '7'])).toEqual({
      ok: true,
      command: { kind: 'sh', source: { file: 'case.sh' }, seed: 7, machine: 'host' },
    });
    expect(parseCliArgs(['sh', '--machine', 'node1', '-c', 'echo hi'])).toEqual({
      ok: true,
      command: { kind: 'sh', source: { line: 'echo hi' }, seed: 1, machine: 'node1' },
    });
  });

  it('gives help and version', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseCliArgs(['--help'])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseCliArgs(['--version']).ok).toBe(true);
  });

  it('rejects bad input with a clear message', () => {
    expect(parseCliArgs(['sh'])).toEqual({ ok: false, error: 'sh needs a FILE or -c LINE' });
    expect(parseCliArgs(['sh', 'a', '--seed', 'x'])).toEqual({
      ok: false,
      error: '--seed must be a non-negative integer, not "x"',
    });
    expect(parseCliArgs(['frob'])).toEqual({ ok: false, error: 'unknown command "frob"' });
    expect(parseCliArgs(['sh', 'a', 'b'])).toEqual({ ok: false, error: 'unexpected argument "b"' });
  });

  it('parses run, scenarios, --pcap and --trace', () => {
    expect(
      parseCliArgs([
        'run',
        'docker0-manual',
        '--exec',
        'host: ip -br addr',
        '--pcap',
        'out',
        '--exec',
        'outside:x: ls',
      ]),
    ).toEqual({
      ok: true,
      command: {
        kind: 'run',
        scenario: 'docker0-manual',
        execs: ['host: ip -br addr', 'outside:x: ls'],
        pcapDir: 'out',
      },
    });
    expect(parseCliArgs(['run', 'f.json', '--seed', '3', '--trace', 't.jsonl'])).toEqual({
      ok: true,
      command: { kind: 'run', scenario: 'f.json', execs: [], seed: 3, traceFile: 't.jsonl' },
    });
    expect(parseCliArgs(['sh', 'a.sh', '--pcap', 'd', '--trace', 't'])).toEqual({
      ok: true,
      command: {
        kind: 'sh',
        source: { file: 'a.sh' },
        seed: 1,
        machine: 'host',
        pcapDir: 'd',
        traceFile: 't',
      },
    });
    expect(parseCliArgs(['scenarios'])).toEqual({ ok: true, command: { kind: 'scenarios' } });
    expect(parseCliArgs(['run'])).toEqual({
      ok: false,
      error: 'run needs a SCENARIO (a built-in id, a file or a share URL)',
    });
    expect(parseCliArgs(['run', 'x', '--exec'])).toEqual({
      ok: false,
      error: '--exec needs a value',
    });
    expect(parseCliArgs(['scenarios', 'x'])).toEqual({
      ok: false,
      error: 'unexpected argument "x"',
    });
  });
});
