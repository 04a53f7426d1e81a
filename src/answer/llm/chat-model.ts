import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { BaseChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { ChatTransport, WireMessage } from "../../providers/chat-transport.js";

export interface CitebotChatModelFields extends BaseChatModelParams {
  transport: ChatTransport;
}

/**
 * A LangChain chat model backed by our own HTTP transport (OpenAI-compatible or
 * Ollama), because the official @langchain/openai and openai packages need Node 22.
 * Supports invoke() and stream(); the call's AbortSignal reaches the HTTP request.
 */
export class CitebotChatModel extends BaseChatModel {
  readonly transport: ChatTransport;

  static lc_name(): string {
    return "CitebotChatModel";
  }

  constructor(fields: CitebotChatModelFields) {
    const { transport, ...rest } = fields;
    super({ ...rest, maxRetries: 0 });
    this.transport = transport;
  }

  _llmType(): string {
    // BaseChatModel calls this while constructing, before `transport` is set.
    return this.transport ? `citebot-${this.transport.provider}` : "citebot";
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const text = await this.transport.complete(toWire(messages), options.signal);
    await runManager?.handleLLMNewToken(text);
    return { generations: [{ text, message: new AIMessage(text) }] };
  }

  async *_streamResponseChunks(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    for await (const delta of this.transport.stream(toWire(messages), options.signal)) {
      yield new ChatGenerationChunk({ text: delta, message: new AIMessageChunk({ content: delta }) });
      await runManager?.handleLLMNewToken(delta);
    }
  }
}

/** LangChain messages to wire messages (text content only). */
export function toWire(messages: BaseMessage[]): WireMessage[] {
  return messages.map((m) => {
    const type = m.getType();
    const role: WireMessage["role"] = type === "system" ? "system" : type === "ai" ? "assistant" : "user";
    return { role, content: messageText(m.content) };
  });
}

export function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((block) => (typeof block === "string" ? block : block && typeof block === "object" && typeof (block as { text?: unknown }).text === "string" ? (block as { text: string }).text : "")).join("");
  }
  return "";
}
