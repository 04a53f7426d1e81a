import { ProviderCallError } from "../http.js";
import { RemoteEmbeddings, type RemoteEmbeddingsOptions } from "./remote.js";

/** An OpenAI-compatible `POST {base}/embeddings` (OpenAI, vLLM, TEI, LM Studio, llama.cpp, Ollama's /v1). */
export class OpenAICompatibleEmbeddings extends RemoteEmbeddings {
  constructor(options: RemoteEmbeddingsOptions) {
    super("openai", options);
  }

  protected async embedBatch(texts: string[]): Promise<unknown[]> {
    const json = await this.post("embeddings", { model: this.model, input: texts });
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
