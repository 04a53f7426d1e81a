import http, { type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake model server on 127.0.0.1 speaking both the OpenAI-compatible API
 * (`/v1/embeddings`, `/v1/chat/completions`, JSON or SSE) and Ollama's
 * (`/api/embed`, `/api/chat`, JSON or NDJSON). Faults are consumed one per request,
 * in order, so a test can script "500, then OK" or "hang".
 */

export type Fault =
  /** Answer with this status (and body / Retry-After). */
  | { kind: "status"; status: number; body?: string; retryAfter?: string }
  /** Never answer (until the server closes). */
  | { kind: "hang" }
  /** 200 with a body that is not valid JSON (or, when streaming, a broken event). */
  | { kind: "malformed" }
  /** 200 with exactly this body. */
  | { kind: "raw"; body: string; contentType?: string }
  /** Streaming chat: send this text, then stall forever. */
  | { kind: "stall"; text: string }
  /** Answer normally after a delay. */
  | { kind: "delay"; ms: number };

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface FakeModelServerOptions {
  /** Vectors for a batch of texts (default: `fakeVector(text, 8)` each). */
  embed?: (texts: string[], model: string) => unknown[];
  /** The chat reply (default ""). */
  reply?: string | ((body: any) => string);
  faults?: Fault[];
  /** Characters per streamed chunk (default 3). */
  chunkSize?: number;
  /** Pause after each streamed chunk, in ms (default 1). */
  chunkDelayMs?: number;
  /** When set, requests without `Authorization: Bearer <key>` get 401. */
  apiKey?: string;
}

export interface FakeModelServer {
  /** Server root, e.g. http://127.0.0.1:40123 (Ollama's base URL). */
  url: string;
  /** OpenAI-compatible base URL: url + "/v1". */
  openaiUrl: string;
  requests: SeenRequest[];
  /** Remaining scripted faults; push more at any time. */
  faults: Fault[];
  close(): Promise<void>;
}

/** A deterministic unit-length vector for a text. */
export function fakeVector(text: string, dims = 8): number[] {
  const v = new Array<number>(dims).fill(0);
  for (let i = 0; i < text.length; i++) v[(text.charCodeAt(i) * 31 + i) % dims] += 1 + (text.charCodeAt(i) % 7);
  v[0] += 0.5;
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / norm);
}

export async function startFakeModelServer(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const requests: SeenRequest[] = [];
  const faults = [...(options.faults ?? [])];
  const chunkSize = options.chunkSize ?? 3;
  const chunkDelayMs = options.chunkDelayMs ?? 1;
  const embed = options.embed ?? ((texts: string[]) => texts.map((t) => fakeVector(t)));
  const replyFor = (body: any) => (typeof options.reply === "function" ? options.reply(body) : options.reply ?? "");

  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (piece: string) => (raw += piece));
    req.on("end", () => {
      void handle(req.method ?? "GET", req.url ?? "/", req.headers, raw, res).catch(() => res.destroy());
    });
  });

  async function handle(method: string, path: string, headers: IncomingHttpHeaders, raw: string, res: ServerResponse): Promise<void> {
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    requests.push({ method, path, headers, body });
    if (options.apiKey && headers.authorization !== `Bearer ${options.apiKey}`) {
      return json(res, 401, { error: { message: "invalid api key" } });
    }
    const stream = body?.stream === true;
    const fault = faults.shift();
    if (fault?.kind === "status") {
      res.writeHead(fault.status, { "content-type": "application/json", ...(fault.retryAfter ? { "retry-after": fault.retryAfter } : {}) });
      res.end(fault.body ?? JSON.stringify({ error: { message: `fake ${fault.status}` } }));
      return;
    }
    if (fault?.kind === "hang") return; // the socket stays open until close()
    if (fault?.kind === "raw") {
      res.writeHead(200, { "content-type": fault.contentType ?? "application/json" });
      res.end(fault.body);
      return;
    }
    if (fault?.kind === "delay") await sleep(fault.ms);

    switch (path) {
      case "/v1/embeddings": {
        if (fault?.kind === "malformed") return malformed(res);
        const input: string[] = Array.isArray(body.input) ? body.input : [body.input];
        const vectors = embed(input, body.model);
        // Out of order on purpose: clients must sort by `index`.
        const data = vectors.map((embedding, index) => ({ object: "embedding", index, embedding })).reverse();
        return json(res, 200, { object: "list", model: body.model, data, usage: { prompt_tokens: 1, total_tokens: 1 } });
      }
      case "/api/embed": {
        if (fault?.kind === "malformed") return malformed(res);
        const input: string[] = Array.isArray(body.input) ? body.input : [body.input];
        return json(res, 200, { model: body.model, embeddings: embed(input, body.model) });
      }
      case "/v1/chat/completions": {
        const reply = replyFor(body);
        if (!stream) {
          if (fault?.kind === "malformed") return malformed(res);
          return json(res, 200, {
            id: "chatcmpl-1", object: "chat.completion", model: body.model,
            choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop" }],
          });
        }
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const event = (delta: object, finish: string | null = null) =>
          `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        res.write(": keep-alive comment\n\n");
        res.write(event({ role: "assistant", content: "" }));
        if (fault?.kind === "stall") {
          for (const piece of chunks(fault.text, chunkSize)) res.write(event({ content: piece }));
          return;
        }
        if (fault?.kind === "malformed") {
          res.write(event({ content: reply.slice(0, 2) }));
          res.end("data: {\"choices\": [ {oops\n\n");
          return;
        }
        for (const piece of chunks(reply, chunkSize)) {
          res.write(event({ content: piece }));
          await sleep(chunkDelayMs);
        }
        res.write(event({}, "stop"));
        res.end("data: [DONE]\n\n");
        return;
      }
      case "/api/chat": {
        const reply = replyFor(body);
        if (!stream) {
          if (fault?.kind === "malformed") return malformed(res);
          return json(res, 200, { model: body.model, message: { role: "assistant", content: reply }, done: true, done_reason: "stop" });
        }
        res.writeHead(200, { "content-type": "application/x-ndjson" });
        const line = (content: string, done = false) =>
          JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: "assistant", content }, done }) + "\n";
        if (fault?.kind === "stall") {
          for (const piece of chunks(fault.text, chunkSize)) res.write(line(piece));
          return;
        }
        if (fault?.kind === "malformed") {
          res.write(line(reply.slice(0, 2)));
          res.end("{\"message\": {oops\n");
          return;
        }
        for (const piece of chunks(reply, chunkSize)) {
          res.write(line(piece));
          await sleep(chunkDelayMs);
        }
        res.end(line("", true));
        return;
      }
      default:
        return json(res, 404, { error: `no route ${path}` });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiUrl: `${url}/v1`,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function malformed(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end('{"choices": [{"message": {"content": "unterminated');
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
