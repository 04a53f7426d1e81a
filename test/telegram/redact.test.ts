import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import { HttpError } from "grammy";
import { redactTokenInErrors, scrubError, tokenNeedles } from "../../src/telegram/redact.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const SECRET = TOKEN.split(":")[1]!;

describe("token scrubbing", () => {
  it("finds the token as is, URL-encoded and its secret half", () => {
    assert.deepEqual(tokenNeedles(TOKEN), [TOKEN, encodeURIComponent(TOKEN), SECRET]);
  });

  it("scrubs message, stack and wrapped errors (HttpError.error, cause, AggregateError.errors), but not payloads", () => {
    const inner = Object.assign(new Error(`request to http://127.0.0.1:1/bot${TOKEN}/getMe failed, reason: ECONNREFUSED`), { url: `/bot${encodeURIComponent(TOKEN)}/getMe` });
    const http = new HttpError("Network request for 'getMe' failed!", inner);
    const outer = new Error("wrapper", { cause: new AggregateError([http], `token ${SECRET}`) });
    const payload = { text: `user wrote ${SECRET}` };
    Object.assign(outer, { payload });
    scrubError(outer, tokenNeedles(TOKEN));
    const shown = inspect(outer, { depth: 10, showHidden: true });
    assert.ok(!shown.replace(`user wrote ${SECRET}`, "").includes(SECRET), shown);
    assert.match(inner.message, /bot\*\*\*\/getMe/);
    assert.equal(payload.text, `user wrote ${SECRET}`, "the call's payload is not rewritten");
  });

  it("the transformer rethrows the same error, scrubbed, and passes results through", async () => {
    const transformer = redactTokenInErrors(TOKEN);
    const ok = await transformer((async () => ({ ok: true, result: 1 })) as never, "getMe", {} as never);
    assert.deepEqual(ok, { ok: true, result: 1 });
    const thrown = new HttpError("Network request for 'getMe' failed!", new Error(`GET /bot${TOKEN}/getMe`));
    await assert.rejects(
      transformer(async () => Promise.reject(thrown), "getMe", {} as never),
      (e) => e === thrown && !inspect(e, { depth: 5 }).includes(SECRET),
    );
  });
});
