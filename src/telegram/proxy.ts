/**
 * The Bot API client through the configured proxy (CITEBOT_PROXY, or the
 * standard HTTPS_PROXY/… variables; see src/net/). grammY on Node fetches with
 * node-fetch, which takes an `http.Agent`: every call (and any download from
 * `<apiRoot>/file/bot<token>/<path>`, same origin) goes through the agent that
 * `network.agentFor(apiRoot)` picks, whatever the host and scheme of apiRoot.
 */
import { HttpError, type ApiClientOptions, type Transformer } from "grammy";
import { proxyFailureReason } from "../net/failure.js";
import type { Logger } from "../log.js";
import type { Network } from "../net/network.js";

export const DEFAULT_API_ROOT = "https://api.telegram.org";

/** grammY client options for `apiRoot` (undefined: grammY's default) through `network`, and the proxy's label (if any). */
export function telegramClient(network: Network, apiRoot: string | undefined): { client: ApiClientOptions; proxyLabel?: string } {
  const root = apiRoot ?? DEFAULT_API_ROOT;
  const agent = network.agentFor(root);
  // grammY merges baseFetchConfig over its own ({ compress, agent, duplex }): only the agent changes.
  const client: ApiClientOptions = { ...(apiRoot ? { apiRoot } : {}), ...(agent ? { baseFetchConfig: { agent } } : {}) };
  const proxyLabel = network.proxyLabel(root);
  return proxyLabel ? { client, proxyLabel } : { client };
}

/** Failures through the proxy are logged at most this often (grammY retries getMe at start-up quietly, forever). */
const WARN_EVERY_MS = 60_000;

/**
 * Names the proxy in network failures of Bot API calls ("Network request for
 * 'getMe' failed! (through the proxy http://***@127.0.0.1:7890: ECONNREFUSED)"),
 * so an operator looks at the proxy first, and says so in the log (at most once
 * a minute). The label never holds credentials.
 */
export function mentionProxyInErrors(proxyLabel: string, logger?: Logger): Transformer {
  let lastWarned = -Infinity;
  return async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (error instanceof HttpError && !signal?.aborted && !error.message.includes(proxyLabel)) {
        const reason = proxyFailureReason(error.error);
        error.message += ` (through the proxy ${proxyLabel}: ${reason})`;
        if (logger && Date.now() - lastWarned >= WARN_EVERY_MS) {
          lastWarned = Date.now();
          logger.warn("cannot reach the Bot API through the proxy; is it running, and are CITEBOT_PROXY (or HTTPS_PROXY…) and its credentials right?", { proxy: proxyLabel, method, reason });
        }
      }
      throw error;
    }
  };
}
