/**
 * Confirm buttons for changes to the library (replace an upload, remove a
 * document). Like the passage table in callback-data.ts, the payload is only a
 * key into a table — here a random 96-bit one, so it cannot be guessed — and the
 * table says what the button does, for whom, and until when: a press by anyone
 * else, after the deadline, or with made-up data finds nothing. An entry is used
 * once. The table is the bot state's (src/state/: this process's memory, or Redis
 * shared by webhook replicas, so a tap may land on any replica); its entries expire
 * by themselves, and one user has at most one pending action of each kind.
 */
import { randomBytes } from "node:crypto";
import type { OnceTable } from "../state/types.js";
import type { Lang } from "./i18n.js";

/** Button payloads: `dc:<key>:<z|e>` confirms, `dx:<key>:<z|e>` cancels. */
const PAYLOAD_RE = /^d([cx]):([A-Za-z0-9_-]{16}):([ze])$/;

export interface PendingAction<T> {
  kind: string;
  userId: number;
  lang: Lang;
  /** JSON: it may be read by another replica. */
  data: T;
}

export interface PendingActionOptions {
  /** How long a confirm button works (default 10 minutes). */
  ttlMs?: number;
}

export const DEFAULT_CONFIRM_TTL_MS = 10 * 60_000;

export class PendingActions<T> {
  readonly ttlMs: number;

  constructor(
    private readonly table: OnceTable<unknown>,
    options: PendingActionOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CONFIRM_TTL_MS;
  }

  /**
   * Stores an action for `userId` and returns its confirm and cancel payloads (≤ 64 bytes each), with the
   * user's earlier action of this kind, which the new one replaces (its buttons no longer work).
   */
  async add(kind: string, userId: number, lang: Lang, data: T): Promise<{ confirm: string; cancel: string; replaced?: PendingAction<T> }> {
    const latest = `user:${userId}:${kind}`;
    const earlier = (await this.table.take(latest)) as string | undefined;
    const replaced = earlier ? ((await this.table.take(`action:${earlier}`)) as PendingAction<T> | undefined) : undefined;
    const key = randomBytes(12).toString("base64url");
    await this.table.put(`action:${key}`, { kind, userId, lang, data } satisfies PendingAction<T>, this.ttlMs);
    await this.table.put(latest, key, this.ttlMs);
    const l = lang === "zh" ? "z" : "e";
    return { confirm: `dc:${key}:${l}`, cancel: `dx:${key}:${l}`, ...(replaced ? { replaced } : {}) };
  }

  /**
   * The action behind a payload pressed by `userId`, taken out of the table, with whether it
   * confirms or cancels; undefined for forged or expired data, someone else's button (left in place),
   * or a button already pressed (here or on another replica).
   */
  async take(payload: string, userId: number): Promise<{ confirmed: boolean; action: PendingAction<T> } | undefined> {
    const m = PAYLOAD_RE.exec(payload);
    if (!m) return undefined;
    const key = `action:${m[2]!}`;
    const seen = (await this.table.get(key)) as PendingAction<T> | undefined;
    if (!seen || seen.userId !== userId) return undefined;
    const action = (await this.table.take(key)) as PendingAction<T> | undefined;
    return action ? { confirmed: m[1] === "c", action } : undefined;
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
