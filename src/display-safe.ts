/**
 * The one sanitiser for showing untrusted text (documents, file names,
 * questions, error messages that quote them) to a person. Only displays use
 * it: JSON output keeps the exact text, so citations stay exact source slices.
 *
 * Everywhere (terminal and Telegram): the bidirectional embedding, override
 * and isolate controls U+202A–U+202E and U+2066–U+2069 become U+FFFD, as they
 * can reorder what a reader sees. The marks U+200E, U+200F and U+061C stay:
 * they only give a direction to neighbouring neutral characters, cannot
 * reverse a run, and right-to-left text needs them.
 *
 * In a terminal also: control characters act (ESC starts sequences that set
 * the title or clear the screen, CR rewrites the line, U+0080–U+009F holds the
 * 8-bit CSI and OSC). C0 controls and DEL are shown as their Unicode Control
 * Pictures (ESC → ␛, BEL → ␇, CR → ␍, DEL → ␡), so a whole escape sequence
 * prints as inert, readable text (`␛[2J`, `␛]0;title␇`); C1 controls become U+FFFD.
 */

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** Multi-line text keeps LF and TAB; CRLF is a line end, a lone CR is shown. */
const TEXT_UNSAFE = /\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
/** A one-line field (a file name) shows LF, CR and TAB too, so it cannot break its line. */
const LINE_UNSAFE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return "\ufffd";
}

/** Text for Telegram (or any display that does not execute control characters): bidi controls neutralised, length kept (highlight offsets still hold). */
export function bidiSafe(text: string): string {
  return text.replace(BIDI_CONTROLS, "\ufffd");
}

/** Multi-line text for a terminal: newlines and tabs kept, every other control shown. */
export function terminalText(text: string): string {
  return text.replace(TEXT_UNSAFE, (c) => (c === "\r\n" ? "\n" : visible(c)));
}

/** One-line text for a terminal (a file name, a title, a log line): newlines shown as ␊ too. */
export function terminalLine(text: string): string {
  return text.replace(LINE_UNSAFE, visible);
}

/** JSON text with C1 and bidi controls as \u escapes (JSON.stringify leaves them raw): the same value, harmless on a terminal. */
export function jsonTerminalSafe(json: string): string {
  return json.replace(/[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
