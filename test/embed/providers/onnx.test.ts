import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { OnnxEmbeddings } from "../../../src/embed/providers/onnx.js";
import { ProviderError } from "../../../src/errors.js";
import { createMemoryLogger } from "../../../src/log.js";
import { parseProviderConfig } from "../../../src/providers/config.js";
import { createEmbedder } from "../../../src/providers/embedder.js";
import type { Analyzer } from "../../../src/search/analyzer.js";
import { buildTinyModel, expectedVector, TINY_DIMS, type TinyModel } from "./tiny-onnx.js";

const analyzer = {} as Analyzer; // not used by the onnx embedder

function close(actual: number[], expected: number[], message?: string): void {
  assert.equal(actual.length, expected.length, message);
  actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-5, `${message ?? "vector"}[${i}]: ${x} vs ${expected[i]}`));
}

describe("onnx embeddings (a tiny model built by the test)", () => {
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
    const { config, problems } = parseProviderConfig({ CITEBOT_EMBEDDINGS: "onnx", CITEBOT_ONNX_DIR: model.dir });
    assert.deepEqual(problems, []);
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
    const { config } = parseProviderConfig({ CITEBOT_EMBEDDINGS: "onnx", CITEBOT_ONNX_DIR: path.join(root, "nope") });
    await assert.rejects(createEmbedder(config, { analyzer, logger: createMemoryLogger() }), (e: unknown) => e instanceof ProviderError && /CITEBOT_ONNX_DIR/.test(e.hint ?? ""));
  });
});
