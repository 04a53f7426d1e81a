/**
 * Shape checks for incoming updates, at the edge (webhook body, polled
 * updates, every update the bot handles). Telegram's types promise fields the
 * handlers dereference without a second thought (`message.chat.type`,
 * `entity.user.id`); an update that breaks the promise (a hand-made request
 * with the webhook secret, a broken proxy, a future API change) is dropped
 * with a reason instead of throwing somewhere in the middle of the stack.
 *
 * Only what the bot reads is checked: the update kinds it subscribes to
 * (message, edited_message, callback_query, inline_query). Reasons name
 * fields, never their content.
 */

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/** Why `value` is not an update at all (no object, no integer update_id), or undefined. */
export function envelopeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "not a JSON object";
  if (!("update_id" in value)) return "update_id is missing";
  if (!isInt(value.update_id) || value.update_id < 0) return "update_id is not a non-negative integer";
  return undefined;
}

function userProblem(v: unknown, at: string, required: boolean): string | undefined {
  if (v === undefined) return required ? `${at} is missing` : undefined;
  if (!isObject(v)) return `${at} is not an object`;
  if (!isInt(v.id)) return `${at}.id is not an integer`;
  if (v.language_code !== undefined && typeof v.language_code !== "string") return `${at}.language_code is not a string`;
  return undefined;
}

function chatProblem(v: unknown, at: string): string | undefined {
  if (v === undefined) return `${at} is missing`;
  if (!isObject(v)) return `${at} is not an object`;
  if (!isInt(v.id)) return `${at}.id is not an integer`;
  if (typeof v.type !== "string") return `${at}.type is not a string`;
  return undefined;
}

function entitiesProblem(v: unknown, at: string): string | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return `${at} is not an array`;
  for (const [i, e] of v.entries()) {
    if (!isObject(e) || typeof e.type !== "string" || !isInt(e.offset) || !isInt(e.length)) return `${at}[${i}] is not an entity`;
    if (e.type === "text_mention") {
      const problem = userProblem(e.user, `${at}[${i}].user`, true);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** A message the bot reads: ids, chat, sender, text and entities, and the message it replies to. */
function messageProblem(v: unknown, at: string, depth = 0): string | undefined {
  if (!isObject(v)) return `${at} is not an object`;
  if (!isInt(v.message_id)) return `${at}.message_id is not an integer`;
  return (
    chatProblem(v.chat, `${at}.chat`) ??
    // Every message in a private chat or group has a sender (a chat posting anonymously comes with a stand-in user).
    userProblem(v.from, `${at}.from`, depth === 0) ??
    (v.text !== undefined && typeof v.text !== "string" ? `${at}.text is not a string` : undefined) ??
    (v.caption !== undefined && typeof v.caption !== "string" ? `${at}.caption is not a string` : undefined) ??
    entitiesProblem(v.entities, `${at}.entities`) ??
    entitiesProblem(v.caption_entities, `${at}.caption_entities`) ??
    (v.sender_chat !== undefined ? chatProblem(v.sender_chat, `${at}.sender_chat`) : undefined) ??
    userProblem(v.via_bot, `${at}.via_bot`, false) ??
    (v.reply_to_message !== undefined ? (depth > 0 ? undefined : messageProblem(v.reply_to_message, `${at}.reply_to_message`, depth + 1)) : undefined)
  );
}

/** Why `value` is not an update the bot can safely handle, or undefined when it is. */
export function updateProblem(value: unknown): string | undefined {
  const envelope = envelopeProblem(value);
  if (envelope) return envelope;
  const u = value as Obj;
  for (const kind of ["message", "edited_message"] as const) {
    if (u[kind] !== undefined) {
      const problem = messageProblem(u[kind], kind);
      if (problem) return problem;
    }
  }
  if (u.callback_query !== undefined) {
    const q = u.callback_query;
    if (!isObject(q)) return "callback_query is not an object";
    if (typeof q.id !== "string") return "callback_query.id is not a string";
    const problem =
      userProblem(q.from, "callback_query.from", true) ??
      (q.data !== undefined && typeof q.data !== "string" ? "callback_query.data is not a string" : undefined) ??
      // An inaccessible message (date 0) has only chat, message_id and date.
      (q.message !== undefined ? (isObject(q.message) ? chatProblem(q.message.chat, "callback_query.message.chat") : "callback_query.message is not an object") : undefined);
    if (problem) return problem;
  }
  if (u.inline_query !== undefined) {
    const q = u.inline_query;
    if (!isObject(q)) return "inline_query is not an object";
    if (typeof q.id !== "string") return "inline_query.id is not a string";
    if (typeof q.query !== "string") return "inline_query.query is not a string";
    const problem = userProblem(q.from, "inline_query.from", true);
    if (problem) return problem;
  }
  return undefined;
}
