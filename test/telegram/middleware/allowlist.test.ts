import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Context } from "grammy";
import { allowlist } from "../../../src/telegram/middleware/allowlist.js";

const ctx = (user?: number, chat?: number) => ({ from: user === undefined ? undefined : { id: user }, chat: chat === undefined ? undefined : { id: chat } }) as unknown as Context;

describe("allowlist", () => {
  it("passes listed users and chats and refuses everyone else without calling next", async () => {
    const refused: Context[] = [];
    const mw = allowlist<Context>({ ids: [1, -100], onRefused: (c) => void refused.push(c) });
    let passed = 0;
    const next = async () => void passed++;
    await mw(ctx(1, 1), next);
    await mw(ctx(2, -100), next);
    await mw(ctx(2, 2), next);
    await mw(ctx(undefined, undefined), next);
    assert.equal(passed, 2);
    assert.equal(refused.length, 2);
  });

  it("lets everyone through when the list is empty", async () => {
    const mw = allowlist<Context>({ ids: [], onRefused: () => assert.fail("refused") });
    let passed = 0;
    await mw(ctx(5, 5), async () => void passed++);
    assert.equal(passed, 1);
  });
});
