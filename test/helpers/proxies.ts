/**
 * Real proxy servers for tests, on 127.0.0.1 and a random port:
 *
 * - `startHttpProxy`: an HTTP forward proxy (absolute-URI requests such as
 *   `GET http://127.0.0.1:4000/x HTTP/1.1`, and CONNECT tunnels), optionally
 *   behind TLS (an https:// proxy) and Basic auth (407 otherwise).
 * - `startSocksProxy`: a SOCKS5 proxy (CONNECT; no auth, or user/password per
 *   RFC 1929), recording whether the client sent a name or an address.
 *
 * Both record every request or tunnel in `hits` (with the credentials the
 * client presented) and only connect to loopback targets ("localhost" and ::1
 * lead to 127.0.0.1, where the fakes listen); anything else is refused and
 * recorded as refused, so a test can never send traffic off this machine.
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

export interface ProxyHit {
  /** "forward": an absolute-URI request; "connect": a CONNECT tunnel; "socks": a SOCKS5 CONNECT. */
  kind: "forward" | "connect" | "socks";
  /** host:port as the client asked (the full URL for "forward"). */
  target: string;
  /** "user:password" the client presented, decoded (undefined: none). */
  credentials?: string;
  /** SOCKS5: how the client named the target. */
  addressType?: "ipv4" | "ipv6" | "domain";
  /** Why the proxy said no, if it did ("auth", "not loopback", "unreachable"). */
  refused?: string;
}

export interface TestProxy {
  /** e.g. http://127.0.0.1:40123 or socks5://127.0.0.1:40124 (no credentials). */
  url: string;
  port: number;
  hits: ProxyHit[];
  /** `url` with user:password@ (percent-encoded). */
  urlWith(user: string, password: string, scheme?: string): string;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Require these credentials (407 / SOCKS auth failure otherwise). */
  auth?: { user: string; password: string };
  /** Serve the proxy itself over TLS (an https:// proxy). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Where a loopback target is actually reached, or undefined when the target is not on this machine. */
function loopbackHost(host: string): string | undefined {
  const h = host.toLowerCase();
  if (LOOPBACK_NAMES.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h)) return "127.0.0.1";
  return undefined;
}

function decodeBasic(header: string | undefined): string | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? "");
  return match ? Buffer.from(match[1]!, "base64").toString("utf8") : undefined;
}

function splitHostPort(authority: string): { host: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(authority);
  return match ? { host: match[1]!.replace(/^\[|\]$/g, ""), port: Number(match[2]) } : undefined;
}

function urlWith(base: string, user: string, password: string, scheme?: string): string {
  const url = new URL(base);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  const text = url.toString().replace(/\/$/, "");
  return scheme ? text.replace(/^[a-z0-9]+:/, `${scheme}:`) : text;
}

function tracker() {
  const sockets = new Set<Duplex>();
  return {
    add(socket: Duplex) {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    },
    destroyAll() {
      for (const s of sockets) s.destroy();
    },
  };
}

export async function startHttpProxy(options: ProxyOptions = {}): Promise<TestProxy> {
  const hits: ProxyHit[] = [];
  const open = tracker();
  const expected = options.auth ? `${options.auth.user}:${options.auth.password}` : undefined;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const credentials = decodeBasic(req.headers["proxy-authorization"]);
    const hit: ProxyHit = { kind: "forward", target: req.url ?? "", ...(credentials !== undefined ? { credentials } : {}) };
    hits.push(hit);
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      hit.refused = "not a proxy request";
      res.writeHead(400).end();
      return;
    }
    if (expected !== undefined && credentials !== expected) {
      hit.refused = "auth";
      res.writeHead(407, { "proxy-authenticate": 'Basic realm="test"', "content-type": "text/html" }).end("<h1>407 Proxy Authentication Required</h1>");
      return;
    }
    const host = loopbackHost(target.hostname.replace(/^\[|\]$/g, ""));
    if (!host || target.protocol !== "http:") {
      hit.refused = "not loopback";
      res.writeHead(403).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    delete headers["proxy-connection"];
    const upstream = http.request({ host, port: Number(target.port) || 80, method: req.method, path: target.pathname + target.search, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      hit.refused = "unreachable";
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  server.on("connection", (socket) => open.add(socket));
  server.on("secureConnection", (socket) => open.add(socket));
  server.on("connect", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    open.add(socket);
    const credentials = decodeBasic(req.headers["proxy-authorization"]);
    const hit: ProxyHit = { kind: "connect", target: req.url ?? "", ...(credentials !== undefined ? { credentials } : {}) };
    hits.push(hit);
    socket.on("error", () => {});
    if (expected !== undefined && credentials !== expected) {
      hit.refused = "auth";
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const authority = splitHostPort(req.url ?? "");
    const host = authority && loopbackHost(authority.host);
    if (!authority || !host) {
      hit.refused = "not loopback";
      socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    const upstream = net.connect(authority.port, host);
    open.add(upstream);
    upstream.on("connect", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => {
      hit.refused = "unreachable";
      socket.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    url,
    port,
    hits,
    urlWith: (user, password, scheme) => urlWith(url, user, password, scheme),
    close: async () => {
      open.destroyAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads exactly `n` bytes from a paused socket. */
async function readBytes(socket: net.Socket, n: number): Promise<Buffer> {
  for (;;) {
    const chunk = socket.read(n) as Buffer | null;
    if (chunk) return chunk;
    if (socket.destroyed || socket.readableEnded) throw new Error("socks client went away");
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off("readable", done);
        socket.off("close", done);
        resolve();
      };
      socket.on("readable", done);
      socket.on("close", done);
    });
  }
}

export async function startSocksProxy(options: Omit<ProxyOptions, "tls"> = {}): Promise<TestProxy> {
  const hits: ProxyHit[] = [];
  const open = tracker();
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.on("error", () => {});
    void handshake(socket).catch(() => socket.destroy());
  });

  async function handshake(socket: net.Socket): Promise<void> {
    const [version, count] = await readBytes(socket, 2);
    if (version !== 5) return void socket.destroy();
    const methods = [...(await readBytes(socket, count!))];
    let credentials: string | undefined;
    if (options.auth) {
      if (!methods.includes(2)) return void socket.end(Buffer.from([5, 0xff]));
      socket.write(Buffer.from([5, 2]));
      const [, userLength] = await readBytes(socket, 2);
      const user = (await readBytes(socket, userLength!)).toString("utf8");
      const [passwordLength] = await readBytes(socket, 1);
      const password = (await readBytes(socket, passwordLength!)).toString("utf8");
      credentials = `${user}:${password}`;
      if (user !== options.auth.user || password !== options.auth.password) {
        hits.push({ kind: "socks", target: "", credentials, refused: "auth" });
        return void socket.end(Buffer.from([1, 1]));
      }
      socket.write(Buffer.from([1, 0]));
    } else {
      if (!methods.includes(0)) return void socket.end(Buffer.from([5, 0xff]));
      socket.write(Buffer.from([5, 0]));
    }
    const [, command, , type] = await readBytes(socket, 4);
    let host: string;
    let addressType: ProxyHit["addressType"];
    if (type === 1) {
      host = [...(await readBytes(socket, 4))].join(".");
      addressType = "ipv4";
    } else if (type === 4) {
      const raw = await readBytes(socket, 16);
      const groups = Array.from({ length: 8 }, (_, i) => raw.readUInt16BE(i * 2).toString(16));
      host = groups.join(":") === "0:0:0:0:0:0:0:1" ? "::1" : groups.join(":");
      addressType = "ipv6";
    } else if (type === 3) {
      const [length] = await readBytes(socket, 1);
      host = (await readBytes(socket, length!)).toString("utf8");
      addressType = "domain";
    } else {
      return void socket.destroy();
    }
    const port = (await readBytes(socket, 2)).readUInt16BE(0);
    const hit: ProxyHit = { kind: "socks", target: `${host}:${port}`, addressType, ...(credentials !== undefined ? { credentials } : {}) };
    hits.push(hit);
    const reply = (code: number) => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
    if (command !== 1) {
      hit.refused = "not CONNECT";
      return void socket.end(reply(7));
    }
    const reachable = loopbackHost(host);
    if (!reachable) {
      hit.refused = "not loopback";
      return void socket.end(reply(2));
    }
    const upstream = net.connect(port, reachable);
    open.add(upstream);
    upstream.on("connect", () => {
      socket.write(reply(0));
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => {
      hit.refused = "unreachable";
      socket.end(reply(5));
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `socks5://127.0.0.1:${port}`;
  return {
    url,
    port,
    hits,
    urlWith: (user, password, scheme) => urlWith(url, user, password, scheme),
    close: async () => {
      open.destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The self-signed certificate for "localhost" and 127.0.0.1 in test/fixtures/tls (valid to 2126; test use only). */
export const TEST_TLS_DIR = new URL("../../../test/fixtures/tls/", import.meta.url);

/**
 * An HTTPS front for a plain-HTTP fake: TLS on 127.0.0.1 (certificate for
 * "localhost"), each connection piped to `target`'s port. `url` is
 * https://localhost:<port>, so clients check the name against the certificate.
 */
export async function startTlsFront(target: string, tlsOptions: { key: string | Buffer; cert: string | Buffer }): Promise<{ url: string; close(): Promise<void> }> {
  const { port: targetPort } = new URL(target);
  const { createServer } = await import("node:tls");
  const open = tracker();
  const server = createServer({ key: tlsOptions.key, cert: tlsOptions.cert }, (socket) => {
    open.add(socket);
    socket.on("error", () => {});
    const upstream = net.connect(Number(targetPort), "127.0.0.1");
    open.add(upstream);
    upstream.on("error", () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    close: async () => {
      open.destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
