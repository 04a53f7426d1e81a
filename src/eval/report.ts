import type { EvalReport } from "./run.js";

const pct = (x: number) => x.toFixed(3);
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The metrics of one report, as label/value rows. */
export function reportRows(r: EvalReport): Array<[string, string]> {
  const short = r.system === "citebot";
  return [
    ["questions", String(r.questions)],
    ["documents / chunks", `${r.documents} / ${r.chunks}`],
    ["source Recall@1", pct(r.retrieval.recallAt1)],
    ["source Recall@5", pct(r.retrieval.recallAt5)],
    ["source Recall@20", pct(r.retrieval.recallAt20)],
    ["source MRR@10", pct(r.retrieval.mrrAt10)],
    ["answer-hit", pct(r.answerHit)],
    ["cite0-hit", pct(r.cite0Hit)],
    ["answer length (mean / p95 chars)", `${r.answerChars.mean.toFixed(0)} / ${r.answerChars.p95}`],
    // The naive pipeline has no short answers: "—", not a score of 0.
    ["shortAnswer given", short ? pct(r.shortAnswer.given) : "—"],
    ["shortAnswer EM / F1 (all questions)", short ? `${pct(r.shortAnswer.em)} / ${pct(r.shortAnswer.f1)}` : "—"],
    ["shortAnswer EM / F1 (when given)", short ? `${pct(r.shortAnswer.emGiven)} / ${pct(r.shortAnswer.f1Given)}` : "—"],
    [r.unanswerable ? "refusal rate (answerable)" : "refusal rate", pct(r.refusalRate)],
    ...(r.unanswerable ? [["unanswerable questions / refused", `${r.unanswerable.questions} / ${pct(r.unanswerable.refused)}`] as [string, string]] : []),
    ["index build", `${(r.indexBuildMs / 1000).toFixed(2)} s`],
    ["latency p50 / p95", `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p95)} ms`],
  ];
}

/** A two-column terminal table of one report. */
export function formatReport(r: EvalReport): string {
  const rows = reportRows(r);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`${r.system} on ${r.name}`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join("\n");
}

/** One markdown table with a column per report. */
export function markdownTable(reports: Array<{ label: string; report: EvalReport }>): string {
  const rows = reports.length ? reportRows(reports[0].report).map(([k]) => k) : [];
  const values = reports.map(({ report }) => reportRows(report).map(([, v]) => v));
  const header = `| metric | ${reports.map((r) => r.label).join(" | ")} |`;
  const rule = `|---|${reports.map(() => "---").join("|")}|`;
  return [header, rule, ...rows.map((k, i) => `| ${k} | ${values.map((v) => v[i]).join(" | ")} |`)].join("\n");
}
