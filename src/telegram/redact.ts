/**
 * Keeps the bot token out of errors. grammY puts the token in the request URL
 * (`<apiRoot>/bot<token>/<method>`), and the HTTP client's own error for a
 * failed request (kept as `HttpError.error`) quotes that URL in its message and
 * stack. Our logs only print `HttpError.message`, which grammY keeps clean, but
 * anything that prints the whole error (`console.error(err)`, `util.inspect`,
 * a crash report) would show the token. This transformer scrubs every error
 * a Bot API call throws, before it reaches any caller.
 */
import type { Transformer } from "grammy";

const MASK = "***";
const MAX_DEPTH = 6;

/** The forms in which a token can appear in text: as is, URL-encoded, and its secret half alone. */
export function tokenNeedles(token: string): string[] {
  const secret = token.includes(":") ? token.slice(token.indexOf(":") + 1) : "";
  return [...new Set([token, encodeURIComponent(token), secret])].filter((s) => s.length >= 8);
}

/**
 * Replaces every needle in every string property of `error` and of the errors
 * it wraps (`error`, `cause`, `errors`...), in place. Only Error objects are
 * touched: a call's payload hanging off an error is left alone.
 */
export function scrubError(error: unknown, needles: readonly string[]): void {
  const seen = new Set<object>();
  const clean = (text: string) => needles.reduce((acc, n) => (acc.includes(n) ? acc.split(n).join(MASK) : acc), text);
  const walk = (value: unknown, depth: number) => {
    if (typeof value !== "object" || value === null || seen.has(value) || depth > MAX_DEPTH) return;
    seen.add(value);
    if (Array.isArray(value)) return value.forEach((v) => walk(v, depth + 1));
    if (!(value instanceof Error)) return;
    // Own names include non-enumerable ones such as `message` and `stack`.
    for (const name of Object.getOwnPropertyNames(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, name);
      if (!descriptor || !("value" in descriptor)) continue;
      const v = descriptor.value;
      if (typeof v === "string") {
        const cleaned = clean(v);
        if (cleaned !== v && descriptor.writable) (value as unknown as Record<string, unknown>)[name] = cleaned;
      } else if (typeof v === "object" && v !== null) {
        walk(v, depth + 1);
      }
    }
  };
  walk(error, 0);
}

/** An API transformer that scrubs the token from every error a call throws. Install it last, so it wraps all others. */
export function redactTokenInErrors(token: string): Transformer {
  const needles = tokenNeedles(token);
  return async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      scrubError(error, needles);
      throw error;
    }
  };
}
