import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shortAnswerSpan } from "../../src/answer/short-answer.js";
import { analyzer } from "../helpers/workspace.js";

describe("shortAnswer spans", () => {
  const { fold } = analyzer();
  const short = (question: string, excerpt: string) => {
    const span = shortAnswerSpan(question, excerpt, fold);
    return span && excerpt.slice(span.start, span.end);
  };
  const ONE_PLUS_ONE = "连续17年开展红色“1+1”党支部共建活动,组织近2万个学生党支部、20余万名学生党员走进乡村、社区一线,开展5万余场科技推广、文化普及、卫生服务等活动。";
  const RURAL = "实施首都高校师生服务“乡村振兴”行动计划,组建100支团队奔赴22个省份的119个乡村,积极开展文化兴农、科技支农等实践活动。";

  it("lines the question up with the excerpt and takes the number between the anchors", () => {
    assert.equal(short("红色“1+1”党支部共建活动组织了多少个学生党支部？", ONE_PLUS_ONE), "近2万个");
    assert.equal(short("共建活动让多少名学生党员走进了乡村和社区？", ONE_PLUS_ONE), "20余万名");
    assert.equal(short("乡村振兴团队一共奔赴了多少个乡村？", RURAL), "119个");
    assert.equal(short("服务乡村振兴的团队去了多少个省份？", RURAL), "22个");
    assert.equal(short("服务乡村振兴行动计划组建了几支团队？", RURAL), "100支");
  });

  it("takes the number of the statement the question names when a short anchor recurs in the excerpt", () => {
    const GDP = "全年地区生产总值达到1234.5亿元，比上年增长5.2%。其中，第一产业增加值为56.7亿元，增长3.1%；第二产业增加值为456.8亿元，增长6.0%；第三产业增加值为721.0亿元，增长4.9%。";
    assert.equal(short("第二产业增加值增长了多少？", GDP), "6.0%");
    assert.equal(short("第三产业增加值增长了多少？", GDP), "4.9%");
    assert.equal(short("第一产业增加值增长了多少？", GDP), "3.1%");
    assert.equal(short("地区生产总值比上年增长了多少？", GDP), "5.2%");
    const RACES = "2005年美国大奖赛，只有6辆赛车起跑，其中就包括蒙泰罗。最终蒙泰罗排在巴里切罗之后，获得第3名。在2005年比利时大奖赛中他又获得第8名。";
    assert.equal(short("蒙泰罗在2005年美国大奖赛上获得第几名？", RACES), "3名", "the question's words are in the sentence before: not the later 获得第 whose statement holds some of them");
  });

  it("answers a how-many-years question with a number of years, never another count, even when no anchor lines up", () => {
    assert.equal(short("红色“1+1”党支部共建活动持续了多少年？", ONE_PLUS_ONE), "17年", "「持续」 is not in the excerpt");
    assert.equal(short("持续了多少年？", ONE_PLUS_ONE), "17年");
    assert.equal(short("红色“1+1”党支部共建活动开展了几年？", ONE_PLUS_ONE), "17年", "not the 1 of 「1+1」 after 「开展」");
    assert.equal(short("这个项目持续了多少年？", "项目于2001年启动，至今仍在进行。"), undefined, "2001年 is a date, not a count of years");
    assert.equal(short("一共开展了多少次活动？", "活动开展得很好，覆盖5个省份和12个城市。"), undefined, "no number of times: no answer rather than a count of something else");
  });

  it("answers a how-many question only with a number counting the same kind of thing, and a rate only with a share", () => {
    const GRADUATES = "每年开展1000余场主题宣讲、论坛、座谈等活动,推选优秀典型毕业生分享就业创业经验,带动更多毕业生扎根基层。";
    assert.equal(short("北京每年有多少名高校毕业生？", GRADUATES), undefined, "1000余场 counts events, not graduates");
    assert.equal(short("北京每年开展多少场主题宣讲？", GRADUATES), "1000余场");
    assert.equal(short("北京每年开展多少次主题宣讲？", GRADUATES), undefined, "次 is strict (times), as before");
    assert.equal(short("有多少人参加了这次活动？", "这次活动共有3000余名学生参加。"), "3000余名", "texts count people with another measure word than the question's");
    assert.equal(short("高校毕业生的就业率是多少？", GRADUATES), undefined, "a rate is a share, not a count");
    assert.equal(short("高校毕业生的就业率是多少？", "2022年高校毕业生就业率达到95.3%,比上年提高1.2个百分点。"), "95.3%");
  });

  it("gives no count for a question asking the count alone when the excerpt's count is the subject of something else", () => {
    const PILOT = "推动全市高校全覆盖开设必修课,26所高校试点开设思政选修课,切实提升思政课育人实效。";
    assert.equal(short("北京有多少所高校？", PILOT), undefined, "26所 counts the universities piloting a course, not Beijing's universities");
    assert.equal(short("多少所高校试点开设了思政选修课？", PILOT), "26所");
    assert.equal(short("北京有多少所高校？", "北京有92所高校,其中公办高校67所。"), "92所");
    assert.equal(short("二月革命和十月革命于西元几年发生？", "二月革命和十月革命都在1917年发生。"), "1917年", "a when-question's verb after the year is no counted noun");
  });

  it("cuts a who-question's span to the name it starts with, when jieba's tags are given", () => {
    const { tag } = analyzer();
    const MEETING = "2023年全国教育工作会议在北京召开,教育部党组书记、部长怀进鹏出席会议并讲话。";
    const named = (question: string) => {
      const span = shortAnswerSpan(question, MEETING, fold, (text) => tag(text));
      return span && MEETING.slice(span.start, span.end);
    };
    assert.equal(short("教育部部长是谁？", MEETING), "怀进鹏出席会议并讲话", "without tags, the clause after the role");
    assert.equal(named("教育部部长是谁？"), "怀进鹏");
    const COMIC = "该漫画由约翰·罗杰斯创作。";
    const span = shortAnswerSpan("该漫画是由谁创作的？", COMIC, fold, (text) => tag(text));
    assert.equal(span && COMIC.slice(span.start, span.end), "约翰·罗杰斯", "a foreign name keeps its parts");
  });

  it("keeps a currency sign before its sum, a month's part and a range of months", () => {
    assert.equal(short("成人票价是多少？", "自2024年5月1日起，成人票价调整为€25，儿童票价为€12.5。"), "€25");
    assert.equal(short("门票多少钱？", "门票价格为US$30，学生半价。"), "US$30");
    assert.equal(short("这本书售价多少？", "这本书售价人民币58元。"), "人民币58元");
    assert.equal(short("龙井茶的采摘时间是什么时候？", "龙井茶的采摘时间一般在每年3月下旬到4月中旬，以明前茶最为名贵。"), "3月下旬到4月中旬");
    assert.equal(short("热气球节在每年的几月举行？", "热气球节在每年八月举行，为期四天。"), "八月");
  });

  it("reads 几月 as asking when, and takes the excerpt's only date (or number) when no anchor lines up", () => {
    assert.equal(short("活动在几月举行？", "活动在每年5月举行。"), "5月");
    assert.equal(short("世界高血压日指的是几月几日？", "每年的5月17日为世界高血压日，由世界高血压联盟发起。"), "5月17日");
    assert.equal(short("世界高血压日指的是几月几日？", "该日于2005年设立，每年的5月17日为世界高血压日。"), undefined, "two dates and no anchor: no guess");
    assert.equal(short("赛会招募了多少志愿者？", "赛事期间共有1.8万名青年参与服务工作。"), "1.8万名", "the only number, for a how-many question");
    assert.equal(short("赛会招募了多少志愿者？", "2022年赛事期间，青年踊跃参与服务工作。"), undefined, "a year is not a count");
  });

  it("leaves the preposition or verb of place out of a where-answer, in Traditional text too (於 is 于)", () => {
    const TEXT = "日月潭位於南投縣魚池鄉，是臺灣第二大的天然湖泊。";
    assert.equal(short("日月潭位於哪裡？", TEXT), "南投縣魚池鄉");
    assert.equal(short("日月潭在哪裡？", TEXT), "南投縣魚池鄉");
    assert.equal(short("阿里山位于哪里？", "阿里山位于嘉义县，以日出与云海闻名。"), "嘉义县");
  });

  it("keeps units, ranges and qualifiers; reads Traditional text", () => {
    assert.equal(short("长江全长大约多少公里？", "长江是中国第一长河，全长约6300公里，发源于唐古拉山脉。"), "约6300公里");
    assert.equal(short("成年大熊猫每天要吃多少竹子？", "成年大熊猫每天要吃12到38公斤的竹子。"), "12到38公斤");
    assert.equal(short("臺灣大學創立於哪一年？", "國立臺灣大學創立於1928年，原名臺北帝國大學。"), "1928年");
    assert.equal(short("什麼時期的歐洲學者愛好使用天城體？", "19世紀的歐洲學者一般偏好用天城體來抄寫梵文文本。"), "19世紀");
  });

  it("takes every measure word a count is written with, one list with the how-many check (两棵, 3小时, 五千册)", () => {
    assert.equal(short("院子里种了几棵树？", "院子里种了两棵树。"), "两棵");
    assert.equal(short("这趟列车要开多少小时？", "这趟列车要开3小时。"), "3小时");
    assert.equal(short("图书馆藏书多少册？", "图书馆藏书五千册，期刊三百种。"), "五千册");
  });

  it("takes a named thing with its category noun and closes its quotes", () => {
    assert.equal(short("北京组织师生参观了什么主题成就展？", "组织师生参观“奋进新时代”主题成就展,举办创作展等多项活动。"), "“奋进新时代”主题成就展");
    assert.equal(short("台湾大学的原名是什么？", "國立臺灣大學創立於1928年，原名臺北帝國大學，1945年改為現名。"), "臺北帝國大學");
  });

  it("never answers with what the question states itself: a when-question naming the year gets the date", () => {
    const MEETING = "编者按:1月12日至13日,2023年全国教育工作会议在北京召开,教育部部长怀进鹏出席会议并讲话。";
    assert.equal(short("2023年全国教育工作会议是什么时候召开的？", MEETING), "1月12日至13日");
    assert.equal(short("2023年全国教育工作会议是哪一年召开的？", MEETING), undefined, "the only year is the question's own");
    assert.equal(short("2023年全国教育工作会议召开了多少天？", "2023年全国教育工作会议召开。"), undefined);
  });

  it("answers a question asking for several (哪些) with the whole list the enumeration comma joins", () => {
    const text = "连续17年开展红色“1+1”党支部共建活动,组织近2万个学生党支部、20余万名学生党员走进乡村、社区一线,开展5万余场活动。";
    assert.equal(short("学生党员走进了哪些地方？", text), "乡村、社区一线");
  });

  it("takes the value a label introduces with a colon (「责任编辑:曹建」)", () => {
    assert.equal(short("这篇文章的责任编辑是谁？", "(责任编辑:曹建)"), "曹建");
    assert.equal(short("責任編輯是誰？", "（責任編輯：曹建）"), "曹建");
  });

  it("gives nothing when unsure or when the question is no factoid", () => {
    assert.equal(short("北京为什么要联合国家大剧院打造特色课程？", "联合国家大剧院、中国电影博物馆等,打造“剧院里的思政课”等特色课程,深挖文艺作品中蕴含的育人资源。"), undefined);
    assert.equal(short("红色“1+1”党支部共建活动组织了多少个学生党支部？", "北京市深入实施“时代新人铸魂工程”。"), undefined);
    assert.equal(short("What is the capital of France?", "Paris is the capital of France."), undefined);
  });

  it("takes no 「每一名」 (every) or 「每100人」 (per) for a count", () => {
    const every = "努力将学习宣传贯彻党的二十大精神覆盖到每一个基层组织、每一名学生,积极营造浓厚的学习氛围。";
    assert.equal(short("北京大学有多少名学生？", every), undefined);
    assert.equal(short("全市有多少名医生？", "全市每100人拥有3名医生。"), "3名");
  });

  it("is always an exact slice of the excerpt", () => {
    for (const [q, e] of [["宣讲活动覆盖了多少名师生？", "指导各级各类宣讲团开展宣讲活动,覆盖近50万名师生。"], ["累计阅读量是多少？", "系列宣传,累计阅读量超过2000万次。"]]) {
      const span = shortAnswerSpan(q, e, fold)!;
      assert.ok(span.start >= 0 && span.end <= e.length && span.end > span.start, q);
    }
  });
});
