/**
 * Whether a message is meant for the bot, and what it asks. Private chats:
 * every message. Groups: only an @mention (or text mention) of the bot, a
 * reply to one of its messages, or a command (a command addressed to another
 * bot with /cmd@other is ignored). A photo, video, animation or file whose
 * caption has words asks its caption, as a text message would (a screenshot
 * and the question about it); other media, and these without words, are media.
 * Whether a file is an upload instead is decided before (features/documents.ts).
 */
import type { Message, MessageEntity, UserFromGetMe } from "grammy/types";
import { isBlank } from "../lang/script.js";

export type Addressed =
  | { kind: "question"; text: string }
  | { kind: "command"; name: string; args: string; /** written as /cmd@thisbot */ explicit: boolean }
  | { kind: "media" }
  | { kind: "ignore" };

function isMentionOfBot(text: string, entity: MessageEntity, me: UserFromGetMe): boolean {
  if (entity.type === "text_mention") return entity.user.id === me.id;
  if (entity.type !== "mention") return false;
  return text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === `@${me.username.toLowerCase()}`;
}

/** Media a user might send us by mistake; answered with a hint, never with an engine call. */
const MEDIA_KEYS = [
  "sticker", "photo", "voice", "audio", "video", "video_note", "animation", "document", "location", "venue", "contact", "poll", "dice",
] as const;

export function isMedia(msg: Message): boolean {
  return MEDIA_KEYS.some((k) => msg[k] !== undefined);
}

/**
 * Media whose caption is the sender's message, typed beside a picture or file. Not voice, audio or video notes: their
 * question is in the sound, which the bot cannot hear, so they keep the "text questions only" hint.
 */
const CAPTIONED_KEYS = ["photo", "video", "animation", "document"] as const;

/**
 * The question a media message's caption asks (the bot's mentions taken out); undefined when it asks none, or when the
 * caption is a command ("/add" on a file): commands are read from text only, so it is no question either.
 */
function captionQuestion(msg: Message, mentions: readonly MessageEntity[], oneLine: boolean): string | undefined {
  if (msg.caption === undefined || !CAPTIONED_KEYS.some((k) => msg[k] !== undefined)) return undefined;
  const first = msg.caption_entities?.[0];
  if (first?.type === "bot_command" && first.offset === 0) return undefined;
  const text = visible(withoutMentions(msg.caption, mentions));
  const question = (oneLine ? text.replace(/\s+/g, " ") : text).trim();
  return question || undefined;
}

export function classifyMessage(msg: Message, me: UserFromGetMe): Addressed {
  const text = msg.text ?? msg.caption ?? "";
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const media = isMedia(msg);

  const first = entities[0];
  if (msg.text !== undefined && first?.type === "bot_command" && first.offset === 0) {
    const [name = "", target] = text.slice(1, first.length).split("@");
    if (target !== undefined && target.toLowerCase() !== me.username.toLowerCase()) return { kind: "ignore" };
    return { kind: "command", name: name.toLowerCase(), args: text.slice(first.length).trim(), explicit: target !== undefined };
  }

  const mentions = entities.filter((e) => isMentionOfBot(text, e, me));
  if (msg.chat.type === "private") {
    if (media) {
      const caption = captionQuestion(msg, mentions, false);
      return caption !== undefined ? { kind: "question", text: caption } : { kind: "media" };
    }
    // Service messages (pins, shared users, ...) carry no question. "@bot question" asks the question, as in a group.
    return msg.text !== undefined ? { kind: "question", text: visible(withoutMentions(text, mentions)).trim() } : { kind: "ignore" };
  }
  if (msg.chat.type !== "group" && msg.chat.type !== "supergroup") return { kind: "ignore" };

  // In forum topics, a plain message "replies" to the topic's creation message; that is not addressing us.
  const reply = msg.reply_to_message;
  const repliesToBot = reply !== undefined && reply.from?.id === me.id && reply.forum_topic_created === undefined;
  if (mentions.length === 0 && !repliesToBot) return { kind: "ignore" };
  if (media) {
    const caption = captionQuestion(msg, mentions, true);
    return caption !== undefined ? { kind: "question", text: caption } : { kind: "media" };
  }
  if (msg.text === undefined) return { kind: "ignore" };
  return { kind: "question", text: visible(withoutMentions(text, mentions)).replace(/\s+/g, " ").trim() };
}

/** `text` with each of `mentions` (of the bot) replaced by a space. */
function withoutMentions(text: string, mentions: readonly MessageEntity[]): string {
  let rest = text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) rest = rest.slice(0, e.offset) + " " + rest.slice(e.offset + e.length);
  return rest;
}

/** Text of nothing but invisible format characters (zero-width spaces, joiners, marks) is no question: empty. */
function visible(text: string): string {
  return isBlank(text) ? "" : text;
}
