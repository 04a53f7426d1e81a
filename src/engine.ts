import { type Answerer, extractiveAnswerer } from "./answer/answerer.js";
import { Citer } from "./answer/cite.js";
import { DEFAULT_EVIDENCE, type EvidenceSettings } from "./answer/evidence.js";
import { DEFAULT_GATE, type GateReading, type GateSettings, questionCompounds, questionNames, splitNameBigrams } from "./answer/gate.js";
import { EvidenceSelector, type SelectedEvidence } from "./answer/selector.js";
import { extractiveAnswer } from "./answer/extractive.js";
import { type DocumentField, documentFieldAsked, documentFieldLine } from "./answer/metadata.js";
import { answerByOpenForm, answerPremise, contradictedPremise, type OpenForm, openForm, withVerdict } from "./answer/premise.js";
import { relativeDay } from "./answer/relative-day.js";
import { asksAboutNamedPerson, DEFAULT_FOLLOW_UP, type FollowUpSettings, followUpEvidenceWords, movesOn, preferCited, resolveFollowUp, scaleContextWords, subjectPhrase, topicWords } from "./answer/followup.js";
import { LEAD_CHARS, Subjects } from "./answer/subject.js";
import { emptyQuestionText, notFoundText, onlyAboutText, questionTooLongText, smallTalkText, sourceLanguageNote } from "./lang/messages.js";
import { corpusScript, hasNoWords, questionLang, type Script, scriptOf, textScript } from "./lang/script.js";
import { smallTalk } from "./lang/small-talk.js";
import { UsageError } from "./errors.js";
import { exampleQuestions } from "./examples.js";
import type { LoadedIndex } from "./index/types.js";
import type { Logger } from "./log.js";
import { Retriever, type RetrieverSettings, DEFAULT_RETRIEVER } from "./retrieve/retriever.js";
import type { Analyzer, QueryWord } from "./search/analyzer.js";
import type { Answer, AskOptions, ConversationTurn, Embedder, Passage, QaEngine, SourceInfo } from "./types.js";

export interface EngineSettings {
  /** Citations per answer (and passages considered), default 3. */
  k: number;
  /** Longest question accepted, in characters. */
  maxQuestionChars: number;
  evidence: EvidenceSettings;
  /** The refusal gate (answer/gate.ts). */
  gate: GateSettings;
  retriever: RetrieverSettings;
  /** How a follow-up prefers the passages the previous answer cited (default DEFAULT_FOLLOW_UP). */
  followUp?: FollowUpSettings;
}

export const DEFAULT_ENGINE: EngineSettings = { k: 3, maxQuestionChars: 2000, evidence: DEFAULT_EVIDENCE, gate: DEFAULT_GATE, retriever: DEFAULT_RETRIEVER, followUp: DEFAULT_FOLLOW_UP };

export interface EngineDeps {
  index: LoadedIndex;
  analyzer: Analyzer;
  embedder: Embedder;
  answerer?: Answerer;
  logger: Logger;
  /** Makes every citation (the evidence's and the answerer's); one over `index` when not given. */
  citer?: Citer;
  /** Today's date, which 明天 and yesterday in a question are counted from (answer/relative-day.ts); the system clock when not given. */
  today?: () => Date;
}

/** Example questions in the answer to a greeting, thanks or "help". */
const SMALL_TALK_EXAMPLES = 2;

/** jieba's tags of nouns and names (n, nr, ns, nt, nz …) and of words it did not know (x, eng): what a title names. */
const NOUN_TAG = /^(n[a-z]*|x|eng)$/;

/** `ask`'s options, plus what only tuning needs. */
export interface EngineAskOptions extends AskOptions {
  /**
   * Called once per question with what the refusal gate read and what decided `found` (selector.ts's
   * `decidedBy`): how scripts/fit-gate.ts collects readings on exactly the engine's path.
   */
  onGate?: (seen: { decidedBy: SelectedEvidence["decidedBy"]; found: boolean; reading?: GateReading; script?: Script }) => void;
}

/**
 * The question-answering core shared by the CLI, the Telegram bot and eval: a question
 * is validated, its chunks retrieved, evidence selected in them, and the answerer
 * answers from that evidence (the extractive answer when the documents do not answer).
 */
export class Engine implements QaEngine {
  readonly streaming: boolean;
  private readonly retriever: Retriever;
  private readonly citer: Citer;
  private readonly evidence: EvidenceSelector;
  private readonly subjects: Subjects;
  private examples?: string[];
  private corpusScript?: Script;

  constructor(private readonly deps: EngineDeps, private readonly settings: EngineSettings = DEFAULT_ENGINE) {
    this.retriever = new Retriever(deps.index, deps.analyzer, deps.embedder, settings.retriever, (error) =>
      deps.logger.warn("query embedding failed; answering from the lexical index alone", { error }),
    );
    this.citer = deps.citer ?? new Citer(deps.index);
    this.evidence = new EvidenceSelector(deps.index, this.citer, deps.analyzer.fold, settings.evidence, settings.gate);
    this.subjects = new Subjects(deps.index, deps.analyzer.fold, (text) => deps.analyzer.tag(text));
    this.streaming = deps.answerer?.streams === true;
  }

  get index(): LoadedIndex {
    return this.deps.index;
  }

  async ask(rawQuestion: string, options: EngineAskOptions = {}): Promise<Answer> {
    const question = rawQuestion.trim();
    // Nothing to ask: blank, punctuation only (「？」) or a link only, which no document answers.
    if (hasNoWords(question)) throw new UsageError(emptyQuestionText("en", question), { code: "QUESTION_EMPTY", hint: 'ask something, e.g. citebot ask "…？"' });
    const max = this.settings.maxQuestionChars;
    if (question.length > max) {
      throw new UsageError(questionTooLongText(question.length, max, "en"), { code: "QUESTION_TOO_LONG", hint: `shorten it to at most ${max} characters` });
    }
    // A greeting, thanks or "help" asks the documents nothing: it is told what to ask, and no document is searched.
    const talk = smallTalk(question);
    if (talk) return { question, found: false, answer: smallTalkText(talk, this.exampleQuestions(SMALL_TALK_EXAMPLES), scriptOf(question)), citations: [], mode: "extractive", smallTalk: talk };
    // When the document was published, where it comes from, who wrote it: its metadata lines answer (answer/metadata.ts).
    const field = documentFieldAsked(this.deps.analyzer.fold(question));
    const about = field && this.documentField(question, field, options.context);
    if (about) return about;
    const started = performance.now();
    const k = Math.max(1, Math.min(options.k ?? this.settings.k, 20));
    const limit = Math.max(this.settings.evidence.chunksSearched, k);
    // Subjects the question names (src/answer/subject.ts); a follow-up leans on the earlier turn (src/answer/followup.ts).
    const { analyzer } = this.deps;
    // The question's own words and tags, found once: subjects, the follow-up rule and the gate all read them.
    const questionWords = analyzer.queryWords(question);
    const tags = analyzer.tag(question);
    const subjects = this.subjects.named(question, questionWords, tags);
    const turn = options.context === undefined ? undefined : resolveFollowUp(question, options.context, { namesSubject: subjects.length > 0, tags });
    const followUp = this.settings.followUp ?? DEFAULT_FOLLOW_UP;
    const cited = { chunks: this.deps.index.chunks, ordinalOf: (id: string) => this.citer.ordinalOf(id), fold: analyzer.fold };
    const moved = turn !== undefined && movesOn(turn, topicWords(tags), cited);
    const query = await this.retriever.analyse(question, moved ? undefined : turn?.question);
    const leans = turn?.citations?.length && !moved ? turn : undefined;
    const own = leans ? questionWords : [];
    if (leans) scaleContextWords(query.words, own, followUp.contextWeight);
    const retrieved = turn?.citations?.length
      ? preferCited(await this.retriever.retrieve(query, Math.max(limit, followUp.candidates)), turn, cited, moved, limit, followUp)
      : await this.retriever.retrieve(query, limit);
    // A follow-up's evidence is found by its own words and the conversation's subject (followUpEvidenceWords); a translated question's words are the translation's.
    const earlierTags = leans && analyzer.tag(leans.question);
    const words = leans && earlierTags && query.translated === undefined
      ? followUpEvidenceWords(query.words, own, analyzer.fold(subjectPhrase(earlierTags)), this.titleWords(leans, asksAboutNamedPerson(question, earlierTags)))
      : query.words;
    // A question asked in another language than the documents' is read in theirs (retrieve/translate.ts).
    const day = relativeDay(analyzer.fold(question), (this.deps.today ?? (() => new Date()))());
    // A translated question's subjects are the names its translation found (南京市 for Nanjing): the English name itself is
    // no word of the Chinese documents, and their English words (a title's "Pearl Spring Super Tournament") would rival it.
    // A name left untranslated ("Eiffel Tower": eiffel) stays a subject as the question writes it.
    const untranslated = new Set(query.words.filter((w) => /^[a-z]/.test(w.text)).map((w) => w.text));
    const asked = query.translated === undefined ? subjects : [
      ...this.subjects.named(query.translated, query.words, analyzer.tag(query.translated)),
      ...subjects.filter((s) => s.tag === "name" && s.text.split(/\s+/).some((w) => untranslated.has(w))),
    ];
    const selected = this.evidence.select(query.translated ?? question, words, retrieved, k, {
      ...(day ? { day } : {}),
      translated: query.translated !== undefined, tag: (text) => analyzer.tag(text), agree: (excerpts) => this.subjects.agree(excerpts, asked), fragments: splitNameBigrams(tags), names: questionNames(tags, analyzer.fold(question)), compounds: questionCompounds(tags),
    });
    const { found, evidence, gate, closest, other } = selected;
    options.onGate?.({ decidedBy: selected.decidedBy, found, ...(gate ? { reading: gate.reading, script: gate.script } : {}) });
    const tag = (text: string) => analyzer.tag(text);
    // A translated question's yes/no claim is compared in the documents' words (premise.ts): "30 universities" as 高校.
    const translatedWords = query.translated === undefined ? undefined : query.words;
    const fold = this.deps.analyzer.fold;
    const quoted = other ? undefined : extractiveAnswer(question, evidence, fold, this.settings.evidence.maxChars, query.translated, turn?.question, this.knownWord, tag);
    // The evidence's verdict on a yes/no question's claim (premise.ts), read once: it leads the answer, and a question
    // without one is asked in its open form below.
    const premise = quoted && answerPremise(quoted, fold, tag, translatedWords);
    const extractive = quoted ? withVerdict(quoted, premise) : this.otherSubject(question, other!);
    const answerer = this.deps.answerer ?? extractiveAnswerer;
    // A refused yes/no question whose closest passage states the same fact otherwise is answered: no, and what it states.
    const contradicted = !found && !other && closest ? contradictedPremise(question, closest.citation, fold, tag, translatedWords) : undefined;
    const answered = found
      ? await answerer.answer({ question, evidence, extractive, citer: this.citer, signal: options.signal, onPartial: options.onPartial })
      : contradicted ?? (closest ? { ...extractive, closest: closest.citation } : extractive);
    // A yes/no question whose number or name the evidence neither confirms nor contradicts gets the verdict of its open form
    // (「教育部部长是王明吗？」 as 「教育部部长是谁？」), or is refused as that is: a quote without a verdict answers nothing.
    const undecided = !other && !contradicted && answered.mode !== "llm" && (!found || !premise);
    const form = undecided ? openForm(question, fold, tag) : undefined;
    const settled = form ? await this.byOpenForm(question, form, answered, options) : answered;
    // A question without words (「2023」) is told "not found" in its documents' language, as the terminal labels it.
    const answer = settled.found || other || questionLang(question) ? settled : { ...settled, answer: notFoundText(question, undefined, this.wordlessScript(settled)) };
    this.deps.logger.debug("answered", { found: answer.found, ...(gate ? { gate: Math.round(gate.score * 1000) / 1000 } : {}), citations: answer.citations.length, follow_up: turn !== undefined, ms: Math.round(performance.now() - started) });
    return turn ? { ...answer, followUp: true } : answer;
  }

  /**
   * Whether a word hyphenated at a line end is one word broken there: the documents write it whole somewhere
   * ("kilometres"); a compound whose hyphen fell at the line end ("reference-counting") is never written whole.
   */
  private readonly knownWord = (word: string): boolean => this.retriever.present(word);

  /**
   * The conversation's subject as query words, by the title of the document the earlier answer cited first — those of its
   * words that the document's lead or the cited passage states (a file name taken for a title names nothing), without
   * numbers (a year in a title is not what a follow-up asks about, and a number the excerpt lacks would refuse it).
   * `personsOnly`: the follow-up asks about a person the earlier question named (asksAboutNamedPerson): only the title's
   * person names are that subject (「范廷颂」); its other nouns (「北京市…工程」) would outweigh the person's name.
   */
  private titleWords(turn: ConversationTurn, personsOnly = false): QueryWord[] {
    const first = turn.citations?.[0];
    const ordinal = first === undefined ? undefined : this.citer.ordinalOf(first.chunkId);
    if (ordinal === undefined) return [];
    const { index, analyzer } = this.deps;
    const doc = index.docs[index.chunkDoc[ordinal]];
    const stated = analyzer.fold(`${doc.text.slice(0, LEAD_CHARS)}\n${index.chunks[ordinal].text}`);
    // Only the title's nouns and names name a subject: a headline's verbs and adverbs (深入, 实施 in 「北京市深入实施“时代新人铸魂工程”」) match unrelated sentences.
    const named = new Set(analyzer.tag(doc.title).filter((t) => (personsOnly ? t.tag === "nr" : NOUN_TAG.test(t.tag))).map((t) => analyzer.fold(t.word)));
    return analyzer.queryWords(doc.title).filter((w) => !w.numeric && named.has(w.text) && stated.includes(w.text))
      .map((w) => ({ text: w.text, weight: w.weight, numeric: false, rarity: this.retriever.rarity(w.text) }));
  }

  /**
   * The script to say "not found" in to a question without words (「2023」): that of the passage that came closest, else
   * the corpus's, as the terminal labels such an answer.
   */
  private wordlessScript(answer: Answer): Script {
    if (answer.closest) return textScript(answer.closest.text);
    this.corpusScript ??= corpusScript(this.deps.index.docs);
    return this.corpusScript;
  }

  /**
   * A yes/no question settled by its open form (premise.ts): the verdict on what the documents answer to that, else a
   * refusal whose closest passage is the evidence the question found (or its open form's closest); a claim the open form can
   * only confirm (`confirmOnly`) leaves the answer as it was.
   */
  private async byOpenForm(question: string, form: OpenForm, answered: Answer, options: EngineAskOptions): Promise<Answer> {
    const open = await this.ask(form.open, { ...(options.k === undefined ? {} : { k: options.k }), ...(options.signal ? { signal: options.signal } : {}) });
    const verdict = answerByOpenForm(question, form, open, this.deps.analyzer.fold);
    if (verdict) return verdict;
    if (form.confirmOnly) return answered;
    const first = answered.found ? answered.citations[0] : undefined;
    const closest = first ? (({ n: _n, ...c }) => c)(first) : (answered.closest ?? open.closest);
    return { question, found: false, answer: notFoundText(question), citations: [], mode: "extractive", ...(closest ? { closest } : {}) };
  }

  /**
   * A question about the document itself answered from the line stating it, quoted whole with the value as the short
   * answer: the document the conversation last cited, else the corpus's only one; undefined when neither states it.
   */
  private documentField(question: string, field: DocumentField, context: AskOptions["context"]): Answer | undefined {
    const { index } = this.deps;
    const cited = typeof context === "object" ? context.citations?.[0] : undefined;
    const ordinal = cited ? this.citer.ordinalOf(cited.chunkId) : undefined;
    const live = new Set<number>();
    for (let i = 0; i < index.chunks.length && live.size < 2; i++) if (index.deleted[i] !== 1) live.add(index.chunkDoc[i]);
    const doc = ordinal !== undefined ? index.chunkDoc[ordinal] : live.size === 1 ? [...live][0] : undefined;
    if (doc === undefined) return undefined;
    const line = documentFieldLine(index.docs[doc].text, field);
    if (!line) return undefined;
    // The citation's chunk: the live one holding the line's start (a page's chrome chunk too: it is the document's text).
    const chunk = index.chunks.findIndex((c, i) => index.chunkDoc[i] === doc && index.deleted[i] !== 1 && c.start <= line.start && line.start < c.end);
    if (chunk === -1) return undefined;
    const citation = { n: 1, ...this.citer.cite(doc, line.start, line.end, 1, index.chunks[chunk].id) };
    const shortAnswer = index.docs[doc].text.slice(line.value.start, line.value.end);
    return { question, found: true, answer: `${sourceLanguageNote(question, citation.text)}${citation.text}[1]`, citations: [citation], shortAnswer, mode: "extractive" };
  }

  /** Not found: the documents say this only about another subject; the excerpt is offered, marked as such. */
  private otherSubject(question: string, other: NonNullable<SelectedEvidence["other"]>): Answer {
    const citation = { n: 1, ...other.evidence.citation };
    return {
      question, found: false, answer: `${notFoundText(question)} ${onlyAboutText(question, other.found)}${citation.text}[1]`, citations: [],
      otherSubject: { asked: other.asked, subject: other.found, citations: [citation] }, mode: "extractive",
    };
  }

  sources(): SourceInfo[] {
    return this.deps.index.manifest.files.map((f) => ({ source: f.source, title: f.title, chunks: f.chunks, chars: f.chars }));
  }

  passage(chunkId: string, start: number, end: number): Passage | undefined {
    return this.citer.passage(chunkId, start, end);
  }

  exampleQuestions(count: number): string[] {
    const { chunks, deleted } = this.deps.index;
    this.examples ??= exampleQuestions(deleted ? chunks.filter((_, i) => deleted[i] !== 1) : chunks);
    return this.examples.slice(0, count);
  }
}
