import type { ProviderConfig } from "../config/providers.js";
import { HashingEmbeddings } from "../embed/hashing.js";
import { ProviderError, UsageError } from "../errors.js";
import type { Logger } from "../log.js";
import type { Analyzer } from "../search/analyzer.js";
import type { Embedder } from "../types.js";
import type { BatchedEmbeddings } from "./embeddings/base.js";
import { OllamaEmbeddings } from "./embeddings/ollama.js";
import { OnnxEmbeddings } from "./embeddings/onnx.js";
import { OpenAICompatibleEmbeddings } from "./embeddings/openai.js";

export interface EmbedderDeps {
  analyzer: Analyzer;
  logger: Logger;
}

/**
 * The configured embedder. `hash` is built synchronously from the analyzer; a
 * remote model is probed once (one short string) to learn its dimension unless
 * CITEBOT_EMBEDDINGS_DIMENSIONS gives it; an ONNX model is loaded and probed.
 * `info.id` is `provider:model:dimensions`, so an index built with another
 * embedder is refused on open ("run `citebot index`").
 */
export async function createEmbedder(config: ProviderConfig, deps: EmbedderDeps): Promise<Embedder> {
  const e = config.embeddings;
  if (e.provider === "hash") {
    const embeddings = new HashingEmbeddings(deps.analyzer);
    return { info: { id: embeddings.id, provider: "hash", dimensions: embeddings.dimensions }, embeddings };
  }
  const logger = deps.logger.child({ component: "embeddings" });
  if (e.provider === "onnx") {
    if (!e.onnxDir) throw new UsageError("CITEBOT_ONNX_DIR is required when CITEBOT_EMBEDDINGS=onnx", { code: "CONFIG_INVALID" });
    const embeddings = await OnnxEmbeddings.load({ dir: e.onnxDir, batchSize: e.batchSize, model: e.model, dimensions: e.dimensions, logger });
    const dimensions = await probe(embeddings, "a local model directory with a sentence-embedding (encoder) model");
    const model = `${embeddings.model}@${embeddings.fingerprint}`;
    logger.info("onnx embeddings ready", { model, file: embeddings.modelFile, pooling: embeddings.pooling, dimensions });
    return { info: { id: `onnx:${model}:${dimensions}`, provider: "onnx", model, dimensions }, embeddings };
  }
  if (!e.model || !e.http) {
    throw new UsageError(`CITEBOT_EMBEDDINGS_MODEL is required when CITEBOT_EMBEDDINGS=${e.provider}`, { code: "CONFIG_INVALID" });
  }
  const options = { model: e.model, http: e.http, batchSize: e.batchSize, dimensions: e.dimensions, logger };
  const embeddings: OpenAICompatibleEmbeddings | OllamaEmbeddings =
    e.provider === "openai" ? new OpenAICompatibleEmbeddings(options) : new OllamaEmbeddings(options);
  const dimensions = e.dimensions ?? (await probe(embeddings, `an embedding model served at ${e.http.baseUrl}`));
  logger.info("embeddings provider ready", { provider: e.provider, model: e.model, dimensions, probed: e.dimensions === undefined });
  return { info: { id: `${e.provider}:${e.model}:${dimensions}`, provider: e.provider, model: e.model, dimensions }, embeddings };
}

async function probe(embeddings: BatchedEmbeddings, what: string): Promise<number> {
  try {
    return await embeddings.probe();
  } catch (error) {
    if (error instanceof ProviderError) {
      throw new ProviderError("PROVIDER_FAILED", `cannot use ${embeddings.label}: ${error.message.replace(`${embeddings.label}: `, "")}`, {
        hint: error.hint ?? `check that ${what} is available`,
        cause: error,
      });
    }
    throw error;
  }
}
