import { ProviderCallError } from "../http.js";
import { RemoteEmbeddings, type RemoteEmbeddingsOptions } from "./remote.js";

/** Ollama's `POST {base}/api/embed` (batch input, Ollama 0.3.4 and later). */
export class OllamaEmbeddings extends RemoteEmbeddings {
  constructor(options: RemoteEmbeddingsOptions) {
    super("ollama", options);
  }

  protected async embedBatch(texts: string[]): Promise<unknown[]> {
    const json = await this.post("api/embed", { model: this.model, input: texts, truncate: true });
    const embeddings = (json as { embeddings?: unknown })?.embeddings;
    if (!Array.isArray(embeddings)) {
      const error = (json as { error?: unknown })?.error;
      throw new ProviderCallError("malformed", `${this.label}: response has no "embeddings" array${typeof error === "string" ? ` (${error})` : ""}`);
    }
    return embeddings;
  }
}
