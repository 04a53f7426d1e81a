/**
 * Subject agreement: a question that names a subject (a place, organisation, person — what
 * jieba tags ns/nr/nt, 3+ characters — or a document's title) is answered only from a
 * document about that subject. 「北京市每年开展多少场主题宣讲？」 is not answered by
 * 「上海市每年开展600余场主题宣讲活动」 from a document about Shanghai: that excerpt is ranked
 * below any excerpt whose document names Beijing, and when none does and the best one's document
 * names another subject of the same kind (jieba's tag: 上海市 and 北京市 are both ns; another
 * document's title for a title), the question is not found and the excerpt is offered as what the
 * documents say about Shanghai. (A subject no passage names but no rival either — jieba tags 英文名
 * as a person — leaves the excerpts as they are.)
 *
 * A document names a subject when its title, its lead (first LEAD_CHARS characters) or the
 * excerpt's chunk holds it — anywhere in it for a short document (up to SHORT_DOC characters):
 * a big document mentioning another city in passing is not about it.
 */
import type { LoadedIndex } from "../index/types.js";
import type { QueryWord } from "../search/analyzer.js";
import type { Fold } from "../search/fold.js";
import { namesName, questionNames } from "../lang/english.js";
import { isChinese } from "../lang/script.js";
import type { Excerpt } from "./evidence.js";

/** Characters at the start of a document that state what it is about. */
export const LEAD_CHARS = 300;
/** A document this short is about whatever it names. */
const SHORT_DOC = 3000;
/** Folded document heads kept (title + lead, or a whole short document). */
const HEAD_CACHE = 4096;

/** A subject named in a question: folded text and jieba's tag ("title" for a document title, "name" for an English name). */
export interface Subject {
  text: string;
  tag: string;
  /** An English name as the question writes it (capitals tell an acronym: lang/english.ts namesName). */
  name?: string;
}

const ENTITY_TAGS: ReadonlySet<string> = new Set(["nr", "ns", "nt"]);

/** A capitalised word inside an English question ("When did Beijing open it?") names a subject; the first word does not count. */
const EN_NAME = /(?<=\S\s+)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*/g;

export interface SubjectCheck {
  /** Excerpts whose document names every subject first (their order kept), then the others, each marked missing the subject. */
  excerpts: Excerpt[];
  /** How many of `excerpts`, from the first, agree with the subjects (only these support an answer). */
  agreeing: number;
  /** When the best excerpt is about another subject: the subject asked and the one its document is about. */
  other?: { asked: string; found: string };
}

export class Subjects {
  private readonly heads = new Map<number, string>();
  /** Folded document titles, made on the first question: every question looks for each of them. */
  private titles?: string[];

  constructor(
    private readonly index: Pick<LoadedIndex, "docs" | "chunks" | "chunkDoc">,
    private readonly fold: Fold,
    /** jieba's words and tags of a text (Analyzer.tag). */
    private readonly tag: (text: string) => Array<{ word: string; tag: string }>,
  ) {}

  /**
   * The subjects a question names: its entity words (QueryWord.entity) with their tags, titles it contains, and capitalised
   * English names. `tags`: the question's jieba tags (Analyzer.tag), which the engine has already.
   */
  named(question: string, words: readonly QueryWord[], tags: ReadonlyArray<{ word: string; tag: string }>): Subject[] {
    const folded = this.fold(question);
    const entities = new Set(words.filter((w) => w.entity).map((w) => w.text));
    const out = new Map<string, Subject>();
    for (const t of entities.size ? tags : []) if (entities.has(t.word) && ENTITY_TAGS.has(t.tag)) out.set(t.word, { text: t.word, tag: t.tag });
    this.titles ??= this.index.docs.map((doc) => this.fold(doc.title).trim());
    for (const title of this.titles) if (title.length >= 2 && folded.includes(title)) out.set(title, { text: title, tag: "title" });
    // An English question's names as lang/english.ts reads them; a Chinese question's capitalised words as before.
    if (isChinese(question)) for (const name of question.match(EN_NAME) ?? []) out.set(this.fold(name), { text: this.fold(name), tag: "name" });
    else for (const name of questionNames(question)) out.set(this.fold(name), { text: this.fold(name), tag: "name", name });
    return [...out.values()];
  }

  /** Orders excerpts so that one about the question's subjects comes first; see SubjectCheck. */
  agree(excerpts: readonly Excerpt[], subjects: readonly Subject[]): SubjectCheck {
    if (subjects.length === 0 || excerpts.length === 0) return { excerpts: [...excerpts], agreeing: excerpts.length };
    const absent = (e: Excerpt) => subjects.filter((s) => !this.names(e.ordinal, s)).map((s) => s.text);
    const agreeing: Excerpt[] = [];
    const others: Excerpt[] = [];
    for (const e of excerpts) {
      const missing = absent(e);
      if (missing.length === 0) agreeing.push(e);
      else others.push({ ...e, missing: [...e.missing, ...missing] });
    }
    if (agreeing.length || others.length === 0) return { excerpts: [...agreeing, ...others], agreeing: agreeing.length };
    // Nothing about the subject: a mismatch only when the best excerpt's document is about a rival of the same kind.
    const asked = subjects.find((s) => !this.names(excerpts[0].ordinal, s))!;
    const found = this.rivalOf(excerpts[0].ordinal, asked);
    if (!found) return { excerpts: [...excerpts], agreeing: excerpts.length };
    return { excerpts: others, agreeing: 0, other: { asked: asked.text, found } };
  }

  /**
   * Whether the excerpt's document names the subject: whole, or half its character pairs for 3+ characters (英文名 ~ 英文全称;
   * 北京市 is not 上海市). An English name may also stand in the chunk before the excerpt's, in the same document, and be
   * wrapped across lines: English prose names a person once and goes on with "he" ("Hartmut Koptein started the first
   * port … He reports that … I uploaded 200 packages"); as a whole word, an acronym in capitals or spelled out (namesName).
   */
  private names(ordinal: number, { text: subject, tag, name }: Subject): boolean {
    const { chunks, chunkDoc, docs } = this.index;
    if (name !== undefined) {
      const doc = docs[chunkDoc[ordinal]];
      const before = ordinal > 0 && chunkDoc[ordinal - 1] === chunkDoc[ordinal] ? chunks[ordinal - 1].text : "";
      return namesName(`${doc.title}\n${doc.text.length <= SHORT_DOC ? doc.text : doc.text.slice(0, LEAD_CHARS)}\n${before}\n${chunks[ordinal].text}`, name);
    }
    let text = `${this.head(chunkDoc[ordinal])}\n${this.fold(chunks[ordinal].text)}`;
    if (tag === "name") {
      if (ordinal > 0 && chunkDoc[ordinal - 1] === chunkDoc[ordinal]) text = `${this.fold(chunks[ordinal - 1].text)}\n${text}`;
      text = text.replace(/\s+/g, " ");
    }
    if (text.includes(subject)) return true;
    if (subject.length < 3 || !/\p{Script=Han}/u.test(subject)) return false;
    let pairs = 0;
    for (let i = 0; i + 1 < subject.length; i++) if (text.includes(subject.slice(i, i + 2))) pairs++;
    return pairs * 2 >= subject.length - 1;
  }

  private head(doc: number): string {
    let head = this.heads.get(doc);
    if (head === undefined) {
      const d = this.index.docs[doc];
      head = this.fold(`${d.title}\n${d.text.length <= SHORT_DOC ? d.text : d.text.slice(0, LEAD_CHARS)}`);
      if (this.heads.size >= HEAD_CACHE) this.heads.delete(this.heads.keys().next().value!);
      this.heads.set(doc, head);
    }
    return head;
  }

  /**
   * A subject of the same kind as `asked` that the excerpt's document is about: another title for a title, else a name
   * with the same tag in its title or the excerpt's chunk (preferring one of the same shape, 上海市 for 北京市).
   */
  private rivalOf(ordinal: number, asked: Subject): string | undefined {
    const doc = this.index.docs[this.index.chunkDoc[ordinal]];
    if (asked.tag === "title") return doc.title.trim() || undefined;
    if (asked.tag === "name") return (`${doc.title} ${this.index.chunks[ordinal].text}`.match(EN_NAME) ?? []).find((n) => this.fold(n) !== asked.text);
    const names = [...this.tag(doc.title), ...this.tag(this.index.chunks[ordinal].text)]
      .filter((t) => t.tag === asked.tag && t.word.length >= 2 && t.word !== asked.text).map((t) => t.word);
    return names.find((n) => n.length === asked.text.length && n.at(-1) === asked.text.at(-1)) ?? names[0];
  }
}
