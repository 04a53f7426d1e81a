import { parentPort } from "node:worker_threads";
import { readPdf } from "./pdf-read.js";

/**
 * The PDF worker thread: reads one PDF per message. pdf.js reports font and structure problems
 * with console.log; here they are collected (up to 20 per file) and returned as notes instead
 * of reaching the user's terminal.
 */
export interface PdfJob {
  id: number;
  bytes: Uint8Array;
}

/** A console hook that keeps up to 20 messages of one job in `messages`. */
function collector(messages: string[]): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    if (messages.length < 20) messages.push(args.map(String).join(" ").slice(0, 300));
  };
}

/** Jobs run one at a time (the host queues them), so each job points the console at its own list. */
function hookConsole(messages: string[]): void {
  const collect = collector(messages);
  console.log = collect;
  console.info = collect;
  console.warn = collect;
  console.error = collect;
}

hookConsole([]);

parentPort?.on("message", (job: PdfJob) => {
  const messages: string[] = [];
  hookConsole(messages);
  readPdf(job.bytes).then(
    (result) => parentPort?.postMessage({ id: job.id, result, messages }),
    (error: unknown) => parentPort?.postMessage({ id: job.id, error: `${(error as Error)?.name ?? "Error"}: ${(error as Error)?.message ?? String(error)}`, messages }),
  );
});
