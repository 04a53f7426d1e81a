/**
 * The kinds of value a setting takes, as valibot schemas from what the user wrote (an
 * environment variable or a command-line flag) to a typed value, and the rules that
 * look across settings. A problem's message never names its setting: the report puts
 * the setting's name (the issue's path) in front, so every problem reads
 * `NAME message`, e.g. `CITEBOT_RATE_LIMIT must be a whole number from 0 to 10000 (got "-1")`.
 *
 * valibot rather than zod: one module with no dependencies, about 10 ms of CPU at the CLI's
 * start-up (measured), whereas zod 4 as a dependency of ours would displace the zod 3 at the
 * top of node_modules that @langchain/community's @browserbasehq/stagehand names as a peer
 * dependency (`npm ls` then fails).
 */
import * as v from "valibot";

/** What is wrong with a value: one message, several, or none when it is right. */
type Judgement = string | readonly string[] | undefined;

/** Reports each message `judge` returns for a value (one that failed an earlier step is not judged). */
export function judged<T>(judge: (value: T) => Judgement) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const message of [judge(dataset.value) ?? []].flat()) addIssue({ message });
  });
}

// ── Where a value comes from ────────────────────────────────────────────────

/** Environment text: trimmed, and blank is the same as unset. */
const envText = v.pipe(
  v.optional(v.string()),
  v.transform((text) => text?.trim() || undefined),
);

/** An environment variable of `kind`; unset (or blank) is `fallback`. */
export function fromEnv<T>(kind: v.GenericSchema<string, T>): v.GenericSchema<unknown, T | undefined>;
export function fromEnv<T, const D>(kind: v.GenericSchema<string, T>, fallback: D): v.GenericSchema<unknown, T | D>;
export function fromEnv<T, D>(kind: v.GenericSchema<string, T>, fallback?: D): v.GenericSchema<unknown, T | D | undefined> {
  return v.pipe(envText, v.optional(kind), v.transform((value) => value ?? fallback));
}

/** An environment variable of `kind` that must be set: unset (or blank) is the problem `missing`. */
export function requiredEnv<T>(kind: v.GenericSchema<string, T>, missing: string): v.GenericSchema<unknown, T> {
  return v.pipe(envText, v.string(missing), kind);
}

/** A command-line option of `kind`, as typed (an empty value is judged, not unset); absent is `fallback`. */
export function fromFlag<T>(kind: v.GenericSchema<string, T>): v.GenericSchema<unknown, T | undefined>;
export function fromFlag<T, const D>(kind: v.GenericSchema<string, T>, fallback: D): v.GenericSchema<unknown, T | D>;
export function fromFlag<T, D>(kind: v.GenericSchema<string, T>, fallback?: D): v.GenericSchema<unknown, T | D | undefined> {
  return v.pipe(v.optional(kind), v.transform((value) => value ?? fallback));
}

/** A command-line switch such as --debug: present or not. */
export const flagSwitch: v.GenericSchema<unknown, boolean> = v.pipe(v.optional(v.boolean()), v.transform((on) => Boolean(on)));

// ── Kinds of value ──────────────────────────────────────────────────────────

/** Any text: a model name, a directory, a host. */
export const text = v.string();

/**
 * A whole number from `min` to `max`: counts, ports, and durations in the unit their
 * name says (`…_MS`, `…_S`). Every integer setting is one of these.
 */
export function wholeNumber(min: number, max: number) {
  return v.pipe(
    v.string(),
    judged<string>((text) =>
      /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? undefined : `must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`,
    ),
    v.transform(Number),
  );
}

/** 0 (off) or 1 (on). */
export const zeroOrOne = v.pipe(
  v.string(),
  judged<string>((text) => (text === "0" || text === "1" ? undefined : `must be 0 or 1 (got ${JSON.stringify(text)})`)),
  v.transform((text) => text === "1"),
);

/** One of `values`, in any letter case; the value is the lower-case spelling. */
export function oneOf<const T extends string>(values: readonly T[]) {
  return v.pipe(
    v.string(),
    judged<string>((text) => ((values as readonly string[]).includes(text.toLowerCase()) ? undefined : `must be one of ${values.join(", ")} (got ${JSON.stringify(text)})`)),
    v.transform((text) => text.toLowerCase() as T),
  );
}

/** Text `pattern` matches; `expected` says what it must look like. The value is never echoed: these are secrets. */
export function matching(pattern: RegExp, expected: string) {
  return v.pipe(v.string(), judged<string>((text) => (pattern.test(text) ? undefined : expected)));
}

/** An http(s) URL without a query or fragment (a server root or an API base); the value drops trailing slashes. */
export function httpUrl(example: string) {
  return v.pipe(v.string(), judged<string>((text) => httpUrlProblem(text, example)), v.transform((text) => text.replace(/\/+$/, "")));
}

/** What is wrong with `text` as an http(s) URL with no query or fragment, if anything. */
export function httpUrlProblem(text: string, example: string): string | undefined {
  const url = parseUrl(text);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return `must be an http(s) URL such as ${example} (got ${JSON.stringify(text)})`;
  if (url.search || url.hash) return `must not contain a query string or fragment (got ${JSON.stringify(text)})`;
  return undefined;
}

/** An absolute URL of any scheme (a rule may narrow it), as the URL parser writes it. */
export function absoluteUrl(example: string) {
  return v.pipe(
    v.string(),
    judged<string>((text) => (parseUrl(text) ? undefined : `must be an absolute URL such as ${example} (got ${JSON.stringify(text)})`)),
    v.transform((text) => new URL(text).toString()),
  );
}

export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

// ── Rules across settings ───────────────────────────────────────────────────

/** The values of a section's settings. */
export type SettingsOf<E extends v.ObjectEntries> = v.InferOutput<v.ObjectSchema<E, undefined>>;

/**
 * A check across the settings of a section, e.g. "a model is required when a provider is
 * chosen". It sees every setting with its value, an invalid one at its default (its own
 * problem is reported already) and named in `invalid`, and reports problems by setting.
 */
export type Rule<S> = (settings: S, report: (name: keyof S & string, message: string) => void, invalid: ReadonlySet<string>) => void;

/**
 * The settings of `entries` read as one object, then `rules` across them (every problem is
 * reported, none stops the others), then, when all is well, `build` makes the value.
 */
export function settingsSchema<const E extends v.ObjectEntries, T>(entries: E, rules: readonly Rule<SettingsOf<E>>[], build: (settings: SettingsOf<E>) => T) {
  return v.pipe(
    v.looseObject({}),
    // Every setting is read, given or not (an unset one gets its default); nothing else is.
    v.transform((given) => Object.fromEntries(Object.keys(entries).map((name) => [name, given[name]]))),
    v.object(entries),
    v.rawCheck<SettingsOf<E>>(({ dataset, addIssue }) => {
      const given = dataset.value as Record<string, unknown>;
      const invalid = new Set((dataset.issues ?? []).map((issue) => String(issue.path?.[0]?.key)));
      const settings: Record<string, unknown> = { ...given };
      for (const name of invalid) {
        const fallback = v.safeParse(entries[name]!, undefined);
        settings[name] = fallback.success ? fallback.output : undefined;
      }
      const report = (name: string, message: string) =>
        addIssue({ message, path: [{ type: "object", origin: "value", input: given, key: name, value: given[name] }] });
      for (const rule of rules) rule(settings as SettingsOf<E>, report, invalid);
    }),
    v.transform(build),
  );
}

/** Every problem of a failed parse, one line each: `NAME message`. */
export function problemsOf(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const name = issue.path?.map((item) => String(item.key)).join(".");
    return name ? `${name} ${issue.message}` : issue.message;
  });
}
