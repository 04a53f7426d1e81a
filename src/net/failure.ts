/**
 * A short reason for a request that failed on its way through a proxy, fit for
 * a log line or an error message: never the request URL (a Bot API URL holds
 * the token), never the proxy's credentials (no library error carries them).
 * Works on undici's errors (`fetch failed` with a chain of causes) and on
 * node-fetch's (grammY: `request to <url> failed, reason: …`).
 */
export function proxyFailureReason(error: unknown): string {
  const chain: { message?: unknown; code?: unknown; type?: unknown }[] = [];
  for (let e = error as { cause?: unknown; error?: unknown } | undefined; e && typeof e === "object" && chain.length < 8; e = (e.cause ?? undefined) as typeof e) {
    chain.push(e as (typeof chain)[number]);
  }
  const messages = chain.map((e) => (typeof e.message === "string" ? e.message : ""));
  const status = messages.map((m) => /Proxy response \((\d{3})\)/.exec(m)?.[1]).find(Boolean);
  if (status) return `the proxy answered HTTP ${status}${status === "407" ? " (Proxy Authentication Required: check the user name and password)" : ""}`;
  if (chain.some((e) => e.type === "invalid-json")) {
    return "the answer did not come from the server: does the proxy refuse the request (wrong credentials, HTTP 407?) or fail to reach the server?";
  }
  const code = chain.map((e) => e.code).find((c): c is string => typeof c === "string" && /^E[A-Z_]+$/.test(c));
  if (code) return code;
  const last = [...messages].reverse().find((m) => m && m !== "fetch failed") ?? "request failed";
  return (/reason: (.*)$/s.exec(last)?.[1] ?? (/^request to /.test(last) ? "request failed" : last)).trim() || "request failed";
}
