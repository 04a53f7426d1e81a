/**
 * Whether a question leans on the previous one ("那2022年呢？", "what about 2022?"):
 * it opens with a follow-up marker, or is short and ends like a bare "…呢？".
 * Only then is the previous question passed as context, so unrelated questions
 * are never coloured by history.
 */
export function isFollowUp(question: string): boolean {
  const q = question.trim();
  if (/^(那|那么|那个|那在|那些|还有|另外|而|此外|其中)/.test(q)) return true;
  if (/^(and|what about|how about|and what about|what of|and in)\b/i.test(q)) return true;
  if (q.length <= 12 && /呢[？?]?$/.test(q)) return true;
  return false;
}
