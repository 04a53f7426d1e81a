/** The questions the load scripts (load-bot, load-replicas) ask: a seeded mix per chat. */
import { seededRandom } from "../test/helpers/random.js";

/** Answerable from the bundled corpus (checked in test/engine.test.ts). */
const ANSWERABLE = [
  "多少所高校试点开设思政选修课？",
  "宣讲活动覆盖了多少名师生？",
  "2023年全国教育工作会议在哪里召开？",
  "首都高校师生服务乡村振兴组建了多少支团队？",
  "系列宣传累计阅读量是多少？",
  "连续多少年开展红色1+1党支部共建活动？",
  "每年组织多少个青年教师社会调研团？",
  "红色“1+1”党支部共建活动组织了多少个学生党支部？",
  "高校师生服务双百行动计划组织多少个大学生社会实践团？",
];
const UNANSWERABLE = ["明天北京的天气怎么样？", "What is the capital of France?", "如何用Python写一个快速排序？", "上海的房价是多少？"];
const FOLLOW_UPS = ["那每年呢？", "还有呢？", "那北京呢？", "那2022年呢？"];

/** Per chat, its questions in order: ~60% answerable, ~20% unanswerable, ~20% follow-ups (only right after an answerable one). */
export function plan(options: { questions: number; chats: number; seed: number }): string[][] {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const chats: string[][] = [];
  for (let c = 0; c < options.chats; c++) {
    const n = Math.floor(options.questions / options.chats) + (c < options.questions % options.chats ? 1 : 0);
    const qs: string[] = [];
    for (let i = 0; i < n; i++) {
      const prevAnswerable = i > 0 && ANSWERABLE.includes(qs[i - 1]!);
      const x = random();
      qs.push(prevAnswerable && x < 0.35 ? pick(FOLLOW_UPS) : x < 0.78 ? pick(ANSWERABLE) : pick(UNANSWERABLE));
    }
    chats.push(qs);
  }
  return chats;
}
