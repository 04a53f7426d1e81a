/**
 * The embedded default: state in this process's memory, as one instance needs it.
 * Bounded (oldest entries go first); lost on restart; never unhealthy.
 */
import { EventEmitter } from "node:events";
import { MemorySessionStorage } from "grammy";
import type {
  BotState,
  ConversationLease,
  GenerationBus,
  JobSlots,
  KeyValueStore,
  QueuedUpdate,
  RateLimitStore,
  OnceTable,
  RateVerdict,
  RefTable,
  StateOptions,
  UpdateQueue,
} from "./types.js";
import { STATE_DEFAULTS } from "./types.js";

/** Drops the oldest entries of an insertion-ordered collection until it holds `max`. */
function trim<K>(keys: { size: number; keys(): IterableIterator<K>; delete(key: K): boolean }, max: number): void {
  for (const k of keys.keys()) {
    if (keys.size <= max) break;
    keys.delete(k);
  }
}

export class MemoryUpdateQueue implements UpdateQueue {
  private readonly seen = new Set<number>();
  private readonly replied = new Map<number, string>();
  private leases = 0;
  private readonly queues = new Map<string, QueuedUpdate[]>();
  private readonly held = new Set<string>();

  /** @param memory update ids remembered for de-duplication */
  constructor(private readonly memory = STATE_DEFAULTS.memoryEntries) {}

  async enqueue(key: string, id: number, body: string): Promise<boolean> {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    trim(this.seen, this.memory);
    const queue = this.queues.get(key) ?? [];
    queue.push({ id, body });
    queue.sort((a, b) => a.id - b.id);
    this.queues.set(key, queue);
    return true;
  }

  async lease(key: string): Promise<ConversationLease | undefined> {
    if (this.held.has(key)) return undefined;
    this.held.add(key);
    let lost = false;
    const token = `m${this.leases++}`;
    const queue = () => this.queues.get(key) ?? [];
    const giveBack = () => {
      this.held.delete(key);
      lost = true;
    };
    return {
      head: async () => queue()[0],
      complete: async (id) => {
        const q = queue();
        const at = q.findIndex((u) => u.id === id);
        if (at >= 0) q.splice(at, 1);
        if (q.length === 0) this.queues.delete(key);
        return true;
      },
      renew: async () => !lost,
      release: async () => {
        if (queue().length > 0) return false;
        giveBack();
        return true;
      },
      abandon: async () => giveBack(),
      get lost() {
        return lost;
      },
      token,
    };
  }

  /** One process never leaves a conversation behind: its holder is this process. */
  async orphans(): Promise<string[]> {
    return [];
  }

  async claimReply(id: number, holder: string): Promise<boolean> {
    const by = this.replied.get(id);
    if (by !== undefined) return by === holder;
    this.replied.set(id, holder);
    trim(this.replied, this.memory);
    return true;
  }

  async repliedBy(id: number): Promise<string | undefined> {
    return this.replied.get(id);
  }
}

interface Bucket {
  hits: number[];
  notified: boolean;
}

export class MemoryRateLimits implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  /** @param options.now clock, for tests (default Date.now); options.maxKeys keys remembered at most, stale ones pruned first */
  constructor(options: { now?: () => number; maxKeys?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? STATE_DEFAULTS.memoryEntries;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateVerdict> {
    const t = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.prune(t, windowMs);
      bucket = { hits: [], notified: false };
      this.buckets.set(key, bucket);
    }
    while (bucket.hits.length && bucket.hits[0]! <= t - windowMs) bucket.hits.shift();
    if (bucket.hits.length >= limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((bucket.hits[0]! + windowMs - t) / 1000));
      const first = !bucket.notified;
      bucket.notified = true;
      return { allowed: false, retryAfterSeconds, first };
    }
    bucket.hits.push(t);
    bucket.notified = false;
    return { allowed: true, retryAfterSeconds: 0, first: false };
  }

  private prune(t: number, windowMs: number): void {
    for (const [k, b] of this.buckets) if (!b.hits.length || b.hits[b.hits.length - 1]! <= t - windowMs) this.buckets.delete(k);
    // Still too many active keys: forget the oldest (Map keeps insertion order).
    trim(this.buckets, this.maxKeys - 1);
  }
}

export class MemoryJobSlots implements JobSlots {
  private readonly counts = new Map<string, number>();

  async tryAcquire(key: string, limit: number): Promise<(() => Promise<void>) | undefined> {
    const n = this.counts.get(key) ?? 0;
    if (n >= limit) return undefined;
    this.counts.set(key, n + 1);
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      // Idle keys are forgotten, so memory is bounded by the jobs in flight.
      if (left <= 0) this.counts.delete(key);
      else this.counts.set(key, left);
    };
  }

  inFlight(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Keys with at least one job in flight. */
  get size(): number {
    return this.counts.size;
  }
}

export class MemoryRefTable<T> implements RefTable<T> {
  private readonly values = new Map<string, T>();
  private next = 0;

  constructor(private readonly capacity = STATE_DEFAULTS.memoryEntries) {}

  async put(value: T): Promise<string> {
    const key = (this.next++).toString(36);
    this.values.set(key, value);
    trim(this.values, this.capacity);
    return key;
  }

  async get(key: string): Promise<T | undefined> {
    return this.values.get(key);
  }
}

export class MemoryOnceTable<T> implements OnceTable<T> {
  private readonly values = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly capacity = STATE_DEFAULTS.memoryEntries,
    private readonly now: () => number = Date.now,
  ) {}

  async put(key: string, value: T, ttlMs: number): Promise<void> {
    this.values.delete(key);
    this.values.set(key, { value, expiresAt: this.now() + ttlMs });
    trim(this.values, this.capacity);
  }

  async get(key: string): Promise<T | undefined> {
    const entry = this.values.get(key);
    if (entry && entry.expiresAt <= this.now()) this.values.delete(key);
    else return entry?.value;
    return undefined;
  }

  async take(key: string): Promise<T | undefined> {
    const value = await this.get(key);
    this.values.delete(key);
    return value;
  }
}

/** grammY's own in-memory session storage (entries expire after the TTL), behind the async shape. */
export class MemoryKeyValueStore<T> implements KeyValueStore<T> {
  private readonly storage: MemorySessionStorage<T>;

  constructor(ttlSeconds: number) {
    this.storage = new MemorySessionStorage<T>(ttlSeconds * 1000);
  }

  async read(key: string): Promise<T | undefined> {
    return this.storage.read(key);
  }

  async write(key: string, value: T): Promise<void> {
    this.storage.write(key, value);
  }

  async delete(key: string): Promise<void> {
    this.storage.delete(key);
  }
}

/** One process has no other replica to tell; subscribers still hear local announcements (tests, an in-process publisher). */
export class MemoryGenerationBus implements GenerationBus {
  private readonly events = new EventEmitter();

  async publish(build: string): Promise<void> {
    this.events.emit("generation", build);
  }

  onGenerationPublished(cb: (build: string) => void): () => void {
    this.events.on("generation", cb);
    return () => this.events.off("generation", cb);
  }
}

export function memoryState(options: Partial<StateOptions> = {}): BotState {
  const o = { ...STATE_DEFAULTS, ...options };
  return {
    store: "memory",
    replicaId: `pid${process.pid}`,
    leaseMs: o.leaseMs,
    updates: new MemoryUpdateQueue(o.memoryEntries),
    rateLimits: new MemoryRateLimits({ maxKeys: o.memoryEntries }),
    jobs: new MemoryJobSlots(),
    refs: new MemoryRefTable(o.memoryEntries),
    pending: new MemoryOnceTable(o.memoryEntries),
    sessions: new MemoryKeyValueStore(o.sessionTtlSeconds),
    generations: new MemoryGenerationBus(),
    health: () => ({ ok: true, store: "memory" }),
    close: async () => {},
  };
}
