/**
 * The proxy for every outbound request, Bot API and model servers alike: `CITEBOT_PROXY`,
 * or else the standard variables (lower case first, then upper case, as curl reads them).
 * Only what is used is checked: with `CITEBOT_PROXY` set the standard variables are
 * ignored, and of `https_proxy` and `HTTPS_PROXY` only the spelling that wins. How a
 * request picks its proxy from this is src/net/proxy-config.ts.
 */
import { DIRECT, type EnvProxies, maskCredentials, PROXY_PROTOCOLS, type ProxyConfig, USERINFO } from "../net/proxy-config.js";
import { fromEnv, type Rule, type SettingsOf, text } from "./settings.js";

export const PROXY_SETTINGS = {
  /**
   * Proxy for every request, whatever its host (loopback included; NO_PROXY does not apply):
   * http://, https://, socks5:// or socks5h://, with an optional user:password@. Default: the
   * standard variables below, else direct. Its credentials are secrets: never logged.
   */
  CITEBOT_PROXY: fromEnv(text),
  /** Without CITEBOT_PROXY: the proxy for https:// URLs (a bare host:port is an HTTP proxy). */
  https_proxy: fromEnv(text),
  /** As https_proxy, which wins when both are set. */
  HTTPS_PROXY: fromEnv(text),
  /** Without CITEBOT_PROXY: the proxy for http:// URLs. */
  http_proxy: fromEnv(text),
  /** As http_proxy, which wins when both are set. */
  HTTP_PROXY: fromEnv(text),
  /** Without CITEBOT_PROXY: the proxy for a scheme whose own variable is unset. */
  all_proxy: fromEnv(text),
  /** As all_proxy, which wins when both are set. */
  ALL_PROXY: fromEnv(text),
  /** Hosts the standard variables do not apply to: `example.com`, `.example.com`, `host:port`, `10.0.0.0/8`, `*`. */
  no_proxy: fromEnv(text),
  /** As no_proxy, which wins when both are set. */
  NO_PROXY: fromEnv(text),
};

export type ProxySettings = SettingsOf<typeof PROXY_SETTINGS>;

/** The standard variables, upper-case spelling → the field it fills. */
const STANDARD = [
  ["HTTPS_PROXY", "https"],
  ["HTTP_PROXY", "http"],
  ["ALL_PROXY", "all"],
] as const;

const FORMS = "an http://, https://, socks5:// or socks5h:// URL";
const EXAMPLES = "e.g. http://127.0.0.1:7890 or socks5h://127.0.0.1:1080";

export const PROXY_RULES: readonly Rule<ProxySettings>[] = [
  (s, report) => {
    for (const [name, message] of readProxies(s).problems) report(name, message);
  },
];

/** The proxy section of the configuration, from valid settings. */
export function proxyConfig(s: ProxySettings): ProxyConfig {
  return readProxies(s).config;
}

/** The proxies in use and what is wrong with them (credentials masked). */
function readProxies(s: ProxySettings): { config: ProxyConfig; problems: Array<[keyof ProxySettings, string]> } {
  if (s.CITEBOT_PROXY !== undefined) {
    const url = proxyUrl(s.CITEBOT_PROXY, false);
    if (typeof url === "string") return { config: { url, env: {} }, problems: [] };
    const problem = `${url.problem}: ${FORMS} with an optional user:password@, ${EXAMPLES} (got ${JSON.stringify(maskCredentials(s.CITEBOT_PROXY))})`;
    return { config: DIRECT, problems: [["CITEBOT_PROXY", problem]] };
  }
  const problems: Array<[keyof ProxySettings, string]> = [];
  const found: EnvProxies = {};
  for (const [upper, field] of STANDARD) {
    const lower = upper.toLowerCase() as Lowercase<typeof upper>;
    const name = s[lower] !== undefined ? lower : upper;
    const raw = s[name];
    if (raw === undefined) continue;
    // A bare host:port is an HTTP proxy, as curl reads it.
    const url = proxyUrl(raw, true);
    if (typeof url === "string") found[field] = url;
    else problems.push([name, `${url.problem}: ${FORMS}, ${EXAMPLES} (got ${JSON.stringify(maskCredentials(raw))}); fix or unset it, or set CITEBOT_PROXY`]);
  }
  const noProxy = s.no_proxy ?? s.NO_PROXY;
  if (noProxy && (found.https || found.http || found.all)) found.noProxy = noProxy;
  return { config: found.https || found.http || found.all ? { env: found } : DIRECT, problems };
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

/** Proxy credentials in `env`, in every form they could be printed (for the logger's redaction list). */
export function proxySecrets(env: NodeJS.ProcessEnv): string[] {
  const secrets: string[] = [];
  for (const name of ["CITEBOT_PROXY", ...STANDARD.flatMap(([upper]) => [upper, upper.toLowerCase()])]) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const at = USERINFO.exec(raw);
    if (!at) continue;
    const userinfo = at[2]!;
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
