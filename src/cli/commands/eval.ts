import path from "node:path";
import { terminalLine } from "../../display-safe.js";
import { UsageError } from "../../errors.js";
import { readEvalSet } from "../../eval/dataset.js";
import { formatHoldout, gateComparison, runHoldout } from "../../eval/holdout.js";
import { formatReport } from "../../eval/report.js";
import { DEFAULT_ENGINE } from "../../engine.js";
import { runEval } from "../../eval/run.js";
import { formatConversationReport, runConversationProtocol } from "../../eval/conversation.js";
import { parseCommandArgs } from "../args.js";
import { appFor } from "../context.js";
import type { Command } from "../io.js";

export const evalCommand: Command = {
  usage: `citebot eval --qa FILE [--corpus DIR] [--json] [-k N] [--limit N] [--holdout SHARE [--seed N] [--gate both|score|legacy]]
       citebot eval --qa FILE --protocol followup|subject [--split dev|heldout|all] [--json] [--limit N]
  --qa FILE      SQuAD-style JSON (data[].paragraphs[].context, qas[].question, qas[].answers[].text):
                 every context becomes its own document in a temporary corpus; or JSON lines
                 {"q": "...", "answers": ["..."]}, asked against --corpus
  --corpus DIR   the corpus for JSON-lines questions (default ./corpus, env CITEBOT_CORPUS)
  --json         print the report as JSON
  --details      with --json: include every question's answer and scores
  -k N           citations per answer, 1–20 (default 3)
  --limit N      only the first N questions (with --protocol: cases)
  --protocol P   followup | subject: the conversation protocols of src/eval/conversation.ts on a
                 SQuAD-style file with titles (CMRC 2018, DRCD)
  --split S      with --protocol: dev | heldout (default) | all
  --holdout SHARE  the refusal protocol (SQuAD input): one file per article, a random SHARE of the
                 articles (e.g. 0.2) left out; their questions (minus those whose gold answer the
                 corpus still holds) should be refused, the present articles' questions answered
  --seed N       the hold-out shuffle's seed (default 2; seeds 2 and 4 are test splits, the gate was fitted on 1, 3 and 5–10)
  --gate G       with --holdout: both (default: the legacy gate and the current one side by side),
                 score (current) or legacy (the gate before issue 16)
  --debug        debug logs and stack traces
The index is always built fresh in a temporary directory (its build time is part of the report).
Source recall counts the document holding the gold context (SQuAD) or a retrieved chunk containing a
gold answer (JSON lines); answer-hit / cite0-hit: a gold answer inside the answer / the first citation;
EM / F1 of shortAnswer as defined by the CMRC 2018 evaluation script.`,
  async run(args, io) {
    const { values } = parseCommandArgs("eval", {
      args,
      options: {
        qa: { type: "string" }, corpus: { type: "string" }, json: { type: "boolean" }, details: { type: "boolean" },
        k: { type: "string", short: "k" }, limit: { type: "string" }, debug: { type: "boolean" },
        holdout: { type: "string" }, seed: { type: "string" }, gate: { type: "string" },
        protocol: { type: "string" }, split: { type: "string" },
      },
      allowPositionals: false,
    });
    if (!values.qa) throw new UsageError("--qa FILE is required", { hint: "citebot eval --qa questions.json" });
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit must be a positive integer (got ${JSON.stringify(values.limit)})`);
    const holdout = values.holdout === undefined ? undefined : Number(values.holdout);
    if (holdout !== undefined && !(holdout > 0 && holdout < 1)) throw new UsageError(`--holdout must be a share between 0 and 1, e.g. 0.2 (got ${JSON.stringify(values.holdout)})`);
    const seed = values.seed === undefined ? 2 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer (got ${JSON.stringify(values.seed)})`);
    const gate = values.gate ?? "both";
    if (gate !== "both" && gate !== "score" && gate !== "legacy") throw new UsageError(`--gate must be both, score or legacy (got ${JSON.stringify(values.gate)})`);
    if (holdout !== undefined && limit !== undefined) throw new UsageError("--limit does not go with --holdout: the protocol asks every question of the split");
    if (holdout === undefined && (values.seed !== undefined || values.gate !== undefined)) throw new UsageError("--seed and --gate go with --holdout", { hint: "citebot eval --qa set.json --holdout 0.2 --seed 2" });
    const { app } = await appFor({ corpus: values.corpus, k: values.k, debug: values.debug }, io);
    const file = path.resolve(io.cwd, values.qa);
    if (values.protocol !== undefined) {
      const protocol = values.protocol;
      const split = values.split ?? "heldout";
      if (protocol !== "followup" && protocol !== "subject") throw new UsageError(`--protocol must be followup or subject (got ${JSON.stringify(protocol)})`);
      if (split !== "dev" && split !== "heldout" && split !== "all") throw new UsageError(`--split must be dev, heldout or all (got ${JSON.stringify(split)})`);
      const report = await runConversationProtocol(app, file, { protocol, split, limit });
      io.stdout.write((values.json ? JSON.stringify(report, roundTimes, 2) : formatConversationReport(report)) + "\n");
      return 0;
    }
    const set = await readEvalSet(file, path.basename(file));
    const progress = io.stderr.isTTY && !values.json
      ? (done: number, total: number) => {
          if (done === total || done % 25 === 0) io.stderr.write(`\r\x1b[Kasking ${done}/${total}`);
          if (done === total) io.stderr.write("\r\x1b[K");
        }
      : undefined;
    if (holdout !== undefined) {
      if (!set.articles) throw new UsageError("--holdout needs SQuAD-style input (data[].paragraphs[]): it leaves out whole articles", { hint: "citebot eval --qa cmrc2018_trial.json --holdout 0.2" });
      const base = { ...DEFAULT_ENGINE, k: app.config.engine.k };
      const [legacy, current] = gateComparison(base);
      const engines = gate === "both" ? [legacy, current] : gate === "legacy" ? [legacy] : [current];
      const report = await runHoldout(app, { set, share: holdout, seed, engines, details: Boolean(values.details), onProgress: progress, signal: io.shutdown });
      io.stdout.write((values.json ? JSON.stringify(report, roundTimes, 2) : formatHoldout({ ...report, name: terminalLine(report.name) })) + "\n");
      return 0;
    }
    const report = await runEval(app, { set, corpusDir: app.config.paths.corpusDir, k: app.config.engine.k, limit, details: Boolean(values.details), onProgress: progress, signal: io.shutdown });
    io.stdout.write((values.json ? JSON.stringify(report, roundTimes, 2) : formatReport({ ...report, name: terminalLine(report.name) })) + "\n");
    return 0;
  },
};

/** Times (fields named …Ms or ms) in the JSON report to 0.1 ms: the clock's noise digits (878.8340780000001) say nothing. */
function roundTimes(key: string, value: unknown): unknown {
  if (!/(^m|M)s$/.test(key)) return value;
  const round = (v: unknown) => (typeof v === "number" ? Math.round(v * 10) / 10 : v);
  if (typeof value === "number") return round(value);
  if (value && typeof value === "object" && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
  return value;
}
