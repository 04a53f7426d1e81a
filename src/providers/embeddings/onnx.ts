import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Logger } from "../../log.js";
import { ProviderCallError } from "../http.js";
import { BatchedEmbeddings } from "./base.js";

/**
 * Sentence embeddings from a local ONNX model directory in the Transformers.js /
 * Optimum layout: `tokenizer.json` (+ `tokenizer_config.json`, `config.json`,
 * `1_Pooling/config.json` when present) and `model.onnx` or `onnx/model.onnx`.
 * Tokenisation is Hugging Face's tokenizers.js (the tokenizer inside
 * Transformers.js); inference is onnxruntime-node on the CPU. Only files in the
 * directory are read: there is no code path that downloads anything.
 *
 * Both packages are an opt-in install (onnxruntime-node is ~288 MB): they are
 * devDependencies (the test suite runs this provider for real), so a production
 * install (`npm prune --omit=dev` after the build) leaves them out. They are
 * imported only when the provider is chosen; when they are missing, `load` fails
 * with the install command.
 */

/** The packages the provider imports, at the versions package.json pins (a test keeps them in step). */
export const ONNX_PACKAGES = { "onnxruntime-node": "1.30.0", "@huggingface/tokenizers": "0.2.0" } as const;

/** What to run in the citebot directory to add them to an install that lacks them. */
export const ONNX_INSTALL_COMMAND = `npm install --no-save ${Object.entries(ONNX_PACKAGES)
  .map(([name, version]) => `${name}@${version}`)
  .join(" ")}`;

/** Imports a package by name (tests pass one that simulates a missing package). */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

const importPackage: ModuleImporter = (specifier) => import(specifier);

export type Pooling = "mean" | "cls" | "last";

export interface OnnxEmbeddingsOptions {
  dir: string;
  batchSize: number;
  /** Shown in messages and recorded in the manifest; default: the directory name. */
  model?: string;
  dimensions?: number;
  /** Token limit per text (default: the model's, at most 512). */
  maxLength?: number;
  logger?: Logger;
  /** How the two packages are imported (default: `import()`). */
  importModule?: ModuleImporter;
}

export const MODEL_FILES = ["model.onnx", "onnx/model.onnx", "model_quantized.onnx", "onnx/model_quantized.onnx"];

export interface TokenizerLike {
  encode(text: string, options?: { add_special_tokens?: boolean }): { ids: number[]; attention_mask: number[]; token_type_ids?: number[] };
  token_to_id(token: string): number | undefined;
  get_added_tokens_decoder(): Map<number, { special?: boolean }>;
}

export type TokenizerClass = new (json: object, config: object) => TokenizerLike;

/**
 * The part of onnxruntime-node's API used here, declared locally so that
 * citebot builds without the package (onnx.test.ts checks it against the
 * package's own types when the package is installed).
 */
export interface Tensor {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

export interface InferenceSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

export interface Ort {
  Tensor: new (type: "int64", data: BigInt64Array, dims: readonly number[]) => Tensor;
  InferenceSession: {
    create(path: string, options: { executionProviders: string[]; graphOptimizationLevel: "all"; logSeverityLevel: 0 | 1 | 2 | 3 | 4 }): Promise<InferenceSession>;
  };
}

/** The provider's packages cannot be used; `missing` names those that are not installed at all. */
export class OnnxRuntimeUnavailable extends Error {
  constructor(
    message: string,
    readonly missing: string[],
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = "OnnxRuntimeUnavailable";
  }
}

/**
 * Imports onnxruntime-node and @huggingface/tokenizers. A package that is not
 * installed and one that is installed but cannot be loaded (a broken or
 * incompatible install) are told apart; either way the error lists what is wrong.
 */
export async function loadOnnxRuntime(importModule: ModuleImporter = importPackage): Promise<{ ort: Ort; Tokenizer: TokenizerClass }> {
  const missing: string[] = [];
  const broken: string[] = [];
  let firstError: unknown;
  const load = async (name: keyof typeof ONNX_PACKAGES, check: (module: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | undefined> => {
    try {
      const module = (await importModule(name)) as Record<string, unknown>;
      if (check(module)) return module;
      broken.push(`${name} does not have the expected API (citebot is tested with ${name}@${ONNX_PACKAGES[name]})`);
    } catch (error) {
      firstError ??= error;
      if (isPackageNotFound(error, name)) missing.push(name);
      else broken.push(`${name} cannot be loaded: ${(error as Error)?.message ?? String(error)}`);
    }
    return undefined;
  };
  const ort = await load("onnxruntime-node", (m) => typeof m.Tensor === "function" && typeof (m.InferenceSession as Ort["InferenceSession"] | undefined)?.create === "function");
  const tokenizers = await load("@huggingface/tokenizers", (m) => typeof m.Tokenizer === "function");
  if (ort && tokenizers) return { ort: ort as unknown as Ort, Tokenizer: tokenizers.Tokenizer as TokenizerClass };
  const problems = [
    ...(missing.length ? [`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not installed: the onnx provider's packages are an opt-in install, left out of production installs (onnxruntime-node takes ~288 MB)`] : []),
    ...broken,
  ];
  throw new OnnxRuntimeUnavailable(problems.join("; "), missing, { cause: firstError });
}

/** True when `error` says that the package `name` itself (not something it imports) is not installed. */
function isPackageNotFound(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  const message = String((error as Error).message);
  return message.includes(`'${name}'`) || message.includes(`"${name}"`);
}

export class OnnxEmbeddings extends BatchedEmbeddings {
  readonly dir: string;
  readonly model: string;
  readonly modelFile: string;
  /** Short hash of the model file (size, head and tail): a replaced model gets a new embedder id. */
  readonly fingerprint: string;
  readonly pooling: Pooling;
  readonly maxLength: number;
  private readonly padId: number;
  private readonly specialIds: Set<number>;

  private constructor(
    options: OnnxEmbeddingsOptions,
    loaded: { modelFile: string; fingerprint: string; pooling: Pooling; maxLength: number; padId: number; specialIds: Set<number> },
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly tokenizer: TokenizerLike,
  ) {
    const model = options.model ?? path.basename(path.resolve(options.dir));
    super({ label: `onnx embeddings (${model})`, batchSize: options.batchSize, dimensions: options.dimensions });
    this.dir = options.dir;
    this.model = model;
    this.modelFile = loaded.modelFile;
    this.fingerprint = loaded.fingerprint;
    this.pooling = loaded.pooling;
    this.maxLength = loaded.maxLength;
    this.padId = loaded.padId;
    this.specialIds = loaded.specialIds;
  }

  /**
   * Loads tokenizer and model from `dir`; every failure is a ProviderError naming the file, or the
   * missing package and the command that installs it.
   */
  static async load(options: OnnxEmbeddingsOptions): Promise<OnnxEmbeddings> {
    const dir = path.resolve(options.dir);
    const label = `onnx embeddings (${options.model ?? path.basename(dir)})`;
    const fail = (message: string, cause?: unknown, hint?: string) =>
      new ProviderCallError("invalid", `${label}: ${message}`, { cause, hint: hint ?? "CITEBOT_ONNX_DIR must be a local model directory with tokenizer.json and model.onnx (or onnx/model.onnx); nothing is downloaded" });
    // The packages first: without them no model directory is of any use.
    let ort: Ort;
    let Tokenizer: TokenizerClass;
    try {
      ({ ort, Tokenizer } = await loadOnnxRuntime(options.importModule));
    } catch (error) {
      if (!(error instanceof OnnxRuntimeUnavailable)) throw error;
      throw fail(error.message, error.cause ?? error, `run \`${ONNX_INSTALL_COMMAND}\` in the citebot directory, or choose another CITEBOT_EMBEDDINGS`);
    }
    const stat = await fs.stat(dir).catch(() => undefined);
    if (!stat?.isDirectory()) throw fail(`model directory ${dir} does not exist`);
    const readJson = async (name: string, required: boolean): Promise<Record<string, unknown> | undefined> => {
      const file = path.join(dir, name);
      let raw: string;
      try {
        raw = await fs.readFile(file, "utf8");
      } catch (error) {
        if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw fail(`cannot read ${file}: ${(error as Error).message}`, error);
      }
      try {
        return JSON.parse(raw) as Record<string, unknown>;
      } catch (error) {
        throw fail(`${file} is not valid JSON`, error);
      }
    };
    const tokenizerJson = (await readJson("tokenizer.json", true))!;
    const tokenizerConfig = (await readJson("tokenizer_config.json", false)) ?? {};
    const modelConfig = (await readJson("config.json", false)) ?? {};
    const poolingConfig = await readJson(path.join("1_Pooling", "config.json"), false);

    let modelFile: string | undefined;
    for (const name of MODEL_FILES) {
      const candidate = path.join(dir, name);
      if ((await fs.stat(candidate).catch(() => undefined))?.isFile()) {
        modelFile = candidate;
        break;
      }
    }
    if (!modelFile) throw fail(`no ONNX model in ${dir} (looked for ${MODEL_FILES.join(", ")})`);

    let tokenizer: TokenizerLike;
    try {
      tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    } catch (error) {
      throw fail(`tokenizer.json cannot be used: ${(error as Error).message}`, error);
    }
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(modelFile, { executionProviders: ["cpu"], graphOptimizationLevel: "all", logSeverityLevel: 3 });
    } catch (error) {
      throw fail(`${modelFile} cannot be loaded: ${(error as Error).message}`, error);
    }
    const known = new Set(["input_ids", "attention_mask", "token_type_ids"]);
    const unknown = session.inputNames.filter((n) => !known.has(n));
    if (!session.inputNames.includes("input_ids") || unknown.length) {
      await session.release().catch(() => undefined);
      throw fail(`${modelFile} has inputs ${session.inputNames.join(", ")}; an encoder model with input_ids (and attention_mask, token_type_ids) is needed`);
    }

    const addedTokens = tokenizer.get_added_tokens_decoder();
    const specialIds = new Set<number>();
    for (const [id, token] of addedTokens) if (token.special) specialIds.add(id);
    const padToken = tokenName(tokenizerConfig.pad_token);
    const padding = tokenizerJson.padding as { pad_id?: unknown } | null | undefined;
    const padId = (padToken !== undefined ? tokenizer.token_to_id(padToken) : undefined) ?? (typeof padding?.pad_id === "number" ? padding.pad_id : 0);
    const limits = [tokenizerConfig.model_max_length, modelConfig.max_position_embeddings, options.maxLength ?? 512].filter(
      (x): x is number => typeof x === "number" && x > 2 && x < 1e7,
    );
    const maxLength = Math.min(...limits);
    const pooling: Pooling = poolingConfig?.pooling_mode_cls_token ? "cls" : poolingConfig?.pooling_mode_lasttoken ? "last" : "mean";
    const fingerprint = await fingerprintFile(modelFile);
    return new OnnxEmbeddings(options, { modelFile, fingerprint, pooling, maxLength, padId, specialIds }, ort, session, tokenizer);
  }

  protected async embedBatch(texts: string[]): Promise<unknown[]> {
    const encoded = texts.map((t) => this.encode(t));
    const width = Math.max(1, ...encoded.map((e) => e.ids.length));
    const n = texts.length;
    const ids = new BigInt64Array(n * width).fill(BigInt(this.padId));
    const mask = new BigInt64Array(n * width);
    const types = new BigInt64Array(n * width);
    encoded.forEach((e, row) => {
      e.ids.forEach((id, j) => {
        ids[row * width + j] = BigInt(id);
        mask[row * width + j] = 1n;
        types[row * width + j] = BigInt(e.typeIds[j] ?? 0);
      });
    });
    const shape = [n, width];
    const all: Record<string, Tensor> = {
      input_ids: new this.ort.Tensor("int64", ids, shape),
      attention_mask: new this.ort.Tensor("int64", mask, shape),
      token_type_ids: new this.ort.Tensor("int64", types, shape),
    };
    const feeds: Record<string, Tensor> = {};
    for (const name of this.session.inputNames) feeds[name] = all[name];
    let outputs: Record<string, Tensor>;
    try {
      outputs = await this.session.run(feeds);
    } catch (error) {
      throw new ProviderCallError("invalid", `${this.label}: inference failed: ${(error as Error).message}`, { cause: error });
    }
    const names = this.session.outputNames;
    const name = ["sentence_embedding", "last_hidden_state", "token_embeddings"].find((x) => names.includes(x)) ?? names[0];
    const output = outputs[name] as Tensor | undefined;
    if (!output || output.type !== "float32") {
      throw new ProviderCallError("invalid", `${this.label}: output ${name} is ${output ? output.type : "missing"}; float32 is needed`);
    }
    const data = output.data as Float32Array;
    const dims = output.dims.map(Number);
    if (dims.length === 2 && dims[0] === n) {
      return Array.from({ length: n }, (_, row) => normalise(data.subarray(row * dims[1], (row + 1) * dims[1])));
    }
    if (dims.length !== 3 || dims[0] !== n || dims[1] !== width) {
      throw new ProviderCallError("invalid", `${this.label}: output ${name} has shape [${dims.join(", ")}], expected [${n}, ${width}, dims]`);
    }
    const d = dims[2];
    return encoded.map((e, row) => {
      const len = e.ids.length;
      const pooled = new Float32Array(d);
      const take = (j: number, weight: number) => {
        const base = (row * width + j) * d;
        for (let k = 0; k < d; k++) pooled[k] += data[base + k] * weight;
      };
      if (this.pooling === "cls") take(0, 1);
      else if (this.pooling === "last") take(len - 1, 1);
      else for (let j = 0; j < len; j++) take(j, 1 / len);
      return normalise(pooled);
    });
  }

  /** Tokens of one text, cut to `maxLength` (keeping a closing special token such as [SEP] or </s>). */
  private encode(text: string): { ids: number[]; typeIds: number[] } {
    const e = this.tokenizer.encode(text, { add_special_tokens: true });
    let ids = e.ids;
    let typeIds = e.token_type_ids ?? [];
    if (ids.length > this.maxLength) {
      const last = ids[ids.length - 1];
      ids = this.specialIds.has(last) ? [...ids.slice(0, this.maxLength - 1), last] : ids.slice(0, this.maxLength);
      typeIds = typeIds.slice(0, this.maxLength);
    }
    if (ids.length === 0) ids = [this.padId];
    return { ids, typeIds };
  }

  async close(): Promise<void> {
    await this.session.release().catch(() => undefined);
  }
}

function tokenName(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { content?: unknown }).content === "string") return (value as { content: string }).content;
  return undefined;
}

function normalise(v: Float32Array): number[] {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm);
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = norm > 0 ? v[i] / norm : v[i];
  return out;
}

async function fingerprintFile(file: string): Promise<string> {
  const handle = await fs.open(file, "r");
  try {
    const { size } = await handle.stat();
    const hash = createHash("sha256").update(String(size));
    const span = 1 << 16;
    const head = Buffer.alloc(Math.min(span, size));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    if (size > span) {
      const tail = Buffer.alloc(Math.min(span, size - span));
      await handle.read(tail, 0, tail.length, size - tail.length);
      hash.update(tail);
    }
    return hash.digest("hex").slice(0, 8);
  } finally {
    await handle.close();
  }
}
