/**
 * Which proxy an outbound request goes through, read once from the environment.
 *
 * - `CITEBOT_PROXY` (http://, https://, socks5:// or socks5h://, optional
 *   `user:pass@`): every request goes through it, whatever its host (a Bot API
 *   server or model server on 127.0.0.1 included). NO_PROXY does not apply.
 * - Otherwise the standard variables, per request URL: `https_proxy` for
 *   https:// URLs, `http_proxy` for http:// URLs, `all_proxy` for either when
 *   the scheme's own is unset (lower case first, then upper case), except for
 *   hosts matched by `no_proxy`.
 *
 * The selection follows proxy-from-env's rules, but is written here because
 * that package reads `process.env` at call time: our configuration is parsed
 * and validated once at start-up from the environment we are given (tests pass
 * their own), and a bad proxy URL must be a configuration error, not a request
 * that quietly goes direct. NO_PROXY matching is the common (curl, Go)
 * reading: `example.com` and `.example.com` both match example.com and its
 * subdomains, `host:port` only that port, `*` everything, and an IP range in
 * CIDR form (`10.0.0.0/8`) the addresses in it.
 */
import { BlockList, isIP } from "node:net";

export type ProxyProtocol = "http:" | "https:" | "socks5:" | "socks5h:";
export const PROXY_PROTOCOLS: readonly ProxyProtocol[] = ["http:", "https:", "socks5:", "socks5h:"];

/** The standard proxy variables, as found at start-up (plain data: it crosses worker threads). */
export interface EnvProxies {
  /** `https_proxy` / `HTTPS_PROXY` (normalised URL). */
  https?: string;
  /** `http_proxy` / `HTTP_PROXY`. */
  http?: string;
  /** `all_proxy` / `ALL_PROXY`. */
  all?: string;
  /** `no_proxy` / `NO_PROXY`, as written. */
  noProxy?: string;
}

export interface ProxyConfig {
  /** `CITEBOT_PROXY`: used for every request. */
  url?: string;
  /** The standard variables, used only when `url` is unset. */
  env: EnvProxies;
}

/** No proxy at all. */
export const DIRECT: ProxyConfig = Object.freeze({ env: Object.freeze({}) });

/** Variable name (upper case) → the field it fills; the lower-case spelling wins when both are set. */
const ENV_VARS = [
  ["HTTPS_PROXY", "https"],
  ["HTTP_PROXY", "http"],
  ["ALL_PROXY", "all"],
] as const;

const EXAMPLES = "e.g. http://127.0.0.1:7890 or socks5h://127.0.0.1:1080";

/** Never throws; every problem is reported (with credentials masked). */
export function parseProxyConfig(env: NodeJS.ProcessEnv): { config: ProxyConfig; problems: string[] } {
  const problems: string[] = [];
  const explicit = env.CITEBOT_PROXY?.trim();
  if (explicit) {
    const url = proxyUrl(explicit, false);
    if (typeof url === "string") return { config: { url, env: {} }, problems };
    problems.push(`CITEBOT_PROXY ${url.problem}: an http://, https://, socks5:// or socks5h:// URL with an optional user:password@, ${EXAMPLES} (got ${JSON.stringify(maskCredentials(explicit))})`);
    return { config: DIRECT, problems };
  }
  const found: EnvProxies = {};
  for (const [upper, field] of ENV_VARS) {
    const lower = upper.toLowerCase();
    const name = env[lower]?.trim() ? lower : upper;
    const raw = env[name]?.trim();
    if (!raw) continue;
    // A bare host:port is an HTTP proxy, as curl reads it.
    const url = proxyUrl(raw, true);
    if (typeof url === "string") found[field] = url;
    else problems.push(`${name} ${url.problem}: an http://, https://, socks5:// or socks5h:// URL, ${EXAMPLES} (got ${JSON.stringify(maskCredentials(raw))}); fix or unset it, or set CITEBOT_PROXY`);
  }
  const noProxy = (env.no_proxy?.trim() || env.NO_PROXY?.trim()) ?? "";
  if (noProxy && (found.https || found.http || found.all)) found.noProxy = noProxy;
  return { config: found.https || found.http || found.all ? { env: found } : DIRECT, problems };
}

/** The proxy URL a request to `target` goes through, or undefined to go direct. */
export function proxyForUrl(config: ProxyConfig, target: string | URL): string | undefined {
  if (config.url) return config.url;
  const { https, http, all, noProxy } = config.env;
  if (!https && !http && !all) return undefined;
  let url: URL;
  try {
    url = typeof target === "string" ? new URL(target) : target;
  } catch {
    return undefined;
  }
  const proxy = url.protocol === "https:" ? (https ?? all) : url.protocol === "http:" ? (http ?? all) : undefined;
  if (!proxy || (noProxy && bypasses(noProxy, url))) return undefined;
  return proxy;
}

/** Whether NO_PROXY exempts `url`. */
export function bypasses(noProxy: string, url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  for (let entry of noProxy.toLowerCase().split(/[,\s]+/)) {
    if (!entry) continue;
    if (entry === "*") return true;
    if (entry.includes("/")) {
      if (cidrContains(entry, host)) return true;
      continue;
    }
    // host:port, [v6]:port, or a bare (possibly IPv6) host.
    let entryPort = 0;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1]!;
      entryPort = Number(bracketed[2] ?? 0);
    } else if (isIP(entry) !== 6) {
      const withPort = /^(.*):(\d+)$/.exec(entry);
      if (withPort) {
        entry = withPort[1]!;
        entryPort = Number(withPort[2]);
      }
    }
    if (entryPort && entryPort !== port) continue;
    const domain = entry.replace(/^\*?\./, "").replace(/\.$/, "");
    if (!domain) continue;
    if (host === domain || (!isIP(host) && host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

function cidrContains(entry: string, host: string): boolean {
  const [address, bitsText] = entry.split("/");
  const family = isIP(address ?? "");
  const hostFamily = isIP(host);
  const bits = Number(bitsText);
  if (!family || family !== hostFamily || !/^\d+$/.test(bitsText ?? "") || bits > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(address!, bits, family === 4 ? "ipv4" : "ipv6");
  return list.check(host, family === 4 ? "ipv4" : "ipv6");
}

/** A proxy URL normalised for the agents (no trailing slash), or what is wrong with it. */
function proxyUrl(raw: string, schemeOptional: boolean): string | { problem: string } {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  if (!hasScheme && !schemeOptional) return { problem: "has no scheme" };
  const text = hasScheme ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: "is not a URL" };
  }
  if (!(PROXY_PROTOCOLS as readonly string[]).includes(url.protocol)) return { problem: `has an unsupported scheme ${JSON.stringify(url.protocol.replace(/:$/, ""))}` };
  if (!url.hostname) return { problem: "has no host" };
  if ((url.pathname && url.pathname !== "/") || url.search || url.hash) return { problem: "must not have a path, query or fragment" };
  if (url.password && !url.username) return { problem: "has a password but no user name" };
  return `${url.protocol}//${url.username ? `${url.username}${url.password ? `:${url.password}` : ""}@` : ""}${url.host}`;
}

/** A proxy URL fit for logs and messages: `http://***@127.0.0.1:7890` (user name and password hidden). */
export function redactProxyUrl(url: string): string {
  return maskCredentials(url);
}

/** Hides anything before an `@` in the authority of a URL-like text (valid or not). */
export function maskCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/?#]*@/i, (_, scheme: string | undefined) => `${scheme ?? ""}***@`);
}

/** Proxy credentials in `env`, in every form they could be printed (for the logger's redaction list). */
export function proxySecrets(env: NodeJS.ProcessEnv): string[] {
  const secrets: string[] = [];
  for (const name of ["CITEBOT_PROXY", ...ENV_VARS.flatMap(([upper]) => [upper, upper.toLowerCase()])]) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const at = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^@/?#]*)@/i.exec(raw);
    if (!at) continue;
    const userinfo = at[1]!;
    const colon = userinfo.indexOf(":");
    const password = colon === -1 ? "" : userinfo.slice(colon + 1);
    secrets.push(raw, userinfo);
    if (password) secrets.push(password, safeDecode(password));
  }
  return [...new Set(secrets.filter(Boolean))];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
