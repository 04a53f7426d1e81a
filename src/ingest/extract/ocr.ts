import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { joinLines } from "./join.js";

/**
 * Optional OCR for scanned PDFs, with programs from Debian packages when they are installed
 * (nothing is downloaded): poppler-utils' `pdftoppm` renders a page to a PNG, `tesseract`
 * (tesseract-ocr with tesseract-ocr-chi-sim) reads it. Without them a scan is skipped with a
 * warning that says so.
 */
const run = promisify(execFile);

/** What CITEBOT_OCR may say (any letter case): on by default when the programs are installed, off by these words. */
export const OCR_WORDS = ["auto", "on", "1", "true", "yes", "off", "0", "false", "no"] as const;
const OCR_OFF: ReadonlySet<string> = new Set(["off", "0", "false", "no"]);

/** CITEBOT_OCR as the PDF extractor reads it; the configuration schema (config.ts) has checked it is one of OCR_WORDS at start. */
export function ocrSetting(value: string | undefined): "auto" | "off" {
  return OCR_OFF.has((value ?? "").trim().toLowerCase()) ? "off" : "auto";
}

export interface OcrTools {
  ok: boolean;
  /** tesseract -l value, e.g. "chi_sim+eng". */
  langs: string;
  /** What is missing, for the user. */
  missing?: string;
}

/**
 * Which OCR programs are installed, probed on each call (two short process runs): it is asked
 * only for a PDF without a text layer, where OCR itself takes seconds per page.
 */
export async function ocrTools(): Promise<OcrTools> {
  const langs = await run("tesseract", ["--list-langs"], { timeout: 10_000 }).then(
    ({ stdout, stderr }) => `${stdout}\n${stderr}`.split(/\r?\n/).map((l) => l.trim()),
    () => undefined,
  );
  if (!langs) return { ok: false, langs: "", missing: "tesseract-ocr and tesseract-ocr-chi-sim" };
  if (!langs.includes("chi_sim")) return { ok: false, langs: "", missing: "tesseract-ocr-chi-sim" };
  const pdftoppm = await run("pdftoppm", ["-v"], { timeout: 10_000 }).then(() => true, () => false);
  if (!pdftoppm) return { ok: false, langs: "", missing: "poppler-utils (pdftoppm)" };
  return { ok: true, langs: langs.includes("eng") ? "chi_sim+eng" : "chi_sim" };
}

/** OCR text of each page (empty string for a page that could not be read); stops at `deadline` (ms epoch). */
export async function ocrPdf(bytes: Uint8Array, numPages: number, langs: string, deadline: number): Promise<{ pages: string[]; timedOut: boolean }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-ocr-"));
  const pages: string[] = [];
  let timedOut = false;
  try {
    const pdf = path.join(dir, "in.pdf");
    await fs.writeFile(pdf, bytes);
    for (let n = 1; n <= numPages; n++) {
      const left = deadline - Date.now();
      if (left <= 1000) {
        timedOut = true;
        break;
      }
      const prefix = path.join(dir, `p${n}`);
      try {
        await run("pdftoppm", ["-r", "300", "-gray", "-png", "-singlefile", "-f", String(n), "-l", String(n), pdf, prefix], { timeout: left });
        const { stdout } = await run("tesseract", [`${prefix}.png`, "stdout", "-l", langs, "--psm", "3"], {
          timeout: Math.max(1000, deadline - Date.now()),
          maxBuffer: 16 * 1024 * 1024,
          env: { ...process.env, OMP_THREAD_LIMIT: "1" },
        });
        pages.push(cleanOcrText(stdout));
      } catch (error) {
        if ((error as { killed?: boolean }).killed) {
          timedOut = true;
          break;
        }
        pages.push("");
      } finally {
        await fs.rm(`${prefix}.png`, { force: true });
      }
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return { pages, timedOut };
}

const CJK_CLASS = "\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef";
const SPACE_BETWEEN_CJK = new RegExp(`([${CJK_CLASS}])[ \\t]+(?=[${CJK_CLASS}])`, "g");

/** Tesseract output → paragraphs: spaces it puts between Chinese characters removed, lines of a block joined. */
export function cleanOcrText(raw: string): string {
  return raw
    .replace(/\f/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((block) => joinLines(block.split("\n").map((l) => l.replace(SPACE_BETWEEN_CJK, "$1").trim())))
    .filter((p) => p.length > 0)
    .join("\n\n");
}
