import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import {
  loadOnnxRuntime,
  ONNX_INSTALL_COMMAND,
  ONNX_PACKAGES,
  OnnxEmbeddings,
  OnnxRuntimeUnavailable,
  type ModuleImporter,
  type Ort,
} from "../../../src/providers/embeddings/onnx.js";
import { ProviderError } from "../../../src/errors.js";
import { createMemoryLogger } from "../../../src/log.js";
import { createEmbedder } from "../../../src/providers/embedder.js";
import type { Analyzer } from "../../../src/search/analyzer.js";
import { providersOf } from "../../helpers/config.js";
import { buildTinyModel, expectedVector, TINY_DIMS, type TinyModel } from "./tiny-onnx.js";

const analyzer = {} as Analyzer; // not used by the onnx embedder

// onnxruntime-node and @huggingface/tokenizers are devDependencies, so `npm ci` (and CI) installs
// them and the model tests below run the real runtime. Without them (a production install, or
// removed by hand) those tests are skipped, saying why; the tests of the error a user then gets
// run either way.
const unavailable = await loadOnnxRuntime().then(
  () => undefined,
  (error: Error) => error.message,
);
const skipModels = unavailable ? `${unavailable}; \`${ONNX_INSTALL_COMMAND}\` installs them` : false;
if (skipModels) console.log(`onnx model tests skipped: ${skipModels}`);

// The provider declares the part of onnxruntime-node's API it uses, so that citebot builds without
// the package. That declaration must fit the real package: when it is installed this fails to
// compile if its API no longer fits; when it is absent the import type is `any` and the check is
// moot. (@huggingface/tokenizers 0.2.0's own declarations resolve to `any` under NodeNext, since
// they import "./core/Tokenizer" without an extension, so its API is checked only by the tests
// that run it.)
// @ts-ignore -- onnxruntime-node may be absent (see above)
type RealOrt = typeof import("onnxruntime-node");
const realOrtFits = (ort: RealOrt): Ort => ort;
void realOrtFits;

function close(actual: number[], expected: number[], message?: string): void {
  assert.equal(actual.length, expected.length, message);
  actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-5, `${message ?? "vector"}[${i}]: ${x} vs ${expected[i]}`));
}

describe("onnx embeddings (a tiny model built by the test)", { skip: skipModels }, () => {
  let root: string;
  let model: TinyModel;
  let embeddings: OnnxEmbeddings;
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-onnx-"));
    model = await buildTinyModel(path.join(root, "tiny-model"));
    embeddings = await OnnxEmbeddings.load({ dir: model.dir, batchSize: 4 });
  });
  after(async () => {
    await embeddings?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it("is wired by createEmbedder with provider, model fingerprint and dimension in the id", async () => {
    const config = providersOf({ CITEBOT_EMBEDDINGS: "onnx", CITEBOT_ONNX_DIR: model.dir });
    const embedder = await createEmbedder(config, { analyzer, logger: createMemoryLogger() });
    assert.match(embedder.info.id, /^onnx:tiny-model@[0-9a-f]{8}:8$/);
    assert.equal(embedder.info.provider, "onnx");
    assert.equal(embedder.info.dimensions, TINY_DIMS);
    assert.match(embedder.info.model ?? "", /^tiny-model@/);
    const stat = await fs.stat(path.join(model.dir, "onnx", "model.onnx"));
    assert.ok(stat.size < 8192, `model is tiny (${stat.size} bytes)`);
  });

  it("tokenises (CJK per character, lower-cased words) and mean-pools over real tokens", async () => {
    close(await embeddings.embedQuery("北京大学"), expectedVector(model, ["北", "京", "大", "学"]));
    close(await embeddings.embedQuery("The City has universities"), expectedVector(model, ["the", "city", "has", "universities"]));
    close(await embeddings.embedQuery("火星"), expectedVector(model, ["[UNK]", "[UNK]"]), "unknown characters");
  });

  it("gives the same vector for a text alone or padded in a batch", async () => {
    const batch = await embeddings.embedDocuments(["北京", "上海的大学高校教育学生", "深圳", "城市", "广州"]);
    assert.equal(batch.length, 5);
    close(batch[0], await embeddings.embedQuery("北京"), "padding is masked out");
    close(batch[4], expectedVector(model, ["广", "州"]), "second batch");
    for (const v of batch) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5, "unit length");
  });

  it("truncates long texts to the model's limit, keeping [SEP]", async () => {
    const long = "北京上海广州深圳".repeat(10);
    const chars = Array.from(long).slice(0, 14); // 16 tokens = [CLS] + 14 + [SEP]
    close(await embeddings.embedQuery(long), expectedVector(model, chars));
  });

  it("uses CLS pooling when 1_Pooling/config.json says so", async () => {
    const cls = await buildTinyModel(path.join(root, "cls-model"), { pooling: "cls" });
    const e = await OnnxEmbeddings.load({ dir: cls.dir, batchSize: 2 });
    try {
      assert.equal(e.pooling, "cls");
      const [a, b] = await e.embedDocuments(["北京", "the city"]);
      close(a, b, "CLS row only");
    } finally {
      await e.close();
    }
  });

  it("changes the id when the model file changes", async () => {
    const other = await buildTinyModel(path.join(root, "tiny-model-2"), { seed: 99 });
    const a = await OnnxEmbeddings.load({ dir: model.dir, batchSize: 2, model: "same" });
    const b = await OnnxEmbeddings.load({ dir: other.dir, batchSize: 2, model: "same" });
    assert.notEqual(a.fingerprint, b.fingerprint);
    await Promise.all([a.close(), b.close()]);
  });

  it("fails clearly on a missing directory, a missing model, a broken model or tokenizer", async () => {
    await assert.rejects(OnnxEmbeddings.load({ dir: path.join(root, "nope"), batchSize: 2 }), (e: unknown) => e instanceof ProviderError && /does not exist/.test(e.message));
    const empty = path.join(root, "no-model");
    await fs.mkdir(empty);
    await fs.writeFile(path.join(empty, "tokenizer.json"), "{}");
    await assert.rejects(OnnxEmbeddings.load({ dir: empty, batchSize: 2 }), /no ONNX model in .* \(looked for model\.onnx, onnx\/model\.onnx/);
    const broken = await buildTinyModel(path.join(root, "broken"));
    await fs.writeFile(path.join(broken.dir, "onnx", "model.onnx"), "not a model");
    await assert.rejects(OnnxEmbeddings.load({ dir: broken.dir, batchSize: 2 }), (e: unknown) => e instanceof ProviderError && /model\.onnx cannot be loaded/.test(e.message));
    const badTokenizer = await buildTinyModel(path.join(root, "bad-tokenizer"));
    await fs.writeFile(path.join(badTokenizer.dir, "tokenizer.json"), "{ truncated");
    await assert.rejects(OnnxEmbeddings.load({ dir: badTokenizer.dir, batchSize: 2 }), /tokenizer\.json is not valid JSON/);
    const config = providersOf({ CITEBOT_EMBEDDINGS: "onnx", CITEBOT_ONNX_DIR: path.join(root, "nope") });
    await assert.rejects(createEmbedder(config, { analyzer, logger: createMemoryLogger() }), (e: unknown) => e instanceof ProviderError && /CITEBOT_ONNX_DIR/.test(e.hint ?? ""));
  });
});

describe("onnx provider packages", () => {
  const root = new URL("../../../../", import.meta.url);
  const readJson = async (name: string) => JSON.parse(await fs.readFile(new URL(name, root), "utf8")) as Record<string, Record<string, unknown>>;

  it("are devDependencies at the versions the install command names, kept out of production installs", async () => {
    const pkg = await readJson("package.json");
    const lock = await readJson("package-lock.json");
    for (const [name, version] of Object.entries(ONNX_PACKAGES)) {
      assert.equal(pkg.devDependencies[name], version, `package.json devDependencies pins ${name}@${version}`);
      assert.equal(pkg.dependencies[name], undefined, `${name} is not a runtime dependency`);
      assert.ok(ONNX_INSTALL_COMMAND.includes(`${name}@${version}`));
      const locked = lock.packages[`node_modules/${name}`] as { version?: string; dev?: boolean } | undefined;
      assert.equal(locked?.version, version, `package-lock.json has ${name}@${version}`);
      assert.equal(locked?.dev, true, `package-lock.json marks ${name} dev-only`);
    }
    assert.equal(pkg.allowScripts["onnxruntime-node"], false, "its install script (optional CUDA downloads) stays denied");
  });

  // A real "not installed": import() from a module outside any node_modules tree.
  async function outsideImporter(): Promise<{ importModule: ModuleImporter; dir: string }> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-no-onnx-"));
    const file = path.join(dir, "importer.mjs");
    await fs.writeFile(file, "export default (specifier) => import(specifier);\n");
    const { default: importModule } = (await import(pathToFileURL(file).href)) as { default: ModuleImporter };
    return { importModule, dir };
  }

  it("missing: load fails before reading the model directory, naming the packages and the exact install command", async () => {
    const { importModule, dir } = await outsideImporter();
    try {
      await assert.rejects(OnnxEmbeddings.load({ dir: path.join(dir, "no-such-model"), batchSize: 2, model: "bge", importModule }), (e: unknown) => {
        assert.ok(e instanceof ProviderError, String(e));
        assert.equal(e.code, "PROVIDER_FAILED");
        assert.match(e.message, /^onnx embeddings \(bge\): onnxruntime-node and @huggingface\/tokenizers are not installed/);
        assert.equal(e.hint, "run `npm install --no-save onnxruntime-node@1.30.0 @huggingface/tokenizers@0.2.0` in the citebot directory, or choose another CITEBOT_EMBEDDINGS");
        const cause = (e as Error).cause as NodeJS.ErrnoException;
        assert.equal(cause.code, "ERR_MODULE_NOT_FOUND", "Node's own error is kept as the cause");
        return true;
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("one missing: names only that package", async () => {
    const { importModule: outside, dir } = await outsideImporter();
    try {
      const importModule: ModuleImporter = async (name) => (name === "onnxruntime-node" ? outside(name) : { Tokenizer: class {} });
      await assert.rejects(loadOnnxRuntime(importModule), (e: unknown) => {
        assert.ok(e instanceof OnnxRuntimeUnavailable);
        assert.deepEqual(e.missing, ["onnxruntime-node"]);
        assert.match(e.message, /^onnxruntime-node is not installed: the onnx provider's packages are an opt-in install, left out of production installs \(onnxruntime-node takes ~288 MB\)$/);
        return true;
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("installed but broken: says it cannot be loaded and why, not that it is missing", async () => {
    const loaded = (name: string) => (name === "@huggingface/tokenizers" ? { Tokenizer: class {} } : undefined);
    const failing = (error: Error): ModuleImporter => async (name) => {
      if (name === "onnxruntime-node") throw error;
      return loaded(name);
    };
    const native = new Error("libonnxruntime.so.1: cannot open shared object file: No such file or directory");
    await assert.rejects(loadOnnxRuntime(failing(native)), (e: unknown) => {
      assert.ok(e instanceof OnnxRuntimeUnavailable);
      assert.deepEqual(e.missing, []);
      assert.equal(e.message, "onnxruntime-node cannot be loaded: libonnxruntime.so.1: cannot open shared object file: No such file or directory");
      assert.equal(e.cause, native);
      return true;
    });
    // A package it needs is missing (not onnxruntime-node itself).
    const inner = Object.assign(new Error("Cannot find module 'onnxruntime-common'"), { code: "MODULE_NOT_FOUND" });
    await assert.rejects(loadOnnxRuntime(failing(inner)), { message: "onnxruntime-node cannot be loaded: Cannot find module 'onnxruntime-common'", missing: [] });
    // Another major version with another API.
    await assert.rejects(loadOnnxRuntime(async (name) => (name === "onnxruntime-node" ? { Tensor: class {} } : loaded(name))), {
      message: "onnxruntime-node does not have the expected API (citebot is tested with onnxruntime-node@1.30.0)",
    });
  });
});
