import type { HttpSettings } from "../../config/providers.js";
import { postJson, ProviderCallError } from "../http.js";
import type { Logger } from "../../log.js";
import { BatchedEmbeddings } from "./base.js";

export interface RemoteEmbeddingsOptions {
  model: string;
  http: HttpSettings;
  batchSize: number;
  dimensions?: number;
  logger?: Logger;
}

/** An OpenAI-compatible `POST {base}/embeddings` (OpenAI, vLLM, TEI, LM Studio, llama.cpp, Ollama's /v1). */
export class OpenAICompatibleEmbeddings extends BatchedEmbeddings {
  readonly model: string;
  private readonly http: HttpSettings;
  private readonly logger?: Logger;

  constructor(options: RemoteEmbeddingsOptions) {
    super({ label: `openai embeddings (${options.model})`, batchSize: options.batchSize, dimensions: options.dimensions });
    this.model = options.model;
    this.http = options.http;
    this.logger = options.logger;
  }

  protected async embedBatch(texts: string[]): Promise<unknown[]> {
    const json = await postJson("embeddings", { model: this.model, input: texts }, { ...this.http, label: this.label, logger: this.logger });
    const data = (json as { data?: unknown })?.data;
    if (!Array.isArray(data)) {
      throw new ProviderCallError("malformed", `${this.label}: response has no "data" array`);
    }
    // Servers return `index`; order by it when present, else keep the order given.
    const rows = data as Array<{ index?: unknown; embedding?: unknown }>;
    const indexed = rows.every((r) => typeof r?.index === "number");
    const sorted = indexed ? [...rows].sort((a, b) => (a.index as number) - (b.index as number)) : rows;
    return sorted.map((r) => r?.embedding);
  }
}
