/**
 * Answers queued updates one conversation at a time, oldest first, whichever replica
 * received them: the replica holding a conversation's lease answers its queue until it is
 * empty, renewing the lease meanwhile. An update is queued (and de-duplicated) before it is
 * acknowledged, so a replica that dies mid-answer leaves it in the queue; after the lease
 * expires, the sweep of another replica takes the conversation over.
 *
 * Taken over, an update whose first message was already sent (`claimReply`, just before
 * that send) is completed without answering again, and of two holders answering one update
 * (one stalled past its lease) only the first to claim sends: a takeover never answers
 * twice, and a replica dying after the claim but before the send loses that answer
 * (docs/scaling.md).
 */
import type { Logger } from "../log.js";
import { IdleWaiters } from "../util/idle.js";
import type { ConversationLease, QueuedUpdate, UpdateQueue } from "./types.js";

/** What became of an update: answered (or deliberately dropped), or to be tried again later (the store failed mid-way). */
export type Outcome = "done" | "retry";

/**
 * Answers one update. `claimReply` must be awaited before its first message is sent: false means another
 * holder (which took the chat over) already replied, and nothing may be sent. Never throws for a bad update.
 */
export type UpdateHandler = (update: QueuedUpdate, claimReply: () => Promise<boolean>) => Promise<Outcome>;

export interface ConversationOptions {
  /** Lease lifetime in ms (renewed every third of it while answering): the store's `leaseMs`. */
  leaseMs: number;
  /** How often to look for conversations a dead replica left behind, in ms; 0: never (one process). */
  sweepMs: number;
  /** On stop, hand queued updates over to other replicas (true) or answer them first (false: nobody else would). */
  handOver: boolean;
  /**
   * Conversations answered at once by this process; more wait in their queues (with Redis, for whichever
   * replica has room first). Keeps each answer short, so leases are renewed in time even under overload.
   */
  concurrency: number;
  logger: Logger;
}

export class Conversations {
  private readonly active = new Map<string, Promise<void>>();
  /** Conversations kicked while their local loop was running, so it looks at the queue once more. */
  private readonly again = new Set<string>();
  /** Conversations waiting for room here (value: taken over from a dead replica). */
  private readonly waiting = new Map<string, boolean>();
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  private stopping = false;
  private readonly idle = new IdleWaiters();

  constructor(
    private readonly queue: UpdateQueue,
    private readonly handle: UpdateHandler,
    private readonly options: ConversationOptions,
  ) {
    if (options.sweepMs > 0) {
      this.sweeper = setInterval(() => void this.sweep(), options.sweepMs);
      this.sweeper.unref();
    }
  }

  /** Queues an update and starts answering its conversation here unless a holder already is; false for a duplicate. Throws when the store is unreachable. */
  async accept(key: string, id: number, body: string): Promise<boolean> {
    if (!(await this.queue.enqueue(key, id, body))) return false;
    this.kick(key, false);
    return true;
  }

  /** Conversations being answered by this process. */
  get size(): number {
    return this.active.size;
  }

  /** Stops sweeping and taking new conversations; resolves true once local loops have ended, false after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.active.size === 0) return true;
    return this.idle.wait(timeoutMs);
  }

  /** Looks once for conversations whose holder died, and takes them over. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopping) return;
    this.sweeping = true;
    try {
      for (const key of await this.queue.orphans()) this.kick(key, true);
    } catch (error) {
      this.options.logger.debug("sweep failed", { error: (error as Error).message });
    } finally {
      this.sweeping = false;
    }
  }

  private kick(key: string, takeover: boolean): void {
    if (this.active.has(key)) {
      this.again.add(key);
      return;
    }
    if (this.stopping && this.options.handOver) return;
    if (this.active.size >= this.options.concurrency) {
      this.waiting.set(key, this.waiting.get(key) || takeover);
      return;
    }
    this.waiting.delete(key);
    const run = this.run(key, takeover).catch((error: unknown) => this.options.logger.warn("conversation interrupted", { error: (error as Error).message }));
    this.active.set(key, run);
    void run.finally(() => {
      this.active.delete(key);
      if (this.again.delete(key) && !(this.stopping && this.options.handOver)) this.kick(key, false);
      const [next] = this.waiting;
      if (next && this.active.size < this.options.concurrency) this.kick(next[0], next[1]);
      if (this.active.size === 0 && (this.waiting.size === 0 || (this.stopping && this.options.handOver))) {
        this.idle.settle();
      }
    });
  }

  private async run(key: string, takeover: boolean): Promise<void> {
    const lease = await this.queue.lease(key);
    if (!lease) return;
    let first = takeover;
    try {
      for (;;) {
        this.again.delete(key);
        if (this.stopping && this.options.handOver) return void (await lease.abandon());
        const head = await lease.head();
        if (!head) {
          if ((await lease.release()) || lease.lost) return;
          continue;
        }
        const outcome = first && (await this.queue.repliedBy(head.id)) !== undefined ? this.skipAnswered(head) : await this.answer(head, lease);
        first = false;
        if (outcome === "retry") return void (await lease.abandon());
        if (!(await lease.complete(head.id))) {
          this.options.logger.warn("conversation lease lost while answering: another replica took it over", { update_id: head.id });
          return;
        }
      }
    } catch (error) {
      // The store failed: leave the lease to expire, so a sweep (here or elsewhere) resumes once it is back.
      this.options.logger.warn("conversation paused: the state store failed", { error: (error as Error).message });
    }
  }

  private skipAnswered(head: QueuedUpdate): Outcome {
    this.options.logger.warn("update taken over from a stopped replica after its answer was sent; not answered again", { update_id: head.id });
    return "done";
  }

  private async answer(head: QueuedUpdate, lease: ConversationLease): Promise<Outcome> {
    const renew = setInterval(() => void lease.renew().catch(() => {}), Math.max(50, Math.floor(this.options.leaseMs / 3)));
    // An answer abandoned at shutdown may never settle; its renewals must not keep the process alive.
    renew.unref();
    const holder = `${lease.token}:${head.id}`;
    let claimed: Promise<boolean> | undefined;
    try {
      return await this.handle(head, () => (claimed ??= this.queue.claimReply(head.id, holder)));
    } finally {
      clearInterval(renew);
    }
  }
}
