"""Writes the held-out cross-lingual fixture's documents (test/fixtures/quality/cross-lingual-2/corpus/):
eight articles of the CMRC 2018 trial set (Cui et al., EMNLP 2019; Simplified Chinese Wikipedia
paragraphs, CC BY-SA 4.0), one .txt per article: its title, a blank line, its paragraph verbatim
(Wikipedia's -{zh-hans:…}- conversion markup included, as the Chinese benchmarks index it).

The English questions over them (test/fixtures/quality/cross-lingual-2.jsonl) were written by hand
from the Chinese text before citebot was run on them; the cross-lingual fixes were tuned elsewhere.

Usage: python3 scripts/make-fixtures/cross_lingual2_articles.py /work/shared/bench/cmrc2018_trial.json
"""
import json
import os
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "quality", "cross-lingual-2", "corpus")

# CMRC title -> file name.
ARTICLES = {
    "猴面包树": "baobab.txt",
    "MIT OpenCourseWare": "mit-opencourseware.txt",
    "冰雪皇后": "dairy-queen.txt",
    "山东女子学院": "shandong-womens-university.txt",
    "温泉关": "thermopylae.txt",
    "四川大学华西医院": "west-china-hospital.txt",
    "印度野驴": "indian-wild-ass.txt",
    "中朝友好合作互助条约": "sino-north-korean-treaty.txt",
}


def main(path):
    data = json.load(open(path, encoding="utf-8"))["data"]
    os.makedirs(OUT, exist_ok=True)
    found = 0
    for article in data:
        name = ARTICLES.get(article["title"])
        if not name:
            continue
        found += 1
        body = "\n\n".join(p["context"].strip() for p in article["paragraphs"])
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            f.write(article["title"] + "\n\n" + body + "\n")
    if found != len(ARTICLES):
        sys.exit(f"found {found} of {len(ARTICLES)} articles")


if __name__ == "__main__":
    main(sys.argv[1])
