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
    const shown = h.fake.sent().at(-1)!.plainText!;
    assert.match(text, /<b>Status<\/b>/);
    assert.match(shown, /^Uptime: \d+ s$/m);
    assert.match(shown, /^Mode: long polling$/m);
    assert.match(shown, /^Documents: 3 \(\d+ chunks\)$/m);
    assert.match(shown, /^Questions: 1 \(answered 1, not found 0, failed 0\)$/m);
    assert.match(shown, /^Average answer time: \d+ ms$/m);
    assert.doesNotMatch(shown, /_/, "no raw keys such as uptime_s");
  });

  it("/stats speaks the admin's Chinese, Simplified or Traditional, in readable lines", async () => {
    h = await setup({ env: { CITEBOT_ADMIN_IDS: "31337" } });
    for (const [languageCode, uptime, mode] of [["zh-hans", /^运行时间：\d+秒$/m, /^运行方式：长轮询$/m], ["zh-hant", /^執行時間：\d+秒$/m, /^執行方式：長輪詢$/m]] as const) {
      await h.handle(h.fake.privateText("/stats", { user: h.fake.user({ id: 31337, languageCode }) }));
      const shown = h.fake.sent().at(-1)!.plainText!;
      assert.match(shown, uptime, shown);
      assert.match(shown, mode, shown);
      assert.doesNotMatch(shown, /_|uptime|answered/, shown);
    }
  });

  it("/stats is an unknown command for everyone else", async () => {
    h = await setup({ env: { CITEBOT_ADMIN_IDS: "31337" } });
    await h.handle(h.fake.privateText("/stats", { languageCode: "en" }));
    assert.match(h.fake.sent()[0]!.payload.text, /I don't know that command/);
  });
});
