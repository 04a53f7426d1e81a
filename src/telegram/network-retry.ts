/**
 * Bounded retries for network failures (grammY HttpError). @grammyjs/auto-retry
 * retries those forever, which would pin a chat's queue during an outage; here
 * a call is retried after each delay in turn and then fails, so the error
 * boundary logs it and the next update gets its chance.
 */
import { HttpError, type Transformer } from "grammy";
import { sleep, type SignalLike } from "./abort.js";

export const DEFAULT_NETWORK_RETRY_DELAYS_MS: readonly number[] = [500, 2000, 5000];

export function retryNetworkErrors(delaysMs: readonly number[] = DEFAULT_NETWORK_RETRY_DELAYS_MS): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        // An aborted call (shutdown, long poll cancelled) is not a network failure.
        if (!(error instanceof HttpError) || signal?.aborted || attempt >= delaysMs.length) throw error;
        // Cancelled while waiting (shutdown): give up with the network error at once.
        await sleep(delaysMs[attempt]!, signal as SignalLike | undefined).catch(() => {
          throw error;
        });
      }
    }
  };
}
