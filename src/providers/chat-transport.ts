import type { HttpSettings } from "../config/providers.js";
import type { Logger } from "../log.js";
import { type CallOptions, postJson, postStream, ProviderCallError, snippet } from "./http.js";

/** A chat message as it goes on the wire (OpenAI and Ollama share this shape). */
export interface WireMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** One chat model behind one HTTP API: a whole reply, or the reply as text deltas. */
export interface ChatTransport {
  readonly provider: "openai" | "ollama";
  readonly model: string;
  complete(messages: WireMessage[], signal?: AbortSignal): Promise<string>;
  stream(messages: WireMessage[], signal?: AbortSignal): AsyncGenerator<string>;
}

export interface TransportOptions {
  model: string;
  http: HttpSettings;
  temperature: number;
  logger?: Logger;
}

/** OpenAI-compatible `POST {base}/chat/completions`: JSON, or server-sent events with `stream: true`. */
export class OpenAIChatTransport implements ChatTransport {
  readonly provider = "openai" as const;
  readonly model: string;
  /** Some models (reasoning models) refuse a temperature; after one such 400 we stop sending it. */
  private sendTemperature = true;

  constructor(private readonly options: TransportOptions) {
    this.model = options.model;
  }

  async complete(messages: WireMessage[], signal?: AbortSignal): Promise<string> {
    const json = await this.withTemperatureFallback(() => postJson("chat/completions", this.body(messages, false), this.call(signal)));
    const choice = (json as { choices?: Array<{ message?: { content?: unknown } }> })?.choices?.[0];
    const content = choice?.message?.content;
    if (typeof content !== "string") {
      throw new ProviderCallError("malformed", `openai chat (${this.model}): response has no choices[0].message.content: ${snippet(JSON.stringify(json) ?? "")}`);
    }
    return content;
  }

  async *stream(messages: WireMessage[], signal?: AbortSignal): AsyncGenerator<string> {
    const { lines } = await this.withTemperatureFallback(() => postStream("chat/completions", this.body(messages, true), this.call(signal)));
    for await (const data of serverSentEvents(lines)) {
      if (data.trim() === "[DONE]") return;
      let json: { choices?: Array<{ delta?: { content?: unknown } }>; error?: { message?: string } | string };
      try {
        json = JSON.parse(data) as typeof json;
      } catch {
        throw new ProviderCallError("malformed", `openai chat (${this.model}): malformed JSON in the event stream: ${snippet(data)}`);
      }
      if (json?.error) {
        const message = typeof json.error === "string" ? json.error : json.error.message ?? JSON.stringify(json.error);
        throw new ProviderCallError("status", `openai chat (${this.model}): error in the event stream: ${snippet(message)}`);
      }
      const delta = json?.choices?.[0]?.delta?.content;
      if (typeof delta === "string" && delta) yield delta;
    }
  }

  private body(messages: WireMessage[], stream: boolean): Record<string, unknown> {
    return { model: this.model, messages, stream, ...(this.sendTemperature ? { temperature: this.options.temperature } : {}) };
  }

  private call(signal?: AbortSignal): CallOptions {
    return { ...this.options.http, label: `openai chat (${this.model})`, signal, logger: this.options.logger };
  }

  private async withTemperatureFallback<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (this.sendTemperature && error instanceof ProviderCallError && error.status === 400 && /temperature/i.test(error.message)) {
        this.sendTemperature = false;
        this.options.logger?.debug("model refuses a temperature; retrying without it", { model: this.model });
        return send();
      }
      throw error;
    }
  }
}

/** Ollama's `POST {base}/api/chat`: JSON, or newline-delimited JSON with `stream: true`. */
export class OllamaChatTransport implements ChatTransport {
  readonly provider = "ollama" as const;
  readonly model: string;

  constructor(private readonly options: TransportOptions) {
    this.model = options.model;
  }

  async complete(messages: WireMessage[], signal?: AbortSignal): Promise<string> {
    const json = (await postJson("api/chat", this.body(messages, false), this.call(signal))) as { message?: { content?: unknown }; error?: unknown };
    if (typeof json?.error === "string") throw new ProviderCallError("status", `ollama chat (${this.model}): ${snippet(json.error)}`);
    const content = json?.message?.content;
    if (typeof content !== "string") {
      throw new ProviderCallError("malformed", `ollama chat (${this.model}): response has no message.content: ${snippet(JSON.stringify(json) ?? "")}`);
    }
    return content;
  }

  async *stream(messages: WireMessage[], signal?: AbortSignal): AsyncGenerator<string> {
    const { lines } = await postStream("api/chat", this.body(messages, true), this.call(signal));
    for await (const line of lines) {
      if (!line.trim()) continue;
      let json: { message?: { content?: unknown }; done?: boolean; error?: unknown };
      try {
        json = JSON.parse(line) as typeof json;
      } catch {
        throw new ProviderCallError("malformed", `ollama chat (${this.model}): malformed JSON line in the stream: ${snippet(line)}`);
      }
      if (json?.error !== undefined) throw new ProviderCallError("status", `ollama chat (${this.model}): ${snippet(String(json.error))}`);
      const delta = json?.message?.content;
      if (typeof delta === "string" && delta) yield delta;
      if (json?.done) return;
    }
    throw new ProviderCallError("malformed", `ollama chat (${this.model}): the stream ended before "done": true`);
  }

  private body(messages: WireMessage[], stream: boolean): Record<string, unknown> {
    return { model: this.model, messages, stream, options: { temperature: this.options.temperature } };
  }

  private call(signal?: AbortSignal): CallOptions {
    return { ...this.options.http, label: `ollama chat (${this.model})`, signal, logger: this.options.logger };
  }
}

/** The `data` of each server-sent event (multi-line data joined with "\n"; comments and other fields skipped). */
export async function* serverSentEvents(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let data: string[] = [];
  for await (const line of lines) {
    if (line === "") {
      if (data.length) yield data.join("\n");
      data = [];
      continue;
    }
    if (line.startsWith(":")) continue;
    if (line.startsWith("data:")) data.push(line.slice(line[5] === " " ? 6 : 5));
  }
  if (data.length) yield data.join("\n");
}
