/**
 * Callback data for the 「📄 原文 n」 buttons. Telegram allows 1–64 bytes.
 *
 * Stateless form (survives restarts): `p:<chunkId>:<start base36>:<end base36>:<z|e>`.
 * When a chunk id is too long or uses other characters, the reference is kept
 * in a table instead (`r:<key>:<z|e>`: in memory, bounded, or in Redis shared by
 * replicas); such buttons expire on restart (memory), eviction or expiry and then get
 * the same polite "expired" toast as a forged payload. Nothing is trusted when pressed: the engine re-validates the
 * chunk id and range.
 */
import { MemoryRefTable } from "../state/memory.js";
import type { RefTable } from "../state/types.js";
import type { Lang } from "./i18n.js";

export const CALLBACK_DATA_MAX_BYTES = 64;

export interface PassageRef {
  chunkId: string;
  start: number;
  end: number;
  /** UI language of the answer the button belongs to. */
  lang: Lang;
}

const CHUNK_ID_RE = /^[A-Za-z0-9_.-]{1,48}$/;
const STATELESS_RE = /^p:([A-Za-z0-9_.-]{1,48}):([0-9a-z]{1,11}):([0-9a-z]{1,11}):([ze])$/;
const STORED_RE = /^r:([0-9a-z]{1,12}):([ze])$/;

const langCode = (lang: Lang) => (lang === "zh" ? "z" : "e");
const codeLang = (code: string): Lang => (code === "z" ? "zh" : "en");

function validRange(start: number, end: number): boolean {
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start;
}

/** The stateless payload, or undefined when it would not fit in 64 bytes. */
export function encodePassageRef(ref: PassageRef): string | undefined {
  if (!CHUNK_ID_RE.test(ref.chunkId) || !validRange(ref.start, ref.end)) return undefined;
  const data = `p:${ref.chunkId}:${ref.start.toString(36)}:${ref.end.toString(36)}:${langCode(ref.lang)}`;
  return Buffer.byteLength(data, "utf8") <= CALLBACK_DATA_MAX_BYTES ? data : undefined;
}

/** Parses a stateless payload; anything malformed is undefined (never throws). */
export function decodePassageRef(data: string): PassageRef | undefined {
  const m = STATELESS_RE.exec(data);
  if (!m) return undefined;
  const start = parseInt(m[2]!, 36);
  const end = parseInt(m[3]!, 36);
  if (!validRange(start, end)) return undefined;
  return { chunkId: m[1]!, start, end, lang: codeLang(m[4]!) };
}

/**
 * Payloads for citation buttons, with a table for references that do not fit the stateless
 * form: in memory (bounded, oldest dropped first), or in Redis shared by every replica
 * (state/), so a button pressed on one replica works on another.
 */
export class PassageRefStore {
  /** @param table where long references are kept (default: in memory, 5000 entries) */
  constructor(private readonly table: RefTable<unknown> = new MemoryRefTable(5000)) {}

  /** Payload for `ref`: stateless when possible, otherwise a table key. */
  async encode(ref: PassageRef): Promise<string> {
    const stateless = encodePassageRef(ref);
    if (stateless) return stateless;
    const key = await this.table.put({ chunkId: ref.chunkId, start: ref.start, end: ref.end, lang: ref.lang });
    return `r:${key}:${langCode(ref.lang)}`;
  }

  /** The reference behind a payload, or undefined for forged, stale or evicted data. */
  async decode(data: string): Promise<PassageRef | undefined> {
    const stateless = decodePassageRef(data);
    if (stateless) return stateless;
    const m = STORED_RE.exec(data);
    return m ? asPassageRef(await this.table.get(m[1]!)) : undefined;
  }

  /** The language hint carried by any of our payloads, even a stale one (for the toast). */
  static langOf(data: string): Lang | undefined {
    const m = /:([ze])$/.exec(data);
    return m && /^[pr]:/.test(data) ? codeLang(m[1]!) : undefined;
  }
}

/** A stored value is checked like a payload: the table may be shared, so nothing from it is trusted. */
function asPassageRef(value: unknown): PassageRef | undefined {
  const v = value as Partial<PassageRef> | undefined;
  if (typeof v?.chunkId !== "string" || typeof v.start !== "number" || typeof v.end !== "number" || !validRange(v.start, v.end)) return undefined;
  return { chunkId: v.chunkId, start: v.start, end: v.end, lang: v.lang === "zh" ? "zh" : "en" };
}
