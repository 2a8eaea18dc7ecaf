/**
 * JSON parsing with Go's encoding/json error texts (scanner.go), because CNI tools are Go
 * programs and print these messages: "unexpected end of JSON input", "invalid character 'x'
 * looking for beginning of value", "… after object key", "… after object key:value pair",
 * "… after array element", "… looking for beginning of object key string", "… after top-level
 * value", "… in string literal". A small validating scanner finds the first error; JSON.parse
 * then builds the value.
 */

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  return `'${c}'`;
}

const WS = new Set([' ', '\t', '\n', '\r']);

/** The Go error for `text`, or undefined when it is valid JSON. */
export function goJsonError(text: string): string | undefined {
  let i = 0;
  const bad = (what: string) => `invalid character ${quoteChar(text[i])} ${what}`;
  const skip = () => {
    while (i < text.length && WS.has(text[i])) i++;
  };
  const eof = () => i >= text.length;
  const END = 'unexpected end of JSON input';

  function str(): string | undefined {
    i++;
    while (!eof()) {
      const c = text[i];
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        i++;
        if (eof()) return END;
        if (!'"\\/bfnrtu'.includes(text[i])) return bad('in string escape code');
        i++;
        continue;
      }
      if (c < ' ') return bad('in string literal');
      i++;
    }
    return END;
  }

  function literal(): string | undefined {
    const m = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!m) return bad('looking for beginning of value');
    i += m[0].length;
    return undefined;
  }

  function value(): string | undefined {
    skip();
    if (eof()) return END;
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (eof()) return END;
      if (text[i] === '}') {
        i++;
        return undefined;
      }
      for (;;) {
        skip();
        if (eof()) return END;
        if (text[i] !== '"') return bad('looking for beginning of object key string');
        const e = str();
        if (e) return e;
        skip();
        if (eof()) return END;
        if (text[i] !== ':') return bad('after object key');
        i++;
        const v = value();
        if (v) return v;
        skip();
        if (eof()) return END;
        if (text[i] === '}') {
          i++;
          return undefined;
        }
        if (text[i] !== ',') return bad('after object key:value pair');
        i++;
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (eof()) return END;
      if (text[i] === ']') {
        i++;
        return undefined;
      }
      for (;;) {
        const v = value();
        if (v) return v;
        skip();
        if (eof()) return END;
        if (text[i] === ']') {
          i++;
          return undefined;
        }
        if (text[i] !== ',') return bad('after array element');
        i++;
      }
    }
    if (c === '"') return str();
    return literal();
  }

  const e = value();
  if (e) return e;
  skip();
  return eof() ? undefined : bad('after top-level value');
}

/** Parse as Go would accept it: the value, or Go's error text. */
export function goJsonParse(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  const error = goJsonError(text);
  return error ? { ok: false, error } : { ok: true, value: JSON.parse(text) };
}
