import { createRequire } from "node:module";
import path from "node:path";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { layoutPdf, type PdfLayout, type PdfPageInput, ranges } from "./pdf-layout.js";
import { completeTruncatedPdf, looksTruncated } from "./pdf-repair.js";

/**
 * Reads a PDF's text layer with pdf.js (the legacy build, which runs on Node without a DOM or
 * canvas) and lays it out. Runs inside the PDF worker thread (pdf-worker.ts), which the main
 * thread can terminate when a file takes too long. Only the worker loads this module (pdf.ts
 * imports its types only), so pdf.js is imported statically: the main thread never pays for it.
 *
 * Nothing is fetched from the network: fonts are not loaded as font faces (text extraction
 * needs only their encodings), system fonts are not used, and the CMaps that CID fonts need
 * (Chinese PDFs with Adobe-GB1 fonts) and the standard font data are read from the pdfjs-dist
 * package folder.
 */
export type PdfReadResult =
  | { kind: "ok"; layout: PdfLayout; numPages: number; title?: string; failedPages: number[]; truncated?: boolean }
  | { kind: "encrypted" }
  | { kind: "invalid"; message: string };

const require = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(require.resolve("pdfjs-dist/package.json"));

/**
 * The PDF's text layer, laid out. A file cut short that pdf.js refuses whole is read again with its end
 * completed (pdf-repair.ts): the pages that survived are read, and the result says it was truncated; when
 * none of them holds text, the file is refused as it was.
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfReadResult> {
  // pdf.js may take over the buffer it is given: a copy, so the bytes are still there to complete.
  const result = await readComplete(new Uint8Array(bytes));
  if (result.kind === "ok" && result.failedPages.length > 0) result.layout.warnings.push(`page(s) ${ranges(result.failedPages)} could not be read (damaged?); left out`);
  if (result.kind !== "invalid" || !looksTruncated(bytes)) return result;
  const completed = completeTruncatedPdf(bytes);
  const partial = completed && (await readComplete(completed));
  if (partial?.kind !== "ok" || partial.layout.pagesWithText === 0) return result;
  // A page whose content stream was cut off reads as empty rather than failing: both are what the cut lost.
  const lost = [...new Set([...partial.failedPages, ...partial.layout.emptyPages])].sort((a, b) => a - b);
  const missing = lost.length > 0 ? `page(s) ${ranges(lost)} of ${partial.numPages} could not be read and are left out` : "what was cut off is missing";
  partial.layout.warnings.push(`the file is cut short (an incomplete download or copy?): ${missing}; the rest is indexed`);
  return { ...partial, truncated: true };
}

async function readComplete(bytes: Uint8Array): Promise<PdfReadResult> {
  const task = pdfjs.getDocument({
    data: bytes,
    cMapUrl: `${PDFJS_DIR}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${PDFJS_DIR}/standard_fonts/`,
    wasmUrl: `${PDFJS_DIR}/wasm/`,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
    verbosity: 1,
  });
  try {
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (error) {
      const e = error as { name?: string; message?: string };
      if (e.name === "PasswordException") return { kind: "encrypted" };
      return { kind: "invalid", message: `${e.name ?? "Error"}: ${e.message ?? String(error)}` };
    }
    const pages: PdfPageInput[] = [];
    const failedPages: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent({ includeMarkedContent: false });
        const items = [];
        for (const item of content.items) {
          if (!("str" in item) || item.str.length === 0) continue;
          items.push({ str: item.str, transform: item.transform as number[], width: item.width, height: item.height });
        }
        pages.push({ view: [...page.view], items });
        page.cleanup();
      } catch {
        failedPages.push(n);
        pages.push({ view: [0, 0, 612, 792], items: [] });
      }
    }
    let title: string | undefined;
    try {
      const meta = await doc.getMetadata();
      const raw = (meta.info as { Title?: unknown } | undefined)?.Title;
      if (typeof raw === "string") title = usableTitle(raw);
    } catch {
      // no metadata
    }
    const layout = layoutPdf(pages);
    return { kind: "ok", layout, numPages: doc.numPages, failedPages, ...(title ? { title } : {}) };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

/** A metadata title worth showing: not empty, not a file name or a word processor's placeholder. */
function usableTitle(raw: string): string | undefined {
  const t = raw.replace(/\s+/g, " ").trim();
  if (t.length < 2 || t.length > 120) return undefined;
  if (/\.(docx?|wps|pdf|pptx?|xlsx?|txt|tmp)$/i.test(t) || /^(microsoft (word|powerpoint|excel)\b|untitled|无标题|文档\d*$|document\d*$)/i.test(t)) return undefined;
  if (/^[\x00-\x1f\ufffd\ue000-\uf8ff]+$/.test(t)) return undefined;
  return t;
}
