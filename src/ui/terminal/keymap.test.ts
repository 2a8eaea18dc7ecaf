import { describe, expect, it } from 'vitest';
import { isPlainEnter, parseInput } from './keymap';

const named = (data: string) =>
  parseInput(data).map((k) => (k.kind === 'insert' ? k.text : k.kind));

describe('parseInput', () => {
  it('passes printable text through as one insert', () => {
    expect(parseInput('echo hi')).toEqual([{ kind: 'insert', text: 'echo hi' }]);
    expect(parseInput('主机')).toEqual([{ kind: 'insert', text: '主机' }]);
  });

  it.each([
    ['\r', 'enter'],
    ['\n', 'enter'],
    ['\x7f', 'backspace'],
    ['\x08', 'backspace'],
    ['\t', 'tab'],
    ['\x01', 'home'],
    ['\x05', 'end'],
    ['\x02', 'left'],
    ['\x06', 'right'],
    ['\x10', 'up'],
    ['\x0e', 'down'],
    ['\x03', 'ctrlC'],
    ['\x04', 'ctrlD'],
    ['\x0c', 'ctrlL'],
    ['\x15', 'ctrlU'],
    ['\x0b', 'ctrlK'],
    ['\x17', 'ctrlW'],
  ])('maps control character %j to %s', (data, key) => {
    expect(named(data)).toEqual([key]);
  });

  it.each([
    ['\x1b[A', 'up'],
    ['\x1b[B', 'down'],
    ['\x1b[C', 'right'],
    ['\x1b[D', 'left'],
    ['\x1b[H', 'home'],
    ['\x1b[F', 'end'],
    ['\x1b[1~', 'home'],
    ['\x1b[4~', 'end'],
    ['\x1b[3~', 'delete'],
    ['\x1bOA', 'up'],
    ['\x1bOD', 'left'],
    ['\x1bOH', 'home'],
    ['\x1bOF', 'end'],
    ['\x1b[1;5D', 'wordLeft'],
    ['\x1b[1;5C', 'wordRight'],
    ['\x1bb', 'wordLeft'],
    ['\x1bf', 'wordRight'],
  ])('maps escape sequence %j to %s', (data, key) => {
    expect(named(data)).toEqual([key]);
  });

  it('splits a paste into lines and keys', () => {
    expect(named('ls\rpwd\r')).toEqual(['ls', 'enter', 'pwd', 'enter']);
    expect(named('a\r\nb')).toEqual(['a', 'enter', 'b']);
    expect(named('ab\x1b[Dc')).toEqual(['ab', 'left', 'c']);
  });

  it('drops unknown escape sequences whole, and other control characters', () => {
    expect(named('\x1b[15~x')).toEqual(['x']);
    expect(named('\x1b[200~y')).toEqual(['y']);
    expect(named('a\x00\x1fb')).toEqual(['ab']);
    expect(named('\x1b')).toEqual([]);
  });
});

describe('isPlainEnter', () => {
  const key = (over: Partial<Parameters<typeof isPlainEnter>[0]>) => ({
    type: 'keydown',
    key: 'Enter',
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    metaKey: false,
    isComposing: false,
    keyCode: 13,
    ...over,
  });

  it('is Enter going down, without modifiers', () => {
    expect(isPlainEnter(key({}))).toBe(true);
  });

  it('leaves other events, modified Enter and IME compositions to xterm', () => {
    expect(isPlainEnter(key({ type: 'keyup' }))).toBe(false);
    expect(isPlainEnter(key({ type: 'keypress' }))).toBe(false);
    expect(isPlainEnter(key({ key: 'a' }))).toBe(false);
    expect(isPlainEnter(key({ ctrlKey: true }))).toBe(false);
    expect(isPlainEnter(key({ shiftKey: true }))).toBe(false);
    expect(isPlainEnter(key({ altKey: true }))).toBe(false);
    expect(isPlainEnter(key({ metaKey: true }))).toBe(false);
    expect(isPlainEnter(key({ isComposing: true }))).toBe(false);
    expect(isPlainEnter(key({ keyCode: 229 }))).toBe(false);
  });
});
