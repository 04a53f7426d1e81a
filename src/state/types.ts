/**
 * What a conversation needs between turns, behind small interfaces: in memory for one
 * process (memory.ts, the default) or in Redis for several replicas (redis.ts, with
 * `CITEBOT_REDIS_URL`). Nothing here knows Telegram; the bot (src/telegram/) names the
 * keys (a chat id, `user:<id>`) and decides what to say.
 */

/** An update waiting in its conversation's queue: its id and the body as it arrived. */
export interface QueuedUpdate {
  id: number;
  body: string;
}

/**
 * Updates per conversation (a chat), answered one at a time, oldest first, by whoever
 * holds the conversation's lease. De-duplication is part of queueing: an update id is
 * queued at most once (within `dedupTtlSeconds`), whichever replica it reaches.
 */
export interface UpdateQueue {
  /** Queues update `id` of conversation `key`; false when the id was queued before (a redelivery, or a copy another replica got). */
  enqueue(key: string, id: number, body: string): Promise<boolean>;
  /** Takes the conversation's lease when nobody holds it; undefined when another holder (here or on another replica) has it. */
  lease(key: string): Promise<ConversationLease | undefined>;
  /** Conversations with queued updates and no live lease: their holder died (or lost Redis) before finishing them. */
  orphans(): Promise<string[]>;
  /**
   * Claims the reply to update `id` for `holder` (one answering attempt) just before its first message is sent:
   * true when the claim is `holder`'s (new, or its own), false when another holder claimed it first. A holder
   * that takes over a dead replica's conversation completes a claimed update without answering it again.
   */
  claimReply(id: number, holder: string): Promise<boolean>;
  /** Who claimed the reply to update `id` (within `dedupTtlSeconds`), or undefined. */
  repliedBy(id: number): Promise<string | undefined>;
}

/** A held conversation. Every call after the lease was lost (expired, taken over) reports it with `false`. */
export interface ConversationLease {
  /** The oldest queued update, or undefined when the queue is empty. */
  head(): Promise<QueuedUpdate | undefined>;
  /** Removes update `id` from the queue; false when the lease was lost meanwhile (fenced: nothing is removed). */
  complete(id: number): Promise<boolean>;
  /** Extends the lease; false when it was lost. */
  renew(): Promise<boolean>;
  /** Gives the lease back when the queue is empty (true); false when more arrived (still held) or it was lost. */
  release(): Promise<boolean>;
  /** Gives the lease back whatever is queued (shutdown): another replica takes the rest over. */
  abandon(): Promise<void>;
  /** True once the lease is known to be lost. */
  readonly lost: boolean;
  /** Unique per lease taken. */
  readonly token: string;
}

/** A sliding-window counter's verdict for one event. */
export interface RateVerdict {
  allowed: boolean;
  /** When refused: seconds until the oldest event leaves the window (at least 1). */
  retryAfterSeconds: number;
  /** When refused: true for the first refusal in this window, so the user is told once. */
  first: boolean;
}

/** Events per key in a sliding window (per-user question limits). */
export interface RateLimitStore {
  /** Counts one event for `key` unless `limit` were already counted in the last `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateVerdict>;
}

/** Jobs in flight per key (questions one user waits for), shared by chat questions and inline queries. */
export interface JobSlots {
  /** Takes a slot if fewer than `limit` are taken; returns its release (idempotent, never throws), or undefined when full. */
  tryAcquire(key: string, limit: number): Promise<(() => Promise<void>) | undefined>;
}

/** A table of small JSON values under generated keys (callback data too long for 64 bytes). */
export interface RefTable<T> {
  /** Stores `value` and returns its key: 1–12 characters of [0-9a-z]. */
  put(value: T): Promise<string>;
  /** The value under `key`, or undefined when unknown, expired or evicted. */
  get(key: string): Promise<T | undefined>;
}

/**
 * Short-lived JSON values under the caller's keys, each taken out at most once: confirm buttons, whose
 * tap may reach any replica. Of two replicas taking one key, only one gets the value.
 */
export interface OnceTable<T> {
  /** Stores `value` under `key` for `ttlMs`, replacing what was there. */
  put(key: string, value: T, ttlMs: number): Promise<void>;
  /** The value under `key`, left in place; undefined when unknown or expired. */
  get(key: string): Promise<T | undefined>;
  /** The value under `key`, removed; undefined when unknown, expired or already taken. */
  take(key: string): Promise<T | undefined>;
}

/** Per-key JSON values with expiry: grammY's session storage shape (read, write, delete). */
export interface KeyValueStore<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Announcements that a new index generation was published (e.g. the manifest's `build`). */
export interface GenerationBus {
  /** Tells the other replicas that generation `build` is published. */
  publish(build: string): Promise<void>;
  /**
   * `cb(build)` runs for every announcement, this replica's own included (reloading is idempotent), and for one
   * announced while this replica was cut off from the store. Returns an unsubscribe.
   */
  onGenerationPublished(cb: (build: string) => void): () => void;
}

/** Whether the shared store can be used right now. */
export interface StateHealth {
  ok: boolean;
  /** "memory" or "redis". */
  store: string;
  /** Why not, when not ok. */
  reason?: string;
}

/** Everything the bot keeps between turns, from one store. */
export interface BotState {
  readonly store: "memory" | "redis";
  /** An id for this process, in logs and lease tokens. */
  readonly replicaId: string;
  /** A conversation's lease lifetime (StateOptions.leaseMs): a replica that dies holding a chat delays it this long at most. */
  readonly leaseMs: number;
  updates: UpdateQueue;
  rateLimits: RateLimitStore;
  jobs: JobSlots;
  refs: RefTable<unknown>;
  /** Pending confirmations (replace an upload, remove a document). */
  pending: OnceTable<unknown>;
  sessions: KeyValueStore<unknown>;
  generations: GenerationBus;
  health(): StateHealth;
  close(): Promise<void>;
}

/** Tunables of the shared state, merged with STATE_DEFAULTS. */
export interface StateOptions {
  /** How long an update id is remembered for de-duplication (and its replied mark), in seconds. */
  dedupTtlSeconds: number;
  /** How long a conversation's lease lives without renewal, in ms: a dead holder's chat is taken over after this. */
  leaseMs: number;
  /** How long follow-up memory (sessions) lives, in seconds. */
  sessionTtlSeconds: number;
  /** How long a stored callback reference lives, in seconds. */
  refTtlSeconds: number;
  /** A job slot held this long is freed even if its holder never released it (it died), in ms. */
  jobSlotTtlMs: number;
  /** Memory store: update ids remembered, and table entries kept, at most. */
  memoryEntries: number;
}

export const STATE_DEFAULTS: StateOptions = {
  dedupTtlSeconds: 24 * 3600,
  leaseMs: 10_000,
  sessionTtlSeconds: 600,
  refTtlSeconds: 7 * 24 * 3600,
  jobSlotTtlMs: 5 * 60_000,
  memoryEntries: 10_000,
};
