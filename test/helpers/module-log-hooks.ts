/** The resolve hook of module-log.ts (it runs on the loader's own thread). */
import { appendFileSync } from "node:fs";

type Resolved = { url: string };

export async function resolve(specifier: string, context: unknown, nextResolve: (specifier: string, context: unknown) => Promise<Resolved>): Promise<Resolved> {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(process.env.CITEBOT_TEST_MODULE_LOG!, `${resolved.url}\n`);
  return resolved;
}
