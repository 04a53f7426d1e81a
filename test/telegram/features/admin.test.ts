import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { setup, type Harness } from "../harness.js";

let h: Harness;
afterEach(() => h?.close());

describe("operator commands", () => {
  it("/stats shows counters to an admin", async () => {
    h = await setup({ env: { CITEBOT_ADMIN_IDS: "31337" } });
    const admin = h.fake.user({ id: 31337, languageCode: "en" });
    await h.handle(h.fake.privateText("北京有多少所高校试点开设思政选修课？", { user: admin }));
    await h.handle(h.fake.privateText("/stats", { user: admin }));
    const text = h.fake.sent().at(-1)!.payload.text as string;
    assert.match(text, /<b>Status<\/b>/);
    assert.match(text, /questions: 1/);
    assert.match(text, /answered: 1/);
    assert.match(text, /documents: 3/);
    assert.match(text, /mode: polling/);
  });

  it("/stats is an unknown command for everyone else", async () => {
    h = await setup({ env: { CITEBOT_ADMIN_IDS: "31337" } });
    await h.handle(h.fake.privateText("/stats", { languageCode: "en" }));
    assert.match(h.fake.sent()[0]!.payload.text, /I don't know that command/);
  });
});
