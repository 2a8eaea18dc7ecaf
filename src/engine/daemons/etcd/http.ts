/**
 * The HTTP/1.1 that etcd and its Go clients put on the wire (RFC 9112), as Go's net/http writes
 * it: requests with `Host`, `User-Agent: Go-http-client/1.1`, `Content-Length` and
 * `Accept-Encoding: gzip`; responses with the handler's headers in sorted order, then `Date`,
 * then `Content-Length` — or `Transfer-Encoding: chunked` when the handler flushed first (etcd's
 * watches). Query strings and form bodies use Go's url.Values encoding (sorted keys, `+` for a
 * space, upper-case `%XX`).
 *
 * Left out: gzip (the client offers it, etcd answers plain JSON to it anyway), pipelining more
 * than one request ahead, trailers, `Expect: 100-continue`.
 */
import { bytesText, utf8Bytes } from '../../shell/commands/nc';

/** Go's http.StatusText for the statuses etcd answers with. */
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? 'Unknown';
}

/** Query or form values in arrival order (Go's url.Values keeps every value of a name). */
export type FormValues = Map<string, string[]>;

/** Go's url.QueryEscape. */
export function queryEscape(text: string): string {
  let out = '';
  for (const b of utf8Bytes(text)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's url.PathEscape for a path (slashes kept): what url.URL.String() writes. */
export function pathEscape(path: string): string {
  let out = '';
  for (const b of utf8Bytes(path)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~/!$&'()*+,;=:@]/.test(c)) out += c;
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's url.Values.Encode: keys sorted, each value escaped. */
export function encodeForm(values: [string, string][]): string {
  return [...values]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${queryEscape(k)}=${queryEscape(v)}`)
    .join('&');
}

function urlUnescape(text: string, plusIsSpace: boolean): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '%') {
      const h = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
      bytes.push(Number.parseInt(h, 16));
      i += 2;
    } else if (c === '+' && plusIsSpace) bytes.push(32);
    else for (const b of utf8Bytes(c)) bytes.push(b);
  }
  return bytesText(Uint8Array.from(bytes));
}

/** Go's url.ParseQuery; an error text for a bad escape. */
export function parseForm(text: string, into: FormValues = new Map()): FormValues | string {
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = urlUnescape(eq < 0 ? part : part.slice(0, eq), true);
    const v = urlUnescape(eq < 0 ? '' : part.slice(eq + 1), true);
    if (k === undefined || v === undefined) return `invalid URL escape in ${JSON.stringify(part)}`;
    const list = into.get(k);
    if (list) list.push(v);
    else into.set(k, [v]);
  }
  return into;
}

/** A request as the server parsed it. */
export interface HttpRequest {
  method: string;
  /** The unescaped path, without the query. */
  path: string;
  query: string;
  headers: Map<string, string>;
  body: string;
}

/** The first request in `buf`, with the bytes it used; undefined while it is incomplete. */
export function parseRequest(
  buf: Uint8Array,
): { req: HttpRequest; used: number } | { error: string } | undefined {
  const end = headerEnd(buf);
  if (end < 0) return buf.length > 1 << 20 ? { error: 'request header too large' } : undefined;
  const lines = latin1(buf.subarray(0, end)).split('\r\n');
  const m = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0]);
  if (!m) return { error: 'malformed request line' };
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const c = line.indexOf(':');
    if (c > 0) headers.set(line.slice(0, c).toLowerCase(), line.slice(c + 1).trim());
  }
  const length = Number(headers.get('content-length') ?? '0');
  if (buf.length < end + 4 + length) return undefined;
  const q = m[2].indexOf('?');
  const rawPath = q < 0 ? m[2] : m[2].slice(0, q);
  const path = urlUnescape(rawPath, false) ?? rawPath;
  return {
    req: {
      method: m[1],
      path,
      query: q < 0 ? '' : m[2].slice(q + 1),
      headers,
      body: bytesText(buf.subarray(end + 4, end + 4 + length)),
    },
    used: end + 4 + length,
  };
}

/** A whole response with a Content-Length, as Go's server writes a handler's small reply. */
export function responseBytes(
  status: number,
  headers: [string, string][],
  body: string,
  date: string,
): Uint8Array {
  const data = utf8Bytes(body);
  const head: [string, string][] = [
    ...sortHeaders(headers),
    ['Date', date],
    ['Content-Length', String(data.length)],
  ];
  return concat(utf8Bytes(statusLine(status) + formatHeaders(head)), data);
}

/** The head of a chunked response (a handler that flushed before writing its body). */
export function chunkedHead(status: number, headers: [string, string][], date: string): string {
  return (
    statusLine(status) +
    formatHeaders([...sortHeaders(headers), ['Date', date], ['Transfer-Encoding', 'chunked']])
  );
}

/** One chunk of a chunked body; `''` gives the last chunk. */
export function chunk(text: string): Uint8Array {
  if (text === '') return utf8Bytes('0\r\n\r\n');
  const data = utf8Bytes(text);
  return concat(utf8Bytes(`${data.length.toString(16)}\r\n`), data, utf8Bytes('\r\n'));
}

/** A Go client's request bytes (net/http Request.Write order). */
export function requestBytes(
  method: string,
  target: string,
  host: string,
  body: string | undefined,
  contentType?: string,
): Uint8Array {
  const data = body === undefined ? undefined : utf8Bytes(body);
  let head = `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: Go-http-client/1.1\r\n`;
  if (data !== undefined) head += `Content-Length: ${data.length}\r\n`;
  if (contentType) head += `Content-Type: ${contentType}\r\n`;
  head += 'Accept-Encoding: gzip\r\n\r\n';
  return data === undefined ? utf8Bytes(head) : concat(utf8Bytes(head), data);
}

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${statusText(status)}\r\n`;
}

/** Go canonicalises header names (X-Etcd-Cluster-ID → X-Etcd-Cluster-Id) and sorts them. */
function sortHeaders(headers: [string, string][]): [string, string][] {
  return headers
    .map(([k, v]): [string, string] => [
      k
        .toLowerCase()
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('-'),
      v,
    ])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function formatHeaders(headers: [string, string][]): string {
  return `${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

function headerEnd(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) {
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  }
  return -1;
}

/**
 * A response read incrementally on the client side: the head once it is complete, the body by
 * Content-Length, by chunks, or up to the close. `chunks` collects each chunk's text as it
 * arrives (a v3 watch stream reads them one by one).
 */
export class ResponseReader {
  status = 0;
  headers = new Map<string, string>();
  headDone = false;
  complete = false;
  body = '';
  readonly chunks: string[] = [];
  private buf: Uint8Array = new Uint8Array(0);
  private length: number | undefined;
  private chunked = false;
  private bodyBytes: Uint8Array[] = [];

  /** Add received bytes; returns an error text for a malformed response. */
  feed(data: Uint8Array): string | undefined {
    this.buf = concat(this.buf, data);
    if (!this.headDone) {
      const end = headerEnd(this.buf);
      if (end < 0) return undefined;
      const lines = latin1(this.buf.subarray(0, end)).split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
      if (!m) return `malformed HTTP response ${JSON.stringify(lines[0])}`;
      this.status = Number(m[1]);
      for (const line of lines.slice(1)) {
        const c = line.indexOf(':');
        if (c > 0) this.headers.set(line.slice(0, c).toLowerCase(), line.slice(c + 1).trim());
      }
      this.chunked = /chunked/i.test(this.headers.get('transfer-encoding') ?? '');
      const cl = this.headers.get('content-length');
      this.length = cl === undefined ? undefined : Number(cl);
      this.buf = this.buf.subarray(end + 4);
      this.headDone = true;
    }
    if (this.chunked) this.readChunks();
    else if (this.length !== undefined && this.buf.length >= this.length) {
      this.bodyBytes.push(this.buf.subarray(0, this.length));
      this.buf = this.buf.subarray(this.length);
      this.finish();
    }
    return undefined;
  }

  /** The peer closed: a body without a length ends here. */
  eof(): void {
    if (this.headDone && !this.chunked && this.length === undefined) {
      this.bodyBytes.push(this.buf);
      this.finish();
    }
  }

  private readChunks(): void {
    for (;;) {
      let nl = -1;
      for (let i = 0; i + 1 < this.buf.length; i++) {
        if (this.buf[i] === 13 && this.buf[i + 1] === 10) {
          nl = i;
          break;
        }
      }
      if (nl < 0) return;
      const size = Number.parseInt(latin1(this.buf.subarray(0, nl)), 16);
      if (size === 0) {
        if (this.buf.length < nl + 4) return;
        this.buf = this.buf.subarray(nl + 4);
        this.finish();
        return;
      }
      if (this.buf.length < nl + 2 + size + 2) return;
      const data = this.buf.subarray(nl + 2, nl + 2 + size);
      this.bodyBytes.push(data);
      this.chunks.push(bytesText(data));
      this.buf = this.buf.subarray(nl + 2 + size + 2);
    }
  }

  private finish(): void {
    this.body = bytesText(concat(...this.bodyBytes));
    this.complete = true;
  }
}
