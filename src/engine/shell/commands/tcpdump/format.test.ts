import { describe, expect, it } from 'vitest';
import { asciiDump, formatDate, formatTimestamp } from './format';

describe('tcpdump -A and time stamps', () => {
  it('prints bytes as ASCII: dots for the rest, newlines kept, a CR dropped before LF', () => {
    const bytes = new TextEncoder().encode('GET / HTTP/1.0\r\nA\rB\x01\t \r\n\r');
    expect(asciiDump(bytes)).toBe('\nGET / HTTP/1.0\nA.B.\t \n');
  });

  it('dates the lab clock from 1970-01-01 and prints time of day', () => {
    expect(formatDate(0)).toBe('1970-01-01');
    expect(formatDate(86_400_000_000 * 366)).toBe('1971-01-02');
    expect(formatDate(951_782_400_000_000)).toBe('2000-02-29');
    expect(formatTimestamp(3_723_000_042)).toBe('01:02:03.000042');
  });
});
