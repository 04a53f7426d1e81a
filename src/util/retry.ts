/**
 * One retry loop for every caller that tries again: the model servers' HTTP
 * client, the Bot API calls (network retries, polling, the offset
 * confirmation, getMe). Each caller brings its policy: which failures are worth
 * another attempt, the waits (a fixed list, or an exponential back-off with a
 * cap and optional jitter), the server's own requested wait (429 retry_after,
 * Retry-After), a deadline, and an AbortSignal that ends a wait at once.
 */
import { setTimeout as sleep } from "node:timers/promises";

/** Waits that double from `initialMs` up to `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** Fraction of each wait that is random: 0.5 waits between half of it and all of it (default 0). */
  jitter?: number;
}

export interface RetryInfo {
  /** The failure just seen. */
  error: unknown;
  /** Failures so far, this one included (1 after the first attempt failed). */
  failures: number;
  /** How long until the next attempt. */
  delayMs: number;
}

export interface RetryPolicy {
  /** Waits between attempts: one retry per listed wait, or a back-off (unbounded unless `retries` says). */
  delays: readonly number[] | Backoff;
  /** Retries after the first attempt at most (default: the listed waits' count; unbounded for a back-off). */
  retries?: number;
  /** Whether a failure is worth another attempt; any other is thrown at once. */
  retryable(error: unknown): boolean;
  /** The wait the server asked for after this failure, in ms (429 retry_after, Retry-After), or undefined. */
  serverDelayMs?(error: unknown): number | undefined;
  /** How a server's wait combines with the back-off: it replaces it (default), or is the least that is waited ("max"). */
  serverDelay?: "replace" | "max";
  /** Epoch ms: a retry whose wait would end at or after it is not made (the failure is thrown). */
  deadline?: number;
  /** Ends a wait at once: what `onAbort` returns is thrown (by default the last failure). */
  signal?: AbortSignal;
  onAbort?(lastError: unknown): unknown;
  /** Called before each wait (for logs). */
  onRetry?(info: RetryInfo): void;
}

/**
 * Calls `attempt` until it succeeds or the policy gives up, and returns its
 * result; `attempt` gets the number of failures before it (0 the first time).
 * Rejects with the last failure (or `onAbort`'s error when the signal ends a wait).
 */
export async function retry<T>(attempt: (failures: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const list = Array.isArray(policy.delays) ? (policy.delays as readonly number[]) : undefined;
  const retries = policy.retries ?? list?.length ?? Infinity;
  for (let failures = 0; ; ) {
    try {
      return await attempt(failures);
    } catch (error) {
      failures++;
      if (failures > retries || !policy.retryable(error)) throw error;
      const delayMs = waitAfter(failures, error, policy, list);
      if (policy.deadline !== undefined && Date.now() + delayMs >= policy.deadline) throw error;
      policy.onRetry?.({ error, failures, delayMs });
      try {
        await sleep(delayMs, undefined, policy.signal ? { signal: policy.signal } : undefined);
      } catch {
        throw policy.onAbort ? policy.onAbort(error) : error;
      }
    }
  }
}

/** The wait after the `failures`-th failure. */
function waitAfter(failures: number, error: unknown, policy: RetryPolicy, list: readonly number[] | undefined): number {
  const backoff = list ? list[Math.min(failures, list.length) - 1]! : exponential(policy.delays as Backoff, failures);
  const server = policy.serverDelayMs?.(error);
  if (server === undefined) return backoff;
  return policy.serverDelay === "max" ? Math.max(backoff, server) : server;
}

function exponential(backoff: Backoff, failures: number): number {
  const capped = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1));
  const jitter = backoff.jitter ?? 0;
  return jitter > 0 ? capped * (1 - jitter + Math.random() * jitter) : capped;
}
