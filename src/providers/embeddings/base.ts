import { Embeddings } from "@langchain/core/embeddings";
import { ProviderCallError } from "../http.js";

export interface BatchedEmbeddingsOptions {
  /** Names the provider in messages, e.g. "ollama embeddings (bge-m3)". */
  label: string;
  /** Texts per request. */
  batchSize: number;
  /** Expected vector length; when undefined, the first vector seen sets it (see `probe`). */
  dimensions?: number;
}

/**
 * LangChain `Embeddings` for a model behind some transport: batches the texts,
 * sends each batch once, and validates every vector that comes back (count,
 * length, finite numbers). Subclasses only implement `embedBatch`.
 */
export abstract class BatchedEmbeddings extends Embeddings {
  readonly label: string;
  readonly batchSize: number;
  private dims: number | undefined;

  constructor(options: BatchedEmbeddingsOptions) {
    // LangChain's AsyncCaller would retry on its own; our client already does, once.
    super({ maxRetries: 0 });
    this.label = options.label;
    this.batchSize = Math.max(1, options.batchSize);
    this.dims = options.dimensions;
  }

  /** Vector length; throws before `probe` when it was not configured. */
  get dimensions(): number {
    if (this.dims === undefined) throw new Error(`${this.label}: dimensions unknown before probe()`);
    return this.dims;
  }

  /** Embeds one string to learn (or check) the vector length. */
  async probe(text = "citebot 维度探测 probe"): Promise<number> {
    await this.embedQuery(text);
    return this.dimensions;
  }

  /** One request for at most `batchSize` texts; returns one vector per text, in order. */
  protected abstract embedBatch(texts: string[]): Promise<unknown[]>;

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let b = 0; b < texts.length; b += this.batchSize) {
      const batch = texts.slice(b, b + this.batchSize).map((t) => (t.length ? t : " "));
      const vectors = await this.embedBatch(batch);
      if (!Array.isArray(vectors) || vectors.length !== batch.length) {
        throw new ProviderCallError("invalid", `${this.label}: sent ${batch.length} texts, got ${Array.isArray(vectors) ? vectors.length : "no"} vectors back`);
      }
      vectors.forEach((v, i) => out.push(this.validate(v, b + i)));
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    return vector;
  }

  /** Checks one vector; the first valid vector fixes the dimension when it was not configured. */
  protected validate(vector: unknown, index: number): number[] {
    if (!Array.isArray(vector) && !ArrayBuffer.isView(vector)) {
      throw new ProviderCallError("invalid", `${this.label}: vector ${index} is not an array of numbers`);
    }
    const values = Array.from(vector as ArrayLike<unknown>);
    if (values.length === 0) throw new ProviderCallError("invalid", `${this.label}: vector ${index} is empty`);
    const expected = this.dims;
    if (expected !== undefined && values.length !== expected) {
      throw new ProviderCallError("invalid", `${this.label}: vector ${index} has ${values.length} dimensions, expected ${expected}`, {
        hint: "the model changed or CITEBOT_EMBEDDINGS_DIMENSIONS is wrong; fix the configuration, then run `citebot index` to rebuild the index",
      });
    }
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (typeof x !== "number" || !Number.isFinite(x)) {
        throw new ProviderCallError("invalid", `${this.label}: vector ${index} has a non-finite value (${String(x)}) at position ${i}`);
      }
    }
    if (expected === undefined) this.dims = values.length;
    return values as number[];
  }
}
