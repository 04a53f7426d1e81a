import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";

/** Options every engine command accepts (here, not in context.ts, so main.ts can read them without loading the configuration). */
export const COMMON_OPTIONS = {
  corpus: { type: "string" },
  index: { type: "string" },
  debug: { type: "boolean" },
} as const;

/**
 * `parseArgs` for a command, strict, with Node's parse errors (whose messages
 * quote unevenly and suggest nothing) turned into one-line usage errors: an
 * unknown option names the closest valid one, or lists them.
 */
export function parseCommandArgs<T extends ParseArgsConfig & { args: string[] }>(command: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code?.startsWith("ERR_PARSE_ARGS")) throw error;
    throw usageError(command, config, code, (error as Error).message);
  }
}

function usageError(command: string, config: ParseArgsConfig & { args: string[] }, code: string, nodeMessage: string): UsageError {
  const options = config.options ?? {};
  const hint = `citebot ${command} --help shows the options`;
  // Non-strict parsing never throws and says which argument Node objected to.
  const { tokens } = parseArgs({ args: config.args, options, allowPositionals: true, strict: false, tokens: true });
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const unknown = tokens.find((t) => t.kind === "option" && !Object.hasOwn(options, t.name));
    const raw = unknown?.kind === "option" ? unknown.rawName : "?";
    // "-5度是多少？" is a question, not a typo of an option: say how to pass it.
    const given = unknown?.kind === "option" ? config.args[unknown.index] ?? raw : raw;
    if (config.allowPositionals && !/^--?[A-Za-z][\w-]*(=.*)?$/.test(given)) {
      return new UsageError(`unknown option ${raw}`, { hint: `an argument that starts with - goes after --: citebot ${command} -- ${JSON.stringify(given)}` });
    }
    const names = Object.entries(options).map(([name, o]) => (name.length === 1 && o.short === name ? `-${name}` : `--${name}`));
    const closest = raw.startsWith("--") ? closestOption(raw, names) : undefined;
    return new UsageError(`unknown option ${raw}`, { hint: closest ? `did you mean ${closest}?` : `valid options: ${names.join(", ")}` });
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const extra = tokens.find((t) => t.kind === "positional");
    return new UsageError(`unexpected argument ${JSON.stringify(extra?.kind === "positional" ? extra.value : "")}`, { hint });
  }
  const option = /--?[\w-]+/.exec(nodeMessage)?.[0] ?? "an option";
  // "argument is ambiguous": the value given was the next option (`-k --json`), so it is missing too.
  if (/argument missing|argument is ambiguous/.test(nodeMessage)) return new UsageError(`option ${option} needs a value`, { hint });
  if (/does not take an argument/.test(nodeMessage)) return new UsageError(`option ${option} takes no value`, { hint });
  return new UsageError(nodeMessage.replace(/'/g, ""), { hint });
}

/** The valid option `raw` most likely meant: the one it is a unique prefix of, else the nearest within a couple of typos. */
function closestOption(raw: string, names: readonly string[]): string | undefined {
  return closestName(raw, names.filter((n) => n.startsWith("--")), { prefixFrom: 4, twoTyposFrom: 8 });
}

/**
 * The name of `names` that `raw` most likely meant: the one it is a unique prefix of (at least `prefixFrom`
 * characters typed), else the nearest within one typo (two from `twoTyposFrom` characters), else none.
 */
export function closestName(raw: string, names: readonly string[], lengths: { prefixFrom: number; twoTyposFrom: number }): string | undefined {
  const typed = raw.toLowerCase();
  const prefixed = names.filter((n) => n.startsWith(typed));
  if (typed.length >= lengths.prefixFrom && prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let limit = typed.length >= lengths.twoTyposFrom ? 2 : 1; // two typos only in a longer name, so --foo suggests nothing
  for (const name of names) {
    const d = editDistance(typed, name);
    if (d <= limit) {
      best = name;
      limit = d - 1;
    }
  }
  return best;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
