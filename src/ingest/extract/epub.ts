import path from "node:path";
import { Parser } from "htmlparser2";
import { decodeBytes } from "../decode.js";
import { extractHtml } from "./html.js";
import type { ExtractResult, Section } from "./types.js";
import { openZip } from "./zip.js";

/**
 * EPUB: a zip of XHTML documents. META-INF/container.xml names the package (.opf), whose
 * spine gives the reading order; each linear spine document goes through the HTML extractor
 * and the chapters are joined with a blank line. DRM-protected books (META-INF/encryption.xml
 * covering the content) are skipped with a reason.
 */
export async function extractEpub(bytes: Uint8Array): Promise<ExtractResult> {
  const zip = await openZip(bytes, "EPUB");
  if ("skipped" in zip) return zip;
  const read = async (name: string): Promise<string | undefined> => {
    const file = zip.file(name);
    if (!file) return undefined;
    const data = await file.async("uint8array");
    return decodeBytes(data)?.text;
  };
  const container = await read("META-INF/container.xml");
  if (container === undefined) return { skipped: "not an EPUB file (no META-INF/container.xml)" };
  const opfPath = xmlElements(container, "rootfile")[0]?.["full-path"];
  const opf = opfPath ? await read(opfPath) : undefined;
  if (!opfPath || opf === undefined) return { skipped: "damaged EPUB (its package file is missing)" };
  const encryption = await read("META-INF/encryption.xml");
  // only fonts may be obfuscated; any other encrypted file means DRM
  const encrypted = encryption ? xmlElements(encryption, "CipherReference").map((c) => c.URI ?? c.uri ?? "") : [];
  if (encrypted.some((uri) => !/\.(otf|ttf|woff2?)$/i.test(uri))) return { skipped: "EPUB is DRM-protected (encrypted content)" };
  const base = path.posix.dirname(opfPath);
  const manifest = new Map<string, string>();
  for (const item of xmlElements(opf, "item")) if (item.id && item.href) manifest.set(item.id, item.href);
  const spine = xmlElements(opf, "itemref").filter((r) => r.linear !== "no").map((r) => manifest.get(r.idref ?? ""));
  const title = xmlText(opf, "dc:title");

  const parts: string[] = [];
  const sections: Section[] = [];
  const warnings: string[] = [];
  let length = 0;
  let missing = 0;
  for (const href of spine) {
    if (!href) continue;
    const name = path.posix.normalize(path.posix.join(base, decodeURIComponent(href.split("#")[0])));
    const html = await read(name);
    if (html === undefined) {
      missing++;
      continue;
    }
    const chapter = extractHtml(html);
    if (chapter.text.length === 0) continue;
    if (length > 0) {
      parts.push("\n\n");
      length += 2;
    }
    for (const s of chapter.sections) sections.push({ ...s, start: s.start + length });
    parts.push(chapter.text);
    length += chapter.text.length;
  }
  if (missing > 0) warnings.push(`${missing} chapter file(s) named in the EPUB spine are missing`);
  return { text: parts.join(""), sections, warnings, encoding: "epub", ...(title ? { title: title.slice(0, 120) } : {}) };
}

/** Attributes of every element named `name` (namespace prefix ignored). */
function xmlElements(xml: string, name: string): Array<Record<string, string>> {
  const found: Array<Record<string, string>> = [];
  const parser = new Parser({ onopentag(tag, attribs) { if (localName(tag) === name) found.push(attribs); } }, { xmlMode: true });
  parser.write(xml);
  parser.end();
  return found;
}

/** Text of the first element named `qualified` (e.g. dc:title). */
function xmlText(xml: string, qualified: string): string | undefined {
  let depth = 0;
  let text = "";
  let done = false;
  const parser = new Parser(
    {
      onopentag(tag) { if (!done && (tag === qualified || localName(tag) === localName(qualified))) depth++; },
      ontext(data) { if (depth > 0 && !done) text += data; },
      onclosetag(tag) {
        if (depth > 0 && (tag === qualified || localName(tag) === localName(qualified))) {
          depth--;
          if (depth === 0) done = true;
        }
      },
    },
    { xmlMode: true },
  );
  parser.write(xml);
  parser.end();
  const t = text.replace(/\s+/g, " ").trim();
  return t || undefined;
}

function localName(tag: string): string {
  const i = tag.indexOf(":");
  return i === -1 ? tag : tag.slice(i + 1);
}
