/**
 * The name an uploaded file gets in the corpus: its original name, made safe. Pure.
 *
 * Only the last path component is kept (either slash), so no name can climb out of
 * `uploads/`; control, format (bidi overrides, zero-width) and unassigned characters
 * are dropped, since they could disguise the name in a list (`\u202e` turns
 * "fdp.exe" into "exe.pdf"); characters file systems or shells treat specially are
 * replaced by "_"; leading dots are dropped (a dot file is invisible, and the corpus
 * walk skips it); the result is cut to `maxBytes` of UTF-8 keeping the extension.
 * A name with nothing left is refused (undefined), never replaced by a made-up one.
 */

/** Longest stored name in UTF-8 bytes: well under the 255 bytes of common file systems, leaving room for temp prefixes. */
export const MAX_NAME_BYTES = 150;
/** Longest extension kept whole when a name is cut. */
const MAX_EXT_CHARS = 16;

export function safeFileName(name: string, maxBytes = MAX_NAME_BYTES): string | undefined {
  const base = name.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "")
    // Windows drops trailing dots and spaces; a name that differs only there would collide.
    .replace(/[.\s]+$/, "");
  if (!cleaned) return undefined;
  const dot = cleaned.lastIndexOf(".");
  const ext = dot > 0 && cleaned.length - dot <= MAX_EXT_CHARS ? cleaned.slice(dot) : "";
  const stem = ext ? cleaned.slice(0, dot) : cleaned;
  const cut = cutToBytes(stem, maxBytes - Buffer.byteLength(ext)).trimEnd();
  return cut ? cut + ext : undefined;
}

/** Extensions for the MIME types of the formats the indexer reads (an upload without a name still says what it is). */
const EXTENSION_OF_MIME: Readonly<Record<string, string>> = Object.freeze({
  "application/pdf": ".pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
  "application/epub+zip": ".epub",
  "text/plain": ".txt",
  "text/markdown": ".md",
  "text/csv": ".csv",
  "text/tab-separated-values": ".tsv",
  "text/html": ".html",
  "application/xhtml+xml": ".xhtml",
});

/**
 * The name for an upload that came without one: "document" with the extension of its MIME type ("document.pdf"),
 * or plain "document" for a type the indexer does not read (so it is refused as unsupported, not as a bad name).
 */
export function defaultUploadName(mimeType: string | undefined): string {
  const type = (mimeType ?? "").split(";")[0]!.trim().toLowerCase();
  return `document${EXTENSION_OF_MIME[type] ?? ""}`;
}

/** The longest prefix of `text` within `maxBytes` of UTF-8, never splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  let out = "";
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}
