import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import { readManifest } from "../../src/index/manifest.js";
import { testApp, workspace } from "../helpers/workspace.js";

const GOOD = "红色“1+1”党支部共建活动连续开展17年，组织近2万个学生党支部参加。";

function isLowSurrogate(code: number) {
  return code >= 0xdc00 && code <= 0xdfff;
}

describe("corpus faults: every file is indexed correctly or skipped with a warning, and the run completes", () => {
  it("handles invalid UTF-8, empty, binary, huge, unreadable and looping inputs in one corpus", async () => {
    const invalidUtf8 = Buffer.concat([Buffer.from("前半部分是正常的文字。".repeat(40)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from("后半部分关于海洋生物的多样性。".repeat(40))]);
    const ws = await workspace({
      "good.txt": GOOD,
      "invalid-utf8.txt": invalidUtf8,
      "empty.txt": "",
      "binary.md": Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)),
    });
    // 100 MB of text: over the per-file limit, so it is skipped with a warning rather than stalling the run.
    const huge = await fs.open(path.join(ws.corpus, "huge.txt"), "w");
    const block = Buffer.from("很大的文件。".repeat(100_000));
    for (let written = 0; written < 100 * 1024 * 1024; written += block.length) await huge.write(block);
    await huge.close();
    await fs.symlink(path.join(ws.corpus, "missing-target.txt"), path.join(ws.corpus, "dangling.txt"));
    await fs.symlink(ws.corpus, path.join(ws.corpus, "loop"));

    const app = testApp(ws.corpus, ws.index);
    const engine = await openEngine(app);
    const manifest = (await readManifest(ws.index))!;
    assert.deepEqual(manifest.files.map((f) => f.source).sort(), ["good.txt", "invalid-utf8.txt"]);
    const skipped = Object.fromEntries(manifest.skipped.map((s) => [s.source, s.reason]));
    assert.match(skipped["empty.txt"], /empty/);
    assert.match(skipped["binary.md"], /binary/);
    assert.match(skipped["huge.txt"], /too large/);
    assert.match(skipped["dangling.txt"], /cannot stat/);
    for (const name of ["empty.txt", "binary.md", "huge.txt", "dangling.txt"]) {
      assert.ok(app.logs.some((l) => l.includes(name) && l.includes('"warn"')), `a warning names ${name}`);
    }
    assert.ok(app.logs.some((l) => l.includes("invalid-utf8.txt") && l.includes("U+FFFD")));
    const answer = await engine.ask("海洋生物的多样性");
    assert.equal(answer.citations[0]?.source, "invalid-utf8.txt");
    const text = new TextDecoder().decode(invalidUtf8);
    assert.equal(answer.citations[0].text, text.slice(answer.citations[0].start, answer.citations[0].end));
  });

  it("skips an unreadable file when permissions deny it", { skip: process.getuid?.() === 0 ? "root reads any file" : false }, async () => {
    const ws = await workspace({ "good.txt": GOOD, "secret.txt": "机密内容。" });
    await fs.chmod(path.join(ws.corpus, "secret.txt"), 0o000);
    const app = testApp(ws.corpus, ws.index);
    await openEngine(app);
    const manifest = (await readManifest(ws.index))!;
    assert.match(manifest.skipped.find((s) => s.source === "secret.txt")!.reason, /EACCES/);
  });

  it("indexes a single 10 MB line and cites exact slices in it", async () => {
    const line = ("北京市组织师生参与冬奥会志愿服务，网络宣讲微博点击量破亿人次，" + "覆盖千万人次，".repeat(3)).repeat(120_000).slice(0, 3_400_000);
    const ws = await workspace({ "one-line.txt": line + "末尾的独特句子说明了项目编号是XJ-42。" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("项目编号是什么？");
    assert.equal(answer.found, true);
    const c = answer.citations[0];
    const text = await fs.readFile(path.join(ws.corpus, "one-line.txt"), "utf8");
    assert.equal(c.text, text.slice(c.start, c.end));
    assert.match(c.text, /XJ-42/);
  });

  it("keeps citations exact around zero-width, RTL, emoji and astral-plane CJK characters", async () => {
    const text = [
      "零\u200b宽\u200d字符出现在这句话里，关键词是甲乙丙。",
      "阿拉伯文 \u202bمرحبا بالعالم\u202c 混在中文里，关键词是丁戊己。",
      "表情😀🎉和扩展汉字𠀀𠀁𪚥出现在庚辛壬这句话里。",
      "𠀀".repeat(450) + "结尾处的关键词是癸子丑。",
    ].join("\n\n");
    const ws = await workspace({ "odd.txt": text });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    for (const q of ["关键词甲乙丙", "丁戊己", "庚辛壬", "癸子丑", "𠀀𠀁", "😀"]) {
      const answer = await engine.ask(q, { k: 5 });
      for (const c of answer.citations) {
        assert.equal(c.text, text.slice(c.start, c.end));
        assert.ok(!isLowSurrogate(text.charCodeAt(c.start)), `citation for ${q} starts inside a surrogate pair`);
        assert.ok(!isLowSurrogate(text.charCodeAt(c.end)), `citation for ${q} ends inside a surrogate pair`);
      }
    }
    assert.equal((await engine.ask("庚辛壬")).found, true);
  });
});
