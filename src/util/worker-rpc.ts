/**
 * One request/response protocol for the worker threads (embedding pool, HNSW
 * build, HNSW shard search, the bot's engine thread).
 *
 * The worker `serve`s an API: an object of methods, each taking one payload
 * (plus a `Call` with its cancellation signal and a progress channel) and
 * returning its result, or a promise of it. The host holds a `WorkerClient`:
 * `call(method, payload)` posts `{ id, method, payload }` and settles with the
 * reply of that id; an error crosses as name, message and (for AppError) code
 * and hint, and is thrown again on the host. Payloads and results are
 * structured-cloned once, as postMessage does: pass `transfer` (or return
 * `transferring(result, list)`) to move buffers instead.
 *
 * Lifecycle: the worker says it is ready once its handlers exist (or why they
 * could not be made), a call can be cancelled by its signal, and `close()` ends
 * the worker by message once its calls are answered: a thread may be inside
 * native code (hnswlib), where `terminate()` aborts the whole process. With
 * `unrefWhenIdle`, a worker keeps the process alive only while a call is out.
 */
import { parentPort, type MessagePort, type Transferable, type Worker } from "node:worker_threads";
import { AppError, type ErrorCode } from "../errors.js";

/** What a worker's method gets besides its payload. */
export interface Call {
  /** Aborted when the host cancels the call; only for calls made with a signal. */
  signal?: AbortSignal;
  /** Sends a progress value to the host's `onProgress` for this call. */
  progress(value: unknown): void;
}

class WorkerCall implements Call {
  constructor(private readonly port: MessagePort, private readonly id: number, readonly signal: AbortSignal | undefined) {}
  progress(value: unknown): void {
    this.port.postMessage({ id: this.id, progress: value } satisfies Reply);
  }
}

/** An API as the host sees it: methods of one payload. */
type Methods<A> = { [M in keyof A]: (payload: never) => unknown };
export type PayloadOf<F> = F extends (payload: infer P) => unknown ? P : never;
export type ResultOf<F> = F extends (payload: never) => infer R ? Awaited<R> : never;

/** The worker's implementation of API `A`. */
export type Handlers<A extends Methods<A>> = {
  [M in keyof A]: (payload: PayloadOf<A[M]>, call: Call) => ResultOf<A[M]> | Transferring<ResultOf<A[M]>> | Promise<ResultOf<A[M]> | Transferring<ResultOf<A[M]>>>;
};

/** A result to be sent with a transfer list (its buffers move to the host instead of being copied). */
export class Transferring<T> {
  constructor(readonly value: T, readonly transfer: readonly Transferable[]) {}
}

export function transferring<T>(value: T, transfer: readonly Transferable[]): Transferring<T> {
  return new Transferring(value, transfer);
}

export interface SerializedError {
  name: string;
  message: string;
  code?: ErrorCode;
  hint?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) return { name: error.name, message: error.message, code: error.code, hint: error.hint };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

export function deserializeError(e: SerializedError): Error {
  const error = e.code ? new AppError(e.code, e.message, { hint: e.hint }) : new Error(e.message);
  error.name = e.name;
  return error;
}

/** Host → worker. */
type Request = { id: number; method: string; payload: unknown; cancellable?: true } | { cancel: number } | { close: true };
/** Worker → host. */
type Reply =
  | { ready: true }
  | { ready: false; error: SerializedError }
  | { id: number; result: unknown }
  | { id: number; error: SerializedError }
  | { id: number; progress: unknown };

/**
 * Worker side: answers the host's calls with `handlers`, or with what the
 * given function returns (the worker is ready then; if it throws or rejects,
 * the host hears why, and every call is answered with that error). A `close` request closes
 * the port once the calls in progress are answered, so the thread ends by itself.
 */
export function serve<A extends Methods<A>>(handlers: Handlers<A> | (() => Handlers<A> | Promise<Handlers<A>>), port: MessagePort | null = parentPort): void {
  if (!port) throw new Error("serve() answers a host: run it in a worker thread");
  let api: Record<string, (payload: unknown, call: Call) => unknown> | undefined;
  let failure: SerializedError | undefined;
  let inProgress = 0;
  let closing = false;
  const cancels = new Map<number, AbortController>();
  const queued: Request[] = [];

  const fail = (id: number, error: unknown) => port.postMessage({ id, error: serializeError(error) } satisfies Reply);
  const reply = (id: number, result: unknown) => {
    try {
      if (result instanceof Transferring) port.postMessage({ id, result: result.value } satisfies Reply, result.transfer);
      else port.postMessage({ id, result } satisfies Reply);
    } catch (error) {
      fail(id, error); // not cloneable
    }
  };
  const settled = (id: number) => {
    cancels.delete(id);
    if (--inProgress === 0 && closing) port.close();
  };
  const handle = (request: Request) => {
    if ("cancel" in request) return void cancels.get(request.cancel)?.abort();
    if ("close" in request) {
      closing = true;
      if (inProgress === 0) port.close();
      return;
    }
    const { id } = request;
    if (failure) return void port.postMessage({ id, error: failure } satisfies Reply);
    const method = api![request.method];
    if (typeof method !== "function") return fail(id, new Error(`unknown method ${request.method}`));
    let signal: AbortSignal | undefined;
    if (request.cancellable) {
      const controller = new AbortController();
      cancels.set(id, controller);
      signal = controller.signal;
    }
    let result: unknown;
    inProgress++;
    try {
      result = method.call(api, request.payload, new WorkerCall(port, id, signal));
    } catch (error) {
      fail(id, error);
      return settled(id);
    }
    if (!(result instanceof Promise)) {
      reply(id, result);
      return settled(id);
    }
    result.then(
      (value) => reply(id, value),
      (error: unknown) => fail(id, error),
    ).finally(() => settled(id));
  };

  port.on("message", (request: Request) => (api || failure ? handle(request) : queued.push(request)));
  const start = (resolved: Handlers<A>) => {
    api = resolved as unknown as typeof api;
    port.postMessage({ ready: true } satisfies Reply);
    queued.splice(0).forEach(handle);
  };
  const refuse = (error: unknown) => {
    failure = serializeError(error);
    port.postMessage({ ready: false, error: failure } satisfies Reply);
    queued.splice(0).forEach(handle);
  };
  if (typeof handlers !== "function") return start(handlers);
  try {
    const opened = handlers();
    if (opened instanceof Promise) opened.then(start, refuse);
    else start(opened);
  } catch (error) {
    refuse(error);
  }
}

export interface ClientOptions {
  /** Names the worker in its exit error: "<name> exited (code N)". */
  name: string;
  /** Let the process exit while no call is out (once the worker is ready). */
  unrefWhenIdle?: boolean;
  /** The worker died (an uncaught error, or it exited) without being closed; called before its calls are rejected. */
  onExit?(error: Error): void;
}

export interface CallOptions {
  /** Buffers to move to the worker instead of copying. */
  transfer?: readonly Transferable[];
  /** Cancels the call: it rejects at once with the signal's reason, and the worker's `call.signal` aborts. */
  signal?: AbortSignal;
  onProgress?(value: unknown): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?(value: unknown): void;
}

/** Host side of `serve`: typed calls to one worker. */
export class WorkerClient<A extends Methods<A>> {
  /** Resolves when the worker's handlers are ready; rejects with why they are not, or when the worker dies first. */
  readonly ready: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private isReady = false;
  private exited = false;
  /** close() or terminate() was asked for: the exit that follows is expected. */
  private ending = false;
  private idleWaiters: (() => void)[] = [];
  private exit?: Promise<void>;

  constructor(private readonly worker: Worker, private readonly options: ClientOptions) {
    let readyCallbacks!: { resolve(): void; reject(error: Error): void };
    this.ready = new Promise<void>((resolve, reject) => (readyCallbacks = { resolve, reject }));
    this.ready.catch(() => undefined); // a caller that never awaits it still hears of the failure through its calls
    worker.on("message", (reply: Reply) => {
      if ("id" in reply) return this.settle(reply);
      if (reply.ready) {
        this.isReady = true;
        // Idle: never keeps the process alive (unless it is being closed: then the process waits for its exit).
        if (this.options.unrefWhenIdle && this.pending.size === 0 && !this.ending) worker.unref();
        readyCallbacks.resolve();
      } else {
        const error = deserializeError(reply.error);
        readyCallbacks.reject(error);
        this.rejectAll(error);
      }
    });
    const died = (error: Error) => {
      if (this.exited) return;
      this.exited = true;
      if (!this.ending) this.options.onExit?.(error);
      readyCallbacks.reject(error);
      this.rejectAll(error);
    };
    worker.on("error", (error: unknown) => died(error instanceof Error ? error : new Error(String(error))));
    worker.on("exit", (code) => died(new Error(`${this.options.name} exited (code ${code})`)));
  }

  /** Calls `method` on the worker. */
  call<M extends keyof A & string>(method: M, payload: PayloadOf<A[M]>, options?: CallOptions): Promise<ResultOf<A[M]>> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.exited || this.ending) return Promise.reject(new Error(`${this.options.name} has ${this.exited ? "exited" : "been closed"}`));
    const id = this.nextId++;
    if (this.pending.size === 0 && this.isReady && this.options.unrefWhenIdle) this.worker.ref(); // an answer is awaited: keep the process alive for it
    return new Promise<ResultOf<A[M]>>((resolve, reject) => {
      if (signal) {
        // Cancelled: the worker is told to stop, and the answer is not waited for (nor, by idle(), is it).
        const onAbort = () => {
          if (!this.pending.delete(id)) return;
          this.worker.postMessage({ cancel: id } satisfies Request);
          this.afterSettle();
          reject(signal.reason);
        };
        const done = () => signal.removeEventListener("abort", onAbort);
        this.pending.set(id, { resolve: (v) => (done(), resolve(v as ResultOf<A[M]>)), reject: (e) => (done(), reject(e)), onProgress: options?.onProgress });
        signal.addEventListener("abort", onAbort, { once: true });
        this.worker.postMessage({ id, method, payload, cancellable: true } satisfies Request, options?.transfer);
      } else {
        this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options?.onProgress });
        this.worker.postMessage({ id, method, payload } satisfies Request, options?.transfer);
      }
    });
  }

  /** Calls out (not yet answered, nor cancelled). */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Resolves once no call is out. */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Ends the worker by message, after the calls it holds are answered; resolves when it has exited. Idempotent. */
  close(): Promise<void> {
    return (this.exit ??= this.exited
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.ending = true;
          this.worker.once("exit", () => resolve());
          this.worker.ref(); // keep the event loop waiting for the exit
          this.worker.postMessage({ close: true } satisfies Request);
        }));
  }

  /** Stops the worker at once (never while it may be inside native code: use close()). */
  async terminate(): Promise<void> {
    this.ending = true;
    await this.worker.terminate();
  }

  private settle(reply: { id: number; result: unknown } | { id: number; error: SerializedError } | { id: number; progress: unknown }): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if ("progress" in reply) return void pending.onProgress?.(reply.progress);
    this.pending.delete(reply.id);
    this.afterSettle();
    if ("error" in reply) pending.reject(deserializeError(reply.error));
    else pending.resolve(reply.result);
  }

  private afterSettle(): void {
    if (this.pending.size > 0) return;
    if (this.options.unrefWhenIdle && this.isReady && !this.ending) this.worker.unref();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  private rejectAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    pending.forEach((p) => p.reject(error));
    this.afterSettle();
  }
}
