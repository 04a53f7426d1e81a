import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { CitebotChatModel } from "../../../src/answer/llm/chat-model.js";
import { OllamaChatTransport, OpenAIChatTransport, serverSentEvents } from "../../../src/providers/chat-transport.js";
import { type FakeModelServer, startFakeModelServer } from "../../helpers/fake-model-servers.js";

describe("CitebotChatModel (a LangChain chat model on our HTTP client)", () => {
  let server: FakeModelServer;
  before(async () => {
    server = await startFakeModelServer({ reply: (body) => `echo: ${body.messages.at(-1).content}` });
  });
  after(() => server.close());
  const http = () => ({ baseUrl: "", timeoutMs: 2000, retries: 0, retryBaseMs: 5 });

  for (const provider of ["openai", "ollama"] as const) {
    it(`${provider}: invoke and stream`, async () => {
      const options = { model: "m", http: { ...http(), baseUrl: provider === "openai" ? server.openaiUrl : server.url }, temperature: 0 };
      const transport = provider === "openai" ? new OpenAIChatTransport(options) : new OllamaChatTransport(options);
      const model = new CitebotChatModel({ transport });
      assert.equal(model._llmType(), `citebot-${provider}`);
      const messages = [new SystemMessage("be brief"), new HumanMessage("你好")];
      const message = await model.invoke(messages);
      assert.equal(message.content, "echo: 你好");
      const pieces: string[] = [];
      for await (const chunk of await model.stream(messages)) pieces.push(chunk.content as string);
      assert.ok(pieces.length > 1);
      assert.equal(pieces.join(""), "echo: 你好");
      const sent = server.requests.at(-1)!.body;
      assert.deepEqual(sent.messages, [{ role: "system", content: "be brief" }, { role: "user", content: "你好" }]);
    });
  }

  it("parses server-sent events: comments, multi-line data, no trailing blank line", async () => {
    async function* lines() {
      yield* [": ping", "event: message", "data: a", "data: b", "", "data:c", "", "data: [DONE]"];
    }
    const events: string[] = [];
    for await (const e of serverSentEvents(lines())) events.push(e);
    assert.deepEqual(events, ["a\nb", "c", "[DONE]"]);
  });
});
