"""Writes the English QA fixture's articles (test/fixtures/quality/english/corpus/).

Sources, all under the Python Software Foundation License (see the fixture's README):
  - "A. HISTORY OF THE SOFTWARE" from CPython 3.13's LICENSE.txt;
  - topics of the Python 3.13 language reference as shipped in pydoc_data/topics.py.

Usage: python3 scripts/make-fixtures/english_articles.py [PYTHON_LIB_DIR]
(default: the lib/python3.13 directory of the running or pyenv-installed Python 3.13).
"""
import importlib.util
import os
import re
import sys

TOPICS = {
    "exceptions": "exceptions.txt",
    "execmodel": "execution-model.txt",
    "raise": "raise-statement.txt",
    "try": "try-statement.txt",
    "with": "with-statement.txt",
    "for": "for-statement.txt",
    "import": "import-statement.txt",
    "objects": "objects-values-types.txt",
    "class": "class-definitions.txt",
    "function": "function-definitions.txt",
    "identifiers": "identifiers-and-keywords.txt",
    "strings": "string-literals.txt",
    "comparisons": "comparisons.txt",
}


def main() -> None:
    lib = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.pyenv/versions/3.13.0/lib/python3.13")
    out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "quality", "english", "corpus")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(lib, "LICENSE.txt"), encoding="utf-8") as f:
        licence = f.read()
    history = licence.split("B. TERMS AND CONDITIONS")[0].strip()
    history = re.sub(r"^A\. HISTORY OF THE SOFTWARE\n=+\n", "History of the Python software\n\n", history)
    write(out, "python-history.txt", history)
    spec = importlib.util.spec_from_file_location("topics", os.path.join(lib, "pydoc_data", "topics.py"))
    topics = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(topics)
    for key, name in TOPICS.items():
        write(out, name, topics.topics[key].strip())


def write(out: str, name: str, text: str) -> None:
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
