/**
 * Confirm buttons for changes to the library (replace an upload, remove a
 * document). Like the passage table in callback-data.ts, the payload is only a
 * key into a per-bot table — here a random 96-bit one, so it cannot be guessed —
 * and the table says what the button does, for whom, and until when: a press by
 * anyone else, after the deadline, after a restart, or with made-up data finds
 * nothing. An entry is used once. Bounded: the oldest entries go first, and one
 * user has at most one pending action of each kind (a staged upload holds its
 * bytes, up to 20 MB).
 */
import { randomBytes } from "node:crypto";
import type { Lang } from "./i18n.js";

/** Button payloads: `dc:<key>:<z|e>` confirms, `dx:<key>:<z|e>` cancels. */
const PAYLOAD_RE = /^d([cx]):([A-Za-z0-9_-]{16}):([ze])$/;

export interface PendingAction<T> {
  kind: string;
  userId: number;
  lang: Lang;
  data: T;
  expiresAt: number;
}

export interface PendingActionOptions {
  /** How long a confirm button works (default 10 minutes). */
  ttlMs?: number;
  capacity?: number;
  now?: () => number;
}

export const DEFAULT_CONFIRM_TTL_MS = 10 * 60_000;

export class PendingActions<T> {
  private readonly entries = new Map<string, PendingAction<T>>();
  private readonly ttlMs: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(options: PendingActionOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CONFIRM_TTL_MS;
    this.capacity = options.capacity ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Stores an action for `userId` and returns its confirm and cancel payloads (≤ 64 bytes each). */
  add(kind: string, userId: number, lang: Lang, data: T): { confirm: string; cancel: string } {
    for (const [key, entry] of this.entries) if (entry.userId === userId && entry.kind === kind) this.entries.delete(key);
    const key = randomBytes(12).toString("base64url");
    this.entries.set(key, { kind, userId, lang, data, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    const l = lang === "zh" ? "z" : "e";
    return { confirm: `dc:${key}:${l}`, cancel: `dx:${key}:${l}` };
  }

  /**
   * The action behind a payload pressed by `userId`, taken out of the table, with whether it
   * confirms or cancels; undefined for forged or expired data or someone else's button (left in place).
   */
  take(payload: string, userId: number): { confirmed: boolean; action: PendingAction<T> } | undefined {
    const m = PAYLOAD_RE.exec(payload);
    if (!m) return undefined;
    const entry = this.entries.get(m[2]!);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(m[2]!);
      return undefined;
    }
    if (entry.userId !== userId) return undefined;
    this.entries.delete(m[2]!);
    return { confirmed: m[1] === "c", action: entry };
  }

  /** Whether `payload` has the shape of one of ours (so other features leave it alone). */
  static owns(payload: string): boolean {
    return /^d[cx]:/.test(payload);
  }

  /** The language a payload of ours carries, even a stale one (for the toast). */
  static langOf(payload: string): Lang | undefined {
    const m = PAYLOAD_RE.exec(payload);
    return m ? (m[3] === "z" ? "zh" : "en") : undefined;
  }
}
