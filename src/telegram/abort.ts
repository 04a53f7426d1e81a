/**
 * Cancellation helpers for the bot's lifecycle: combined signals, and an API
 * transformer that cuts off the Bot API calls of abandoned work. grammY types
 * its signals with the `abort-controller` polyfill; native signals work at
 * runtime (grammY only uses `aborted` and the event listener methods).
 */
import { setMaxListeners } from "node:events";
import { HttpError, type Transformer } from "grammy";

/** What grammY and the runner hand us as a signal: native or polyfill. */
export interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * A signal that aborts when any of `signals` does, and a `dispose` that
 * detaches it from them (call it when the operation is over, so a long-lived
 * signal does not collect listeners).
 */
export function anySignal(...signals: (SignalLike | undefined)[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const present = signals.filter((s): s is SignalLike => s !== undefined);
  const onAbort = () => {
    controller.abort();
    dispose();
  };
  const dispose = () => present.forEach((s) => s.removeEventListener("abort", onAbort));
  if (present.some((s) => s.aborted)) controller.abort();
  else present.forEach((s) => s.addEventListener("abort", onAbort));
  return { signal: controller.signal, dispose };
}

/** A controller whose signal may have any number of listeners (one per call in flight) without Node's leak warning. */
export function lifecycleController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/**
 * Once `signal` aborts, every Bot API call (but those in `except`) fails at
 * once with an HttpError instead of being sent, and calls in flight are
 * aborted. Install it last (outermost), so retry transformers beneath it see
 * the combined signal and stop waiting too.
 */
export function abandonCallsOn(signal: AbortSignal, except: readonly string[] = []): Transformer {
  return async (prev, method, payload, callSignal) => {
    if (except.includes(method)) return prev(method, payload, callSignal);
    if (signal.aborted) throw new HttpError(`Call to '${method}' abandoned: the bot is shutting down`, signal.reason);
    const combined = anySignal(signal, callSignal as SignalLike | undefined);
    try {
      return await prev(method, payload, combined.signal as unknown as typeof callSignal);
    } finally {
      combined.dispose();
    }
  };
}
