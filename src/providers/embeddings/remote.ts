import type { HttpSettings } from "../../config/providers.js";
import type { Logger } from "../../log.js";
import { postJson } from "../http.js";
import { BatchedEmbeddings } from "./base.js";

export interface RemoteEmbeddingsOptions {
  model: string;
  http: HttpSettings;
  batchSize: number;
  dimensions?: number;
  logger?: Logger;
}

/** An embeddings server reached over HTTP: the model, the connection settings, and one POST per batch. */
export abstract class RemoteEmbeddings extends BatchedEmbeddings {
  readonly model: string;
  private readonly http: HttpSettings;
  private readonly logger?: Logger;

  constructor(provider: string, options: RemoteEmbeddingsOptions) {
    super({ label: `${provider} embeddings (${options.model})`, batchSize: options.batchSize, dimensions: options.dimensions });
    this.model = options.model;
    this.http = options.http;
    this.logger = options.logger;
  }

  /** POSTs `body` to `path` (relative to the provider's base URL) and returns the parsed JSON. */
  protected post(path: string, body: unknown): Promise<unknown> {
    return postJson(path, body, { ...this.http, label: this.label, logger: this.logger });
  }
}
