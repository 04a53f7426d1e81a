/**
 * A local, strict fake of the Telegram Bot API for tests (127.0.0.1, random
 * port; point grammY at it with `client.apiRoot`).
 *
 * - Records every method call (payload, success or error).
 * - Serves getUpdates from a queue with real offset semantics (an update is
 *   confirmed once a later getUpdates asks for a higher offset) and long polling;
 *   a second concurrent getUpdates gets 409 like the real server.
 * - Injects faults: 429 with retry_after (also a flood window where every call
 *   is throttled), 5xx, "can't parse entities", connection resets (the socket
 *   is destroyed before the call is processed, or after it, so the response is
 *   lost), slow responses, and seeded random chaos mixing all of them.
 * - Tracks which asking message each reply answers (`repliesTo`,
 *   `deliveryReport`), so tests can assert "exactly one answer per question".
 * - Validates strictly: unknown parameters are rejected (so deprecated names
 *   such as reply_to_message_id are caught, unlike the real API which ignores
 *   them), HTML parse mode is parsed with Telegram's rules (allowed tags only,
 *   balanced, entities escaped), text is 1–4096 characters after parsing,
 *   callback_data ≤ 64 bytes, callback/inline query ids must be known and
 *   answered once, chats must exist.
 * - Builds realistic updates (entities for /commands and @mentions included)
 *   and can deliver them to a webhook registered with setWebhook.
 * - Serves files like the real server: `registerFile` makes a Document to send
 *   the bot, `getFile` answers with its file_path (400 "file is too big" above
 *   20 MB), and `GET /file/bot<token>/<file_path>` downloads it; downloads can
 *   fail (HTTP 5xx, a connection reset) and are recorded in `downloads`.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Document, Message, MessageEntity, Update, User, UserFromGetMe } from "grammy/types";
import { seededRandom } from "./random.js";

export interface ApiErrorSpec {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface ApiCall {
  method: string;
  payload: Record<string, any>;
  ok: boolean;
  error?: ApiErrorSpec;
  /** For successful sendMessage/editMessageText: the displayed (parsed) text. */
  plainText?: string;
  /** For successful getUpdates: the update ids delivered. */
  updateIds?: number[];
  /** An injected connection reset: "before" = the call was never processed, "after" = processed but the response was lost. */
  reset?: "before" | "after";
  /** Injected delay before the call was processed, in ms. */
  delayedMs?: number;
  at: number;
}

/** Where an injected connection reset happens. */
export type ResetWhen = "before" | "after";

/**
 * Random faults, drawn per call from a seeded generator (so runs are repeatable).
 * Probabilities are per call of the listed methods; at most one of 429, 5xx and
 * reset hits a call; a delay can come on top.
 */
export interface ChaosOptions {
  seed?: number;
  /** Methods affected (default: every method except getMe). */
  methods?: string[];
  /** Probability of a 429 with `retryAfter` seconds (default 1). */
  rateLimit?: number;
  retryAfter?: number;
  /** Probability of a 502 Bad Gateway. */
  serverError?: number;
  /** Probability of a connection reset before the call is processed (safe to retry). */
  reset?: number;
  /** Probability of a reset after the call was processed (the response is lost; a retry duplicates it). */
  resetAfter?: number;
  /** Probability of a delayed response, and the delay range in ms (default [50, 250]). */
  slow?: number;
  slowMs?: [number, number];
}

/** How many faults of each kind were injected. */
export interface FaultCounts {
  rateLimited: number;
  serverErrors: number;
  resets: number;
  resetsAfter: number;
  delayed: number;
}

/** Per asking message: how many replies it got. */
export interface DeliveryReport {
  questions: number;
  /** Got exactly one reply. */
  once: number;
  /** Got no reply. */
  lost: number;
  /** Got more than one reply. */
  duplicated: number;
  /** update_ids of the lost and duplicated questions. */
  lostIds: number[];
  duplicatedIds: number[];
}

export interface FakeTelegramOptions {
  token?: string;
  botUsername?: string;
  /** Upper bound for a long poll's wait in ms, to keep tests fast (default 30 000). */
  maxPollWaitMs?: number;
}

class ApiFailure extends Error {
  constructor(readonly spec: ApiErrorSpec) {
    super(spec.description);
  }
}

const bad = (description: string) => new ApiFailure({ error_code: 400, description: `Bad Request: ${description}` });

// ---------------------------------------------------------------- HTML parse mode

const TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"]);

function parseAttributes(source: string): Map<string, string | true> | undefined {
  const attrs = new Map<string, string | true>();
  const re = /\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(source);
    if (!m) return undefined;
    attrs.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? true);
    at = re.lastIndex;
  }
  return attrs;
}

/** Telegram-style HTML validation. Returns the displayed text, or throws "can't parse entities". */
export function parseTelegramHtml(html: string): string {
  const fail = (why: string, index: number) => {
    throw bad(`can't parse entities: ${why} at byte offset ${Buffer.byteLength(html.slice(0, index))}`);
  };
  const stack: { name: string; at: number }[] = [];
  let text = "";
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === "<") {
      const close = html.indexOf(">", i);
      if (close === -1) fail("Unclosed start tag", i);
      const inner = html.slice(i + 1, close);
      if (inner.startsWith("/")) {
        const name = inner.slice(1).trim().toLowerCase();
        const top = stack.pop();
        if (!top) fail(`Unexpected end tag "${name}"`, i);
        if (top!.name !== name) fail(`Unmatched end tag at byte offset, expected "</${top!.name}>", found "</${name}>"`, i);
      } else {
        const m = /^([a-zA-Z][a-zA-Z0-9-]*)([\s\S]*)$/.exec(inner);
        if (!m) fail("Unsupported start tag", i);
        const name = m![1]!.toLowerCase();
        if (!TAGS.has(name)) fail(`Unsupported start tag "${name}"`, i);
        const attrs = parseAttributes(m![2]!);
        if (!attrs) fail(`Can't parse attributes of tag "${name}"`, i);
        const keys = [...attrs!.keys()];
        const only = (...allowed: string[]) => {
          for (const k of keys) if (!allowed.includes(k)) fail(`Unsupported attribute "${k}" in tag "${name}"`, i);
        };
        if (name === "span") {
          only("class");
          if (attrs!.get("class") !== "tg-spoiler") fail('Tag "span" must have class "tg-spoiler"', i);
        } else if (name === "a") {
          only("href");
          if (typeof attrs!.get("href") !== "string") fail('Tag "a" must have attribute "href"', i);
        } else if (name === "tg-emoji") {
          only("emoji-id");
        } else if (name === "blockquote") {
          only("expandable");
          if (stack.some((t) => t.name === "blockquote")) fail("Blockquote can't be nested", i);
        } else if (name === "code") {
          only("class");
        } else {
          only();
        }
        const parent = stack[stack.length - 1];
        if (parent && (parent.name === "code" || (parent.name === "pre" && name !== "code"))) fail(`Tag "${name}" can't be inside "${parent.name}"`, i);
        stack.push({ name, at: i });
      }
      i = close + 1;
    } else if (c === "&") {
      const m = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(i, i + 12));
      if (!m) fail("Unescaped & (use &amp;)", i);
      const body = m![1]!;
      text +=
        body === "lt" ? "<" : body === "gt" ? ">" : body === "amp" ? "&" : body === "quot" ? '"' : String.fromCodePoint(body.startsWith("#x") ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10));
      i += m![0].length;
    } else if (c === ">") {
      fail("Unescaped > (use &gt;)", i);
    } else {
      text += c;
      i++;
    }
  }
  const open = stack.pop();
  if (open) fail(`Can't find end tag corresponding to start tag "${open.name}"`, open.at);
  return text;
}

// ---------------------------------------------------------------- parameter validation

const METHOD_PARAMS: Record<string, { required?: string[]; optional?: string[] }> = {
  getMe: {},
  logOut: {},
  close: {},
  getUpdates: { optional: ["offset", "limit", "timeout", "allowed_updates"] },
  setWebhook: { required: ["url"], optional: ["certificate", "ip_address", "max_connections", "allowed_updates", "drop_pending_updates", "secret_token"] },
  deleteWebhook: { optional: ["drop_pending_updates"] },
  getWebhookInfo: {},
  setMyCommands: { required: ["commands"], optional: ["scope", "language_code"] },
  getMyCommands: { optional: ["scope", "language_code"] },
  deleteMyCommands: { optional: ["scope", "language_code"] },
  sendMessage: {
    required: ["chat_id", "text"],
    optional: [
      "business_connection_id", "message_thread_id", "direct_messages_topic_id", "parse_mode", "entities", "link_preview_options", "disable_notification",
      "protect_content", "allow_paid_broadcast", "message_effect_id", "suggested_post_parameters", "reply_parameters", "reply_markup",
    ],
  },
  editMessageText: {
    required: ["text"],
    optional: ["business_connection_id", "chat_id", "message_id", "inline_message_id", "parse_mode", "entities", "link_preview_options", "reply_markup"],
  },
  deleteMessage: { required: ["chat_id", "message_id"] },
  sendChatAction: { required: ["chat_id", "action"], optional: ["business_connection_id", "message_thread_id"] },
  answerCallbackQuery: { required: ["callback_query_id"], optional: ["text", "show_alert", "url", "cache_time"] },
  answerInlineQuery: { required: ["inline_query_id", "results"], optional: ["cache_time", "is_personal", "next_offset", "button"] },
  getFile: { required: ["file_id"] },
};

/** The public Bot API serves files up to this size. */
export const FILE_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

interface StoredFile {
  fileId: string;
  uniqueId: string;
  path: string;
  bytes: Uint8Array;
  /** What Telegram reports (may exceed `bytes.length`, to fake a large file cheaply). */
  size: number;
}

/** One download request seen by the file server. */
export interface FileDownload {
  path: string;
  status: number | "reset";
  at: number;
}

const CHAT_ACTIONS = new Set([
  "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location",
  "record_video_note", "upload_video_note",
]);
const UPDATE_TYPES = new Set([
  "message", "edited_message", "channel_post", "edited_channel_post", "business_connection", "business_message", "edited_business_message",
  "deleted_business_messages", "message_reaction", "message_reaction_count", "inline_query", "chosen_inline_result", "callback_query",
  "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_member", "chat_join_request",
  "chat_boost", "removed_chat_boost",
]);
const BUTTON_ACTIONS = [
  "url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
  "copy_text", "callback_game", "pay",
];

function checkKeys(obj: unknown, allowed: string[], what: string): Record<string, any> {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw bad(`${what} must be an object`);
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) throw bad(`unexpected field "${k}" in ${what}`);
  return obj as Record<string, any>;
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

function checkReplyMarkup(markup: unknown): void {
  const m = checkKeys(markup, ["inline_keyboard", "keyboard", "remove_keyboard", "force_reply", "selective", "is_persistent", "resize_keyboard", "one_time_keyboard", "input_field_placeholder"], "reply_markup");
  if (m.inline_keyboard === undefined) return;
  if (!Array.isArray(m.inline_keyboard)) throw bad("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array");
  for (const row of m.inline_keyboard) {
    if (!Array.isArray(row)) throw bad("inline keyboard rows must be arrays");
    for (const button of row) {
      const b = checkKeys(button, ["text", "icon_custom_emoji_id", "style", ...BUTTON_ACTIONS], "InlineKeyboardButton");
      if (typeof b.text !== "string" || b.text.length === 0) throw bad("inline keyboard button text must be non-empty");
      const actions = BUTTON_ACTIONS.filter((a) => b[a] !== undefined);
      if (actions.length !== 1) throw bad("inline keyboard button must have exactly one action");
      if (b.callback_data !== undefined) {
        if (typeof b.callback_data !== "string" || b.callback_data.length === 0 || Buffer.byteLength(b.callback_data) > 64) throw bad("BUTTON_DATA_INVALID");
      }
    }
  }
}

function checkLinkPreview(options: unknown): void {
  const o = checkKeys(options, ["is_disabled", "url", "prefer_small_media", "prefer_large_media", "show_above_text"], "link_preview_options");
  for (const k of ["is_disabled", "prefer_small_media", "prefer_large_media", "show_above_text"]) {
    if (o[k] !== undefined && typeof o[k] !== "boolean") throw bad(`link_preview_options.${k} must be a boolean`);
  }
}

/** Displayed text of a message text argument under its parse mode, validated for length. */
function displayedText(text: unknown, parseMode: unknown): string {
  if (typeof text !== "string") throw bad("message text must be a string");
  if (parseMode !== undefined && !["HTML", "MarkdownV2", "Markdown"].includes(parseMode as string)) throw bad(`unsupported parse_mode "${String(parseMode)}"`);
  const shown = parseMode === "HTML" ? parseTelegramHtml(text) : text;
  if (shown.trim().length === 0) throw bad("message text is empty");
  if (shown.length > 4096) throw bad("message is too long");
  return shown;
}

// ---------------------------------------------------------------- the server

interface StoredMessage {
  message: Message;
  fromBot: boolean;
}

export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  readonly botInfo: UserFromGetMe;
  /** Set by setWebhook, cleared by deleteWebhook. */
  webhook: { url: string; secret_token?: string; allowed_updates?: string[] } | undefined;
  /** setMyCommands results keyed by `scope-json|language_code`. */
  readonly commands = new Map<string, { command: string; description: string }[]>();

  private readonly queue: Update[] = [];
  private nextUpdateId = 1000;
  private confirmedOffset = 0;
  private poll: { res: ServerResponse; finish: () => void } | undefined;
  private readonly pollWaiters = new Set<() => void>();
  private readonly failures: { method: string; error: ApiErrorSpec; remaining: number }[] = [];
  private readonly chats = new Map<number, Chat>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly nextMessageId = new Map<number, number>();
  private readonly callbackQueries = new Map<string, boolean>();
  private readonly inlineQueries = new Map<string, boolean>();
  private nextQueryId = 1;
  private nextUserId = 5000;
  private readonly resets: { method: string; when: ResetWhen; remaining: number }[] = [];
  private readonly delays: { method: string; ms: number; remaining: number }[] = [];
  private flood: { until: number; retryAfter: number; methods?: Set<string> } | undefined;
  private chaosState: { options: ChaosOptions; random: () => number } | undefined;
  /** Responses to drop by destroying the socket (a reset after processing). */
  private readonly lostResponses = new WeakSet<ServerResponse>();
  private readonly callListeners = new Set<(call: ApiCall) => void>();
  /** Successful sendMessage replies per `chatId:messageId` of the message replied to. */
  private readonly replies = new Map<string, ApiCall[]>();
  /** Every response is delayed this long (a slow API), in ms. */
  latencyMs = 0;
  /** Requests to `/file/bot<token>/…`, in order. */
  readonly downloads: FileDownload[] = [];
  private readonly files = new Map<string, StoredFile>();
  private nextFileId = 1;
  private readonly downloadFaults: { kind: number | "reset"; remaining: number }[] = [];
  readonly faults: FaultCounts = { rateLimited: 0, serverErrors: 0, resets: 0, resetsAfter: 0, delayed: 0 };

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
    readonly token: string,
    private readonly options: FakeTelegramOptions,
  ) {
    const username = options.botUsername ?? "citebot_test_bot";
    this.botInfo = {
      id: Number(token.split(":")[0]),
      is_bot: true,
      first_name: "Citebot",
      username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: true,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
    } as UserFromGetMe;
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const token = options.token ?? "123456789:TEST_token-abcdefghijklmnopqrstuvwxyz012";
    let fake: FakeTelegram | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTelegram(server, `http://127.0.0.1:${port}`, token, options);
    return fake;
  }

  async close(): Promise<void> {
    this.poll?.finish();
    for (const w of this.pollWaiters) w();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ------------------------------------------------------------ assertions helpers

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Successful sendMessage calls (optionally to one chat). */
  sent(chatId?: number): ApiCall[] {
    return this.calls.filter((c) => c.method === "sendMessage" && c.ok && (chatId === undefined || c.payload.chat_id === chatId));
  }

  /** Successful editMessageText calls (optionally in one chat). */
  edits(chatId?: number): ApiCall[] {
    return this.calls.filter((c) => c.method === "editMessageText" && c.ok && (chatId === undefined || c.payload.chat_id === chatId));
  }

  /** Messages the bot sent, as Message objects (to build replies and button presses); edited ones as they are now. */
  botMessages(chatId?: number): Message[] {
    return [...this.messages.values()].filter((m) => m.fromBot && (chatId === undefined || m.message.chat.id === chatId)).map((m) => m.message);
  }

  /** Every call whose method is not purely informational (for "silence" checks). */
  outgoing(): ApiCall[] {
    return this.calls.filter((c) => !["getMe", "getUpdates", "setMyCommands", "deleteWebhook", "setWebhook"].includes(c.method));
  }

  clearCalls(): void {
    this.calls.length = 0;
    this.replies.clear();
  }

  async waitFor(predicate: (calls: ApiCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline) throw new Error(`waitFor timed out; calls: ${this.calls.map((c) => c.method).join(", ")}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** True while a long-polling getUpdates is waiting for updates. */
  get polling(): boolean {
    return this.poll !== undefined;
  }

  /** The highest update_id any getUpdates has returned so far (0 if none). */
  get lastDelivered(): number {
    let max = 0;
    for (const c of this.calls) for (const id of c.updateIds ?? []) max = Math.max(max, id);
    return max;
  }

  /** Confirmed offset: updates below it are gone for good. */
  get offset(): number {
    return this.confirmedOffset;
  }

  pendingUpdates(): Update[] {
    return this.queue.filter((u) => u.update_id >= this.confirmedOffset);
  }

  // ------------------------------------------------------------ error injection

  failNext(method: string, error: ApiErrorSpec, times = 1): void {
    this.failures.push({ method, error, remaining: times });
  }

  rateLimitNext(method: string, retryAfterSeconds: number, times = 1): void {
    this.failNext(method, { error_code: 429, description: `Too Many Requests: retry after ${retryAfterSeconds}`, parameters: { retry_after: retryAfterSeconds } }, times);
  }

  serverErrorNext(method: string, times = 1): void {
    this.failNext(method, { error_code: 502, description: "Bad Gateway" }, times);
  }

  /** The next `times` calls of `method` lose their connection: before processing (never happened) or after (the response is lost). */
  resetNext(method: string, times = 1, when: ResetWhen = "before"): void {
    this.resets.push({ method, when, remaining: times });
  }

  /** The next `times` calls of `method` are answered only after `ms`. */
  delayNext(method: string, ms: number, times = 1): void {
    this.delays.push({ method, ms, remaining: times });
  }

  /** For `ms` from now, every call (or every call of `methods`) gets 429 with `retry_after` — Telegram's flood control. */
  floodFor(ms: number, retryAfterSeconds: number, methods?: string[]): void {
    this.flood = { until: Date.now() + ms, retryAfter: retryAfterSeconds, methods: methods ? new Set(methods) : undefined };
  }

  /** Random faults from now on (undefined turns them off). */
  chaos(options: ChaosOptions | undefined): void {
    this.chaosState = options ? { options, random: seededRandom(options.seed ?? 1) } : undefined;
  }

  /** Called after every call completes (successfully, with an error, or reset). Returns an unsubscribe function. */
  onCall(listener: (call: ApiCall) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /** Successful sendMessage calls that reply to the given message (the first part of each answer carries the reply). */
  repliesTo(chatId: number, messageId: number): ApiCall[] {
    return this.replies.get(`${chatId}:${messageId}`) ?? [];
  }

  /** How many replies each asking update (message or edited_message) got. */
  deliveryReport(updates: readonly Update[]): DeliveryReport {
    const report: DeliveryReport = { questions: 0, once: 0, lost: 0, duplicated: 0, lostIds: [], duplicatedIds: [] };
    for (const u of updates) {
      const msg = u.message ?? u.edited_message;
      if (!msg) continue;
      report.questions++;
      const n = this.repliesTo(msg.chat.id, msg.message_id).length;
      if (n === 1) report.once++;
      else if (n === 0) (report.lost++, report.lostIds.push(u.update_id));
      else (report.duplicated++, report.duplicatedIds.push(u.update_id));
    }
    return report;
  }

  rejectEntitiesNext(times = 1): void {
    this.failNext("sendMessage", { error_code: 400, description: 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0' }, times);
  }

  // ------------------------------------------------------------ update builders

  user(options: { id?: number; languageCode?: string; firstName?: string; isBot?: boolean } = {}): User {
    return {
      id: options.id ?? this.nextUserId++,
      is_bot: options.isBot ?? false,
      first_name: options.firstName ?? "Tester",
      ...(options.languageCode ? { language_code: options.languageCode } : {}),
    };
  }

  privateChat(user: User): Chat.PrivateChat {
    const chat: Chat.PrivateChat = { id: user.id, type: "private", first_name: user.first_name };
    this.chats.set(chat.id, chat);
    return chat;
  }

  groupChat(id = -100_000 - this.chats.size, type: "group" | "supergroup" = "supergroup"): Chat.SupergroupChat | Chat.GroupChat {
    const chat = type === "group" ? ({ id, type, title: "Test group" } as Chat.GroupChat) : ({ id, type, title: "Test group" } as Chat.SupergroupChat);
    this.chats.set(id, chat);
    return chat;
  }

  /** Entities a Telegram client would attach: /command at the start, @mentions anywhere. */
  entitiesFor(text: string): MessageEntity[] {
    const entities: MessageEntity[] = [];
    const cmd = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?/.exec(text);
    if (cmd) entities.push({ type: "bot_command", offset: 0, length: cmd[0].length });
    for (const m of text.matchAll(/@[A-Za-z0-9_]{5,32}/g)) {
      if (m.index === 0 || !/[A-Za-z0-9_/]/.test(text[m.index - 1]!)) entities.push({ type: "mention", offset: m.index, length: m[0].length });
    }
    return entities;
  }

  private storeIncoming(message: Message): void {
    this.messages.set(`${message.chat.id}:${message.message_id}`, { message, fromBot: false });
  }

  private takeMessageId(chatId: number): number {
    const id = this.nextMessageId.get(chatId) ?? 1;
    this.nextMessageId.set(chatId, id + 1);
    return id;
  }

  /** A message update; `fields` are merged into the Message (e.g. sticker, reply_to_message, caption). */
  message(options: { chat: Chat; from: User; text?: string; fields?: Partial<Message> & Record<string, unknown> }): Update {
    const { chat, from, text } = options;
    this.chats.set(chat.id, chat);
    const message = {
      message_id: this.takeMessageId(chat.id),
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      ...(text !== undefined ? { text, ...(this.entitiesFor(text).length ? { entities: this.entitiesFor(text) } : {}) } : {}),
      ...options.fields,
    } as Message;
    this.storeIncoming(message);
    return { update_id: this.nextUpdateId++, message } as Update;
  }

  privateText(text: string, options: { user?: User; languageCode?: string } = {}): Update {
    const from = options.user ?? this.user({ languageCode: options.languageCode });
    return this.message({ chat: this.privateChat(from), from, text });
  }

  groupText(text: string, options: { chat?: Chat; user?: User; replyTo?: Message } = {}): Update {
    const chat = options.chat ?? this.groupChat();
    return this.message({ chat, from: options.user ?? this.user(), text, fields: options.replyTo ? { reply_to_message: options.replyTo as any } : {} });
  }

  /** The same message, edited: an edited_message update with new text. */
  edited(original: Update, newText: string): Update {
    const msg = original.message!;
    const message = { ...msg, text: newText, edit_date: Math.floor(Date.now() / 1000) } as Message;
    delete (message as { entities?: unknown }).entities;
    const entities = this.entitiesFor(newText);
    if (entities.length) (message as { entities?: MessageEntity[] }).entities = entities;
    this.messages.set(`${msg.chat.id}:${msg.message_id}`, { message, fromBot: false });
    return { update_id: this.nextUpdateId++, edited_message: message } as Update;
  }

  /** A button press on `message` (a message the bot sent), or on an inline message when `message` is omitted. */
  callback(data: string, options: { message?: Message; user?: User } = {}): Update {
    const id = String(this.nextQueryId++);
    this.callbackQueries.set(id, false);
    const from = options.user ?? this.user();
    return {
      update_id: this.nextUpdateId++,
      callback_query: {
        id,
        from,
        chat_instance: "42",
        data,
        ...(options.message ? { message: options.message } : { inline_message_id: "AAAAinline" }),
      },
    } as Update;
  }

  inline(query: string, options: { user?: User } = {}): Update {
    const id = String(this.nextQueryId++);
    this.inlineQueries.set(id, false);
    return { update_id: this.nextUpdateId++, inline_query: { id, from: options.user ?? this.user(), query, offset: "" } } as Update;
  }

  /**
   * A file the bot can fetch, as the Document a message carries. `size` overrides the reported
   * file_size (a "25 MB" file without 25 MB of memory); `path` is where the server keeps it.
   */
  registerFile(bytes: Uint8Array, options: { fileName?: string; mimeType?: string; size?: number; path?: string } = {}): Document {
    const n = this.nextFileId++;
    const ext = /\.[A-Za-z0-9]{1,8}$/.exec(options.fileName ?? "")?.[0] ?? "";
    const file: StoredFile = { fileId: `BQACAgIAAx${n}file`, uniqueId: `AgAD${n}`, path: options.path ?? `documents/file_${n}${ext}`, bytes, size: options.size ?? bytes.byteLength };
    this.files.set(file.fileId, file);
    return {
      file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size,
      ...(options.fileName !== undefined ? { file_name: options.fileName } : {}),
      ...(options.mimeType ? { mime_type: options.mimeType } : {}),
    };
  }

  /** A message carrying `document`; a caption such as "/add" gets its command entity. */
  documentMessage(document: Document, options: { chat?: Chat; user?: User; caption?: string } = {}): Update {
    const from = options.user ?? this.user();
    const chat = options.chat ?? this.privateChat(from);
    const caption = options.caption;
    const entities = caption !== undefined ? this.entitiesFor(caption) : [];
    return this.message({ chat, from, fields: { document, ...(caption !== undefined ? { caption } : {}), ...(entities.length ? { caption_entities: entities } : {}) } });
  }

  /** The next `times` downloads fail: with this HTTP status, or by a connection reset before any byte. */
  failDownloadNext(kind: number | "reset", times = 1): void {
    this.downloadFaults.push({ kind, remaining: times });
  }

  /** Queues updates for getUpdates. */
  enqueue(...updates: Update[]): void {
    this.queue.push(...updates);
    for (const w of [...this.pollWaiters]) w();
  }

  /**
   * Posts an update to the registered webhook like Telegram does; returns the HTTP status.
   * `to` posts to another origin (e.g. one replica behind the load balancer), with the registered path and secret.
   */
  async deliverWebhook(update: Update, options: { secret?: string | null; to?: string } = {}): Promise<number> {
    if (!this.webhook) throw new Error("no webhook registered");
    const url = new URL(this.webhook.url);
    if (options.to) {
      const to = new URL(options.to);
      url.host = to.host;
      url.protocol = to.protocol;
    }
    const secret = options.secret === undefined ? this.webhook.secret_token : options.secret;
    const body = JSON.stringify(update);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  // ------------------------------------------------------------ HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname.startsWith("/file/")) return this.serveFile(url, req, res);
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return this.respond(res, { ok: false, error_code: 404, description: "Not Found" });
    if (decodeURIComponent(m[1]!) !== this.token) return this.respond(res, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = m[2]!;
    let payload: Record<string, any>;
    try {
      payload = await this.readPayload(req, url);
    } catch (error) {
      return this.respond(res, { ok: false, error_code: 400, description: `Bad Request: ${(error as Error).message}` });
    }
    const call: ApiCall = { method, payload, ok: false, at: Date.now() };
    this.calls.push(call);
    try {
      await this.serve(method, payload, req, res, call);
    } finally {
      for (const listener of this.callListeners) listener(call);
    }
  }

  private async serve(method: string, payload: Record<string, any>, req: IncomingMessage, res: ServerResponse, call: ApiCall): Promise<void> {
    const fault = this.drawFault(method);
    if (fault.delayMs > 0) {
      call.delayedMs = fault.delayMs;
      this.faults.delayed++;
      await new Promise((r) => setTimeout(r, fault.delayMs));
      if (res.destroyed) return;
    }
    if (fault.reset === "before") {
      call.reset = "before";
      this.faults.resets++;
      req.socket.destroy();
      return;
    }
    if (fault.reset === "after") {
      call.reset = "after";
      this.faults.resetsAfter++;
      this.lostResponses.add(res);
    }
    let failure = fault.error;
    const scheduled = failure ? undefined : this.failures.find((f) => f.method === method && f.remaining > 0);
    if (scheduled) {
      scheduled.remaining--;
      failure = scheduled.error;
    }
    if (failure) {
      call.error = failure;
      return this.respond(res, { ok: false, ...failure });
    }
    try {
      if (method === "getUpdates") return await this.getUpdates(payload, res, call);
      const result = this.dispatch(method, payload, call);
      call.ok = true;
      if (method === "sendMessage" && payload.reply_parameters?.message_id !== undefined) {
        const key = `${payload.reply_parameters.chat_id ?? payload.chat_id}:${payload.reply_parameters.message_id}`;
        this.replies.set(key, [...(this.replies.get(key) ?? []), call]);
      }
      this.respond(res, { ok: true, result });
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      call.error = error.spec;
      this.respond(res, { ok: false, ...error.spec });
    }
  }

  /** `GET /file/bot<token>/<file_path>`, like the real file server: the bytes, or a JSON 404/401. */
  private serveFile(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const m = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    const record = (status: number | "reset") => this.downloads.push({ path: m ? decodeURIComponent(m[2]!) : url.pathname, status, at: Date.now() });
    if (req.method !== "GET" || !m) {
      record(404);
      return this.respond(res, { ok: false, error_code: 404, description: "Not Found" });
    }
    if (decodeURIComponent(m[1]!) !== this.token) {
      record(401);
      return this.respond(res, { ok: false, error_code: 401, description: "Unauthorized" });
    }
    const fault = this.downloadFaults.find((f) => f.remaining > 0);
    if (fault) {
      fault.remaining--;
      record(fault.kind);
      if (fault.kind === "reset") return void req.socket.destroy();
      return this.respond(res, { ok: false, error_code: fault.kind, description: fault.kind >= 500 ? "Internal Server Error" : "Error" });
    }
    const file = [...this.files.values()].find((f) => f.path === decodeURIComponent(m[2]!));
    if (!file) {
      record(404);
      return this.respond(res, { ok: false, error_code: 404, description: "Not Found" });
    }
    record(200);
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.bytes.byteLength });
    res.end(file.bytes);
  }

  /** Which injected faults hit this call: scheduled ones first, then the flood window, then chaos. */
  private drawFault(method: string): { delayMs: number; reset?: ResetWhen; error?: ApiErrorSpec } {
    let delayMs = this.latencyMs;
    const delay = this.delays.find((d) => d.method === method && d.remaining > 0);
    if (delay) {
      delay.remaining--;
      delayMs += delay.ms;
    }
    const reset = this.resets.find((r) => r.method === method && r.remaining > 0);
    if (reset) {
      reset.remaining--;
      return { delayMs, reset: reset.when };
    }
    const rateLimited = (retryAfter: number): ApiErrorSpec => {
      this.faults.rateLimited++;
      return { error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } };
    };
    if (this.flood) {
      if (Date.now() >= this.flood.until) this.flood = undefined;
      else if (!this.flood.methods || this.flood.methods.has(method)) return { delayMs, error: rateLimited(this.flood.retryAfter) };
    }
    const chaos = this.chaosState;
    if (!chaos || !(chaos.options.methods ? chaos.options.methods.includes(method) : method !== "getMe")) return { delayMs };
    const o = chaos.options;
    const r = chaos.random;
    if (o.slow && r() < o.slow) {
      const [min, max] = o.slowMs ?? [50, 250];
      delayMs += Math.round(min + r() * (max - min));
    }
    const x = r();
    let edge = o.rateLimit ?? 0;
    if (x < edge) return { delayMs, error: rateLimited(o.retryAfter ?? 1) };
    if (x < (edge += o.serverError ?? 0)) {
      this.faults.serverErrors++;
      return { delayMs, error: { error_code: 502, description: "Bad Gateway" } };
    }
    if (x < (edge += o.reset ?? 0)) return { delayMs, reset: "before" };
    if (x < (edge += o.resetAfter ?? 0)) return { delayMs, reset: "after" };
    return { delayMs };
  }

  private async readPayload(req: IncomingMessage, url: URL): Promise<Record<string, any>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const type = req.headers["content-type"] ?? "";
    const fromPairs = (params: URLSearchParams) => {
      const out: Record<string, any> = {};
      for (const [k, v] of params) {
        try {
          out[k] = JSON.parse(v);
        } catch {
          out[k] = v;
        }
      }
      return out;
    };
    if (!body) return fromPairs(url.searchParams);
    if (type.includes("application/json")) {
      const value = JSON.parse(body);
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("body must be a JSON object");
      return value;
    }
    if (type.includes("application/x-www-form-urlencoded")) return fromPairs(new URLSearchParams(body));
    throw new Error(`unsupported content type "${type}"`);
  }

  private respond(res: ServerResponse, body: { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: unknown }): void {
    if (res.writableEnded || res.destroyed) return;
    if (this.lostResponses.has(res)) {
      // Processed, but the connection drops before the response is written.
      res.socket?.destroy();
      return;
    }
    res.writeHead(body.ok ? 200 : body.error_code ?? 500, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private checkParams(method: string, payload: Record<string, any>): void {
    const spec = METHOD_PARAMS[method];
    if (!spec) throw new ApiFailure({ error_code: 404, description: "Not Found: method not found" });
    const allowed = [...(spec.required ?? []), ...(spec.optional ?? [])];
    for (const k of Object.keys(payload)) if (!allowed.includes(k)) throw bad(`unexpected parameter "${k}" for ${method}`);
    for (const k of spec.required ?? []) if (payload[k] === undefined) throw bad(`parameter "${k}" is required`);
  }

  private chat(chatId: unknown): Chat {
    if (!isInt(chatId) && !(typeof chatId === "string" && /^@\w+$/.test(chatId))) throw bad("invalid chat_id");
    const chat = isInt(chatId) ? this.chats.get(chatId) : undefined;
    if (!chat) throw bad("chat not found");
    return chat;
  }

  private async getUpdates(payload: Record<string, any>, res: ServerResponse, call: ApiCall): Promise<void> {
    this.checkParams("getUpdates", payload);
    if (this.webhook) throw new ApiFailure({ error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
    const offset = payload.offset ?? 0;
    const limit = payload.limit ?? 100;
    const timeout = payload.timeout ?? 0;
    if (!isInt(offset) || !isInt(limit) || limit < 1 || limit > 100 || !isInt(timeout) || timeout < 0) throw bad("invalid getUpdates parameters");
    if (payload.allowed_updates !== undefined) {
      if (!Array.isArray(payload.allowed_updates) || payload.allowed_updates.some((u: unknown) => !UPDATE_TYPES.has(u as string))) throw bad("invalid allowed_updates");
    }
    // Like Telegram: a newer request terminates a pending one.
    if (this.poll) {
      const old = this.poll;
      this.poll = undefined;
      this.respond(old.res, { ok: false, error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" });
      old.finish();
    }
    if (offset > this.confirmedOffset) this.confirmedOffset = offset;
    const ready = () => this.queue.filter((u) => u.update_id >= this.confirmedOffset).slice(0, limit);
    let updates = ready();
    if (updates.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const finish = () => {
          clearTimeout(timer);
          this.pollWaiters.delete(finish);
          if (this.poll?.res === res) this.poll = undefined;
          resolve();
        };
        this.poll = { res, finish };
        this.pollWaiters.add(finish);
        timer = setTimeout(finish, Math.min(timeout * 1000, this.options.maxPollWaitMs ?? 30_000));
        res.on("close", finish);
      });
      // Terminated by a newer request (409 already sent) or abandoned by the client.
      if (res.writableEnded || res.destroyed) return;
      updates = ready();
    }
    call.ok = true;
    call.updateIds = updates.map((u) => u.update_id);
    this.respond(res, { ok: true, result: updates });
  }

  private dispatch(method: string, p: Record<string, any>, call: ApiCall): unknown {
    this.checkParams(method, p);
    switch (method) {
      case "getMe":
        return this.botInfo;
      case "logOut":
      case "close":
        return true;
      case "setWebhook": {
        const url = typeof p.url === "string" ? p.url : "";
        if (!/^https?:\/\//.test(url)) throw bad("bad webhook: An HTTPS URL must be provided for webhook");
        if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(p.secret_token)) throw bad("secret token contains unallowed characters");
        if (p.max_connections !== undefined && (!isInt(p.max_connections) || p.max_connections < 1 || p.max_connections > 100)) throw bad("invalid max_connections");
        if (p.allowed_updates !== undefined && (!Array.isArray(p.allowed_updates) || p.allowed_updates.some((u: unknown) => !UPDATE_TYPES.has(u as string)))) throw bad("invalid allowed_updates");
        this.webhook = { url, secret_token: p.secret_token, allowed_updates: p.allowed_updates };
        return true;
      }
      case "deleteWebhook":
        this.webhook = undefined;
        if (p.drop_pending_updates === true) this.confirmedOffset = this.nextUpdateId;
        return true;
      case "getWebhookInfo":
        return { url: this.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: this.pendingUpdates().length };
      case "setMyCommands":
      case "getMyCommands":
      case "deleteMyCommands": {
        const key = this.commandKey(p);
        if (method === "getMyCommands") return this.commands.get(key) ?? [];
        if (method === "deleteMyCommands") {
          this.commands.delete(key);
          return true;
        }
        if (!Array.isArray(p.commands) || p.commands.length > 100) throw bad("commands must be an array of at most 100 items");
        for (const c of p.commands) {
          const cmd = checkKeys(c, ["command", "description"], "BotCommand");
          if (typeof cmd.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(cmd.command)) throw bad("BOT_COMMAND_INVALID");
          if (typeof cmd.description !== "string" || cmd.description.length < 1 || cmd.description.length > 256) throw bad("BOT_COMMAND_DESCRIPTION_INVALID");
        }
        this.commands.set(key, p.commands);
        return true;
      }
      case "sendMessage": {
        const chat = this.chat(p.chat_id);
        const shown = displayedText(p.text, p.parse_mode);
        if (p.link_preview_options !== undefined) checkLinkPreview(p.link_preview_options);
        if (p.reply_markup !== undefined) checkReplyMarkup(p.reply_markup);
        if (p.message_thread_id !== undefined && !isInt(p.message_thread_id)) throw bad("invalid message_thread_id");
        let replyTo: Message | undefined;
        if (p.reply_parameters !== undefined) {
          const r = checkKeys(p.reply_parameters, ["message_id", "chat_id", "allow_sending_without_reply", "quote", "quote_parse_mode", "quote_entities", "quote_position", "checklist_task_id"], "reply_parameters");
          if (!isInt(r.message_id)) throw bad("reply_parameters.message_id must be an integer");
          replyTo = this.messages.get(`${r.chat_id ?? chat.id}:${r.message_id}`)?.message;
          if (!replyTo && r.allow_sending_without_reply !== true) throw bad("message to be replied not found");
        }
        call.plainText = shown;
        const message = {
          message_id: this.takeMessageId(chat.id),
          from: this.botInfo,
          chat,
          date: Math.floor(Date.now() / 1000),
          text: shown,
          ...(replyTo ? { reply_to_message: replyTo } : {}),
          ...(p.reply_markup?.inline_keyboard ? { reply_markup: p.reply_markup } : {}),
        } as Message;
        this.messages.set(`${chat.id}:${message.message_id}`, { message, fromBot: true });
        return message;
      }
      case "editMessageText": {
        if (p.inline_message_id !== undefined) {
          call.plainText = displayedText(p.text, p.parse_mode);
          return true;
        }
        const chat = this.chat(p.chat_id);
        const stored = this.messages.get(`${chat.id}:${p.message_id}`);
        if (!stored) throw bad("message to edit not found");
        if (!stored.fromBot) throw bad("message can't be edited");
        const shown = displayedText(p.text, p.parse_mode);
        if (p.link_preview_options !== undefined) checkLinkPreview(p.link_preview_options);
        if (p.reply_markup !== undefined) checkReplyMarkup(p.reply_markup);
        if (shown === stored.message.text && JSON.stringify(p.reply_markup) === JSON.stringify((stored.message as { reply_markup?: unknown }).reply_markup)) {
          throw bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        }
        call.plainText = shown;
        // Like Telegram, an edit without an inline keyboard removes the one the message had.
        const { reply_markup: _old, ...rest } = stored.message as Message & { reply_markup?: unknown };
        const message = { ...rest, text: shown, edit_date: Math.floor(Date.now() / 1000), ...(p.reply_markup?.inline_keyboard ? { reply_markup: p.reply_markup } : {}) } as Message;
        this.messages.set(`${chat.id}:${message.message_id}`, { message, fromBot: true });
        return message;
      }
      case "deleteMessage": {
        const chat = this.chat(p.chat_id);
        if (!this.messages.delete(`${chat.id}:${p.message_id}`)) throw bad("message to delete not found");
        return true;
      }
      case "sendChatAction":
        this.chat(p.chat_id);
        if (!CHAT_ACTIONS.has(p.action)) throw bad("wrong parameter action in request");
        return true;
      case "answerCallbackQuery": {
        this.useQuery(this.callbackQueries, p.callback_query_id);
        if (p.text !== undefined && (typeof p.text !== "string" || p.text.length > 200)) throw bad("MESSAGE_TOO_LONG");
        if (p.show_alert !== undefined && typeof p.show_alert !== "boolean") throw bad("show_alert must be a boolean");
        return true;
      }
      case "answerInlineQuery":
        this.useQuery(this.inlineQueries, p.inline_query_id);
        this.checkInlineAnswer(p);
        return true;
      case "getFile": {
        const file = typeof p.file_id === "string" ? this.files.get(p.file_id) : undefined;
        if (!file) throw bad("invalid file_id");
        if (file.size > FILE_DOWNLOAD_LIMIT) throw bad("file is too big");
        return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size, file_path: file.path };
      }
      default:
        throw new ApiFailure({ error_code: 404, description: "Not Found: method not found" });
    }
  }

  private useQuery(queries: Map<string, boolean>, id: unknown): void {
    if (typeof id !== "string" || queries.get(id) !== false) throw bad("query is too old and response timeout expired or query ID is invalid");
    queries.set(id, true);
  }

  private commandKey(p: Record<string, any>): string {
    const scope = p.scope === undefined ? { type: "default" } : checkKeys(p.scope, ["type", "chat_id", "user_id"], "BotCommandScope");
    const needsChat = ["chat", "chat_administrators", "chat_member"].includes(scope.type);
    if (!["default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat", "chat_administrators", "chat_member"].includes(scope.type)) throw bad("unsupported scope type");
    if (needsChat) this.chat(scope.chat_id);
    if (scope.type === "chat_member" && !isInt(scope.user_id)) throw bad("user_id required");
    const lang = p.language_code ?? "";
    if (typeof lang !== "string" || !/^([a-z]{2})?$/.test(lang)) throw bad("invalid language code specified");
    return `${JSON.stringify(scope)}|${lang}`;
  }

  private checkInlineAnswer(p: Record<string, any>): void {
    if (!Array.isArray(p.results)) throw bad("results must be an array");
    if (p.results.length > 50) throw bad("RESULTS_TOO_MUCH");
    const ids = new Set<string>();
    for (const r of p.results) {
      const result = checkKeys(r, ["type", "id", "title", "input_message_content", "reply_markup", "url", "description", "thumbnail_url", "thumbnail_width", "thumbnail_height"], "InlineQueryResultArticle");
      if (result.type !== "article") throw bad("RESULT_TYPE_INVALID");
      if (typeof result.id !== "string" || result.id.length === 0 || Buffer.byteLength(result.id) > 64) throw bad("RESULT_ID_INVALID");
      if (ids.has(result.id)) throw bad("RESULT_ID_DUPLICATE");
      ids.add(result.id);
      if (typeof result.title !== "string" || result.title.length === 0) throw bad("RESULT_TITLE_EMPTY");
      const content = checkKeys(result.input_message_content, ["message_text", "parse_mode", "entities", "link_preview_options"], "InputTextMessageContent");
      displayedText(content.message_text, content.parse_mode);
      if (content.link_preview_options !== undefined) checkLinkPreview(content.link_preview_options);
      if (result.reply_markup !== undefined) checkReplyMarkup(result.reply_markup);
    }
    if (p.cache_time !== undefined && (!isInt(p.cache_time) || p.cache_time < 0)) throw bad("cache_time must be a non-negative integer");
    if (p.is_personal !== undefined && typeof p.is_personal !== "boolean") throw bad("is_personal must be a boolean");
    if (p.next_offset !== undefined && (typeof p.next_offset !== "string" || Buffer.byteLength(p.next_offset) > 64)) throw bad("invalid next_offset");
    if (p.button !== undefined) {
      const b = checkKeys(p.button, ["text", "web_app", "start_parameter"], "InlineQueryResultsButton");
      if (typeof b.text !== "string" || b.text.length === 0) throw bad("button text must be non-empty");
      if ((b.web_app === undefined) === (b.start_parameter === undefined)) throw bad("exactly one of web_app and start_parameter must be given");
      if (b.start_parameter !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(b.start_parameter)) throw bad("START_PARAM_INVALID");
    }
  }
}

