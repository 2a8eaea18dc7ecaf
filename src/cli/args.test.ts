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
});
