/**
 * Downloading a file a user sent: `getFile` (through the bot's API client, so its
 * retries apply), then `GET <apiRoot>/file/bot<token>/<file_path>` through the
 * bot's network (its proxy), retried on network failures and 5xx/429 with the
 * project's retry helper. The Bot API serves files up to 20 MB: a larger one is
 * refused before any request when its size is known, and when Telegram says
 * "file is too big". No error message or log carries the URL (it holds the token).
 */
import { GrammyError, type Api } from "grammy";
import { AppError } from "../errors.js";
import type { Network } from "../net/network.js";
import { retry } from "../util/retry.js";
import { DEFAULT_NETWORK_RETRY_DELAYS_MS } from "./network-retry.js";
import { DEFAULT_API_ROOT } from "./target.js";

/** The public Bot API's download limit. */
export const BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export class DownloadError extends AppError {
  constructor(message: string, readonly tooBig = false, options: { cause?: unknown } = {}) {
    super("DOWNLOAD_FAILED", message, { hint: tooBig ? "the Bot API serves files up to 20 MB" : "send the file again", ...options });
  }
}

export interface DownloadOptions {
  token: string;
  apiRoot?: string;
  network: Network;
  /** Waits between download attempts after a network failure, 5xx or 429 (default 500, 2000, 5000 ms). */
  retryDelaysMs?: readonly number[];
  maxBytes?: number;
  signal?: AbortSignal;
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** Whether a file of `size` bytes (when Telegram told it) may be downloaded at all. */
export function withinDownloadLimit(size: number | undefined, maxBytes = BOT_API_DOWNLOAD_LIMIT): boolean {
  return size === undefined || size <= maxBytes;
}

export async function downloadFile(api: Api, fileId: string, options: DownloadOptions): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? BOT_API_DOWNLOAD_LIMIT;
  let file;
  try {
    file = await api.getFile(fileId);
  } catch (error) {
    if (error instanceof GrammyError && /file is too big/i.test(error.description)) throw new DownloadError("the file is larger than the Bot API serves (20 MB)", true);
    throw error;
  }
  if (!withinDownloadLimit(file.file_size, maxBytes)) throw new DownloadError("the file is larger than the Bot API serves (20 MB)", true);
  if (!file.file_path) throw new DownloadError("Telegram gave no download path for the file");
  const url = `${options.apiRoot ?? DEFAULT_API_ROOT}/file/bot${options.token}/${file.file_path.split("/").map(encodeURIComponent).join("/")}`;
  try {
    return await retry(
      async () => {
        const response = await options.network.fetch(url, options.signal ? { signal: options.signal } : {});
        if (!response.ok) {
          await response.body?.cancel().catch(() => undefined);
          throw new HttpStatusError(response.status);
        }
        return readCapped(response, maxBytes);
      },
      {
        delays: options.retryDelaysMs ?? DEFAULT_NETWORK_RETRY_DELAYS_MS,
        retryable: (error) => !options.signal?.aborted && (error instanceof HttpStatusError ? error.status >= 500 || error.status === 429 : !(error instanceof DownloadError)),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    // fetch's own errors name no URL, but their causes may: only the kind of failure is kept.
    const why = error instanceof HttpStatusError ? error.message : `network error${(error as { cause?: { code?: string } }).cause?.code ? ` (${(error as { cause: { code: string } }).cause.code})` : ""}`;
    throw new DownloadError(`downloading the file failed: ${why}`);
  }
}

/** The body, refused once it grows past `maxBytes` (a server may not say the length). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw new DownloadError("the file is larger than the Bot API serves (20 MB)", true);
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += part.byteLength;
    if (total > maxBytes) throw new DownloadError("the file is larger than the Bot API serves (20 MB)", true);
    parts.push(part);
  }
  return Buffer.concat(parts);
}
