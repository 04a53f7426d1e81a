/** The provider surface the app wires in: configuration, embedder, answerer. */
export { type EmbeddingsConfig, type LlmConfig, type ProviderConfig, describeProviders, parseProviderConfig } from "./config.js";
export { createEmbedder, type EmbedderDeps } from "./embedder.js";
export { createAnswerer, type AnswererDeps } from "../answer/llm/answerer.js";
