/**
 * The nginx image's server (nginx 1.25.3 with the image's default.conf): listens on port 80 of
 * the container's namespace through the kernel's TCP sockets and answers GET/HEAD of `/` with
 * the welcome page (404 for anything else), writing an access log line per request as the
 * image does (to stdout, which `docker logs` shows).
 *
 * Left out: keep-alive timeouts, request bodies, other methods (405), IPv6 ([::]:80).
 */
import { formatIpv4 } from '../../kernel/inet';
import type { Netns } from '../../kernel/netns';
import {
  type TcpSocket,
  tcpAccept,
  tcpBind,
  tcpClose,
  tcpListen,
  tcpRecv,
  tcpSend,
  tcpSocketOpen,
} from '../../kernel/tcp-socket';
import type { World } from '../../kernel/world';
import { httpDate, nginxAccessTime } from './time';

export const WELCOME_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NOT_FOUND = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.25.3</center>
</body>
</html>
`;

/** The mtime of the image's index.html. */
const LAST_MODIFIED = 'Tue, 24 Oct 2023 13:46:47 GMT';
const ETAG = '"6537cac7-267"';

function ascii(text: string): Uint8Array {
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i) & 0xff;
  return b;
}

function text(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** bind() and listen() on 0.0.0.0:80; the errno on failure (EADDRINUSE with --net=host). */
export function nginxListen(w: World, ns: Netns): TcpSocket | string {
  const l = tcpSocketOpen(ns, 'nginx');
  l.reuseAddr = true;
  const b = tcpBind(l, 0, 80);
  const li = b.ok ? tcpListen(w, l, 511) : b;
  if (!li.ok) {
    tcpClose(w, l);
    return li.errno;
  }
  return l;
}

function response(w: World, req: string): { head: string; body: string; status: number } {
  const [line] = req.split('\r\n');
  const [method, path] = line.split(' ');
  const found = path === '/' || path === '/index.html';
  const body = found ? WELCOME_PAGE : NOT_FOUND;
  const status = found ? 200 : 404;
  let head = `HTTP/1.1 ${found ? '200 OK' : '404 Not Found'}\r\nServer: nginx/1.25.3\r\nDate: ${httpDate(w.sched.now)}\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n`;
  if (found) head += `Last-Modified: ${LAST_MODIFIED}\r\n`;
  head += 'Connection: keep-alive\r\n';
  if (found) head += `ETag: ${ETAG}\r\nAccept-Ranges: bytes\r\n`;
  return { head: `${head}\r\n`, body: method === 'HEAD' ? '' : body, status };
}

/** The server loop: accept, read requests, answer, log; runs until the container stops. */
export function* nginxServe(
  w: World,
  l: TcpSocket,
  log: (line: string) => void,
  wake: () => void,
): Generator<{ until?: number }, number, unknown> {
  l.onReadable = wake;
  const conns: { s: TcpSocket; buf: string }[] = [];
  try {
    for (;;) {
      for (let a = tcpAccept(w, l); a.ok && a.value; a = tcpAccept(w, l)) {
        a.value.onReadable = wake;
        conns.push({ s: a.value, buf: '' });
      }
      for (const k of [...conns]) {
        for (;;) {
          const r = tcpRecv(w, k.s);
          if (!r.ok || r.value === null) {
            tcpClose(w, k.s);
            conns.splice(conns.indexOf(k), 1);
            break;
          }
          if (r.value === undefined) break;
          k.buf += text(r.value);
          for (let end = k.buf.indexOf('\r\n\r\n'); end >= 0; end = k.buf.indexOf('\r\n\r\n')) {
            const req = k.buf.slice(0, end);
            k.buf = k.buf.slice(end + 4);
            const res = response(w, req);
            tcpSend(w, k.s, ascii(res.head + res.body));
            const ua = /\r\nUser-Agent: ([^\r]*)/i.exec(req)?.[1] ?? '-';
            log(
              `${formatIpv4(k.s.remoteAddr)} - - [${nginxAccessTime(w.sched.now)}] "${req.split('\r\n')[0]}" ${res.status} ${res.body.length} "-" "${ua}" "-"\n`,
            );
          }
        }
      }
      yield {};
    }
  } finally {
    tcpClose(w, l);
    for (const k of conns) tcpClose(w, k.s);
  }
}
