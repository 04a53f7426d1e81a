import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { errorMessage } from "../../errors.js";
import type { Logger } from "../../log.js";
import { notFoundText } from "../../lang/messages.js";
import type { ProviderConfig } from "../../providers/config.js";
import { ProviderCallError } from "../../providers/http.js";
import type { Analyzer } from "../../search/analyzer.js";
import type { Answer } from "../../types.js";
import { type Answerer, type AnswerRequest, extractiveAnswerer } from "../answerer.js";
import { CitebotChatModel, messageText } from "./chat-model.js";
import { buildMessages, REFUSAL_TOKEN } from "./prompt.js";
import { OllamaChatTransport, OpenAIChatTransport } from "./transport.js";
import { isRefusal, stripReasoning, verifyAnswer, type VerifiedAnswer } from "./verify.js";

export interface AnswererDeps {
  /** Only `fold` is used (to verify quotes); pass the app's analyzer. */
  analyzer: Pick<Analyzer, "fold">;
  logger: Logger;
}

export interface LlmAnswererOptions {
  /** Any LangChain chat model; ours is CitebotChatModel. */
  model: BaseChatModel;
  /** Names the model in logs and in `id`, e.g. "openai:gpt-4o-mini". */
  name: string;
  /** Overall budget for one answer (CITEBOT_LLM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Passages put into the prompt, best first. */
  maxPassages: number;
}

/**
 * `none` → the extractive answerer; `openai` / `ollama` → an LLM answerer whose
 * every citation is verified, falling back to the extractive answer on any failure.
 */
export function createAnswerer(config: ProviderConfig, deps: AnswererDeps): Answerer {
  const l = config.llm;
  if (l.provider === "none") return extractiveAnswerer;
  if (!l.model || !l.http) return extractiveAnswerer;
  const logger = deps.logger.child({ component: "llm" });
  const transportOptions = { model: l.model, http: l.http, temperature: l.temperature, logger };
  const transport = l.provider === "openai" ? new OpenAIChatTransport(transportOptions) : new OllamaChatTransport(transportOptions);
  return new LlmAnswerer(
    { model: new CitebotChatModel({ transport }), name: `${l.provider}:${l.model}`, timeoutMs: l.http.timeoutMs, maxPassages: l.maxPassages },
    deps,
  );
}

export class LlmAnswerer implements Answerer {
  readonly id: string;
  readonly streams = true;

  constructor(private readonly options: LlmAnswererOptions, private readonly deps: AnswererDeps) {
    this.id = `llm:${options.name}`;
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    const { extractive } = request;
    const evidence = request.evidence.slice(0, this.options.maxPassages);
    if (evidence.length === 0 || request.signal?.aborted) return { ...extractive, mode: "extractive" };

    const started = Date.now();
    const controller = new AbortController();
    let timedOut = false;
    const watchdog = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no answer within ${this.options.timeoutMs} ms`));
    }, this.options.timeoutMs);
    const onAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener("abort", onAbort, { once: true });

    let raw: string;
    try {
      raw = await this.generate(request, evidence, controller.signal);
    } catch (error) {
      const cancelled = !timedOut && request.signal?.aborted === true;
      const reason = timedOut ? "timeout" : cancelled ? "cancelled" : error instanceof ProviderCallError ? error.kind : "error";
      return this.fallback(request, reason, timedOut ? `no answer within ${this.options.timeoutMs} ms` : errorMessage(error), started, cancelled);
    } finally {
      clearTimeout(watchdog);
      request.signal?.removeEventListener("abort", onAbort);
    }

    let verified: VerifiedAnswer;
    try {
      verified = verifyAnswer(raw, evidence, { fold: this.deps.analyzer.fold, citer: request.citer });
    } catch (error) {
      return this.fallback(request, "verification", errorMessage(error), started);
    }
    const base = { ...(extractive.id !== undefined ? { id: extractive.id } : {}), question: request.question };
    if (verified.refused) {
      this.deps.logger.debug("llm found no answer in the passages", { model: this.options.name, ms: Date.now() - started });
      return { ...base, found: false, answer: notFoundText(request.question), citations: [], mode: "llm", droppedCitations: 0 };
    }
    if (verified.citations.length === 0 || !verified.answer) {
      const why = raw.trim() ? `no verifiable citation (${verified.dropped} dropped)` : "empty reply";
      return this.fallback(request, raw.trim() ? "unverifiable" : "malformed", why, started, false, verified.dropped);
    }
    if (verified.dropped > 0) {
      this.deps.logger.info("llm answer: unverifiable parts dropped", { model: this.options.name, ...verified.report });
    }
    return { ...base, found: true, answer: verified.answer, citations: verified.citations, mode: "llm", droppedCitations: verified.dropped };
  }

  /** Streams when the caller wants partial text, else one request. */
  private async generate(request: AnswerRequest, evidence: AnswerRequest["evidence"], signal: AbortSignal): Promise<string> {
    const messages = toLangChain(buildMessages(request.question, evidence));
    const { model } = this.options;
    if (!request.onPartial) {
      const message = await model.invoke(messages, { signal });
      return messageText(message.content);
    }
    let text = "";
    const stream = await model.stream(messages, { signal });
    for await (const chunk of stream) {
      const delta = messageText(chunk.content);
      if (!delta) continue;
      text += delta;
      const visible = partialText(text);
      if (visible) {
        try {
          request.onPartial(visible);
        } catch (error) {
          this.deps.logger.debug("onPartial failed", { error: errorMessage(error) });
        }
      }
    }
    signal.throwIfAborted();
    return text;
  }

  /** The extractive answer, and exactly one warn line saying why. */
  private fallback(request: AnswerRequest, reason: string, detail: string, started: number, quiet = false, dropped?: number): Answer {
    const fields = { model: this.options.name, reason, detail, ms: Date.now() - started };
    if (quiet) this.deps.logger.debug("llm answer cancelled; using the extractive answer", fields);
    else this.deps.logger.warn("llm answer unavailable; using the extractive answer", fields);
    return { ...request.extractive, mode: "extractive", ...(dropped ? { droppedCitations: dropped } : {}) };
  }
}

/** What a stream shows so far: reasoning blocks hidden, nothing while it may still be the refusal token. */
export function partialText(text: string): string {
  const visible = stripReasoning(text);
  if (!visible) return "";
  if (isRefusal(visible) || REFUSAL_TOKEN.startsWith(visible.toUpperCase())) return "";
  return visible;
}

function toLangChain(messages: ReturnType<typeof buildMessages>): BaseMessage[] {
  return messages.map((m) => (m.role === "system" ? new SystemMessage(m.content) : m.role === "assistant" ? new AIMessage(m.content) : new HumanMessage(m.content)));
}
