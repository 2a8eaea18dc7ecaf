/**
 * iproute2's JSON output (lib/json_writer.c): compact is plain JSON; `-p` puts each object member
 * on its own line, indented four spaces per level, with arrays written inline as `[ a,b ]`.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function formatJson(value: Json, pretty: boolean): string {
  return pretty ? prettyValue(value, 0) : JSON.stringify(value);
}

function prettyValue(v: Json, depth: number): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[ ]';
    return `[ ${v.map((x) => prettyValue(x, depth + 1)).join(',')} ]`;
  }
  if (v !== null && typeof v === 'object') {
    const pad = ' '.repeat(4 * (depth + 1));
    const members = Object.entries(v).map(
      ([k, x]) => `\n${pad}${JSON.stringify(k)}: ${prettyValue(x, depth + 1)}`,
    );
    return `{${members.join(',')}\n${' '.repeat(4 * depth)}}`;
  }
  return JSON.stringify(v);
}
