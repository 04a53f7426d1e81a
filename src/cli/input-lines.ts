import type { Readable } from "node:stream";
import { AppError } from "../errors.js";
import { type UndecodableLine, undecodableLineText } from "../lang/messages.js";
import { decodeAs, decodeBytes, decodeLossy, type LineEncoding, lineEncoding } from "../ingest/decode.js";

/**
 * A line of input as text, or why it could not be decoded (then `text` shows it with its broken bytes as U+FFFD):
 * the INPUT_UNDECODABLE error, and where, for saying it in another language.
 */
export type InputLine = { text: string; error?: undefined } | { text: string; error: AppError; undecodable: UndecodableLine };

const NAMES: Readonly<Record<LineEncoding, string>> = { "utf-8": "UTF-8", gb18030: "GB18030 (GBK)", big5: "Big5" };

/**
 * The lines of a byte stream (batch `ask`'s stdin), decoded as the document loader decodes files
 * (src/ingest/decode.ts): UTF-8 with or without a BOM, GB18030 (GBK, GB2312) or Big5, and UTF-16 with a BOM.
 * Lines end at LF, CRLF or CR, as readline ends them. The encoding is found from the first line that is not
 * ASCII, read together with the lines already received after it (one short line cannot tell GBK from Big5;
 * alone when they do not decode together), and kept for the rest. A line not valid in it, or met while none
 * was found, comes with an INPUT_UNDECODABLE error.
 * Lines are given as they arrive, so a program writing questions one at a time gets each answer before the next.
 */
export async function* inputLines(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<InputLine> {
  let encoding: LineEncoding | undefined;
  let foundAt = 0;
  let lineNo = 0;
  function* decoded(lines: readonly Buffer[]): Generator<InputLine> {
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      lineNo++;
      if (isAscii(line)) {
        yield { text: line.toString("latin1") };
        continue;
      }
      if (!encoding) {
        // When the lines together are no one encoding (text pasted from two sources), this line alone decides.
        const found = decodeBytes(Buffer.concat(lines.slice(k).flatMap((l, i) => (i ? [NEWLINE, l] : [l])))) ?? decodeBytes(line);
        encoding = found && lineEncoding(found);
        foundAt = lineNo;
      }
      const text = encoding && decodeAs(line, encoding);
      if (text !== undefined) yield { text };
      else {
        const at: UndecodableLine = { line: lineNo, ...(encoding ? { encoding: NAMES[encoding] } : {}), foundAt };
        const { message, hint } = undecodableLineText(at, "en");
        yield { text: decodeLossy(line, encoding ?? "utf-8"), error: new AppError("INPUT_UNDECODABLE", message, { hint }), undecodable: at };
      }
    }
  }
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of withoutBom(input)) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const lines: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < pending.length; i++) {
      const b = pending[i];
      if (b !== LF && b !== CR) continue;
      // A CR at the end of what has arrived may be the first half of a CRLF: wait for the next byte.
      if (b === CR && i + 1 === pending.length) break;
      lines.push(pending.subarray(start, i));
      if (b === CR && pending[i + 1] === LF) i++;
      start = i + 1;
    }
    pending = pending.subarray(start);
    yield* decoded(lines);
  }
  if (pending.length) yield* decoded([pending.at(-1) === CR ? pending.subarray(0, -1) : pending]);
}

function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

const LF = 0x0a;
const CR = 0x0d;
const NEWLINE = Buffer.from([LF]);

/**
 * The stream as Buffers without a UTF-8 byte-order mark; UTF-16 (known by its mark) is given as UTF-8, since its
 * line ends are two bytes. Strings (a stream with an encoding set) are taken as UTF-8.
 */
async function* withoutBom(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  // The mark is told from the first three bytes, which may come in more than one chunk.
  let head: Buffer | undefined = Buffer.alloc(0);
  let utf16: TextDecoder | undefined;
  const begin = (first: Buffer): Buffer => {
    head = undefined;
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return first.subarray(3);
    if (!((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff))) return first;
    utf16 = new TextDecoder(first[0] === 0xff ? "utf-16le" : "utf-16be");
    return Buffer.from(utf16.decode(first.subarray(2), { stream: true }), "utf8");
  };
  for await (const chunk of input) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (utf16) yield Buffer.from(utf16.decode(bytes, { stream: true }), "utf8");
    else if (!head) yield bytes;
    else if ((head = Buffer.concat([head, bytes])).length >= 3) yield begin(head);
  }
  if (head?.length) yield begin(head);
  if (utf16) yield Buffer.from(utf16.decode(), "utf8");
}

/**
 * `inputLines` of stdin until it ends or `shutdown` aborts (Ctrl-C, SIGTERM, a reader gone): the abort destroys stdin,
 * so a slow producer is not waited for, and lines already read are not handed out after it. The line being answered
 * when the abort comes is finished by the caller.
 */
export async function* inputLinesUntil(stdin: Readable, shutdown?: AbortSignal): AsyncGenerator<InputLine> {
  const stop = () => stdin.destroy();
  shutdown?.addEventListener("abort", stop, { once: true });
  try {
    for await (const line of inputLines(stdin)) {
      if (shutdown?.aborted) return;
      yield line;
    }
  } catch (error) {
    if (!(shutdown?.aborted && (error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE")) throw error;
  } finally {
    shutdown?.removeEventListener("abort", stop);
  }
}
