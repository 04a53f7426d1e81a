#!/usr/bin/env python3
"""A plain single-threaded BM25 index build: the reference scripts/bench-small times citebot against.

    python3 scripts/baselines/bm25_build.py CORPUS_DIR OUT_FILE

Reads every .txt/.md file under CORPUS_DIR (UTF-8), folds it (NFKC, lowercase), takes
terms the way citebot's analyzer roughly does (each CJK character and each pair of
adjacent CJK characters; Latin/digit words), builds postings (term -> [(doc, tf)]),
document frequencies and document lengths, and writes the index to OUT_FILE with
pickle (one file, written to a temporary name and renamed into place). Standard
library only; honest and simple: what a careful person writes in an afternoon.
"""
import os
import pickle
import re
import sys
import unicodedata
from collections import Counter

# CJK Unified Ideographs, extension A and compatibility ideographs (as src/lang/script.ts).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(f"[{CJK}]+|[0-9a-z\u00c0-\u024f\u0400-\u04ff]+")
IS_CJK = re.compile(f"[{CJK}]")


def terms(text):
    out = []
    for run in TOKEN.findall(unicodedata.normalize("NFKC", text).lower()):
        if IS_CJK.match(run):
            out.extend(run)
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def corpus_files(root):
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".txt", ".md")):
                yield os.path.join(folder, name)


def build(root):
    sources, lengths, postings = [], [], {}
    for path in corpus_files(root):
        with open(path, encoding="utf-8", errors="replace") as f:
            counts = Counter(terms(f.read()))
        doc = len(sources)
        sources.append(os.path.relpath(path, root))
        lengths.append(sum(counts.values()))
        for term, tf in counts.items():
            postings.setdefault(term, []).append((doc, tf))
    df = {term: len(p) for term, p in postings.items()}
    avgdl = sum(lengths) / len(lengths) if lengths else 0.0
    return {"k1": 1.2, "b": 0.75, "sources": sources, "lengths": lengths, "avgdl": avgdl, "df": df, "postings": postings}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: bm25_build.py CORPUS_DIR OUT_FILE")
    root, out = sys.argv[1], sys.argv[2]
    index = build(root)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, out)
    print(f"{len(index['sources'])} documents, {len(index['df'])} terms -> {out}")


if __name__ == "__main__":
    main()
