/**
 * Bounded retries for network failures (grammY HttpError). @grammyjs/auto-retry
 * retries those forever, which would pin a chat's queue during an outage; here
 * a call is retried after each delay in turn and then fails, so the error
 * boundary logs it and the next update gets its chance.
 */
import { GrammyError, HttpError, type Transformer } from "grammy";
import { retry } from "../util/retry.js";

export const DEFAULT_NETWORK_RETRY_DELAYS_MS: readonly number[] = [500, 2000, 5000];

export function retryNetworkErrors(delaysMs: readonly number[] = DEFAULT_NETWORK_RETRY_DELAYS_MS): Transformer {
  return (prev, method, payload, signal) =>
    retry(() => prev(method, payload, signal), {
      delays: delaysMs,
      // An aborted call (shutdown, long poll cancelled) is not a network failure.
      retryable: (error) => error instanceof HttpError && !signal?.aborted,
      // Cancelled while waiting (shutdown): give up with the network error at once.
      signal: signal as AbortSignal | undefined,
    });
}

/** The wait a Bot API 429 asks for (its retry_after), in ms; undefined for any other failure. */
export function retryAfterMs(error: unknown): number | undefined {
  return error instanceof GrammyError && error.parameters.retry_after !== undefined ? error.parameters.retry_after * 1000 : undefined;
}
