/**
 * State in Redis, shared by every replica (`CITEBOT_REDIS_URL`). Each operation that
 * reads and then writes is one Lua script, so two replicas never interleave inside it;
 * clocks are Redis's (`TIME`), not the replicas'.
 *
 * Keys, under `<prefix>` (default `citebot:<bot id>:`):
 *   seen:<update_id>      de-duplication (SET NX EX)           replied:<update_id>  who may send the reply
 *   q:<chat>              the chat's queued updates (ZSET by update_id, member = body)
 *   lease:<chat>          who answers the chat now: "<replica>:<fence>" (SET NX PX, renewed)
 *   chats                 chats with queued updates (SET), for the sweep that takes over orphans
 *   rl:<key>, rl:<key>:told   sliding-window rate limit (ZSET of times), "told once" flag
 *   jobs:<key>            job slots (ZSET token → expiry)      ref:<key>, refs:next  callback references
 *   session:<key>         follow-up memory (JSON, EX)          generation, channel "generation"  index generations
 *   pending:<key>         confirm buttons waiting for a tap (JSON, PX; taken once by GET+DEL in MULTI)
 *
 * Unreachable Redis: commands fail at once (no offline queue), `health()` says why, and a
 * warning is logged at most once a minute until it is back.
 */
import { Redis } from "ioredis";
import type { Logger } from "../log.js";
import type { BotState, ConversationLease, GenerationBus, JobSlots, KeyValueStore, OnceTable, QueuedUpdate, RateLimitStore, RateVerdict, RefTable, StateHealth, StateOptions, UpdateQueue } from "./types.js";
import { STATE_DEFAULTS } from "./types.js";

/** How often the "Redis unreachable" warning may repeat. */
const WARN_EVERY_MS = 60_000;

const ENQUEUE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then
  redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
  redis.call('SADD', KEYS[3], ARGV[4])
  return 1
end
return 0`;

/** KEYS: lease, queue; ARGV: token, update id, lease ms. Removes the update only while the lease is still ours (fencing), and renews it. */
const COMPLETE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('ZREMRANGEBYSCORE', KEYS[2], ARGV[2], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** KEYS: replied; ARGV: holder, ttl s. 1 when the claim is (now) the holder's. */
const CLAIM = `
local by = redis.call('GET', KEYS[1])
if by == false then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1 end
if by == ARGV[1] then return 1 end
return 0`;

const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** KEYS: lease, queue, chats; ARGV: token, chat. 1 released, 0 more queued (still held), -1 lost. */
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[2])
return 1`;

const ABANDON = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

/** KEYS: chats; ARGV: prefix, max. Chats with queued updates and no lease; empty ones leave the set. */
const ORPHANS = `
local found = {}
for _, chat in ipairs(redis.call('SRANDMEMBER', KEYS[1], ARGV[2])) do
  if redis.call('EXISTS', ARGV[1] .. 'lease:' .. chat) == 0 then
    if redis.call('ZCARD', ARGV[1] .. 'q:' .. chat) == 0 then redis.call('SREM', KEYS[1], chat)
    else table.insert(found, chat) end
  end
end
return found`;

const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: window, told flag; ARGV: window ms, limit, member suffix. {allowed, retry ms, first}. */
const RATE = `${NOW_MS}
local win = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - win)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
  local first = redis.call('SET', KEYS[2], '1', 'NX', 'PX', win) and 1 or 0
  return {0, oldest + win - now, first}
end
redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], win)
redis.call('DEL', KEYS[2])
return {1, 0, 0}`;

/** KEYS: slots; ARGV: limit, token, ttl ms. */
const ACQUIRE = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

export interface RedisStateOptions extends Partial<StateOptions> {
  url: string;
  /** Key prefix, e.g. `citebot:<bot id>:` so bots sharing a Redis never mix. */
  prefix: string;
  logger: Logger;
  /** This process in lease tokens and logs (default: host-pid-random). */
  replicaId?: string;
  /** Reconnect back-off ceiling in ms (default 2000). */
  maxReconnectMs?: number;
  /** Orphaned chats looked at per sweep (default 100). */
  orphanBatch?: number;
}

let tokens = 0;
const uniqueToken = (replica: string) => `${replica}:${Date.now().toString(36)}:${(tokens++).toString(36)}`;

/** Opens the two connections (commands, and pub/sub) and returns at once: unreachable Redis is retried in the background. */
export function redisState(options: RedisStateOptions): BotState {
  const o = { ...STATE_DEFAULTS, ...options };
  const replicaId = options.replicaId ?? `${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const logger = options.logger.child({ component: "state", store: "redis", replica: replicaId });
  const maxReconnectMs = options.maxReconnectMs ?? 2000;
  const connection = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // A Redis that stops answering (paused, cut off) fails commands instead of holding updates forever.
    commandTimeout: 5000,
    lazyConnect: true,
    retryStrategy: (times: number) => Math.min(100 * times, maxReconnectMs),
  };
  const redis = new Redis(options.url, connection);
  const sub = new Redis(options.url, { ...connection, enableOfflineQueue: true });
  const p = options.prefix;

  let lastWarn = 0;
  let lastError: string | undefined;
  let wasReady = false;
  const onError = (error: Error) => {
    lastError = error.message;
    const now = Date.now();
    if (now - lastWarn < WARN_EVERY_MS) return;
    lastWarn = now;
    // The URL may hold a password: only the error's message is logged.
    logger.warn("Redis unreachable: webhook updates get 503 until it is back", { error: error.message });
  };
  redis.on("error", onError);
  sub.on("error", onError);
  redis.on("ready", () => {
    if (wasReady || lastError) logger.info("Redis reachable again");
    wasReady = true;
    lastError = undefined;
    lastWarn = 0;
  });
  void redis.connect().catch(() => {});
  void sub.connect().catch(() => {});

  const script = async <T>(lua: string, keys: string[], args: (string | number)[]): Promise<T> => (await redis.eval(lua, keys.length, ...keys, ...args)) as T;

  const updates: UpdateQueue = {
    async enqueue(key, id, body) {
      return (await script<number>(ENQUEUE, [`${p}seen:${id}`, `${p}q:${key}`, `${p}chats`], [id, body, o.dedupTtlSeconds, key])) === 1;
    },
    async lease(key) {
      const token = uniqueToken(replicaId);
      const leaseKey = `${p}lease:${key}`;
      const queueKey = `${p}q:${key}`;
      if ((await redis.set(leaseKey, token, "PX", o.leaseMs, "NX")) !== "OK") return undefined;
      let lost = false;
      const held = (ok: boolean) => {
        if (!ok) lost = true;
        return ok;
      };
      const lease: ConversationLease = {
        async head(): Promise<QueuedUpdate | undefined> {
          const [body, score] = await redis.zrange(queueKey, 0, 0, "WITHSCORES");
          return body === undefined ? undefined : { id: Number(score), body };
        },
        complete: async (id) => held((await script<number>(COMPLETE, [leaseKey, queueKey], [token, id, o.leaseMs])) === 1),
        renew: async () => held((await script<number>(RENEW, [leaseKey], [token, o.leaseMs])) === 1),
        async release() {
          const r = await script<number>(RELEASE, [leaseKey, queueKey, `${p}chats`], [token, key]);
          if (r === -1) lost = true;
          return r === 1;
        },
        async abandon() {
          lost = true;
          await script<number>(ABANDON, [leaseKey], [token]);
        },
        get lost() {
          return lost;
        },
        token,
      };
      return lease;
    },
    async orphans() {
      return script<string[]>(ORPHANS, [`${p}chats`], [p, options.orphanBatch ?? 100]);
    },
    async claimReply(id, holder) {
      return (await script<number>(CLAIM, [`${p}replied:${id}`], [holder, o.dedupTtlSeconds])) === 1;
    },
    async repliedBy(id) {
      return (await redis.get(`${p}replied:${id}`)) ?? undefined;
    },
  };

  const rateLimits: RateLimitStore = {
    async hit(key, limit, windowMs): Promise<RateVerdict> {
      const [allowed, retryMs, first] = await script<[number, number, number]>(RATE, [`${p}rl:${key}`, `${p}rl:${key}:told`], [windowMs, limit, uniqueToken(replicaId)]);
      return { allowed: allowed === 1, retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(retryMs / 1000)), first: first === 1 };
    },
  };

  const jobs: JobSlots = {
    async tryAcquire(key, limit) {
      const token = uniqueToken(replicaId);
      const slots = `${p}jobs:${key}`;
      if ((await script<number>(ACQUIRE, [slots], [limit, token, o.jobSlotTtlMs])) !== 1) return undefined;
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        // Unreachable now: the slot frees itself after jobSlotTtlMs.
        await redis.zrem(slots, token).catch((error: Error) => logger.debug("job slot left to expire", { error: error.message }));
      };
    },
  };

  const refs: RefTable<unknown> = {
    async put(value) {
      const key = (await redis.incr(`${p}refs:next`)).toString(36);
      await redis.set(`${p}ref:${key}`, JSON.stringify(value), "EX", o.refTtlSeconds);
      return key;
    },
    async get(key) {
      const json = await redis.get(`${p}ref:${key}`);
      return json === null ? undefined : JSON.parse(json);
    },
  };

  const pending: OnceTable<unknown> = {
    async put(key, value, ttlMs) {
      await redis.set(`${p}pending:${key}`, JSON.stringify(value), "PX", Math.max(1, Math.round(ttlMs)));
    },
    async get(key) {
      const json = await redis.get(`${p}pending:${key}`);
      return json === null ? undefined : JSON.parse(json);
    },
    async take(key) {
      // GET and DEL in one transaction: of two replicas taking the key, one reads it and the other finds it gone.
      const replies = await redis.multi().get(`${p}pending:${key}`).del(`${p}pending:${key}`).exec();
      const json = replies?.[0]?.[1] as string | null | undefined;
      return json == null ? undefined : JSON.parse(json);
    },
  };

  const sessions: KeyValueStore<unknown> = {
    async read(key) {
      const json = await redis.get(`${p}session:${key}`);
      return json === null ? undefined : JSON.parse(json);
    },
    async write(key, value) {
      await redis.set(`${p}session:${key}`, JSON.stringify(value), "EX", o.sessionTtlSeconds);
    },
    async delete(key) {
      await redis.del(`${p}session:${key}`);
    },
  };

  const channel = `${p}generation`;
  const listeners = new Set<(build: string) => void>();
  /** The last generation heard or read; null when Redis had none; undefined before the first read. */
  let lastBuild: string | null | undefined;
  const announce = (build: string) => {
    lastBuild = build;
    for (const cb of listeners) {
      try {
        cb(build);
      } catch (error) {
        logger.error("generation listener failed", { build, error: (error as Error).message });
      }
    }
  };
  // Pub/sub forgets what was said while a replica was not listening: compare with the stored generation on every
  // (re)connect and once the subscription is in place (a build published between the connection's ready and the
  // SUBSCRIBE was never heard: a replica that had just started missed it until its next reconnect).
  const catchUp = () => {
    redis
      .get(`${p}generation`)
      .then((build) => {
        if (lastBuild === undefined) lastBuild = build;
        else if (build !== null && build !== lastBuild) announce(build);
      })
      .catch(() => {});
  };
  sub.on("message", (_channel: string, build: string) => announce(build));
  sub.on("ready", catchUp);
  void sub.subscribe(channel).then(catchUp, () => {});
  const generations: GenerationBus = {
    async publish(build) {
      await redis.multi().set(`${p}generation`, build).publish(channel, build).exec();
    },
    onGenerationPublished(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };

  const health = (): StateHealth => {
    if (redis.status === "ready" && sub.status === "ready") return { ok: true, store: "redis" };
    return { ok: false, store: "redis", reason: lastError ?? `connection ${redis.status === "ready" ? sub.status : redis.status}` };
  };

  return {
    store: "redis",
    replicaId,
    leaseMs: o.leaseMs,
    updates,
    rateLimits,
    jobs,
    refs,
    pending,
    sessions,
    generations,
    health,
    async close() {
      redis.removeAllListeners("ready");
      sub.removeAllListeners("ready");
      await Promise.allSettled([redis.quit(), sub.quit()]);
      redis.disconnect();
      sub.disconnect();
    },
  };
}
