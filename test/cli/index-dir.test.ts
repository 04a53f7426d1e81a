import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { captureIo, workspace } from "../helpers/workspace.js";

describe("the index directory", () => {
  for (const command of [["ask", "木星有多大？"], ["index"]]) {
    it(`is not created with missing parents by \`citebot ${command[0]}\`: a mistyped --index is a usage error naming it`, async () => {
      const ws = await workspace({ "a.txt": "木星是最大的行星。" });
      const index = path.join(ws.root, "typo", "embeddings");
      const io = captureIo(ws.root);
      assert.equal(await runMain([...command, "--corpus", ws.corpus, "--index", index], io), 2);
      assert.equal(io.err(), `citebot: cannot create index directory ${index}: ${path.dirname(index)} does not exist (check --index or CITEBOT_INDEX; if the path is right, create its parent folder first) [CONFIG_INVALID]\n`);
      assert.equal(existsSync(path.join(ws.root, "typo")), false);
    });
  }

  it("is created when only it is missing", async () => {
    const ws = await workspace({ "a.txt": "木星是最大的行星。" });
    const io = captureIo(ws.root);
    assert.equal(await runMain(["index", "--corpus", ws.corpus, "--index", ws.index], io), 0);
    assert.ok(existsSync(path.join(ws.index, "manifest.json")));
  });
});
