/**
 * The one place outbound HTTP connections are made from: every request (Bot
 * API calls, Telegram file downloads from `<apiRoot>/file/bot<token>/<path>`,
 * model providers) gets its fetch or agent here, so a proxy applies to all.
 *
 * Two HTTP stacks are in play, and each gets the proxy its own way:
 * - grammY on Node uses node-fetch over node:http(s), configured per client by
 *   an `http.Agent` (`client.baseFetchConfig.agent`): `agentFor(url)` returns
 *   https-proxy-agent (CONNECT tunnel), http-proxy-agent (absolute-URI
 *   forwarding) or socks-proxy-agent, all from one well-kept family.
 * - The providers use WHATWG fetch (undici): `fetch(url)` goes through undici's
 *   own `ProxyAgent` (http/https proxies, always a CONNECT tunnel) or a SOCKS
 *   connector (fetch-socks on the `socks` client) as the `dispatcher`. Node 20's
 *   global fetch cannot be given a proxy otherwise, and routing providers
 *   through node:http instead would change their streaming, abort and error
 *   behaviour. The npm undici (v6: v7+ needs a newer Node than 20.0) supplies
 *   both `fetch` and the dispatchers, so they always come from the same
 *   version; a request that goes direct still uses the global fetch.
 *
 * Credentials never reach a log from here: the http(s) agents get a URL
 * without them plus a `Proxy-Authorization` header (their debug output prints
 * the URL), undici gets them as a token, and messages use `proxyLabel`.
 */
import { lookup } from "node:dns/promises";
import type http from "node:http";
import { isIP } from "node:net";
import type { Dispatcher } from "undici";
import { DIRECT, type ProxyConfig, proxyForUrl, redactProxyUrl } from "./proxy-config.js";

export interface Network {
  /** WHATWG fetch through the proxy chosen for `url` (the global fetch when none applies). */
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
  /** A node:http(s) agent through the proxy chosen for `url`, or undefined to go direct (keep the caller's default agent). */
  agentFor(url: string | URL): http.Agent | undefined;
  /** The proxy a request to `url` goes through, credentials masked (for logs and messages), or undefined. */
  proxyLabel(url: string | URL): string | undefined;
  /** Closes pooled proxy connections. */
  close(): Promise<void>;
}

/** Straight out, no proxy: the global fetch and the caller's default agents. */
export const directNetwork: Network = Object.freeze({
  fetch: (url: string | URL, init?: RequestInit) => fetch(url, init),
  agentFor: () => undefined,
  proxyLabel: () => undefined,
  close: async () => {},
});

/**
 * The network for a proxy configuration. The proxy libraries (~0.2 s to load)
 * are loaded here, and only when some proxy is configured, so commands that
 * go direct never pay for them.
 */
export async function createNetwork(config: ProxyConfig = DIRECT): Promise<Network> {
  if (!config.url && !config.env.https && !config.env.http && !config.env.all) return directNetwork;
  const lib = await loadProxyLibraries();
  const agents = new Map<string, http.Agent>();
  const dispatchers = new Map<string, Dispatcher>();

  return {
    async fetch(url, init) {
      const proxy = proxyForUrl(config, url);
      if (!proxy) return fetch(url, init);
      let dispatcher = dispatchers.get(proxy);
      if (!dispatcher) {
        dispatcher = createDispatcher(lib, proxy);
        dispatchers.set(proxy, dispatcher);
      }
      // The DOM and undici typings describe the same fetch differently; the objects are compatible at run time.
      return (await lib.undici.fetch(url, { ...(init as object), dispatcher })) as unknown as Response;
    },
    agentFor(url) {
      const proxy = proxyForUrl(config, url);
      if (!proxy) return undefined;
      const secure = new URL(url).protocol === "https:";
      const key = `${secure ? "https" : "http"} ${proxy}`;
      let agent = agents.get(key);
      if (!agent) {
        agent = createAgent(lib, proxy, secure);
        agents.set(key, agent);
      }
      return agent;
    },
    proxyLabel(url) {
      const proxy = proxyForUrl(config, url);
      return proxy ? redactProxyUrl(proxy) : undefined;
    },
    async close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
      const open = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.allSettled(open.map((d) => d.close()));
    },
  };
}

// Process-wide on purpose: pooled connections per proxy configuration are shared by every caller (see sharedNetwork).
const shared = new Map<string, Promise<Network>>();

/**
 * One network per proxy configuration for the whole process (or worker thread),
 * so provider calls share pooled proxy connections; the configuration is plain
 * data because it travels inside `HttpSettings` (and so to worker threads).
 */
export function sharedNetwork(config: ProxyConfig = DIRECT): Promise<Network> {
  const key = JSON.stringify(config);
  let network = shared.get(key);
  if (!network) {
    network = createNetwork(config);
    shared.set(key, network);
    network.catch(() => shared.delete(key));
  }
  return network;
}

type ProxyLibraries = Awaited<ReturnType<typeof loadProxyLibraries>>;

async function loadProxyLibraries() {
  const [httpAgent, httpsAgent, socksAgent, undici, fetchSocks] = await Promise.all([
    import("http-proxy-agent"),
    import("https-proxy-agent"),
    import("socks-proxy-agent"),
    import("undici"),
    import("fetch-socks"),
  ]);
  return {
    HttpProxyAgent: httpAgent.HttpProxyAgent,
    HttpsProxyAgent: httpsAgent.HttpsProxyAgent,
    SocksProxyAgent: socksAgent.SocksProxyAgent,
    undici,
    socksConnector: fetchSocks.socksConnector,
  };
}

/** `url` without credentials, and the Basic `Proxy-Authorization` value they make (if any). */
function splitCredentials(proxy: string): { url: URL; authorization?: string } {
  const url = new URL(proxy);
  if (!url.username && !url.password) return { url };
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = "";
  url.password = "";
  return { url, authorization: `Basic ${Buffer.from(pair).toString("base64")}` };
}

function createAgent(lib: ProxyLibraries, proxy: string, secureTarget: boolean): http.Agent {
  if (proxy.startsWith("socks")) {
    // socks5: the target's name is resolved here; socks5h: by the proxy. Credentials stay in non-enumerable fields.
    return new lib.SocksProxyAgent(proxy, { keepAlive: true });
  }
  const { url, authorization } = splitCredentials(proxy);
  const headers = authorization ? { "Proxy-Authorization": authorization } : {};
  return secureTarget ? new lib.HttpsProxyAgent(url, { keepAlive: true, headers }) : new lib.HttpProxyAgent(url, { keepAlive: true, headers });
}

function createDispatcher(lib: ProxyLibraries, proxy: string): Dispatcher {
  if (proxy.startsWith("http")) {
    const { url, authorization } = splitCredentials(proxy);
    return new lib.undici.ProxyAgent({ uri: url.href, ...(authorization ? { token: authorization } : {}) });
  }
  const url = new URL(proxy);
  const connect = lib.socksConnector({
    type: 5,
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port) || 1080,
    ...(url.username ? { userId: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  });
  if (url.protocol === "socks5h:") return new lib.undici.Agent({ connect });
  // socks5: resolve the target here and hand the proxy an address; TLS still checks the name.
  return new lib.undici.Agent({
    connect: (options, callback) => {
      const { hostname } = options;
      if (isIP(hostname.replace(/^\[|\]$/g, ""))) return connect(options, callback);
      lookup(hostname).then(
        ({ address }) => connect({ ...options, hostname: address, servername: options.servername || hostname }, callback),
        (error: Error) => callback(error, null),
      );
    },
  });
}
