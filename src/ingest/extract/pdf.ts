import { Worker } from "node:worker_threads";
import { ocrPdf, ocrSetting, ocrTools } from "./ocr.js";
import { ranges } from "./pdf-layout.js";
import type { PdfReadResult } from "./pdf-read.js";
import type { ExtractResult } from "./types.js";

/** How documents are extracted; every option concerns PDFs (the other formats need none). */
export interface ExtractOptions {
  /** Per-file time budget for PDF extraction (and OCR), in ms. Default 120 000. */
  timeoutMs?: number;
  /** OCR scanned PDFs when tesseract (with chi_sim) and pdftoppm are installed: "auto" (default, or CITEBOT_OCR=off to disable) or "off". */
  ocr?: "auto" | "off";
  /** The PDF worker to read PDFs in, owned (and closed) by the caller, e.g. one per build; without it each PDF gets its own worker. */
  pdf?: PdfWorkerHost;
}

/**
 * PDF → text, pages (start offset of each page) and sections, in a worker thread so that a
 * file that makes pdf.js spin or blow up is ended after its time budget (the worker is
 * terminated and a new one started for the next file) instead of hanging indexing.
 * A PDF without text (a scan) is OCR'd when tesseract with chi_sim is installed.
 */
export const DEFAULT_PDF_TIMEOUT_MS = 120_000;
/** The worker's heap limit: a PDF needing more is skipped instead of pushing the process past ~1 GB. */
const WORKER_HEAP_MB = 768;

interface WorkerReply {
  id: number;
  result?: PdfReadResult;
  error?: string;
  messages: string[];
}

/**
 * The PDF worker thread and its queue: one file at a time, the worker reused from file to file
 * (a new one after a timeout or crash). The caller owns it: a build creates one for all its PDFs
 * and closes it at the end; `extractPdf` without one creates and closes its own. The worker is
 * unref'd between files, so an unclosed host does not keep the process alive.
 */
export class PdfWorkerHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  /** One file at a time; rejects with Error("timeout") when `timeoutMs` passes. */
  run(bytes: Uint8Array, timeoutMs: number): Promise<WorkerReply> {
    const job = this.queue.then(() => this.runNow(bytes, timeoutMs));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private runNow(bytes: Uint8Array, timeoutMs: number): Promise<WorkerReply> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    worker.ref();
    return new Promise<WorkerReply>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        worker.unref();
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        done();
        resolve(reply);
      };
      const onError = (error: Error) => {
        done();
        this.discard(worker);
        reject(error);
      };
      const onExit = (code: number) => {
        done();
        this.discard(worker);
        reject(new Error(`PDF worker exited (${code})`));
      };
      const timer = setTimeout(() => {
        done();
        this.discard(worker);
        void worker.terminate();
        reject(new Error("timeout"));
      }, timeoutMs);
      worker.on("message", onMessage);
      worker.once("error", onError);
      worker.once("exit", onExit);
      worker.postMessage({ id, bytes });
    });
  }

  /** Ends the worker (if one is running); a later `run` starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(new URL("./pdf-worker.js", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.unref();
    return worker;
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
  }
}

export async function extractPdf(bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractResult> {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString("latin1");
  if (!head.includes("%PDF-")) return { skipped: "not a PDF file (no %PDF- header)" };
  const timeoutMs = options.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const host = options.pdf ?? new PdfWorkerHost();
  let reply: WorkerReply;
  try {
    reply = await host.run(bytes, timeoutMs);
  } catch (error) {
    const message = (error as Error).message;
    if (message === "timeout") return { skipped: `PDF extraction took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`} (damaged or very complex file?)` };
    if (/ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(`${(error as { code?: string }).code ?? ""} ${message}`)) return { skipped: `PDF needs more than ${WORKER_HEAP_MB} MB to read; left out` };
    return { skipped: `cannot read PDF (${message.slice(0, 160)})` };
  } finally {
    if (host !== options.pdf) await host.close();
  }
  const notes = reply.messages.map((m) => `pdf.js: ${m}`);
  if (reply.error || !reply.result) return { skipped: `cannot read PDF (${(reply.error ?? "no result").slice(0, 160)})` };
  const result = reply.result;
  if (result.kind === "encrypted") return { skipped: "encrypted PDF (password protected)" };
  if (result.kind === "invalid") return { skipped: `damaged or invalid PDF (${result.message.slice(0, 160)})` };
  const { layout } = result;
  notes.push(...layout.notes);
  if (layout.pagesWithText === 0) return ocrOrSkip(bytes, result.numPages, options, deadline, notes);
  if (layout.text.trim().length === 0) return { skipped: `no usable text: ${layout.warnings.join("; ") || "the text layer is empty"}` };
  const warnings = [...layout.warnings];
  // Pages that could not be read at all, and a truncated file's lost pages, have their own warning.
  const empty = result.truncated ? [] : layout.emptyPages.filter((p) => !result.failedPages.includes(p));
  if (empty.length > 0 && layout.emptyPages.length < result.numPages) {
    warnings.push(`page(s) ${ranges(empty)} have no text layer (scanned or pictures only); their content is not indexed`);
  }
  return {
    text: layout.text,
    pages: layout.pages,
    sections: layout.sections,
    warnings,
    notes,
    encoding: "pdf",
    ...(result.title ? { title: result.title } : {}),
  };
}

async function ocrOrSkip(bytes: Uint8Array, numPages: number, options: ExtractOptions, deadline: number, notes: string[]): Promise<ExtractResult> {
  const scan = "no text layer (scanned PDF?)";
  const ocr = options.ocr ?? ocrSetting(process.env.CITEBOT_OCR);
  if (ocr === "off") return { skipped: `${scan}: OCR is off` };
  const tools = await ocrTools();
  if (!tools.ok) return { skipped: `${scan}: nothing to index; to OCR it, install Debian's ${tools.missing}` };
  const { pages: pageTexts, timedOut } = await ocrPdf(bytes, numPages, tools.langs, deadline);
  let text = "";
  const pages: number[] = [];
  for (const pageText of pageTexts) {
    if (pageText && text) text += "\n\n";
    pages.push(text.length);
    text += pageText;
  }
  while (pages.length < numPages) pages.push(text.length);
  if (text.trim().length === 0) return { skipped: `${scan}: OCR found no text${timedOut ? " before the time budget ran out" : ""}` };
  const warnings = [`no text layer: read by OCR (tesseract ${tools.langs}, ${pageTexts.length} of ${numPages} page(s)); expect recognition errors`];
  if (timedOut) warnings.push(`OCR stopped at the time budget: pages after ${pageTexts.length} are not indexed`);
  return { text, pages, sections: [], warnings, notes, encoding: "pdf+ocr" };
}
