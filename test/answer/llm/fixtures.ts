import type { Evidence } from "../../../src/answer/answerer.js";
import { Citer } from "../../../src/answer/cite.js";
import type { Answer } from "../../../src/types.js";

/** Three small documents; passages are exact slices, like the retriever's chunks. */
export const DOCS: Record<string, string> = {
  "beijing.txt": "北京市教育概况\n\n2023年，北京市共有普通高校92所，在校学生约\n60万人。\n\n全市义务教育阶段学校1600余所。\n",
  "taiwan.txt": "臺灣高等教育\n臺灣的大學數量為一百四十所，其中國立大學四十五所。\n教育部負責高等教育政策。\n",
  "english.txt": "Overview\n\nThe city has 92 universities, e.g. Peking University.\nAbout 600,000 students are enrolled.\n",
};

/** The citer an engine over DOCS would hand its answerer. */
export const CITER = new Citer({ docs: Object.entries(DOCS).map(([source, text]) => ({ source, title: source, text })) });

export interface PassageSpec {
  source: string;
  /** The passage: a substring of the document (first occurrence). */
  passage: string;
  /** The evidence excerpt: a substring of the passage. */
  excerpt: string;
  score?: number;
}

export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

export function makeEvidence(specs: PassageSpec[]): Evidence[] {
  return specs.map((spec, i) => {
    const doc = DOCS[spec.source];
    const passageStart = doc.indexOf(spec.passage);
    if (passageStart < 0) throw new Error(`passage not in ${spec.source}`);
    const start = passageStart + spec.passage.indexOf(spec.excerpt);
    if (start < passageStart) throw new Error("excerpt not in passage");
    const end = start + spec.excerpt.length;
    return {
      citation: CITER.cite(spec.source, start, end, spec.score ?? 0.9 - i * 0.1, `chunk-${i + 1}`),
      passage: spec.passage,
      passageStart,
      passageEnd: passageStart + spec.passage.length,
      score: spec.score ?? 0.9 - i * 0.1,
    };
  });
}

/** The standard evidence: [1] Beijing, [2] Taiwan (Traditional script), [3] English. */
export function standardEvidence(): Evidence[] {
  return makeEvidence([
    { source: "beijing.txt", passage: "2023年，北京市共有普通高校92所，在校学生约\n60万人。\n\n全市义务教育阶段学校1600余所。", excerpt: "2023年，北京市共有普通高校92所" },
    { source: "taiwan.txt", passage: "臺灣的大學數量為一百四十所，其中國立大學四十五所。\n教育部負責高等教育政策。", excerpt: "臺灣的大學數量為一百四十所" },
    { source: "english.txt", passage: "The city has 92 universities, e.g. Peking University.\nAbout 600,000 students are enrolled.", excerpt: "The city has 92 universities" },
  ]);
}

export function extractiveAnswer(question: string, evidence: Evidence[]): Answer {
  const first = evidence[0];
  return first
    ? { id: "a1", question, found: true, answer: `${first.citation.text} [1]`, citations: [{ n: 1, ...first.citation }] }
    : { id: "a1", question, found: false, answer: "没有找到答案。", citations: [] };
}
