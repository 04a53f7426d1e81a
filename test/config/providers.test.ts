import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkConfig } from "../../src/config/config.js";
import { describeProviders } from "../../src/config/providers.js";
import { configProblems, providersOf } from "../helpers/config.js";

describe("provider configuration", () => {
  it("defaults to model-free, offline providers with no problems", () => {
    assert.deepEqual(configProblems({}), []);
    const config = providersOf({});
    assert.equal(config.embeddings.provider, "hash");
    assert.equal(config.embeddings.http, undefined);
    assert.equal(config.llm.provider, "none");
    assert.equal(config.llm.http, undefined);
    assert.deepEqual(describeProviders(config), { embeddings: "hash (model-free, offline)", llm: "none (extractive answers)" });
  });

  it("reads an Ollama setup with defaults for URL and timeouts", () => {
    const config = providersOf({
      CITEBOT_EMBEDDINGS: "ollama", CITEBOT_EMBEDDINGS_MODEL: "bge-m3", CITEBOT_LLM: "Ollama", CITEBOT_LLM_MODEL: "qwen2.5:7b",
    });
    assert.equal(config.embeddings.provider, "ollama");
    assert.equal(config.embeddings.model, "bge-m3");
    assert.equal(config.embeddings.http?.baseUrl, "http://127.0.0.1:11434");
    assert.equal(config.embeddings.http?.timeoutMs, 30000);
    assert.equal(config.embeddings.batchSize, 32);
    assert.equal(config.llm.provider, "ollama");
    assert.equal(config.llm.model, "qwen2.5:7b");
    assert.equal(config.llm.http?.timeoutMs, 20000);
    assert.equal(config.llm.http?.apiKey, undefined);
    assert.match(describeProviders(config).llm, /^ollama qwen2\.5:7b \(http:\/\/127\.0\.0\.1:11434, timeout 20000 ms\)$/);
  });

  it("reads an OpenAI-compatible local server without a key, trimming the trailing slash", () => {
    const config = providersOf({
      CITEBOT_EMBEDDINGS: "openai", CITEBOT_EMBEDDINGS_MODEL: "BAAI/bge-m3", CITEBOT_EMBEDDINGS_DIMENSIONS: "1024", CITEBOT_EMBEDDINGS_BATCH: "8",
      CITEBOT_EMBEDDINGS_TIMEOUT_MS: "5000", CITEBOT_LLM: "openai", CITEBOT_LLM_MODEL: "Qwen2.5-7B-Instruct",
      OPENAI_BASE_URL: "http://127.0.0.1:8000/v1/", CITEBOT_LLM_TIMEOUT_MS: "60000",
    });
    assert.equal(config.embeddings.http?.baseUrl, "http://127.0.0.1:8000/v1");
    assert.equal(config.embeddings.dimensions, 1024);
    assert.equal(config.embeddings.batchSize, 8);
    assert.equal(config.embeddings.http?.timeoutMs, 5000);
    assert.equal(config.llm.http?.timeoutMs, 60000);
    assert.equal(config.llm.http?.baseUrl, "http://127.0.0.1:8000/v1");
  });

  it("requires a key for the official OpenAI API and passes it on", () => {
    const missing = configProblems({ CITEBOT_LLM: "openai", CITEBOT_LLM_MODEL: "gpt-4o-mini" });
    assert.equal(missing.length, 1);
    assert.match(missing[0]!, /OPENAI_API_KEY is required for https:\/\/api\.openai\.com\/v1/);
    const ok = providersOf({ CITEBOT_LLM: "openai", CITEBOT_LLM_MODEL: "gpt-4o-mini", OPENAI_API_KEY: "sk-test-123456" });
    assert.equal(ok.llm.http?.apiKey, "sk-test-123456");
    assert.ok(!describeProviders(ok).llm.includes("sk-test"));
  });

  it("reports every problem at once, and gives no configuration then", () => {
    const { config, problems } = checkConfig({}, {
      CITEBOT_EMBEDDINGS: "bert", CITEBOT_LLM: "ollama", OLLAMA_BASE_URL: "localhost:11434?x", CITEBOT_LLM_TIMEOUT_MS: "soon",
      CITEBOT_EMBEDDINGS_BATCH: "0",
    });
    assert.equal(config, undefined);
    const text = problems.join("\n");
    assert.match(text, /CITEBOT_EMBEDDINGS must be one of hash, openai, ollama, onnx \(got "bert"\)/);
    assert.match(text, /OLLAMA_BASE_URL must be an http\(s\) URL/);
    assert.match(text, /CITEBOT_LLM_TIMEOUT_MS must be a whole number/);
    assert.match(text, /CITEBOT_EMBEDDINGS_BATCH must be a whole number/);
    assert.match(text, /CITEBOT_LLM_MODEL is required when CITEBOT_LLM=ollama/);
    assert.equal(problems.length, 5);
  });

  it("requires models and the ONNX directory", () => {
    const a = configProblems({ CITEBOT_EMBEDDINGS: "openai", OPENAI_BASE_URL: "http://127.0.0.1:1234/v1" });
    assert.deepEqual(a.map((p) => p.split(" ")[0]), ["CITEBOT_EMBEDDINGS_MODEL"]);
    const b = configProblems({ CITEBOT_EMBEDDINGS: "onnx" });
    assert.equal(b.length, 1);
    assert.match(b[0]!, /CITEBOT_ONNX_DIR is required/);
    const c = providersOf({ CITEBOT_EMBEDDINGS: "onnx", CITEBOT_ONNX_DIR: "/models/bge-small-zh" });
    assert.equal(c.embeddings.onnxDir, "/models/bge-small-zh");
    assert.equal(c.embeddings.model, undefined);
    assert.match(describeProviders(c).embeddings, /^onnx .*\/models\/bge-small-zh/);
  });

  it("ignores URLs of providers that are not in use", () => {
    assert.deepEqual(configProblems({ OPENAI_BASE_URL: "not a url", OLLAMA_BASE_URL: "also not" }), []);
  });

  it("ignores empty and blank values", () => {
    const config = providersOf({ CITEBOT_EMBEDDINGS: "", CITEBOT_LLM: "  ", CITEBOT_LLM_TIMEOUT_MS: "" });
    assert.equal(config.embeddings.provider, "hash");
    assert.equal(config.llm.provider, "none");
  });
});
