/**
 * A small `curl` (7.88.1 as on Debian 12) over the kernel's TCP sockets: `curl [-sS] [-v] [-i]
 * [-o /dev/null] [-w FORMAT] [-m SECS] [--connect-timeout SECS] http://HOST[:PORT]/PATH` sends
 * curl's GET request
 * (`Host`, `User-Agent: curl/7.88.1`, `Accept: *\/*`), prints the body (and the headers with -i,
 * the `*`/`>`/`<` trace with -v) and closes the connection. Errors and exit codes as curl's:
 * `curl: (7) Failed to connect to H port P after N ms: Couldn't connect to server`, `curl: (28)
 * Failed to connect to H port P after N ms: Timeout was reached` (--connect-timeout), `curl: (28)
 * Connection timed out after N milliseconds` (-m while connecting), `curl: (52) Empty reply from
 * server`, `curl: (56) Recv failure: Connection reset by peer`, `curl: (6) Could not resolve
 * host: NAME`. Times are virtual; curl's timers fire 1 ms after a deadline, as on Linux.
 *
 * Left out: the progress meter (curl prints it only when its output is not a terminal), HTTPS,
 * other methods and options, chunked decoding, redirects, keep-alive reuse, name resolution.
 */
import { formatIpv4, type Ipv4 } from '../../kernel/inet';
import {
  type TcpSocket,
  tcpClose,
  tcpConnect,
  tcpRecv,
  tcpSend,
  tcpSocketOpen,
  tcpTakeError,
} from '../../kernel/tcp-socket';
import type { World } from '../../kernel/world';
import type { Command, CommandContext } from '../command';
import type { ProcBody } from '../process';
import { bytesText, utf8Bytes } from './nc';
import { inetAton } from './ping';

const MS = 1000;

interface CurlOptions {
  silent: boolean;
  /** -S: print errors even when silent. */
  showError: boolean;
  /** -o: where the body goes (only /dev/null can be written in the lab; `-` is stdout). */
  output: string | undefined;
  /** -w: text printed after the transfer, with %{variables} filled in. */
  writeOut: string | undefined;
  verbose: boolean;
  include: boolean;
  maxTime: number | undefined;
  connectTimeout: number | undefined;
  url: string | undefined;
}

/** A parsed http:// URL. */
interface HttpUrl {
  host: string;
  port: number;
  path: string;
  /** The Host header: the port only when it is not 80. */
  hostHeader: string;
}

function parseUrl(url: string): HttpUrl | string {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]+)(?::(\d*))?([^#]*)/.exec(url);
  if (!m) return `curl: (3) URL using bad/illegal format or missing URL`;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http')
    return `curl: (1) Protocol "${scheme}" not supported or disabled in libcurl`;
  const port = m[3] === undefined || m[3] === '' ? 80 : Number(m[3]);
  if (port > 65535) return 'curl: (3) URL using bad/illegal format or missing URL';
  const path = m[4] === '' ? '/' : m[4].startsWith('/') ? m[4] : `/${m[4]}`;
  return { host: m[2], port, path, hostHeader: port === 80 ? m[2] : `${m[2]}:${port}` };
}

/** curl's argument parsing (exported for tests). */
export function parseCurl(argv: string[]): CurlOptions | string {
  const o: CurlOptions = {
    silent: false,
    showError: false,
    output: undefined,
    writeOut: undefined,
    verbose: false,
    include: false,
    maxTime: undefined,
    connectTimeout: undefined,
    url: undefined,
  };
  // Combined short flags (`-sS`, `-si`) are split as curl does: `-sS` = `-s -S`.
  const args = argv.flatMap((a) =>
    /^-[a-zA-Z]{2,}$/.test(a) && !a.startsWith('--') ? [...a.slice(1)].map((c) => `-${c}`) : [a],
  );
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string | undefined => args[++i];
    if (a === '-S' || a === '--show-error') o.showError = true;
    else if (a === '-s' || a === '--silent') o.silent = true;
    else if (a === '-o' || a === '--output' || a === '-w' || a === '--write-out') {
      const v = value();
      if (v === undefined) return `curl: option ${a}: requires parameter`;
      if (a === '-o' || a === '--output') o.output = v;
      else o.writeOut = v;
    } else if (a === '-v' || a === '--verbose') o.verbose = true;
    else if (a === '-i' || a === '--include') o.include = true;
    else if (a === '-m' || a === '--max-time' || a === '--connect-timeout') {
      const v = value();
      const n = v === undefined ? Number.NaN : Number(v);
      if (v === undefined) return `curl: option ${a}: requires parameter`;
      if (!Number.isFinite(n) || n < 0)
        return `curl: option ${a}: expected a proper numerical parameter`;
      if (a === '--connect-timeout') o.connectTimeout = n;
      else o.maxTime = n;
    } else if (a.startsWith('-') && a.length > 1) return `curl: option ${a}: is unknown`;
    else o.url = a;
  }
  return o;
}

export const curlCommand: Command = {
  name: 'curl',
  help: {
    summary: 'transfer a URL (HTTP GET only)',
    usage: [
      'curl [-sS] [-v] [-i] [-o /dev/null] [-w FORMAT] [-m SECS] [--connect-timeout SECS] http://HOST[:PORT]/PATH',
    ],
    options: [
      ['-s', 'silent (no progress meter or error messages)'],
      ['-S', 'with -s, still show errors'],
      ['-o /dev/null', 'throw the body away (the lab has no files to write)'],
      [
        '-w FORMAT',
        'print FORMAT afterwards: %{http_code}, %{remote_ip}, %{remote_port}, %{size_download}',
      ],
      ['-v', 'show the connection and the request and response headers'],
      ['-i', 'include the response headers in the output'],
      ['-m SECS', 'maximum time for the whole transfer'],
      ['--connect-timeout SECS', 'maximum time to connect'],
    ],
    notes: 'Speaks HTTP/1.1 over the lab TCP stack. Host names are not resolved.',
  },
  run(argv, ctx) {
    const o = parseCurl(argv);
    if (typeof o === 'string') {
      ctx.stderr.write(`${o}\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      return 2;
    }
    if (o.url === undefined) {
      ctx.stderr.write(
        "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      );
      return 2;
    }
    const info: Transfer = { httpCode: 0, remoteIp: '', remotePort: 0, sizeDownload: 0 };
    return withWriteOut(o, info, ctx, transfer(o, o.url, info, ctx));
  },
};

/** What -w can print about a transfer. */
interface Transfer {
  httpCode: number;
  remoteIp: string;
  remotePort: number;
  sizeDownload: number;
}

function transfer(
  o: CurlOptions,
  text: string,
  info: Transfer,
  ctx: CommandContext,
): number | ProcBody {
  const url = parseUrl(text);
  const err = errorWriter(o, ctx);
  if (typeof url === 'string') return err(url, Number(/\((\d+)\)/.exec(url)?.[1] ?? 3));
  const dst = inetAton(url.host);
  if (dst === undefined || !ctx.netns)
    return err(`curl: (6) Could not resolve host: ${url.host}`, 6);
  if (o.output !== undefined && o.output !== '/dev/null' && o.output !== '-') {
    if (!o.silent || o.showError)
      ctx.stderr.write(`Warning: Failed to open the file ${o.output}: Read-only file system\n`);
    return err('curl: (23) Failure writing output to destination', 23);
  }
  return curlGet(o, url, dst, ctx, info);
}

/** curl prints an error unless -s (and no -S) silenced it; returns the exit status. */
function errorWriter(o: CurlOptions, ctx: CommandContext): (text: string, code: number) => number {
  return (text, code) => {
    if (!o.silent || o.showError) ctx.stderr.write(`${text}\n`);
    return code;
  };
}

/** Run the transfer, then print -w's text (after a failure too: `%{http_code}` is 000 then). */
function* withWriteOut(
  o: CurlOptions,
  info: Transfer,
  ctx: CommandContext,
  body: number | ProcBody,
): ProcBody {
  const code = typeof body === 'number' ? body : yield* body;
  if (o.writeOut !== undefined) ctx.stdout.write(writeOutText(o.writeOut, info));
  return code;
}

/** -w's format: %{variable}, %% and the backslash escapes \n, \r, \t. */
export function writeOutText(format: string, t: Transfer): string {
  const vars: Record<string, string> = {
    http_code: String(t.httpCode).padStart(3, '0'),
    response_code: String(t.httpCode).padStart(3, '0'),
    remote_ip: t.remoteIp,
    remote_port: t.remotePort === 0 ? '' : String(t.remotePort),
    size_download: String(t.sizeDownload),
  };
  return format.replace(/%\{([a-z_]+)\}|%%|\\([nrt\\])/g, (m, name, esc) => {
    if (name !== undefined) return vars[name] ?? '';
    if (m === '%%') return '%';
    return esc === 'n' ? '\n' : esc === 'r' ? '\r' : esc === 't' ? '\t' : '\\';
  });
}

function curlGet(
  o: CurlOptions,
  url: HttpUrl,
  dst: Ipv4,
  ctx: CommandContext,
  info: Transfer,
): ProcBody {
  const w = ctx.world;
  const ns = ctx.netns as NonNullable<CommandContext['netns']>;
  const start = w.sched.now;
  const elapsedMs = () => Math.floor((w.sched.now - start) / MS);
  const verbose = (line: string) => {
    if (o.verbose) ctx.stderr.write(`${line}\n`);
  };
  const err = errorWriter(o, ctx);
  const s = tcpSocketOpen(ns, 'curl');
  s.noDelay = true;
  s.onReadable = ctx.wake;
  const addr = formatIpv4(dst);
  return (function* (): ProcBody {
    try {
      verbose(`*   Trying ${addr}:${url.port}...`);
      const couldnt = () =>
        err(
          `curl: (7) Failed to connect to ${url.host} port ${url.port} after ${elapsedMs()} ms: Couldn't connect to server`,
          7,
        );
      const c = tcpConnect(w, s, dst, url.port);
      if (!c.ok) return couldnt();
      // curl's timers fire 1 ms after their deadline (the multi loop rounds up).
      const total = o.maxTime === undefined ? undefined : start + o.maxTime * 1_000_000 + MS;
      const conn =
        o.connectTimeout === undefined ? undefined : start + o.connectTimeout * 1_000_000 + MS;
      while (s.state === 'SYN_SENT') {
        const limit = Math.min(total ?? Infinity, conn ?? Infinity);
        if (w.sched.now >= limit) {
          if (limit === conn)
            return err(
              `curl: (28) Failed to connect to ${url.host} port ${url.port} after ${elapsedMs()} ms: Timeout was reached`,
              28,
            );
          return err(`curl: (28) Connection timed out after ${elapsedMs()} milliseconds`, 28);
        }
        yield Number.isFinite(limit) ? { until: limit } : {};
      }
      if (tcpTakeError(s) || s.state === 'CLOSED') return couldnt();
      verbose(`* Connected to ${url.host} (${addr}) port ${url.port} (#0)`);
      info.remoteIp = addr;
      info.remotePort = url.port;
      const request = `GET ${url.path} HTTP/1.1\r\nHost: ${url.hostHeader}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n`;
      for (const line of request.split('\r\n').slice(0, -1)) verbose(`> ${line}`);
      tcpSend(w, s, utf8Bytes(request));
      return yield* readResponse(o, w, s, ctx, total, elapsedMs, err, info);
    } finally {
      tcpClose(w, s);
    }
  })();
}

/** Read the response: headers, then a body of Content-Length bytes or up to the close. */
function* readResponse(
  o: CurlOptions,
  w: World,
  s: TcpSocket,
  ctx: CommandContext,
  total: number | undefined,
  elapsedMs: () => number,
  err: (text: string, code: number) => number,
  info: Transfer,
): ProcBody {
  let buf = new Uint8Array(0);
  let headerEnd = -1;
  let length: number | undefined;
  let bodyStart = 0;
  let received = 0;
  for (;;) {
    const r = tcpRecv(w, s);
    if (!r.ok) {
      if (r.errno === 'ECONNRESET')
        return err('curl: (56) Recv failure: Connection reset by peer', 56);
      break;
    }
    if (r.value === null) break;
    if (r.value === undefined) {
      if (total !== undefined && w.sched.now >= total)
        return err(
          `curl: (28) Operation timed out after ${elapsedMs()} milliseconds with ${received} bytes received`,
          28,
        );
      yield total === undefined ? {} : { until: total };
      continue;
    }
    const merged = new Uint8Array(buf.length + r.value.length);
    merged.set(buf);
    merged.set(r.value, buf.length);
    buf = merged;
    if (headerEnd < 0) {
      headerEnd = findHeaderEnd(buf);
      if (headerEnd >= 0) {
        bodyStart = headerEnd + 4;
        const head = bytesText(buf.subarray(0, headerEnd));
        const lines = head.split('\r\n');
        const m = /^content-length:\s*(\d+)/im.exec(head);
        info.httpCode = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(lines[0])?.[1] ?? 0);
        if (m) length = Number(m[1]);
        if (/^HTTP\/1\.0/.test(lines[0])) {
          if (o.verbose) ctx.stderr.write('* HTTP 1.0, assume close after body\n');
        }
        for (const line of lines) if (o.verbose) ctx.stderr.write(`< ${line}\n`);
        if (o.verbose) ctx.stderr.write('< \n');
        if (o.include && (o.output === undefined || o.output === '-'))
          ctx.stdout.write(`${head}\r\n\r\n`);
      }
    }
    received = buf.length - bodyStart;
    if (headerEnd >= 0 && length !== undefined && received >= length) break;
  }
  const toStdout = o.output === undefined || o.output === '-';
  if (headerEnd < 0) {
    if (buf.length === 0) return err('curl: (52) Empty reply from server', 52);
    info.sizeDownload = buf.length;
    if (toStdout) ctx.stdout.write(bytesText(buf));
    return 0;
  }
  const body = buf.subarray(bodyStart, length === undefined ? buf.length : bodyStart + length);
  info.sizeDownload = body.length;
  if (o.verbose) ctx.stderr.write(`{ [${body.length} bytes data]\n* Closing connection 0\n`);
  if (toStdout) ctx.stdout.write(bytesText(body));
  return 0;
}

function findHeaderEnd(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) {
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  }
  return -1;
}
