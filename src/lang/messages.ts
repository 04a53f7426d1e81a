/**
 * What the system says in its own words, in the question's language and script —
 * the one catalogue the engine (so the CLI and the JSON answer) and the Telegram
 * bot share, with the labels of an answer the terminal and Telegram both show (a
 * citation's place, further reading, the closest passage) and the terminal's chat.
 * Telegram's own interface text (buttons, help, errors) is in src/telegram/i18n.ts;
 * which language and script to use comes from ./script.ts.
 */
import { isChinese, isLinkOnly, type Lang, questionLang, type Script, scriptOf, textLang } from "./script.js";
import type { SmallTalk } from "../types.js";

const NOT_FOUND: Readonly<Record<Script, string>> = Object.freeze({
  en: "The documents do not answer this question.",
  "zh-Hans": "文档中没有找到能回答这个问题的内容。",
  "zh-Hant": "文件中沒有找到能回答這個問題的內容。",
});

/** The `answer` of a not-found answer; `wordless`: the script for a question without words (「2023」), its documents'. */
export function notFoundText(question: string, lang?: Lang, wordless?: Script): string {
  return NOT_FOUND[lang === undefined && wordless !== undefined && questionLang(question) === undefined ? wordless : scriptOf(question, lang)];
}

const NO_CITED_ANSWER: Readonly<Record<Script, string>> = Object.freeze({
  en: "No cited answer found",
  "zh-Hans": "没有找到带引用的答案",
  "zh-Hant": "沒有找到帶引用的答案",
});

/** The not-found answer in a few words, where a sentence does not fit (Telegram's inline-mode button). */
export function noCitedAnswerText(question: string, lang?: Lang): string {
  return NO_CITED_ANSWER[scriptOf(question, lang)];
}

const FROM_SOURCE: Readonly<Record<Script, Readonly<Record<Lang, string>>>> = Object.freeze({
  en: { zh: "From the Chinese source: ", en: "From the English source: " },
  "zh-Hans": { zh: "来自中文文档：", en: "来自英文文档：" },
  "zh-Hant": { zh: "來自中文文件：", en: "來自英文文件：" },
});

/**
 * What opens an answer quoted from a document in another language than the question's (an English
 * question answered from Chinese text): the language of the quote, in the question's language and
 * script; "" when they are the same, or when the question has no words of a language beyond those the
 * quote holds itself (「2024」, "GDP 2024" over 「2024年GDP增长5.2%」): it was not asked in another language.
 */
export function sourceLanguageNote(question: string, excerpt: string): string {
  const quoted = textLang(excerpt);
  const inExcerpt = new Set(excerpt.toLowerCase().match(/[a-z]{2,}/g) ?? []);
  const asked = questionLang(question.replace(/[A-Za-z]{2,}/g, (word) => (inExcerpt.has(word.toLowerCase()) ? " " : word)));
  return asked === undefined || asked === quoted ? "" : FROM_SOURCE[scriptOf(question, asked)][quoted];
}

/** After the not-found text when the documents say it only about another subject (src/answer/subject.ts). */
export function onlyAboutText(question: string, subject: string, lang?: Lang): string {
  const script = scriptOf(question, lang);
  if (script === "en") return `The documents only say this about ${subject}:`;
  return script === "zh-Hant" ? `文件只提到${subject}的情況：` : `文档只提到${subject}的情况：`;
}

/**
 * Example questions (src/examples.ts), in the document's language: about a section topic, the phrase that opens a
 * Chinese paragraph (「强化理论武装，…」 → 「强化理论武装方面做了什么？」).
 */
export function topicQuestion(topic: string): string {
  return `${topic}方面做了什么？`;
}

/** An example question asking a Chinese sentence's amount: 「全年营业收入为8.6亿元」 → 「全年营业收入为多少？」. */
export function amountQuestion(subject: string, verb: string): string {
  return `${subject}${verb}多少？`;
}

/** An example question asking an English definition: "A class definition is …" → "What is a class definition?". */
export function definitionQuestion(term: string, plural: boolean): string {
  return `What ${plural ? "are" : "is"} ${term}?`;
}

/** An example question asking what an English term is for: 'The "for" statement is used to …' → 'What is the "for" statement used for?'. */
export function usedForQuestion(term: string, plural: boolean): string {
  return `What ${plural ? "are" : "is"} ${term} used for?`;
}

/** An example question asking an English amount: "Total revenue was $8.6 million" → "What was total revenue?"; "reached" → "What did … reach?". */
export function englishAmountQuestion(subject: string, verb: string): string {
  if (verb === "reached") return `What did ${subject} reach?`;
  if (verb === "totalled" || verb === "totaled") return `What did ${subject} total?`;
  return `What ${verb} ${subject}?`;
}

/** Past tense of the participles madeByQuestion is given, where they differ. */
const PAST: Readonly<Record<string, string>> = Object.freeze({ written: "wrote" });

/** An example question asking who made a named thing: "Python was created … by Guido van Rossum" → "Who created Python?". */
export function madeByQuestion(thing: string, participle: string): string {
  return `Who ${PAST[participle] ?? participle} ${thing}?`;
}

/** An example question asking when a named thing came about: "In 2001, the PSF was formed" → "When was the PSF formed?". */
export function cameAboutQuestion(thing: string, plural: boolean, participle: string): string {
  return `When ${plural ? "were" : "was"} ${thing} ${participle}?`;
}

/** An example question about a whole document, by its title, in the title's language and script: 「《年度工作报告》讲了什么？」. */
export function documentQuestion(title: string): string {
  const script = scriptOf(title, isChinese(title) ? "zh" : "en");
  if (script === "en") return `What is "${title}" about?`;
  return script === "zh-Hant" ? `《${title}》講了什麼？` : `《${title}》讲了什么？`;
}

const ADMINS_ONLY_UPLOAD: Readonly<Record<Script, string>> = Object.freeze({
  en: "Sorry, only the bot's admins can add or remove documents.",
  "zh-Hans": "抱歉，只有管理员可以添加或删除文档。",
  "zh-Hant": "抱歉，只有管理員可以新增或刪除文件。",
});

/** The one sentence a non-admin gets for sending the bot a file (or /add, /remove). */
export function adminsOnlyText(script: Script): string {
  return ADMINS_ONLY_UPLOAD[script];
}

/** Before the quote of a yes/no question whose number the documents confirm, or state differently ("26所" against the question's 30). */
export function premiseText(question: string, stated?: string): string {
  const script = scriptOf(question);
  if (stated === undefined) return script === "en" ? "Yes. " : "是的。";
  if (script === "en") return `No: the documents say ${stated}. `;
  return script === "zh-Hant" ? `不是：文件說是${stated}。` : `不是：文档说是${stated}。`;
}

/** The label of a refused answer's closest passage: a hint, clearly not an answer. */
export function closestPassageLabel(script: Script): string {
  return script === "en" ? "Closest passage (not an answer):" : script === "zh-Hant" ? "最接近的段落（並非答案）：" : "最接近的段落（并非答案）：";
}

/** Where a cited passage is: what the terminal and Telegram show beside its source. */
export interface PassagePlace {
  paragraph: number;
  line: number;
  /** PDF: the page the passage starts on. */
  page?: number;
  /** The nearest heading at or before the passage, as the document writes it. */
  section?: string;
}

/** Longest heading shown in a place; the JSON answer carries it whole. */
const HEADING_MAX = 60;

/**
 * The page and section when known, then paragraph and line: "p. 3 · § Income · paragraph 2, line 5",
 * "第 3 页 · 「四、居民收入」 · 第2段 · 第5行" (第 3 頁 in Traditional script). The heading is the document's, put on one
 * line and clipped, never converted; making it safe for a terminal or for HTML is the caller's part.
 */
export function placeText(where: PassagePlace, script: Script): string {
  const parts: string[] = [];
  if (where.page !== undefined) parts.push(script === "en" ? `p. ${where.page}` : script === "zh-Hant" ? `第 ${where.page} 頁` : `第 ${where.page} 页`);
  const heading = [...(where.section ?? "").replace(/\s+/g, " ").trim()];
  if (heading.length) {
    const shown = heading.length > HEADING_MAX ? heading.slice(0, HEADING_MAX - 1).join("") + "…" : heading.join("");
    parts.push(script === "en" ? `§ ${shown}` : `「${shown}」`);
  }
  parts.push(script === "en" ? `paragraph ${where.paragraph}, line ${where.line}` : `第${where.paragraph}段 · 第${where.line}行`);
  return parts.join(" · ");
}

/** The character offsets of a citation in its extracted text, after its place: " (chars 10–13)", "（字符 10–13）". */
export function charRangeText(start: number, end: number, script: Script): string {
  return script === "en" ? ` (chars ${start}–${end})` : script === "zh-Hant" ? `（字元 ${start}–${end}）` : `（字符 ${start}–${end}）`;
}

const FURTHER_READING: Readonly<Record<Script, string>> = Object.freeze({
  en: "Further reading (not cited in the answer)",
  "zh-Hans": "延伸阅读（回答中未引用）",
  "zh-Hant": "延伸閱讀（回答中未引用）",
});

/** The heading of the citations an answer's text does not refer to, listed after those it does. */
export function furtherReadingText(script: Script): string {
  return FURTHER_READING[script];
}

/** A colon after a label, full-width in Chinese. */
export function labelled(label: string, script: Script): string {
  return label + (script === "en" ? ":" : "：");
}

/** How big an indexed document is, for a list of the documents: "2 chunks, 30 chars", "2 个片段，30 个字符". */
export function documentSizeText(chunks: number, chars: number, script: Script): string {
  if (script === "en") return `${chunks} chunk${chunks === 1 ? "" : "s"}, ${chars} char${chars === 1 ? "" : "s"}`;
  return script === "zh-Hant" ? `${chunks} 個片段，${chars} 個字元` : `${chunks} 个片段，${chars} 个字符`;
}

/** A running time, to the minute past a minute and to the day past a day: "2 h 3 min", 「2小时3分」, "45 s", 「1天2小时」. */
export function durationText(seconds: number, script: Script): string {
  const s = Math.max(0, Math.round(seconds));
  const [d, h, m] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60)];
  const units = script === "en" ? [" d", " h", " min", " s"] : script === "zh-Hant" ? ["天", "小時", "分", "秒"] : ["天", "小时", "分", "秒"];
  const parts = s < 60 ? [[s, 3]] : d > 0 ? [[d, 0], [h, 1]] : h > 0 ? [[h, 1], [m, 2]] : [[m, 2]];
  return parts
    .filter(([n], i) => n! > 0 || i === 0)
    .map(([n, u]) => `${n}${units[u!]}`)
    .join(script === "en" ? " " : "");
}

const CHAT_HELP: Readonly<Record<Script, string>> = Object.freeze({
  en: "Type a question and press Enter. /sources lists the documents, /quit leaves.",
  "zh-Hans": "输入问题后按回车。/sources 列出文档，/quit 退出。",
  "zh-Hant": "輸入問題後按 Enter。/sources 列出文件，/quit 離開。",
});

/** `citebot chat`'s /help. */
export function chatHelpText(script: Script): string {
  return CHAT_HELP[script];
}

/** `citebot chat`'s first line at a terminal: how many documents, where help is, and example questions (made safe for the terminal by the caller). */
export function chatWelcomeText(documents: number, examples: readonly string[], script: Script): string {
  const tried = examples.join(" / ");
  if (script === "en") return `citebot — ask about ${documents} document${documents === 1 ? "" : "s"}; /help for commands.${tried ? ` Try: ${tried}` : ""}`;
  return script === "zh-Hant"
    ? `citebot — 可以詢問 ${documents} 個文件的內容；/help 查看命令。${tried ? `試試：${tried}` : ""}`
    : `citebot — 可以询问 ${documents} 个文档的内容；/help 查看命令。${tried ? `试试：${tried}` : ""}`;
}

const SMALL_TALK_OPENING: Readonly<Record<SmallTalk, Readonly<Record<Script, string>>>> = Object.freeze({
  greeting: { en: "Hello! ", "zh-Hans": "你好！", "zh-Hant": "你好！" },
  thanks: { en: "You're welcome! ", "zh-Hans": "不客气！", "zh-Hant": "不客氣！" },
  help: { en: "", "zh-Hans": "", "zh-Hant": "" },
});

/**
 * The answer to a greeting, thanks or a request for help (lang/small-talk.ts), which no document answers: what the bot
 * does and what to ask, with example questions drawn from the documents (src/examples.ts), in the message's script.
 */
export function smallTalkText(kind: SmallTalk, examples: readonly string[], script: Script): string {
  const opening = SMALL_TALK_OPENING[kind][script];
  if (script === "en") {
    const tried = examples.length ? ` For example: ${examples.join(" / ")}` : "";
    return `${opening}I answer questions about the indexed documents, quoting them with numbered citations. Ask a question about what they say.${tried}`;
  }
  const tried = examples.length ? `例如：${examples.join(" / ")}` : "";
  return script === "zh-Hant"
    ? `${opening}我根據已索引的文件回答問題，並附上編號引用。請就文件的內容提問。${tried}`
    : `${opening}我根据已索引的文档回答问题，并附上编号引用。请就文档的内容提问。${tried}`;
}

/** `citebot chat`'s reply to a /command it does not have (the name as typed; the caller makes it safe for the terminal). */
export function unknownCommandText(command: string, script: Script): string {
  if (script === "en") return `unknown command /${command}, /help lists them`;
  return script === "zh-Hant" ? `不認識命令 /${command}，/help 查看用法` : `不认识命令 /${command}，/help 查看用法`;
}

/** A question over the length limit, in `chars` characters: the message of QUESTION_TOO_LONG, and what `citebot chat` says. */
export function questionTooLongText(chars: number, max: number, script: Script): string {
  if (script === "en") return `the question has ${chars} characters; the limit is ${max}`;
  return script === "zh-Hant" ? `問題有 ${chars} 個字元，上限是 ${max} 個` : `问题有 ${chars} 个字符，上限是 ${max} 个`;
}

/** The message of QUESTION_EMPTY: a question that shows nothing (zero-width characters only), or only a link (`question`, isLinkOnly). */
export function emptyQuestionText(script: Script, question = ""): string {
  if (isLinkOnly(question)) return script === "en" ? "the question is only a link; ask about what the documents say" : script === "zh-Hant" ? "問題只有連結；請就文件的內容提問" : "问题只有链接；请就文档的内容提问";
  return script === "en" ? "the question is empty" : script === "zh-Hant" ? "問題是空的" : "问题是空的";
}

/** Where an input line could not be decoded: its number, and the encoding the input was found to be in (with the line that showed it), if one was. */
export interface UndecodableLine {
  line: number;
  /** The encoding's display name ("GB18030 (GBK)"). */
  encoding?: string;
  foundAt: number;
}

/** An undecodable input line's message and hint (batch ask's INPUT_UNDECODABLE error, and `citebot chat`'s note). */
export function undecodableLineText(at: UndecodableLine, script: Script): { message: string; hint: string } {
  const { line, encoding, foundAt } = at;
  if (script === "en") {
    return encoding
      ? { message: `line ${line}: not valid ${encoding}, the input's encoding as found at line ${foundAt}`, hint: "write every line in one encoding, UTF-8 best" }
      : { message: `line ${line}: not text in UTF-8, GB18030 (GBK) or Big5`, hint: "save the questions as UTF-8" };
  }
  const hant = script === "zh-Hant";
  if (encoding) {
    return hant
      ? { message: `第 ${line} 行不是有效的 ${encoding}，輸入的編碼是從第 ${foundAt} 行判斷的`, hint: "每一行請用同一種編碼，最好是 UTF-8" }
      : { message: `第 ${line} 行不是有效的 ${encoding}，输入的编码是从第 ${foundAt} 行判断的`, hint: "每一行请用同一种编码，最好是 UTF-8" };
  }
  return hant
    ? { message: `第 ${line} 行不是 UTF-8、GB18030 (GBK) 或 Big5 文字`, hint: "請把問題存成 UTF-8" }
    : { message: `第 ${line} 行不是 UTF-8、GB18030 (GBK) 或 Big5 文本`, hint: "请把问题存成 UTF-8" };
}

/** What is wrong with a line of batch `ask`'s JSON input. */
export type BatchLineProblem = "invalid-json" | "id-type" | "q-type" | "conversation-type";

const BATCH_LINE_PROBLEMS: Readonly<Record<Script, Readonly<Record<BatchLineProblem, string>>>> = Object.freeze({
  en: { "invalid-json": "invalid JSON", "id-type": '"id" must be a string or a number', "q-type": '"q" must be a string', "conversation-type": '"conversation" must be a string or a number' },
  "zh-Hans": { "invalid-json": "不是有效的 JSON", "id-type": '"id" 必须是字符串或数字', "q-type": '"q" 必须是字符串', "conversation-type": '"conversation" 必须是字符串或数字' },
  "zh-Hant": { "invalid-json": "不是有效的 JSON", "id-type": '"id" 必須是字串或數字', "q-type": '"q" 必須是字串', "conversation-type": '"conversation" 必須是字串或數字' },
});

/** Batch `ask`'s USAGE error for a line: "line 3: invalid JSON", 「第 3 行：不是有效的 JSON」. */
export function batchLineText(line: number, problem: BatchLineProblem, script: Script): string {
  return script === "en" ? `line ${line}: ${BATCH_LINE_PROBLEMS.en[problem]}` : `第 ${line} 行：${BATCH_LINE_PROBLEMS[script][problem]}`;
}

/** Batch `ask`'s last word on stderr when some lines failed. */
export function batchFailuresText(failures: number, script: Script): string {
  if (script === "en") return `${failures} line(s) could not be answered (see "error" in the output)`;
  return script === "zh-Hant" ? `${failures} 行未能回答（見輸出中的 "error"）` : `${failures} 行未能回答（见输出中的 "error"）`;
}

/** What changed when the index was updated, and the generation now answering (`citebot chat`'s one line). */
export interface IndexSwitch {
  added: readonly string[];
  changed: readonly string[];
  removed: readonly string[];
  /** Files the update could not index (the warning above the line says why). */
  skipped: readonly string[];
  files: number;
  chunks: number;
  build: string;
}

/**
 * `citebot chat`'s one line when a new index generation answers: "Index updated: +1 file (a.txt), 0 changed, 0 removed; now 3 files,
 * 9 chunks (generation g4-x)". A generation that only records a file it could not index says that instead of "+0 files".
 */
export function indexUpdatedText(s: IndexSwitch, script: Script): string {
  const list = (sources: readonly string[]) =>
    sources.slice(0, 3).join(script === "en" ? ", " : "、") + (sources.length > 3 ? (script === "en" ? ", …" : "……") : "");
  const named = (sources: readonly string[]) => (!sources.length ? "" : script === "en" ? ` (${list(sources)})` : `（${list(sources)}）`);
  const onlySkips = s.skipped.length > 0 && s.added.length + s.changed.length + s.removed.length === 0;
  if (script === "en") {
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    const now = `${plural(s.files, "file")}, ${plural(s.chunks, "chunk")} (generation ${s.build})`;
    if (onlySkips) return `Not indexed: ${list(s.skipped)} (see the warning above); still ${now}`;
    const skipped = s.skipped.length ? `, ${s.skipped.length} not indexed${named(s.skipped)}` : "";
    return `Index updated: +${plural(s.added.length, "file")}${named(s.added)}, ${s.changed.length} changed${named(s.changed)}, ${s.removed.length} removed${named(s.removed)}${skipped}; now ${now}`;
  }
  const hant = script === "zh-Hant";
  const ge = hant ? "個" : "个";
  const now = `${hant ? "現有" : "现有"} ${s.files} ${ge}文件、${s.chunks} ${ge}片段（版本 ${s.build}）`;
  if (onlySkips) return `未能索引：${list(s.skipped)}（原因${hant ? "見上方警告" : "见上方警告"}）；${now}`;
  const skipped = s.skipped.length ? `，未能索引 ${s.skipped.length} ${ge}${named(s.skipped)}` : "";
  return `索引已更新：新增 ${s.added.length} ${ge}文件${named(s.added)}，修改 ${s.changed.length} ${ge}${named(s.changed)}，${hant ? "刪除" : "删除"} ${s.removed.length} ${ge}${named(s.removed)}${skipped}；${now}`;
}

// ---------------------------------------------------------------------------
// The index notices every command that answers says on stderr before it does (src/app.ts)

/** "3 files (42 chunks)", 「3 个文件（42 个片段）」. */
function filesAndChunksText(files: number, chunks: number, script: Script): string {
  if (script === "en") return `${files} file${files === 1 ? "" : "s"} (${chunks} chunk${chunks === 1 ? "" : "s"})`;
  return script === "zh-Hant" ? `${files} 個文件（${chunks} 個片段）` : `${files} 个文件（${chunks} 个片段）`;
}

/** Before the first build: "No index in DIR yet: indexing CORPUS …". The folders as given; the caller makes the line safe for the terminal. */
export function noIndexText(indexDir: string, corpusDir: string, script: Script): string {
  if (script === "en") return `No index in ${indexDir} yet: indexing ${corpusDir} …`;
  return script === "zh-Hant" ? `${indexDir} 中還沒有索引：正在為 ${corpusDir} 建立索引……` : `${indexDir} 中还没有索引：正在为 ${corpusDir} 建立索引……`;
}

/** Before an update at start: which files changed (the first five, then how many more). */
export function corpusChangedText(changed: readonly string[], script: Script): string {
  const more = changed.length - 5;
  if (script === "en") return `Corpus changed since the index was built (${changed.slice(0, 5).join(", ")}${more > 0 ? ` and ${more} more` : ""}): updating the index …`;
  const list = changed.slice(0, 5).join("、");
  return script === "zh-Hant"
    ? `文件在建立索引後有變動（${list}${more > 0 ? ` 等，另有 ${more} 個` : ""}）：正在更新索引……`
    : `文档在建立索引后有变动（${list}${more > 0 ? ` 等，另有 ${more} 个` : ""}）：正在更新索引……`;
}

/** An update at start failed and the previous generation answers: the error (as it is, with its hint) and when that generation was built. */
export function updateFailedText(error: string, builtAt: string, script: Script): string {
  if (script === "en") return `Warning: updating the index failed: ${error}; answering from the previous index, built ${builtAt}`;
  return script === "zh-Hant" ? `警告：更新索引失敗：${error}；改用之前的索引回答（建立於 ${builtAt}）` : `警告：更新索引失败：${error}；改用之前的索引回答（建立于 ${builtAt}）`;
}

/** A build's or update's summary: what the index holds, and what changed. */
export interface IndexSummary {
  files: number;
  chunks: number;
  /** Until it was published. */
  ms: number;
  /** Files skipped by this build or update (their warnings were said). */
  skipped: number;
  /** Where the index is (made safe for the terminal by the caller). */
  indexDir: string;
  /** An update's changes; none for a full build's summary. */
  changes?: { added: readonly { chunks: number }[]; changed: readonly { chunks: number }[]; removed: readonly { chunks: number }[]; merged?: boolean };
  /** Nothing differed: nothing was published. */
  upToDate?: boolean;
}

/**
 * The one-line summary of a build or update: "Indexed 3 files (42 chunks) in 1.20 s: added 1 (2 chunks); skipped 1 (see
 * warnings) → DIR", 「已索引 3 个文件（42 个片段），用时 1.20 秒：新增 1 个（2 个片段）；跳过 1 个（见警告）→ DIR」, or "Index up to date: …".
 */
export function indexSummaryText(s: IndexSummary, script: Script): string {
  const en = script === "en";
  const hant = script === "zh-Hant";
  const files = filesAndChunksText(s.files, s.chunks, script);
  const skipped = !s.skipped ? "" : en ? `; skipped ${s.skipped} (see warnings)` : hant ? `；跳過 ${s.skipped} 個（見警告）` : `；跳过 ${s.skipped} 个（见警告）`;
  const to = ` → ${s.indexDir}`;
  if (s.upToDate) return (en ? `Index up to date: ${files}` : hant ? `索引已是最新：${files}` : `索引已是最新：${files}`) + skipped + to;
  const seconds = (s.ms / 1000).toFixed(2);
  const head = en ? `Indexed ${files} in ${seconds} s` : hant ? `已索引 ${files}，用時 ${seconds} 秒` : `已索引 ${files}，用时 ${seconds} 秒`;
  if (!s.changes) return head + skipped + to;
  const part = (what: Readonly<Record<Script, string>>, list: readonly { chunks: number }[]) => {
    if (!list.length) return "";
    const chunks = list.reduce((n, f) => n + f.chunks, 0);
    if (en) return `${what.en} ${list.length} (${chunks} chunk${chunks === 1 ? "" : "s"})`;
    return hant ? `${what[script]} ${list.length} 個（${chunks} 個片段）` : `${what[script]} ${list.length} 个（${chunks} 个片段）`;
  };
  const c = s.changes;
  const parts = [
    part({ en: "added", "zh-Hans": "新增", "zh-Hant": "新增" }, c.added),
    part({ en: "changed", "zh-Hans": "修改", "zh-Hant": "修改" }, c.changed),
    part({ en: "removed", "zh-Hans": "删除", "zh-Hant": "刪除" }, c.removed),
  ].filter(Boolean);
  const none = en ? "no document changed" : hant ? "沒有文件變動" : "没有文档变动";
  const merged = !c.merged ? "" : en ? "; segments merged" : hant ? "；已合併分段" : "；已合并分段";
  return `${head}${en ? ": " : "："}${parts.join(en ? ", " : "，") || none}${merged}${skipped}${to}`;
}

// ---------------------------------------------------------------------------
// citebot add's line for each file given (src/cli/commands/add.ts)

/** What became of one file `citebot add` was given; the strings already made safe for the terminal by the caller. */
export type AddedFile =
  | { status: "added" | "replaced" | "unchanged"; source: string; indexed?: { title: string; chunks: number; pages?: number; ms: number } }
  | { status: "refused"; file: string; reason: string };

/**
 * "added SOURCE · TITLE · 2 pages, 5 chunks in 0.12 s", 「已添加 SOURCE · TITLE · 2 页，5 个片段，用时 0.12 秒」; "already indexed
 * SOURCE"; "not added FILE: REASON" (the reason as the corpus store words it).
 */
export function addedFileText(f: AddedFile, script: Script): string {
  const en = script === "en";
  const hant = script === "zh-Hant";
  if (f.status === "refused") return en ? `not added ${f.file}: ${f.reason}` : `${hant ? "未新增" : "未添加"} ${f.file}：${f.reason}`;
  const status: Record<typeof f.status, Readonly<Record<Script, string>>> = {
    added: { en: "added", "zh-Hans": "已添加", "zh-Hant": "已新增" },
    replaced: { en: "replaced", "zh-Hans": "已替换", "zh-Hant": "已取代" },
    unchanged: { en: "already indexed", "zh-Hans": "已在索引中", "zh-Hant": "已在索引中" },
  };
  const head = `${status[f.status][script]} ${f.source}`;
  const c = f.indexed;
  if (!c || f.status === "unchanged") return head;
  const seconds = (c.ms / 1000).toFixed(2);
  if (en) return `${head} · ${c.title} · ${c.pages ? `${c.pages} page${c.pages === 1 ? "" : "s"}, ` : ""}${c.chunks} chunk${c.chunks === 1 ? "" : "s"} in ${seconds} s`;
  const pages = c.pages ? `${c.pages} ${hant ? "頁" : "页"}，` : "";
  return `${head} · ${c.title} · ${pages}${c.chunks} ${hant ? "個片段，用時" : "个片段，用时"} ${seconds} 秒`;
}

