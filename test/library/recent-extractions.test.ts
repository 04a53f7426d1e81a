import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { RecentExtractions } from "../../src/library/recent-extractions.js";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("recent extractions", () => {
  it("hand the library's reading of an upload to the index update once, and extract anything else afresh", async () => {
    const recent = new RecentExtractions();
    const bytes = Buffer.from("火星简报\n\n着陆器携带七台科学仪器。");
    const read = await recent.extractor(bytes, ".txt", sha(bytes));
    assert.equal(await recent.extract(bytes, ".txt"), read, "the same result object: not extracted again");
    const again = await recent.extract(bytes, ".txt");
    assert.notEqual(again, read, "used once");
    assert.deepEqual(again, read);
    const other = Buffer.from("金星简报");
    assert.equal(((await recent.extract(other, ".txt")) as { text: string }).text, "金星简报");
  });
});
