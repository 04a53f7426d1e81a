/**
 * Words and characters too common to carry meaning, in one file. The lists differ
 * because they answer different questions, each named for its use; all are read-only.
 */

/**
 * Chinese characters too common to carry meaning alone: the index drops them as unigrams (they
 * still take part in bigrams), and evidence scoring gives them no partial credit.
 * Used by src/search/analyzer.ts and src/answer/evidence.ts.
 */
export const STOP_CHARS: ReadonlySet<string> = new Set("的了是在和与及等也都而或之为以于对将把被从着过吗呢吧啊呀么其这那此该有个一中上下".split(""));

/**
 * Function words and question words, Chinese and English: never evidence, so never a question's
 * content word, and (the English ones) never an index term. Used by src/search/analyzer.ts.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ..."的 了 是 在 和 与 及 等 也 都 而 或 之 为 以 于 对 将 把 被 从 着 过 吗 呢 吧 啊 呀 么 其 这 那 此 该 有 个 中 上 下 向 由 让 给 就 还 又 并 且 但 却 所 得 地 着 们 我 你 他 她 它 我们 你们 他们 请问 一下 告诉 知道 哪 哪个 哪些 哪里 哪儿 哪位 哪年 哪一年 哪天 几 几个 几年 几次 几位 多少 多少个 多久 几点 几岁 年 月 日 西元 公元 这份 这篇 这项 这次 这种 这位 这里 那里 该 叫 叫做 多大 多长 多高 多远 什么 什么样 什么时候 啥 谁 是谁 怎么 怎样 怎么样 如何 为什么 为何 是否 是不是 有没有 有何 何 何时 何地 呢 那么 那个 这个 这些 那些 其中 之一 方面 情况 关于 有关 对于 根据 多 少 么 时候 时间 问题 一个 主要 哪种 哪类 分别 共 总共 一共 大约 约 左右 时 年时 文中 本文 提及".split(" "),
  ..."a an the of to in on at by for from with about as into is are was were be been being do does did what which who whom whose when where why how many much is it its this that these those there their they them he she his her i you we my your our and or not no yes can could would should will shall may might must has have had than then so such".split(" "),
]);

/**
 * English words of three or more letters that do not make a run of words an answer shares with
 * its citation worth highlighting (shorter words never do). Used by src/telegram/format.ts.
 */
export const HIGHLIGHT_STOP_WORDS: ReadonlySet<string> = new Set([
  "the", "and", "for", "are", "was", "were", "with", "that", "this", "from", "has", "have", "had", "its", "not", "but",
  "you", "all", "can", "will", "been", "into", "than", "then", "they", "their", "which", "what", "who", "how", "why",
]);

/**
 * Chinese function words, question words, particles and pronouns, removed from a question before
 * judging whether it has content of its own or is a follow-up (「为什么？」). They are matched as
 * one alternation, left to right, so a word comes before every shorter word it begins with. Used by src/answer/followup.ts.
 */
export const FOLLOW_UP_FUNCTION_WORDS_ZH: readonly string[] = Object.freeze(
  "为什么 为何 怎么样 怎么 怎样 如何 什么 哪里 哪些 哪个 哪 多少 是否 是不是 有没有 请问 这个 那个 这些 那些 他们 她们 它们 我们 你们 呢 吗 吧 啊 呀 的 了 是 有 在 和 与 及 谁 几 这 那 它 他 她 其 该 此 个 些 也 都 还 又 就 会 能 要 说 做 吗".split(" "),
);

/** The English counterpart of FOLLOW_UP_FUNCTION_WORDS_ZH (pronouns, auxiliaries, "tell me"…). Used by src/answer/followup.ts. */
export const FOLLOW_UP_FUNCTION_WORDS_EN: ReadonlySet<string> = new Set([
  "a", "an", "the", "is", "are", "was", "were", "be", "been", "do", "does", "did", "what", "which", "who", "whom", "whose",
  "why", "how", "when", "where", "it", "its", "they", "them", "their", "this", "that", "these", "those", "he", "she", "his",
  "her", "and", "or", "so", "about", "of", "for", "in", "on", "to", "then", "there", "here", "one", "ones", "same", "also",
  "more", "tell", "me", "us", "please", "can", "could", "you", "would", "will", "should",
]);
