/**
 * Chinese nouns of an office someone holds (校长, 书记, 董事长 …), in one place: a Chinese question asking who holds one
 * (answer/stated.ts statesOffice) and an English one translated into Chinese (retrieve/translate.ts) read the same list.
 * Creators (作者, 导演) are left out: texts name them with a verb (著, 执导) rather than the noun.
 */
export const OFFICE_NOUN = /(?:[组部局处科厅省市县区镇村校院馆社会行军师团连舰船机]长|董事长|理事长|秘书长|委员长|书记|主任|主席|总统|总理|首相|经理|总监|总裁|大使|司令|主编|总编辑|议长|教练|队长|主教|国王|首领|领袖)/;

/** An office noun the whole word is (校长), or is with a rank before it (副校长 → 校长: a vice principal's title holds it). */
export function officeOf(word: string): string | undefined {
  const whole = new RegExp(`^(?:副|前|代理)?(${OFFICE_NOUN.source})$`).exec(word);
  return whole?.[1];
}
