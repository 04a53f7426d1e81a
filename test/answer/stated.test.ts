import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countsTranslatedWord, givesNameEn, holdsTranslatedOffice, namesTranslatedAgent, holdsOfSubjectEn, statesAskedFact, statesCountEn, statesEvent, statesOffice, statesQuantityEn, statesSchoolEn, statesYear } from "../../src/answer/stated.js";
import { statesCount } from "../../src/answer/short-answer.js";
import { analyzer } from "../helpers/workspace.js";

const { fold } = analyzer();
const MEETING = "编者按:1月12日至13日,2023年全国教育工作会议在北京召开,中央教育工作领导小组秘书组组长、教育部党组书记、部长怀进鹏出席会议并讲话。";
const WINTER = "组织师生参与北京冬奥会、冬残奥会志愿服务和开闭幕式演出等。网络宣讲微博点击量破亿人次,冬奥精品“大思政课”覆盖千万人次。";
const TEAMS = "每年组织100个青年教师社会调研团,发挥首都“四个中心”资源优势。组织近2万个学生党支部、20余万名学生党员走进乡村,开展5万余场科技推广活动。";

describe("statesCount: a how-many question needs a number of the kind it counts", () => {
  const count = (q: string, text: string) => statesCount(fold(q), fold(text));

  it("refuses a count of people from text that counts person-times or events", () => {
    assert.equal(count("北京冬奥会一共有多少名志愿者？", WINTER), false);
    assert.equal(count("有多少名高校毕业生？", "开展1000余场招聘活动。"), false);
  });

  it("takes a number counted with a measure word of the same kind", () => {
    assert.equal(count("有多少名学生党员参与了活动？", TEAMS), true);
    assert.equal(count("有多少人参加？", "共有2万名师生参加。"), true, "名 counts people as 人 does");
    assert.equal(count("项目3有多少名成员参加？", "项目3共有17名成员参加。"), true, "成 of 成员 is no measure word here");
    assert.equal(count("冬奥精品覆盖了多少人次？", WINTER), true, "person-times when asked for");
  });

  it("takes a count with 个 only when it counts what the question does", () => {
    assert.equal(count("北京市有多少名中小学思政课教师？", "发挥首都“四个中心”资源优势,组织100个青年教师社会调研团。"), false, "「四个中心」 counts no teachers");
    assert.equal(count("每年组织多少个青年教师社会调研团？", TEAMS), undefined, "个 asks any count: left to the gate");
    assert.equal(count("有多少名学生？", "全校共有3000个学生。"), true);
  });

  it("asks a sum for money and a share for a rate", () => {
    assert.equal(count("双百行动计划的总预算是多少？", TEAMS), false);
    assert.equal(count("实践团每年获得多少经费？", "每年资助经费300万元。"), true);
    assert.equal(count("北京高校毕业生的就业率是多少？", TEAMS), false);
    assert.equal(count("北京高校毕业生的就业率是多少？", "就业率达到95.2%。"), true);
    assert.equal(count("学校男女生比例是多少？", "男女生比例约为1：7。"), true, "a ratio states a share");
  });

  it("asks a number in the unit a question names", () => {
    const tanzania = "坦尚尼亚面积94.5万平方公里,人口5350万。总统于2015年10月当选。";
    assert.equal(count("卢安达于2015年时其人均GDP估计为多少美元？", tanzania), false);
    assert.equal(count("坦尚尼亚的面积是多少平方公里？", tanzania), true);
    assert.equal(count("这条河全长多少公里？", "全长约6300公里。"), true);
    assert.equal(count("锦地罗的全长是多少厘米？", "全长通常只有2cm（0.79英尺）。"), true, "a unit written in letters");
    assert.equal(count("公司斥资多少亿美元收购？", "斥资77亿美元收购。"), true);
    assert.equal(count("蓝线裸顶鲷的体长约是多少公分？", "蓝线裸顶鲷为龙占鱼科的其中一个种。"), false, "公分, 米, 克, 吨 … are named units too");
    assert.equal(count("蓝线裸顶鲷的体长约是多少公分？", "体长可达80公分。"), true);
    assert.equal(count("锦地罗生长的地区海拔约是多少米？", "生长于海拔50米至1,520米的地区。"), true);
    assert.equal(count("最高峰海拔多少米？", "最高峰海拔5642 m。"), true, "metres written in letters");
    assert.equal(count("全程需要多少小时？", "全程车程约3.5小时。"), true);
    assert.equal(count("全程需要多少小时？", "全程共设12个车站。"), false);
  });

  it("takes a bare large number as a count of what the sentence counts", () => {
    assert.equal(count("拜占庭帝国的人口巅峰值大约多少人？", "人口颠峰值则为3400万。"), true);
    assert.equal(count("北京冬奥会一共有多少名志愿者？", "累计阅读量达千万人次。"), false, "a measure word still says what it counts");
  });

  it("leaves other questions to the gate", () => {
    assert.equal(count("教育部部长是谁？", MEETING), undefined);
    assert.equal(count("党支部共建活动持续了多少年？", TEAMS), undefined, "years are the short answer's strict measure");
    assert.equal(count("系列宣传累计阅读量是多少？", TEAMS), undefined);
    assert.equal(count("好几次把外国人当成新闻的报纸名为什么？", TEAMS), undefined, "好几次 asks no count");
    assert.equal(count("托木斯克州的公路总长位居俄联邦的第几位？", TEAMS), undefined, "第几位 asks a rank");
  });

  it("takes a list of what is counted", () => {
    assert.equal(count("卡洛身兼几家骑士团的大团长职位？", "卡洛还是圣乔治康斯坦丁骑士团、圣斐迪南骑士团和圣真纳罗骑士团的大团长。"), true);
    assert.equal(count("北京冬奥会一共有多少名志愿者？", "志愿者们参加了志愿服务。"), false, "named once is no list");
  });
});

describe("statesEvent: the time or place of a birth, death, founding or building needs that event stated", () => {
  const event = (q: string, text: string) => statesEvent(fold(q), fold(text));

  it("refuses a birth year from a sentence dating something else", () => {
    assert.equal(event("怀进鹏是哪一年出生的？", MEETING), false);
    assert.equal(event("怀进鹏是哪一年出生的？", "怀进鹏,1962年12月生,浙江绍兴人。"), true);
    assert.equal(event("鲁迅是哪一年出生的？", "鲁迅（1881－1936），浙江绍兴人。"), true, "a life's years");
  });

  it("reads the event and its date in one sentence, or the date of the sentence before", () => {
    assert.equal(event("首都博物馆是哪一年建成的？", "首都博物馆新馆2006年建成开放。"), true);
    assert.equal(event("首都博物馆是哪一年建成的？", "2023年,师生走进首都博物馆。首都博物馆由市政府建设。"), false);
    assert.equal(event("克罗地亚省在几月几日成立？", "8月26日,马切克成为副首相。同日,克罗地亚省成立。"), true);
  });

  it("takes a county or office set up (增设, 设置) as founded", () => {
    assert.equal(event("新竹县和宜兰厅是在哪一国家统治台湾时设立的？", "1895年,日本统治台湾后设台北县。1897年,分割台北县而增设新竹县及宜兰厅。"), true);
  });

  it("does not take 发生于 for a birth, nor the 诞生 of a thing", () => {
    assert.equal(event("那场战争发生于哪一年？", "战争于1884年爆发。"), undefined);
    assert.equal(event("这句名言在哪一年诞生？", "1955年狄拉克在演讲时这么回答。"), undefined);
  });

  it("reads English questions too", () => {
    assert.equal(event("When was Ian Murdock born?", "The Debian Project was officially founded by Ian Murdock on August 16th, 1993."), false);
    assert.equal(event("When was the Debian Project founded?", "The Debian Project was officially founded by Ian Murdock on August 16th, 1993."), true);
    assert.equal(event("When was the Debian Project founded?", "    The Debian Project was officially founded by Ian Murdock on\n    August 16th, 1993. (There is also a printout.)"), true, "a date on the next line of a hard-wrapped sentence");
    assert.equal(event("In what year did Gordon Moore co-found Intel?", "The observation, made in 1965 by Intel co-founder Gordon Moore."), false, "a founder named, the founding not dated");
    assert.equal(event("When did Grace Hopper join the US Navy?", "In 1997 the US Navy named a new ship after her."), false);
    assert.equal(event("When did Grace Hopper join the US Navy?", "She joined the US Navy Reserve in 1943."), true);
    assert.equal(event("When did Alan Kay leave Xerox PARC?", "The group, led by Alan Kay, at Xerox PARC between 1971 and 1983."), false);
    assert.equal(event("When did Alan Kay leave Xerox PARC?", "Alan Kay left Xerox PARC in 1984."), true);
  });

  it("asks an English who- or which-question about a founding or a building for that event, as the founder or developer too", () => {
    assert.equal(event("Which company did John Ousterhout found before Scriptics?", "Scriptics (John Ousterhout's company that is the home of Tcl development)"), false);
    assert.equal(event("What company did Seymour Cray found?", "The founder of Cray Research and designer of several of their supercomputers."), true);
    assert.equal(event("Who built the Z3?", "The third computer designed and built by Konrad Zuse."), true);
    assert.equal(event("At which school was ENIAC built?", "ENIAC was developed by John Mauchly at the Moore School."), true);
    assert.equal(event("Which company's engineer caused Mabel's death?", "A DEC engineer was troubleshooting a crash."), undefined, "a death is asked of a person, not by who did it");
    assert.equal(event("谁创立了这家公司？", "这家公司由张三领导。"), undefined, "a Chinese question is left as it was");
  });

  it("asks an English who- or which-question about a design, an invention, a discovery or a win for that act", () => {
    assert.equal(event("Who won the first International Obfuscated C Code Contest?", "An annual contest run since 1984 over Usenet by Landon Curt Noll and friends."), false);
    assert.equal(event("Who won the contest?", "The 1984 winner was Sherman Jones."), true);
    assert.equal(event("Who designed the ABC language?", "Python was created by Guido van Rossum as a successor of a language called ABC."), false);
    assert.equal(event("Who designed Pascal?", "Pascal was designed by Niklaus Wirth around 1970."), true);
    assert.equal(event("Which meteorologist discovered the Butterfly Effect?", "Edward Lorenz discovered it on an LGP-30."), true);
    assert.equal(event("Python was designed as a successor of which language?", "Python was created as a successor of ABC."), undefined, "asked of what it succeeded, not of its designer");
    assert.equal(event("When was Unix invented?", "Unix was developed at Bell Labs in 1969."), undefined, "its time is read by the date, as before");
  });

  it("asks an English when-question about a release or a publication for it, but not who or what released it", () => {
    assert.equal(event("When was the puzzle collection first released?", "[Simon Tatham's Portable Puzzle Collection, version 20230122.806ae71]"), false);
    assert.equal(event("When was the VAX released?", "Between its release in 1978 and its eclipse by killer micros, the VAX was a favourite."), true);
    assert.equal(event("Under which licence is the puzzle collection released?", "This collection is distributed under the MIT licence."), undefined);
  });
});

describe("statesYear: a which-year question needs a year, or a month dating its sentence", () => {
  const year = (q: string, text: string) => statesYear(fold(q), fold(text));

  it("refuses evidence with no date at all", () => {
    assert.equal(year("北京冬奥会是在哪一年举办的？", "组织师生参与北京冬奥会、冬残奥会志愿服务和开闭幕式演出等。"), false);
    assert.equal(year("In what year did the Boorong people first describe the constellation?", "The Boorong people lived near Lake Tyrrell."), false);
  });

  it("takes a year however written, or a month whose year the text gave before", () => {
    assert.equal(year("北京冬奥会是在哪一年举办的？", "2022年北京冬奥会成功举办。"), true);
    assert.equal(year("王守仁在哪一年率兵攻破谢志山军寨？", "正德十三年，王守仁率兵出征。"), true);
    assert.equal(year("王守仁在哪一年率兵攻破谢志山军寨？", "十月，王守仁率兵攻破谢志山军寨。"), true, "a month dates the sentence");
    assert.equal(year("慈禧太后是哪一年入宫的？", "同年，慈禧太后入宫。"), true);
    assert.equal(year("What year was Unix created?", "Unix was created in 1969 at Bell Labs."), true);
    assert.equal(year("In which year was the city founded?", "The city was founded in 753 BC by its first king."), true, "a year of an era, of three digits");
    assert.equal(year("In which year was the abbey built?", "The abbey was built in 980, after the raids."), true, "three digits after a preposition of time");
  });

  it("leaves other questions free, how many years among them", () => {
    assert.equal(year("党支部共建活动持续了几年？", "共建活动成效显著。"), undefined);
    assert.equal(year("教育部部长是谁？", MEETING), undefined);
  });
});

describe("countsTranslatedWord: a how-many question translated from English needs its noun counted", () => {
  it("refuses a sentence naming the noun with no number near it, and takes one counting it", () => {
    const winter = "组织师生参与北京冬奥会、冬残奥会志愿服务和开闭幕式演出等。网络宣讲微博点击量破亿人次。";
    assert.equal(countsTranslatedWord("多少志愿 任 北京 冬奥会", winter), false);
    assert.equal(countsTranslatedWord("多少志愿 任 北京 冬奥会", "共有1.9万名志愿者参与服务。"), true);
    assert.equal(countsTranslatedWord("多少学生 党员 参加", "组织20余万名学生党员走进乡村。"), true);
    assert.equal(countsTranslatedWord("多少论坛 举办 每年", "每年开展1000余场“永远跟党走,到祖国需要的地方建功立业”主题宣讲、论坛、座谈等活动。"), true, "a count heading an enumeration");
    assert.equal(countsTranslatedWord("多少阅读 累计", "系列宣传累计阅读量2000万次。"), true, "the noun before its number");
  });

  it("refuses a how-tall, how-far … question whose text states no measure of that kind, and takes one that does", () => {
    const career = "蒋巨峰，浙江诸暨人，1981年7月参加工作，1982年7月加入中国共产党。";
    assert.equal(countsTranslatedWord("有多高蒋巨峰", career), false, "years are no height");
    assert.equal(countsTranslatedWord("有多长芙蓉 洞穴", "芙蓉洞全长2846米，以竖井众多著称。"), true);
    assert.equal(countsTranslatedWord("有多远芙蓉 洞穴 县城", "距武隆县城20公里。"), true);
    assert.equal(countsTranslatedWord("有多大城区", "景栋市区约3平方公里，人口约60,000。"), true, "an area for how large");
    assert.equal(countsTranslatedWord("有多重象", "成年象重约5吨。"), true);
    assert.equal(countsTranslatedWord("有多重象", career), false);
  });

  it("leaves other questions alone", () => {
    assert.equal(countsTranslatedWord("谁 部长", MEETING), undefined);
  });
});

describe("holdsTranslatedOffice: a who-is-the-role question translated from English needs the office named", () => {
  it("refuses a text that never names the office, and takes one that does", () => {
    const school = "学生黄天明曾夺得中学生国际信息学奥林匹克竞赛银牌和金牌。";
    assert.equal(holdsTranslatedOffice("谁校长正 南宁市 中学", school), false);
    assert.equal(holdsTranslatedOffice("谁校长正 南宁市 中学", "现任校长为阮爱馨女士。"), true);
    assert.equal(holdsTranslatedOffice("谁部长 会议", MEETING), true);
  });

  it("leaves who-questions asking no office, and other questions, alone", () => {
    assert.equal(holdsTranslatedOffice("谁发现 芙蓉 洞穴", "芙蓉洞于1993被发现。"), undefined);
    assert.equal(holdsTranslatedOffice("什么部长 出席", MEETING), undefined);
  });
});

describe("namesTranslatedAgent: a who-question translated from English needs who may answer it named beside its words", () => {
  // jieba's tags, as Analyzer.tag gives them, for the names these texts hold (a place it takes for a name among them: 武隆).
  const names: Record<string, string> = { 托帕: "x", 洛夫: "nrt", 武隆: "nr", 黄: "nr", 人民政府: "nt" };
  const tag = (text: string) => [...text.matchAll(/托帕|洛夫|武隆|黄|人民政府|[^托洛武黄人]+|./g)].map((m) => ({ word: m[0], tag: names[m[0]] ?? "n" }));
  const cave = "芙蓉洞于1993被发现，1994年对游人开放。2007年6月作为武隆喀斯特的组成部分被列入世界自然遗产。";

  it("refuses a text whose sentence with the question's words names nobody, though another sentence holds a name", () => {
    assert.equal(namesTranslatedAgent("谁发现 芙蓉 洞穴", cave, ["发现", "洞穴"], fold, tag), false);
  });

  it("takes a sentence naming a person, an organisation or a name jieba does not know beside the question's words, or a dotted or Latin name", () => {
    assert.equal(namesTranslatedAgent("谁夺得 第一 南京市 国际象棋", "首届比赛于2008年举行。结果托帕洛夫夺得冠军。", ["夺得", "国际象棋"], fold, tag), true);
    assert.equal(namesTranslatedAgent("谁主办 大赛", "本次大赛由南京市人民政府主办。", ["主办"], fold, tag), true);
    assert.equal(namesTranslatedAgent("谁设计 教堂", "亨利·理查森设计的三一教堂。", ["设计", "教堂"], fold, () => []), true);
    assert.equal(namesTranslatedAgent("谁创作 动画", "动画系列是由Konami Digital Entertainment创作的。", ["创作"], fold, () => []), true);
  });

  it("with personOnly, takes a person's name alone", () => {
    assert.equal(namesTranslatedAgent("谁主办 大赛", "本次大赛由南京市人民政府主办。", ["主办"], fold, tag, true), false);
    assert.equal(namesTranslatedAgent("谁夺得 冠军", "结果托帕洛夫夺得冠军。", ["夺得"], fold, tag, true), true);
  });

  it("reads no single character as a name", () => {
    assert.equal(namesTranslatedAgent("谁发现 洞穴", "黄洞穴被发现。", ["发现"], fold, tag), false);
  });

  it("leaves whose-questions, questions asking only about names, and other questions alone", () => {
    assert.equal(namesTranslatedAgent("谁的军队 总部", "泰国军队选为驻扎总部。", ["军队", "总部"], fold, tag), undefined);
    assert.equal(namesTranslatedAgent("谁罗保铭", "罗保铭，天津人。", [], fold, tag), undefined);
    assert.equal(namesTranslatedAgent("什么时候发现 洞穴", cave, ["发现"], fold, tag), undefined);
  });
});

describe("statesSchoolEn: an English which-university question needs a university named", () => {
  it("refuses a text naming the person without a university, and takes one that names it", () => {
    assert.equal(statesSchoolEn(fold("Which university did Linus Torvalds attend?"), fold("The free Unix workalike created by Linus Torvalds and friends starting about 1991.")), false);
    assert.equal(statesSchoolEn(fold("At which university was the first MUD created?"), fold("The first MUD was written at the University of Essex in 1979.")), true);
    assert.equal(statesSchoolEn(fold("At which school was ENIAC built?"), fold("ENIAC was built at the Moore School of Electrical Engineering.")), true);
    assert.equal(statesSchoolEn(fold("At which institute was Python created?"), fold("at Stichting Mathematisch Centrum")), undefined, "which institute is left free");
  });
});

describe("statesQuantityEn: an English question asking a measure needs a number for it", () => {
  const measure = (q: string, text: string) => statesQuantityEn(fold(q), fold(text));

  it("refuses a text naming the measure without a number, and takes one that gives it", () => {
    assert.equal(measure("What is the boiling point of argon?", "Lowest boiling point of all elements and can only be solidified under pressure."), false);
    assert.equal(measure("What was the clock speed of the Intel 4004?", "The 4004 contained 2300 transistors and was intended for use in a calculator."), false);
    assert.equal(measure("What is the boiling point of argon?", "Boiling point: -185.8 °C."), true);
    assert.equal(measure("What is the half-life of radon-222?", "Rn-222 has a half-life of 3.8 days."), true);
  });

  it("reads a version number written after its product's name", () => {
    assert.equal(measure("Which version of Python introduced non-ASCII identifiers?", "Python 3.0 allows characters from outside the ASCII range."), true);
    assert.equal(measure("What is the latest version of C-INTERCAL?", "An extended version, implemented in C."), false);
  });

  it("leaves other questions and Chinese text free", () => {
    assert.equal(measure("What is the name of the game?", "The game is called Flood."), undefined);
    assert.equal(measure("What is the population of Beijing?", "北京的人口是多少"), undefined);
  });
});

describe("holdsOfSubjectEn: an English document must name what a \"… of Y?\" question is about", () => {
  it("refuses a sibling's section, and takes the document that names it", () => {
    assert.equal(holdsOfSubjectEn(fold("What is the atomic number of iodine?"), fold("## Neon\nAtomic number: 10\n## Argon\nAtomic number: 18")), false);
    assert.equal(holdsOfSubjectEn(fold("What is the half-life of Rn-222?"), fold("## Radon\nRn-222 has a half-life of 3.8 days.")), true);
    assert.equal(holdsOfSubjectEn(fold("What is the standard plural of VAX?"), fold("VAXen is the standard plural of VAX.")), true);
  });

  it("leaves other questions free", () => {
    assert.equal(holdsOfSubjectEn(fold("Who designed the ABC language?"), fold("Python is a successor of ABC.")), undefined);
  });
});

describe("givesNameEn: an English question asking a name needs one the question does not hold", () => {
  const named = (q: string, raw: string) => givesNameEn(fold(q), raw, fold);

  it("refuses a passage naming nobody new, and takes one that gives a name", () => {
    assert.equal(named("What was the name of the MIT hacker who broke his leg?", "Here is a true story: One day an MIT hacker was in a motorcycle accident and broke his leg. He had to stay in the hospital."), false);
    assert.equal(named("What was the name of the swimming monkey?", "This term preserves the memory of Mabel, the swimming wonder monkey."), true);
    assert.equal(named("What is the name of Tcl's GUI toolkit?", "Tcl and its associated GUI toolkit, Tk run on all flavors of Unix."), true);
    assert.equal(named("What was the name of the ship?", "The navy named a new ship \"the guided-missile destroyer\" after her."), true, "a quoted term is a name");
  });

  it("leaves other questions free", () => {
    assert.equal(named("What is the boiling point of argon?", "lowest boiling point of all elements"), undefined);
  });
});

describe("statesCountEn: an English how-many question needs its noun counted", () => {
  const count = (q: string, text: string) => statesCountEn(fold(q), fold(text));

  it("refuses a number that counts something else", () => {
    assert.equal(count("How many vacuum tubes did ENIAC contain?", "ENIAC had 20 accumulators and was built at the Moore School from vacuum tubes."), false);
    assert.equal(count("How many copies of the book were sold?", "A late version, expanded with commentary for the mass market."), false);
    assert.equal(count("How many TOPS-20 systems did DEC sell?", "The TOPS-20 operating system by DEC, preferred by most PDP-10 hackers over TOPS-10."), false, "a number joined to a name is no count");
    assert.equal(count("How many puzzles are in the collection?", "[Simon Tatham's Portable Puzzle Collection, version 20230122.806ae71]"), false, "a version number is no count");
    assert.equal(count("How many context managers can one with statement hold?", "1. The context expression is evaluated to obtain a context manager."), false, "a list item's number is no count");
  });

  it("takes the noun a few words from its number, on either side", () => {
    assert.equal(count("How many vacuum tubes did ENIAC contain?", "It contained 17,468 vacuum tubes."), true);
    assert.equal(count("How many new laboratories did the school open?", "The school opened 12 new laboratories in 2023."), true, "laboratory, stemmed from laboratories");
    assert.equal(count("How many orders did the instruction set have?", "an instruction set of 92 \"orders\"."), true);
    assert.equal(count("How many bridges may connect two islands?", "at most two bridges may connect a pair of islands"), true);
    assert.equal(count("How many transistors did the 4004 have?", "transistors on chips grew from 2300 on the Intel 4004 in 1971"), true);
    assert.equal(count("How many people live in Oslo?", "About 700,000 people live there."), true, "the noun, not the place after the verb");
    assert.equal(count("How many of the students passed?", "120 students passed the exam."), true);
    assert.equal(count("How many F-1 machines were ever made?", "The F-1 was the fastest PDP-10 ever built, but only one was ever made."), true, "the count as the subject of the question's passive verb");
    assert.equal(count("How many F-1 machines were ever made?", "Foonly designed the F-1 at great cost over many long years, and later one was sold to a studio."), false, "not the question's verb");
    assert.equal(count("How many F-1 machines were ever made?", "In 1978 was made the first F-1."), false);
  });

  it("leaves times, other questions and Chinese evidence alone", () => {
    assert.equal(count("How many times is the expression evaluated?", "It is evaluated once."), undefined);
    assert.equal(count("Who designed INTERCAL?", "Designed by Don Woods."), undefined);
    assert.equal(count("How many student party members took part?", "组织近2万个学生党支部、20余万名学生党员走进乡村。"), undefined);
  });
});

describe("statesOffice: who holds an office needs the office named", () => {
  const office = (q: string, text: string) => statesOffice(fold(q), fold(text));

  it("refuses a who-holds-it question over text that never names the office", () => {
    assert.equal(office("马克思主义学院的院长是谁？", "重点建设马克思主义学院,联合开展理论研究。"), false);
    assert.equal(office("马克思主义学院的院长是谁？", "马克思主义学院院长张三介绍了经验。"), true);
    assert.equal(office("Who is the president of the Debian Project?", "The Debian Project was founded by Ian Murdock."), false);
    assert.equal(office("Who was the first president of the Debian Project?", "Bruce Perens became the project's president in 1996."), true);
  });

  it("asks an English who-is question for the relation its noun names, in the noun's or its verb's form", () => {
    assert.equal(office("Who was Alan Turing's doctoral advisor at Princeton?", "While at Princeton Turing published \"On Computable Numbers\"."), false);
    assert.equal(office("Who was Alan Turing's doctoral advisor at Princeton?", "At Princeton he was advised by Alonzo Church."), true);
    assert.equal(office("Who was the senior programmer at Demos?", "Ed Nather was a senior programmer at Demos."), true);
    assert.equal(office("Who was the Debian leader between 2010 and 2013?", "Stefano Zacchiroli led the project from 2010 to 2013."), true);
    assert.equal(office("Who was behind Byte magazine's Circuit Cellar?", "Steve Ciarcia wrote the column."), undefined, "behind is no relation noun");
  });

  it("leaves creators and other who-questions to the gate", () => {
    assert.equal(office("《容斋随笔》的作者是谁？", "《容斋随笔》是南宋洪迈所著。"), undefined);
    assert.equal(office("教育部部长是谁？", MEETING), true);
    assert.equal(office("谁主讲冰雪上的思政课？", MEETING), undefined);
  });
});

describe("statesAskedFact", () => {
  it("holds when no check applies and fails when one does", () => {
    assert.equal(statesAskedFact(fold("教育部部长是谁？"), fold(MEETING)), true);
    assert.equal(statesAskedFact(fold("北京冬奥会一共有多少名志愿者？"), fold(WINTER)), false);
    assert.equal(statesAskedFact(fold("怀进鹏是哪一年出生的？"), fold(MEETING)), false);
  });
});
