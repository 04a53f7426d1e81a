/**
 * Subject agreement: a question that names a subject (a place, organisation, person — what
 * jieba tags ns/nr/nt, 3+ characters — or a document's title) is answered only from a
 * document about that subject. 「北京市每年开展多少场主题宣讲？」 is not answered by
 * 「上海市每年开展600余场主题宣讲活动」 from a document about Shanghai: that excerpt is ranked
 * below any excerpt whose document names Beijing, and when it is still the best, the
 * question is not found and the excerpt is offered as what the documents say about Shanghai.
 *
 * A document names a subject when its title, its lead (first LEAD_CHARS characters) or the
 * excerpt's chunk holds it: a big document mentioning another city in passing is not about it.
 */
import type { LoadedIndex } from "../index/types.js";
import type { QueryWord } from "../search/analyzer.js";
import type { Fold } from "../search/fold.js";
import type { Excerpt } from "./evidence.js";

/** Characters at the start of a document that state what it is about. */
const LEAD_CHARS = 300;
/** Folded document heads kept (title + lead: about 300 characters each). */
const HEAD_CACHE = 4096;

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

  constructor(
    private readonly index: Pick<LoadedIndex, "docs" | "chunks" | "chunkDoc">,
    private readonly fold: Fold,
    /** Names in a text (jieba ns/nr/nt words of 3+ characters), for naming the other subject. */
    private readonly namesIn: (text: string) => string[],
  ) {}

  /** The subjects a question names, folded: its entity words, titles it contains, and capitalised English names. */
  named(question: string, words: readonly QueryWord[]): string[] {
    const folded = this.fold(question);
    const out = new Set(words.filter((w) => w.entity).map((w) => w.text));
    for (const doc of this.index.docs) {
      const title = this.fold(doc.title).trim();
      if (title.length >= 2 && folded.includes(title)) out.add(title);
    }
    for (const name of question.match(EN_NAME) ?? []) out.add(this.fold(name));
    return [...out];
  }

  /** Orders excerpts so that one about the question's subjects comes first; see SubjectCheck. */
  agree(excerpts: readonly Excerpt[], subjects: readonly string[]): SubjectCheck {
    if (subjects.length === 0 || excerpts.length === 0) return { excerpts: [...excerpts], agreeing: excerpts.length };
    const absent = (e: Excerpt) => subjects.filter((s) => !this.names(e.ordinal, s));
    const agreeing: Excerpt[] = [];
    const others: Excerpt[] = [];
    for (const e of excerpts) {
      const missing = absent(e);
      if (missing.length === 0) agreeing.push(e);
      else others.push({ ...e, missing: [...e.missing, ...missing] });
    }
    if (agreeing.length || others.length === 0) return { excerpts: [...agreeing, ...others], agreeing: agreeing.length };
    // Nothing about the subject: the best excerpt is about something else; say what, when its document names a subject.
    const best = others[0];
    const asked = absent(excerpts[0])[0];
    const found = this.subjectOf(best.ordinal, asked);
    return { excerpts: others, agreeing: 0, ...(found ? { other: { asked, found } } : {}) };
  }

  private names(ordinal: number, subject: string): boolean {
    const chunk = this.index.chunks[ordinal];
    return this.head(this.index.chunkDoc[ordinal]).includes(subject) || this.fold(chunk.text).includes(subject);
  }

  private head(doc: number): string {
    let head = this.heads.get(doc);
    if (head === undefined) {
      const d = this.index.docs[doc];
      head = this.fold(`${d.title}\n${d.text.slice(0, LEAD_CHARS)}`);
      if (this.heads.size >= HEAD_CACHE) this.heads.delete(this.heads.keys().next().value!);
      this.heads.set(doc, head);
    }
    return head;
  }

  /** A name in the excerpt's chunk or document head other than `asked` (preferring one of the same length, 上海市 for 北京市). */
  private subjectOf(ordinal: number, asked: string): string | undefined {
    const doc = this.index.docs[this.index.chunkDoc[ordinal]];
    const names = [...this.namesIn(doc.title), ...this.namesIn(this.index.chunks[ordinal].text)].filter((n) => this.fold(n) !== asked);
    return names.find((n) => n.length === asked.length && n.at(-1) === asked.at(-1)) ?? names[0];
  }
}
