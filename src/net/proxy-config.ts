/**
 * Which proxy an outbound request goes through. The configuration is read once at
 * start-up from the environment (src/config/proxy.ts: `CITEBOT_PROXY`, or the standard
 * `https_proxy`/`http_proxy`/`all_proxy`/`no_proxy`); here it is applied, per request URL:
 *
 * - `url` (`CITEBOT_PROXY`): every request goes through it, whatever its host (a Bot API
 *   server or model server on 127.0.0.1 included). NO_PROXY does not apply.
 * - Otherwise the standard variables: `https` for https:// URLs, `http` for http:// URLs,
 *   `all` for either when the scheme's own is unset, except for hosts matched by `noProxy`.
 *
 * The selection follows proxy-from-env's rules, but is written here because that
 * package reads `process.env` at call time: our configuration is parsed and validated
 * once at start-up from the environment we are given (tests pass their own), and a bad
 * proxy URL must be a configuration error, not a request that quietly goes direct.
 * NO_PROXY matching is the common (curl, Go) reading: `example.com` and `.example.com`
 * both match example.com and its subdomains, `host:port` only that port, `*`
 * everything, and an IP range in CIDR form (`10.0.0.0/8`) the addresses in it.
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

/** A proxy URL fit for logs and messages: `http://***@127.0.0.1:7890` (user name and password hidden). */
export function redactProxyUrl(url: string): string {
  return maskCredentials(url);
}

/**
 * A URL-like text's user information (valid or not): everything after its `scheme://` up to the last `@`. A proxy URL
 * has no path, so an `@` anywhere belongs to it: a password written with `@` or `/` unencoded, or a scheme mistyped
 * (`http//user:pass@host`), stays hidden.
 */
export const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)?([^]*)@/i;

/** Hides the user information of a URL-like text (valid or not), as USERINFO finds it. */
export function maskCredentials(text: string): string {
  return text.replace(USERINFO, (_, scheme: string | undefined) => `${scheme ?? ""}***@`);
}
