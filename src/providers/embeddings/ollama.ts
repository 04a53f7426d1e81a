import type { HttpSettings } from "../../config/providers.js";
import { postJson, ProviderCallError } from "../http.js";
import type { Logger } from "../../log.js";
import { BatchedEmbeddings } from "./base.js";
import type { RemoteEmbeddingsOptions } from "./openai.js";

/** Ollama's `POST {base}/api/embed` (batch input, Ollama 0.3.4 and later). */
export class OllamaEmbeddings extends BatchedEmbeddings {
  readonly model: string;
  private readonly http: HttpSettings;
  private readonly logger?: Logger;

  constructor(options: RemoteEmbeddingsOptions) {
    super({ label: `ollama embeddings (${options.model})`, batchSize: options.batchSize, dimensions: options.dimensions });
    this.model = options.model;
    this.http = options.http;
    this.logger = options.logger;
  }

  protected async embedBatch(texts: string[]): Promise<unknown[]> {
    const json = await postJson("api/embed", { model: this.model, input: texts, truncate: true }, { ...this.http, label: this.label, logger: this.logger });
    const embeddings = (json as { embeddings?: unknown })?.embeddings;
    if (!Array.isArray(embeddings)) {
      const error = (json as { error?: unknown })?.error;
      throw new ProviderCallError("malformed", `${this.label}: response has no "embeddings" array${typeof error === "string" ? ` (${error})` : ""}`);
    }
    return embeddings;
  }
}
