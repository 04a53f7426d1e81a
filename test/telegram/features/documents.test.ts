import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, it } from "node:test";
import type { Message, Update, User } from "grammy/types";
import { createMemoryLogger } from "../../../src/log.js";
import { memoryState } from "../../../src/state/memory.js";
import { createBot } from "../../../src/telegram/bot.js";
import { FakeEngine } from "../../helpers/fake-engine.js";
import { parseTelegramHtml, type ApiCall } from "../../helpers/fake-telegram.js";
import { diskFull, MemoryLibrary } from "../../helpers/memory-library.js";
import { FAST_NETWORK_RETRY_MS, setup, type Harness, type SetupOptions } from "../harness.js";

const FORMATS = path.resolve(import.meta.dirname, "../../../../test/fixtures/formats");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FORMATS, name)));

const ADMIN = 31337;
const OTHER_ADMIN = 31338;
const ADMINS = { CITEBOT_ADMIN_IDS: `${ADMIN},${OTHER_ADMIN}` };

/** A txt the fake engine can answer from: a title line, then paragraphs. */
const NOTES = "火星探测计划简报\n\n火星探测计划于2030年发射着陆器，着陆器携带七台科学仪器。\n\n着陆区位于乌托邦平原，预计工作两个火星年。";

let h: Harness;
let library: MemoryLibrary;
afterEach(() => h?.close());

async function start(options: SetupOptions & { delayMs?: number } = {}): Promise<void> {
  const engine = new FakeEngine();
  library = new MemoryLibrary({ engine, ...(options.delayMs ? { delayMs: options.delayMs } : {}) });
  h = await setup({ env: { ...ADMINS, ...options.env }, engine, ...options, deps: { library, networkRetryDelaysMs: FAST_NETWORK_RETRY_MS, ...options.deps } });
}

const admin = (languageCode = "en", id = ADMIN): User => h.fake.user({ id, languageCode, firstName: "Ada" });

/** What the chat shows now: the bot's messages as edited, newest last. */
function shown(chatId: number): Message[] {
  return h.fake.botMessages(chatId);
}

function lastText(chatId: number): string {
  return shown(chatId).at(-1)!.text!;
}

function buttonsOf(message: Message): { text: string; callback_data: string }[] {
  return ((message as { reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] } }).reply_markup?.inline_keyboard ?? []).flat();
}

function htmlValid(calls: ApiCall[]): void {
  for (const c of calls) if (c.payload.parse_mode === "HTML") assert.doesNotThrow(() => parseTelegramHtml(c.payload.text), c.payload.text);
}

async function upload(user: User, bytes: Uint8Array, fileName: string, options: { caption?: string; chat?: Update["message"] extends infer M ? (M extends { chat: infer C } ? C : never) : never } = {}): Promise<Update> {
  const document = h.fake.registerFile(bytes, { fileName });
  const update = h.fake.documentMessage(document, { user, ...options });
  await h.handle(update);
  return update;
}

describe("uploads by admins", () => {
  it("take a text file in a private chat: progress at once, then title, chunks, seconds and an example; the next question is answered from it", async () => {
    await start();
    const user = admin("zh-hans");
    await upload(user, Buffer.from(NOTES), "mars.txt");

    const sent = h.fake.sent(user.id);
    assert.equal(sent.length, 1, "one message: the progress message, then edited");
    assert.match(sent[0]!.plainText!, /正在读取 mars\.txt/);
    assert.equal(h.fake.callsOf("getFile").length, 1);
    assert.deepEqual(h.fake.downloads.map((d) => d.status), [200]);
    const reply = lastText(user.id);
    assert.match(reply, /已收录《火星探测计划简报》（uploads\/mars\.txt）/);
    assert.match(reply, /\d+ 个片段 · 用时 \d+(\.\d)? 秒/);
    assert.match(reply, /现在就可以提问，例如：\n• .+/);
    assert.doesNotMatch(reply, /页/, "no pages for a text file");
    htmlValid(h.fake.edits());

    await h.handle(h.fake.privateText("着陆器携带几台科学仪器？", { user }));
    assert.equal(h.engine.answers.at(-1)!.citations[0]!.source, "uploads/mars.txt");
    assert.deepEqual(library.changes, ["add uploads/mars.txt"]);
    assert.equal((await library.list()).find((d) => d.source === "uploads/mars.txt")!.addedBy!.id, ADMIN);
  });

  it("take a PDF and say how many pages it has", async () => {
    await start();
    const user = admin("en");
    await upload(user, fixture("zh-report.pdf"), "zh-report.pdf");
    const reply = lastText(user.id);
    assert.match(reply, /^✅ Added .+ \(uploads\/zh-report\.pdf\)\n\d+ pages? · \d+ chunks? · \d+(\.\d)? s\n\nYou can ask about it now, for example:\n• /);
  });

  it("in a group, take a file only with the caption /add (or /add in reply to it), and ignore other files", async () => {
    await start();
    const group = h.fake.groupChat();
    const user = admin("en");
    await upload(user, Buffer.from(NOTES), "plain.txt", { chat: group });
    assert.equal(h.fake.outgoing().length, 0, "a file shared in a group without /add is not ours");

    await upload(user, Buffer.from(NOTES), "mars.txt", { chat: group, caption: "/add" });
    assert.match(lastText(group.id), /Added .+uploads\/mars\.txt/);

    const shared = h.fake.documentMessage(h.fake.registerFile(Buffer.from("金星探测简报\n\n金星表面温度约为465摄氏度。"), { fileName: "venus.txt" }), { chat: group, user: h.fake.user() });
    await h.handle(shared);
    await h.handle(h.fake.groupText("/add", { chat: group, user, replyTo: shared.message }));
    assert.match(lastText(group.id), /Added .+uploads\/venus\.txt/);
    assert.deepEqual(library.changes, ["add uploads/mars.txt", "add uploads/venus.txt"]);
  });

  it("take a file whose caption is a question as an upload, never asking the caption (it describes the file, not the corpus)", async () => {
    await start();
    const user = admin("zh-hans");
    await upload(user, Buffer.from(NOTES), "mars.txt", { caption: "着陆器携带几台科学仪器？" });
    assert.match(lastText(user.id), /已收录《火星探测计划简报》（uploads\/mars\.txt）/);
    assert.deepEqual(h.engine.calls, []);
    assert.deepEqual(library.changes, ["add uploads/mars.txt"]);
  });

  it("/add with no file explains how to add one", async () => {
    await start();
    await h.handle(h.fake.privateText("/add", { user: admin("en") }));
    assert.match(h.fake.sent()[0]!.plainText!, /Usage: in a private chat just send the file/);
  });
});

describe("files where the bot takes no uploads", () => {
  it("ask a file's caption as a question: without a library in private, and in a group a file that is no /add but mentions the bot", async () => {
    h = await setup({ env: ADMINS });
    const user = admin("zh-hans");
    await h.handle(h.fake.documentMessage(h.fake.registerFile(Buffer.from(NOTES), { fileName: "mars.txt" }), { user, caption: "宣讲活动覆盖了多少名师生？" }));
    assert.deepEqual(h.engine.calls.map((c) => c.question), ["宣讲活动覆盖了多少名师生？"]);
    assert.equal(h.fake.downloads.length, 0, "nothing is downloaded");
    await h.close();
    await start();
    const group = h.fake.groupChat();
    await h.handle(h.fake.documentMessage(h.fake.registerFile(Buffer.from(NOTES), { fileName: "mars.txt" }), { chat: group, user, caption: `@${h.fake.botInfo.username} 宣讲活动覆盖了多少名师生？` }));
    assert.deepEqual(h.engine.calls.map((c) => c.question), ["宣讲活动覆盖了多少名师生？"]);
    assert.deepEqual(library.changes, []);
  });
});

describe("uploads by everyone else", () => {
  for (const [code, sentence] of [
    ["zh-hans", "抱歉，只有管理员可以添加或删除文档。"],
    ["zh-TW", "抱歉，只有管理員可以新增或刪除文件。"],
    ["en", "Sorry, only the bot's admins can add or remove documents."],
  ] as const) {
    it(`get exactly one polite sentence (${code}) and nothing is downloaded`, async () => {
      await start();
      const user = h.fake.user({ languageCode: code });
      await upload(user, Buffer.from(NOTES), "mars.txt");
      assert.deepEqual(h.fake.sent().map((c) => c.plainText), [sentence]);
      assert.equal(h.fake.callsOf("getFile").length, 0);
      assert.equal(h.fake.downloads.length, 0);
      assert.deepEqual(library.changes, []);
    });
  }

  it("get the same sentence for /add in a group and for /remove", async () => {
    await start();
    const group = h.fake.groupChat();
    const user = h.fake.user({ languageCode: "en" });
    await upload(user, Buffer.from(NOTES), "mars.txt", { chat: group, caption: "/add" });
    await h.handle(h.fake.privateText("/remove beijing-2023.txt", { user }));
    assert.deepEqual(h.fake.sent().map((c) => c.plainText), ["Sorry, only the bot's admins can add or remove documents.", "Sorry, only the bot's admins can add or remove documents."]);
    assert.equal(h.fake.callsOf("getFile").length, 0);
    assert.equal(library.docs.size, 3);
  });
});

describe("files that cannot be taken", () => {
  it("over 20 MB: refused from the size Telegram gives, without getFile", async () => {
    await start();
    const user = admin("en");
    const document = h.fake.registerFile(Buffer.from("x"), { fileName: "huge.pdf", size: 25 * 1024 * 1024 });
    await h.handle(h.fake.documentMessage(document, { user }));
    assert.match(h.fake.sent()[0]!.plainText!, /This file is 25 MB; Telegram lets bots download files up to 20 MB/);
    assert.equal(h.fake.callsOf("getFile").length, 0);
  });

  it("over 20 MB without a size in the message: getFile's 'file is too big' is said the same way", async () => {
    await start();
    const user = admin("zh");
    const { file_size: _, ...document } = h.fake.registerFile(Buffer.from("x"), { fileName: "huge.pdf", size: 21 * 1024 * 1024 });
    await h.handle(h.fake.documentMessage(document, { user }));
    assert.equal(h.fake.callsOf("getFile")[0]!.error!.description, "Bad Request: file is too big");
    assert.match(lastText(user.id), /超过了 Telegram 机器人可下载的 20 MB 上限/);
    assert.equal(h.fake.downloads.length, 0);
  });

  it("take a PDF sent without a file name as document.pdf, named after its MIME type", async () => {
    await start();
    const user = admin("en");
    const document = h.fake.registerFile(fixture("zh-report.pdf"), { mimeType: "application/pdf" });
    await h.handle(h.fake.documentMessage(document, { user }));
    assert.match(lastText(user.id), /^✅ Added .+ \(uploads\/document\.pdf\)\n/);
    assert.deepEqual(library.changes, ["add uploads/document.pdf"]);
  });

  it("a nameless file of a type the indexer does not read is refused as unsupported, not as a bad name", async () => {
    await start();
    const user = admin("en");
    const document = h.fake.registerFile(Buffer.from("MZ"), { mimeType: "application/x-msdownload" });
    await h.handle(h.fake.documentMessage(document, { user }));
    assert.match(h.fake.sent()[0]!.plainText!, /Cannot add document: this file type is not supported/);
    assert.equal(h.fake.callsOf("getFile").length, 0);
  });

  it("an unsupported type is refused before anything is downloaded", async () => {
    await start();
    const user = admin("en");
    await upload(user, Buffer.from("MZ"), "setup.exe");
    assert.match(h.fake.sent()[0]!.plainText!, /Cannot add setup\.exe: this file type is not supported/);
    assert.equal(h.fake.callsOf("getFile").length, 0);
  });

  for (const [file, name, why] of [
    ["corrupt.pdf", "broken.pdf", /Cannot add broken\.pdf: the file is damaged or cannot be read\.\n.+\nThe library and the index are unchanged\./],
    ["encrypted.pdf", "secret.pdf", /Cannot add secret\.pdf: it is password-protected or encrypted/],
  ] as const) {
    it(`${file}: refused with the reason, and the library is unchanged`, async () => {
      await start();
      const user = admin("en");
      await upload(user, fixture(file), name);
      assert.match(lastText(user.id), why);
      assert.deepEqual(library.changes, []);
      assert.equal(library.docs.size, 3);
    });
  }

  it("a file with no text is refused as empty", async () => {
    await start();
    const user = admin("en");
    await upload(user, Buffer.from("  \n\n  "), "blank.txt");
    assert.match(lastText(user.id), /Cannot add blank\.txt: no usable text was found/);
  });

  it("an empty file's refusal does not repeat the bare reason 'empty' under the sentence", async () => {
    await start();
    const user = admin("zh-hans");
    await upload(user, new Uint8Array(0), "空.txt");
    const text = lastText(user.id);
    assert.match(text, /无法收录 空\.txt：没有读到可用的文字/);
    assert.doesNotMatch(text, /empty/);
  });

  it("a full disk is said plainly, and nothing changes", async () => {
    await start();
    const user = admin("en");
    library.failNext(diskFull());
    await upload(user, Buffer.from(NOTES), "mars.txt");
    assert.match(lastText(user.id), /The server's disk is full/);
    assert.deepEqual(library.changes, []);
  });

  it("a download that fails once (HTTP 500, then a reset) is retried and lands", async () => {
    await start();
    const user = admin("en");
    h.fake.failDownloadNext(500);
    h.fake.failDownloadNext("reset");
    await upload(user, Buffer.from(NOTES), "mars.txt");
    assert.deepEqual(h.fake.downloads.map((d) => d.status), [500, "reset", 200]);
    assert.match(lastText(user.id), /Added/);
  });

  it("a download that keeps failing is reported after the retries, and the library is unchanged", async () => {
    await start();
    const user = admin("en");
    h.fake.failDownloadNext(502, 10);
    await upload(user, Buffer.from(NOTES), "mars.txt");
    assert.equal(h.fake.downloads.length, FAST_NETWORK_RETRY_MS.length + 1);
    assert.match(lastText(user.id), /Downloading the file failed \(retried\)/);
    assert.deepEqual(library.changes, []);
    assert.ok(!h.logs.some((l) => l.includes(h.fake.token.split(":")[1]!)), "the token never reaches a log");
  });
});

describe("a second file with the same name", () => {
  async function uploadTwice(): Promise<{ user: User; prompt: Message; replace: string; cancel: string }> {
    await start();
    const user = admin("en");
    await upload(user, Buffer.from(NOTES), "mars.txt");
    await upload(user, Buffer.from("火星探测计划修订版\n\n修订后，着陆器携带九台科学仪器。"), "mars.txt");
    const prompt = shown(user.id).at(-1)!;
    assert.equal(prompt.text, "The library already has uploads/mars.txt. Replace it with the new file?");
    const [replace, cancel] = buttonsOf(prompt);
    assert.deepEqual([replace!.text, cancel!.text], ["Replace", "Cancel"]);
    return { user, prompt, replace: replace!.callback_data, cancel: cancel!.callback_data };
  }

  it("the same file sent again is said to be there already, with nothing to confirm and nothing changed", async () => {
    await start();
    const user = admin("en");
    await upload(user, Buffer.from(NOTES), "mars.txt");
    await upload(user, Buffer.from(NOTES), "mars.txt");
    assert.equal(lastText(user.id), "The library already has uploads/mars.txt with exactly this content; nothing to add.");
    assert.equal(shown(user.id).at(-1)!.reply_markup, undefined, "no Replace / Cancel buttons");
    assert.deepEqual(library.changes, ["add uploads/mars.txt"]);
    assert.equal(library.held.size, 0);
  });

  it("replaces the old version only after Replace is pressed", async () => {
    const { user, prompt, replace } = await uploadTwice();
    assert.deepEqual(library.changes, ["add uploads/mars.txt"], "nothing replaced before the confirm");
    await h.handle(h.fake.callback(replace, { message: prompt, user }));
    assert.match(lastText(user.id), /^✅ Replaced 火星探测计划修订版 \(uploads\/mars\.txt\)/);
    assert.deepEqual(library.changes, ["add uploads/mars.txt", "add uploads/mars.txt"]);
    await h.handle(h.fake.privateText("修订后着陆器携带几台科学仪器？", { user }));
    assert.match(h.engine.answers.at(-1)!.citations[0]!.text, /九台/);
  });

  it("keeps the old version when Cancel is pressed, and the button cannot be used again", async () => {
    const { user, prompt, replace, cancel } = await uploadTwice();
    await h.handle(h.fake.callback(cancel, { message: prompt, user }));
    assert.equal(lastText(user.id), "Cancelled; the library is unchanged.");
    assert.equal(library.held.size, 0, "the held file is dropped");
    await h.handle(h.fake.callback(replace, { message: prompt, user }));
    assert.equal(h.fake.callsOf("answerCallbackQuery").at(-1)!.payload.text, "This button has expired, or it is not yours to press.");
    assert.deepEqual(library.changes, ["add uploads/mars.txt"]);
  });

  it("replaces on a tap that reaches another replica, which finds the button and the held file in the shared state and corpus", async () => {
    const state = memoryState();
    const engine = new FakeEngine();
    library = new MemoryLibrary({ engine });
    h = await setup({ env: ADMINS, engine, deps: { library, state, networkRetryDelaysMs: FAST_NETWORK_RETRY_MS } });
    const other = createBot(h.config, { engine, logger: createMemoryLogger(), botInfo: h.fake.botInfo, state, library, typingDelayMs: 0 });
    const user = admin("en");
    await upload(user, Buffer.from(NOTES), "mars.txt");
    await upload(user, Buffer.from("火星探测计划修订版\n\n修订后，着陆器携带九台科学仪器。"), "mars.txt");
    const prompt = shown(user.id).at(-1)!;
    assert.equal(library.held.size, 1, "the new file waits in the corpus, not in the first replica");
    await other.handleUpdate(h.fake.callback(buttonsOf(prompt)[0]!.callback_data, { message: prompt, user }));
    assert.match(lastText(user.id), /^✅ Replaced 火星探测计划修订版 \(uploads\/mars\.txt\)/);
    assert.deepEqual(library.changes, ["add uploads/mars.txt", "add uploads/mars.txt"]);
    assert.equal(library.held.size, 0, "the held file is gone once used");
    await h.handle(h.fake.callback(buttonsOf(prompt)[0]!.callback_data, { message: prompt, user }));
    assert.equal(h.fake.callsOf("answerCallbackQuery").at(-1)!.payload.text, "This button has expired, or it is not yours to press.", "used once, on any replica");
  });

  it("keeps one pending replacement per admin: a newer one's prompt supersedes the older, whose held file is dropped", async () => {
    const { user, prompt, replace } = await uploadTwice();
    await upload(user, Buffer.from("火星探测计划第三版\n\n第三版中，着陆器携带十台科学仪器。"), "mars.txt");
    assert.equal(library.held.size, 1);
    await h.handle(h.fake.callback(replace, { message: prompt, user }));
    assert.equal(h.fake.callsOf("answerCallbackQuery").at(-1)!.payload.text, "This button has expired, or it is not yours to press.");
    const newer = shown(user.id).at(-1)!;
    await h.handle(h.fake.callback(buttonsOf(newer)[0]!.callback_data, { message: newer, user }));
    assert.match(lastText(user.id), /^✅ Replaced 火星探测计划第三版/);
    assert.equal(library.held.size, 0);
  });

  it("says the button expired when the held file is gone (its time passed), and changes nothing", async () => {
    const { user, prompt, replace } = await uploadTwice();
    library.held.clear();
    await h.handle(h.fake.callback(replace, { message: prompt, user }));
    assert.equal(h.fake.callsOf("answerCallbackQuery").at(-1)!.payload.text, "This button has expired, or it is not yours to press.");
    assert.deepEqual(library.changes, ["add uploads/mars.txt"]);
  });

  it("only the admin who sent the file can confirm", async () => {
    const { prompt, replace } = await uploadTwice();
    await h.handle(h.fake.callback(replace, { message: prompt, user: admin("en", OTHER_ADMIN) }));
    assert.equal(h.fake.callsOf("answerCallbackQuery").at(-1)!.payload.text, "This button has expired, or it is not yours to press.");
    assert.deepEqual(library.changes, ["add uploads/mars.txt"]);
  });
});

describe("two uploads at once", () => {
  it("are serialised by the library, and both land", async () => {
    await start({ delayMs: 50 });
    const a = admin("en", ADMIN);
    const b = admin("en", OTHER_ADMIN);
    const docA = h.fake.documentMessage(h.fake.registerFile(Buffer.from(NOTES), { fileName: "a.txt" }), { user: a });
    const docB = h.fake.documentMessage(h.fake.registerFile(Buffer.from("金星探测简报\n\n金星表面温度约为465摄氏度。"), { fileName: "b.txt" }), { user: b });
    await Promise.all([h.handle(docA), h.handle(docB)]);
    assert.deepEqual([...library.changes].sort(), ["add uploads/a.txt", "add uploads/b.txt"]);
    assert.equal(library.maxConcurrent, 1);
    assert.match(lastText(a.id), /Added .+uploads\/a\.txt/);
    assert.match(lastText(b.id), /Added .+uploads\/b\.txt/);
  });
});

describe("/docs", () => {
  async function withDocs(n: number): Promise<void> {
    const docs = Array.from({ length: n }, (_, i) => ({ source: `doc-${String(i + 1).padStart(2, "0")}.txt`, text: `文档${i + 1}\n\n第${i + 1}份文档的内容。` }));
    const engine = new FakeEngine({ docs });
    library = new MemoryLibrary({ engine });
    h = await setup({ env: ADMINS, engine, deps: { library } });
  }

  it("lists title, source, chunks, and who added an upload when", async () => {
    await start();
    const user = admin("en");
    await upload(user, Buffer.from(NOTES), "mars.txt");
    await h.handle(h.fake.privateText("/docs", { user: h.fake.user({ languageCode: "en" }) }));
    const text = h.fake.sent().at(-1)!.plainText!;
    assert.match(text, /^Library: 4 documents\n/);
    assert.match(text, /1\. 北京市深入实施时代新人铸魂工程\n {4}beijing-2023\.txt · 4 chunks/);
    assert.match(text, /火星探测计划简报\n {4}uploads\/mars\.txt · \d+ chunks? · added \d{4}-\d\d-\d\d · by Ada/);
    assert.equal(buttonsOf(h.fake.botMessages().at(-1)!).length, 0, "no buttons: one page, and not an admin");
  });

  it("speaks Traditional Chinese to a zh-TW user and keeps the documents' titles as written", async () => {
    await withDocs(12);
    const user = h.fake.user({ languageCode: "zh-TW" });
    await h.handle(h.fake.privateText("/docs", { user }));
    let message = shown(user.id).at(-1)!;
    assert.match(message.text!, /^文件庫：12 份文件（第 1\/2 頁）/);
    assert.match(message.text!, /1\. 文档1\n/, "a title is shown as the document writes it");
    await h.handle(h.fake.callback(buttonsOf(message)[0]!.callback_data, { message, user }));
    message = shown(user.id).at(-1)!;
    assert.match(message.text!, /（第 2\/2 頁）/, "a button press keeps the user's script");
  });

  it("pages by 10 with ◀ ▶, editing the message in place", async () => {
    await withDocs(23);
    const user = h.fake.user({ languageCode: "en" });
    await h.handle(h.fake.privateText("/docs", { user }));
    let message = shown(user.id).at(-1)!;
    assert.match(message.text!, /Library: 23 documents \(page 1\/3\)/);
    assert.match(message.text!, /10\. 文档10/);
    assert.doesNotMatch(message.text!, /11\. /);
    assert.deepEqual(buttonsOf(message).map((b) => b.text), ["▶"]);

    await h.handle(h.fake.callback(buttonsOf(message)[0]!.callback_data, { message, user }));
    message = shown(user.id).at(-1)!;
    assert.equal(h.fake.sent(user.id).length, 1, "the page changes by an edit");
    assert.match(message.text!, /\(page 2\/3\)\n11\. 文档11/);
    assert.deepEqual(buttonsOf(message).map((b) => b.text), ["◀", "▶"]);

    await h.handle(h.fake.callback(buttonsOf(message)[1]!.callback_data, { message, user }));
    message = shown(user.id).at(-1)!;
    assert.match(message.text!, /\(page 3\/3\)\n21\. 文档21/);
    assert.deepEqual(buttonsOf(message).map((b) => b.text), ["◀"]);
  });

  it("gives admins a 🗑 button per document, which asks to confirm the removal", async () => {
    await withDocs(12);
    const user = admin("en");
    await h.handle(h.fake.privateText("/docs", { user }));
    const list = shown(user.id).at(-1)!;
    const buttons = buttonsOf(list);
    assert.deepEqual(buttons.map((b) => b.text), ["🗑 1", "🗑 2", "🗑 3", "🗑 4", "🗑 5", "🗑 6", "🗑 7", "🗑 8", "🗑 9", "🗑 10", "▶"]);
    await h.handle(h.fake.callback(buttons[2]!.callback_data, { message: list, user }));
    const prompt = shown(user.id).at(-1)!;
    assert.equal(prompt.text, "Remove 文档3 (doc-03.txt) from the library? Its file is deleted too.");
    await h.handle(h.fake.callback(buttonsOf(prompt)[0]!.callback_data, { message: prompt, user }));
    assert.match(lastText(user.id), /^🗑 Removed 文档3 \(doc-03\.txt\): 2 chunks, \d+(\.\d)? s\.$/);
    assert.deepEqual(library.changes, ["remove doc-03.txt"]);
  });

  it("a 🗑 button pressed by someone who is not an admin only gets the toast", async () => {
    await withDocs(3);
    const user = admin("en");
    await h.handle(h.fake.privateText("/docs", { user }));
    const list = shown(user.id).at(-1)!;
    h.fake.clearCalls();
    await h.handle(h.fake.callback(buttonsOf(list)[0]!.callback_data, { message: list, user: h.fake.user() }));
    assert.deepEqual(h.fake.outgoing().map((c) => [c.method, c.payload.text]), [["answerCallbackQuery", "This button has expired, or it is not yours to press."]]);
  });
});

describe("/remove", () => {
  it("asks to confirm, then removes and says what was removed; the document no longer answers", async () => {
    await start();
    const user = admin("zh");
    await h.handle(h.fake.privateText("/remove beijing-2023.txt", { user }));
    const prompt = shown(user.id).at(-1)!;
    assert.equal(prompt.text, "要从文档库删除《北京市深入实施时代新人铸魂工程》（beijing-2023.txt）吗？文件会一并删除。");
    assert.deepEqual(library.changes, []);
    await h.handle(h.fake.callback(buttonsOf(prompt)[0]!.callback_data, { message: prompt, user }));
    assert.match(lastText(user.id), /^🗑 已删除《北京市深入实施时代新人铸魂工程》（beijing-2023\.txt）：4 个片段，用时 \d+(\.\d)? 秒。$/);
    await h.handle(h.fake.privateText("北京有多少所高校试点开设思政选修课？", { user }));
    assert.ok(h.engine.answers.at(-1)!.citations.every((c) => c.source !== "beijing-2023.txt"));
  });

  it("finds a document by its file name, and says when there is none", async () => {
    await start();
    const user = admin("en");
    await upload(user, Buffer.from(NOTES), "mars.txt");
    await h.handle(h.fake.privateText("/remove mars.txt", { user }));
    assert.match(lastText(user.id), /^Remove 火星探测计划简报 \(uploads\/mars\.txt\)/);
    await h.handle(h.fake.privateText("/remove nothing.txt", { user }));
    assert.equal(lastText(user.id), "No document nothing.txt. Send /docs to see the library.");
    await h.handle(h.fake.privateText("/remove", { user }));
    assert.match(lastText(user.id), /^Usage: \/remove SOURCE/);
  });

  it("refuses to remove the last document, saying why, and logs the refusal at info, not as a failure", async () => {
    await start();
    const [last, ...others] = [...library.docs.keys()];
    for (const source of others) await library.remove(source);
    const user = admin("en");
    await h.handle(h.fake.privateText(`/remove ${last}`, { user }));
    const prompt = shown(user.id).at(-1)!;
    await h.handle(h.fake.callback(buttonsOf(prompt)[0]!.callback_data, { message: prompt, user }));
    assert.equal(lastText(user.id), "This is the last document in the library and cannot be removed (an index needs at least one). The library is unchanged.");
    assert.equal(library.docs.has(last!), true);
    const refusal = h.logs.filter((l) => l.includes("CORPUS_EMPTY"));
    assert.equal(refusal.length, 1, refusal.join("\n"));
    assert.match(refusal[0]!, /"level":"info","msg":"remove refused: last document"/);
    assert.ok(!h.logs.some((l) => l.includes('"level":"error"')), h.logs.join("\n"));
  });

  it("a forged, tampered, expired, foreign or non-admin confirm does nothing but a short toast", async () => {
    await start({ deps: { confirmTtlMs: 200 } });
    const user = admin("en");
    await h.handle(h.fake.privateText("/remove beijing-2023.txt", { user }));
    const prompt = shown(user.id).at(-1)!;
    const confirm = buttonsOf(prompt)[0]!.callback_data;
    const tampered = confirm.slice(0, 3) + (confirm[3] === "A" ? "B" : "A") + confirm.slice(4);
    const presses: [string, User][] = [
      ["dc:AAAAAAAAAAAAAAAA:e", user],
      [tampered, user],
      [confirm, admin("en", OTHER_ADMIN)],
      [confirm, h.fake.user({ id: 777 })],
      ["dc:" + "x".repeat(60), user],
    ];
    h.fake.clearCalls();
    for (const [data, by] of presses) await h.handle(h.fake.callback(data, { message: prompt, user: by }));
    await new Promise((r) => setTimeout(r, 250));
    await h.handle(h.fake.callback(confirm, { message: prompt, user }));
    const calls = h.fake.outgoing();
    assert.equal(calls.length, presses.length + 1);
    for (const c of calls) {
      assert.equal(c.method, "answerCallbackQuery");
      assert.equal(c.payload.text, "This button has expired, or it is not yours to press.");
    }
    assert.deepEqual(library.changes, []);
    assert.equal(library.docs.has("beijing-2023.txt"), true);
  });
});
