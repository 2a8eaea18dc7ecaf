/**
 * Hostile input for BIRD: mutated configuration files either parse or fail with a ConfigError
 * (a `bird: FILE:L:C …` line), never another exception; a running BIRD given a mutated
 * configuration by `birdc configure`, and random birdc lines, keeps answering. FUZZ_N=… runs more.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBuiltin } from '../../scenario/builtin/run-builtin';
import { shellQuote } from '../../scenario/builtin/steps';
import { Rng } from '../../sim/rng';
import { ConfigError, parseBirdConfig } from './config';

const N = Number(process.env.FUZZ_N ?? 0);
const BASE = readFileSync(new URL('./fixtures/node1.bird.conf', import.meta.url), 'utf8');
const PIECES = [
  '{',
  '}',
  ';',
  '(',
  ')',
  '"',
  '/*',
  'protocol',
  'bgp',
  'as',
  '10.0.0.0/8',
  '~',
  '=',
  'accept',
  'if',
  'then',
  '0',
  '99999999999',
  'template',
  'from',
  '[',
  ']',
  '+',
  '\n',
  ' ',
];

function mutate(rng: Rng, text: string): string {
  let t = text;
  const edits = 1 + rng.below(6);
  for (let i = 0; i < edits; i++) {
    const at = rng.below(t.length + 1);
    const op = rng.below(3);
    if (op === 0) t = t.slice(0, at) + t.slice(at + 1 + rng.below(20));
    else if (op === 1) t = t.slice(0, at) + PIECES[rng.below(PIECES.length)] + t.slice(at);
    else t = t.slice(0, at) + t.slice(at).split('\n').reverse().join('\n');
  }
  return t;
}

describe('BIRD under hostile input', () => {
  it('mutated configurations parse or fail with a ConfigError', () => {
    const rng = new Rng(7, 3);
    let failed = 0;
    for (let i = 0; i < 2000 + N; i++) {
      const text = mutate(rng, BASE);
      try {
        parseBirdConfig(text);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw new Error(`${String(e)} for:\n${text}`);
        expect(e.message).not.toBe('');
        expect(e.line).toBeGreaterThanOrEqual(1);
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(100);
  });

  it('a running BIRD survives bad configure runs and random birdc lines', () => {
    const rng = new Rng(11, 5);
    const words = [
      'show',
      'route',
      'protocols',
      'all',
      'for',
      'export',
      'count',
      'where',
      'net',
      '~',
      '10.233.0.0/16',
      'static1',
      'Mesh_10_168_0_3',
      'disable',
      'enable',
      'restart',
      'status',
      'configure',
      'sh',
      'ro',
      '"*"',
      'nosuch',
      '1.2.3.4',
      'table',
      'master4',
      'protocol',
      'primary',
    ];
    const lines: string[] = ['node1: sleep 3'];
    for (let i = 0; i < 40 + N / 10; i++) {
      if (i % 10 === 5) {
        lines.push(`node1: printf '%s' ${shellQuote(mutate(rng, BASE))} > /etc/bird/bird.conf`);
        lines.push('node1: birdc configure');
        continue;
      }
      const n = 1 + rng.below(5);
      const line = Array.from({ length: n }, () => words[rng.below(words.length)]).join(' ');
      lines.push(`node1: birdc ${line}`);
    }
    lines.push('node1: sleep 10', 'node1: birdc show status');
    const r = runBuiltin('calico-bgp', ...lines);
    expect(r.output).not.toContain('internal error');
    expect(r.output).toMatch(/Daemon is up and running\n$/);
  });
});
