import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Composer, GrammyError, HttpError, type Context } from "grammy";
import { AppError } from "../../../src/errors.js";
import { createMemoryLogger } from "../../../src/log.js";
import { describeError, reportUpdateErrors, type UpdateErrorOptions } from "../../../src/telegram/middleware/error-boundary.js";

describe("describeError", () => {
  it("splits errors by layer", () => {
    const api = new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }, "sendMessage", {});
    assert.deepEqual(describeError(api), { layer: "telegram", method: "sendMessage", error_code: 403, description: "Forbidden: bot was blocked by the user" });
    assert.deepEqual(describeError(new HttpError("Network request for 'getMe' failed!", new Error("ECONNREFUSED"))), { layer: "network", error: "Network request for 'getMe' failed!" });
    assert.deepEqual(describeError(new AppError("INDEX_MISSING", "no index")), { layer: "engine", code: "INDEX_MISSING", error: "no index" });
    assert.equal(describeError(new TypeError("x")).layer, "internal");
    assert.deepEqual(describeError("weird"), { layer: "internal", error: "weird" });
  });
});

/** grammY's error boundary with our handler, around `next`: what bot.ts installs. */
function errorBoundary<C extends Context>(options: UpdateErrorOptions<C>) {
  return (ctx: C, next: () => Promise<void>) => {
    const composer = new Composer<C>();
    composer.errorBoundary(reportUpdateErrors(options), () => next());
    return composer.middleware()(ctx, async () => {});
  };
}

describe("errorBoundary", () => {
  it("logs the error with the update id, tells the user, and does not rethrow", async () => {
    const logger = createMemoryLogger();
    const told: unknown[] = [];
    const mw = errorBoundary<Context>({ logger, onError: async (_c, e) => void told.push(e) });
    const ctx = { update: { update_id: 77, message: {} } } as unknown as Context;
    await mw(ctx, async () => {
      throw new Error("kaboom");
    });
    assert.equal(told.length, 1);
    assert.match(logger.lines[0]!, /"update_id":77,"kind":"message","layer":"internal","error":"Error: kaboom"/);
  });

  it("survives a failing onError", async () => {
    const logger = createMemoryLogger();
    const mw = errorBoundary<Context>({ logger, onError: async () => Promise.reject(new Error("cannot reply")) });
    await mw({ update: { update_id: 1 } } as unknown as Context, async () => {
      throw new Error("first");
    });
    assert.equal(logger.lines.length, 2);
    assert.match(logger.lines[1]!, /could not report failure/);
  });
});
