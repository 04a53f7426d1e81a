/** The README's and docs/' configuration tables list every setting the schema has, with the schema's default. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import * as v from "valibot";
import { CORE_SETTINGS } from "../../src/config/config.js";
import { PROVIDER_SETTINGS } from "../../src/config/providers.js";
import { PROXY_SETTINGS } from "../../src/config/proxy.js";
import { TELEGRAM_SETTINGS } from "../../src/config/telegram.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const DOCS = ["README.md", "docs/providers.md", "docs/telegram.md"];
const SETTINGS: Record<string, v.GenericSchema<unknown, unknown>> = { ...CORE_SETTINGS, ...PROVIDER_SETTINGS, ...PROXY_SETTINGS, ...TELEGRAM_SETTINGS };

/** Every table row of the docs, with the file it is in. */
const rows = DOCS.flatMap((file) =>
  readFileSync(path.join(ROOT, file), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) => ({ file, line, cells: line.split("|").slice(1, -1).map((cell) => cell.trim()) })),
);

/** How the docs name a setting: a flag with its argument (`-k N`), a variable by itself; `https_proxy` under `HTTPS_PROXY`. */
function documentedName(name: string): RegExp {
  return name.startsWith("-") ? new RegExp(`^\`${name}[ \`]`) : new RegExp(`^\`${name.toUpperCase()}\``);
}

/** The default as the docs write it: in backticks, e.g. `20`, `hash`, `./corpus`, `0` for off. */
function documentedDefault(value: unknown): RegExp | undefined {
  if (typeof value === "boolean") return value ? /`1`/ : /`0`/;
  if (typeof value !== "number" && typeof value !== "string") return undefined;
  const escaped = String(value).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`\`[^\`]*\\b${escaped}\`|\`${escaped}\\b[^\`]*\``);
}

describe("configuration docs", () => {
  for (const [name, schema] of Object.entries(SETTINGS)) {
    it(`document ${name} with its default`, () => {
      const pattern = documentedName(name);
      const documenting = rows.filter((row) => row.cells.some((cell) => pattern.test(cell)));
      assert.ok(documenting.length > 0, `no table row in ${DOCS.join(", ")} starts a cell with ${name}`);
      const fallback = v.safeParse(schema, undefined);
      const expected = fallback.success ? documentedDefault(fallback.output) : undefined;
      if (name === "--debug" || !expected) return;
      for (const row of documenting) assert.match(row.line, expected, `${row.file}: ${row.line}`);
    });
  }
});
