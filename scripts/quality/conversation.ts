/**
 * The conversation section of scripts/bench-quality (issue 18): the follow-up and subject protocols
 * (src/eval/conversation.ts) on the held-out halves of CMRC 2018 trial and DRCD test, as a markdown
 * table, with before columns from a baseline JSON's `conversations` when one is given.
 */
import path from "node:path";
import type { App } from "../../src/app.js";
import { type FollowUpReport, runConversationProtocol, type SubjectReport } from "../../src/eval/conversation.js";

export interface ConversationResults {
  followup: FollowUpReport[];
  subject: SubjectReport[];
}

export async function conversationRun(app: App, benchDir: string, log: (line: string) => void, limit?: number): Promise<ConversationResults> {
  const out: ConversationResults = { followup: [], subject: [] };
  for (const file of ["cmrc2018_trial.json", "DRCD_test.json"]) {
    log(`conversation protocols: ${file} (held-out half) …`);
    out.followup.push((await runConversationProtocol(app, path.join(benchDir, file), { protocol: "followup", split: "heldout", limit })) as FollowUpReport);
    out.subject.push((await runConversationProtocol(app, path.join(benchDir, file), { protocol: "subject", split: "heldout", limit })) as SubjectReport);
  }
  return out;
}

export function conversationTables(after: ConversationResults, before?: ConversationResults): string[] {
  const f = (x: number | undefined) => (x === undefined ? "—" : x.toFixed(3));
  const pair = (a: number, b: number | undefined) => (before ? `${f(b)} → ${f(a)}` : f(a));
  const lines = [
    "### follow-ups (answer-hit; held-out half; second question with its subject replaced by a pronoun or dropped)",
    "",
    "| set | pairs | original second question | (a) rewritten, alone | (b) rewritten, after the first | (c) original, after an unrelated one |",
    "|---|---|---|---|---|---|",
  ];
  after.followup.forEach((r, i) => {
    const b = before?.followup[i];
    lines.push(`| ${r.name} | ${r.pairs} | ${pair(r.original, b?.original)} | ${pair(r.alone, b?.alone)} | ${pair(r.conversation, b?.conversation)} | ${pair(r.afterUnrelated, b?.afterUnrelated)} |`);
  });
  lines.push(
    "",
    "### subject agreement (held-out half; another article's title swapped into a copy of the answer sentence)",
    "",
    "| set | cases | parallel: wrong subject | parallel: right answer, right document | absent: answered from the other subject | absent: offered as about it |",
    "|---|---|---|---|---|---|",
  );
  after.subject.forEach((r, i) => {
    const b = before?.subject[i];
    lines.push(`| ${r.name} | ${r.cases} | ${pair(r.parallelWrong, b?.parallelWrong)} | ${pair(r.parallelRight, b?.parallelRight)} | ${pair(r.absentWrong, b?.absentWrong)} | ${pair(r.absentOffered, b?.absentOffered)} |`);
  });
  return [...lines, ""];
}
