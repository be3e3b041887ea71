"""Plain-FAQ evaluation: the bundled base reduced to bare questions, next to character-bigram BM25 and fuzz.ratio.

    PYTHONPATH=. python benchmarks/plainfaq.py [--pinyin] [EVAL.yaml ...]

A bot author starts with a list of questions and answers, without alternates or synonyms. This benchmark
builds that base from the bundled one (each entry's question and answer only; no synonyms, no declared
out-of-scope questions or terms) and queries it with the bundled alternates (each expecting its own entry)
and with the labelled questions (default: tests/eval/*.yaml and ../../shared/eval/questions-b.yaml when
present; follow-ups left out, they need the previous answer). It prints, for in-scope queries, top-1
accuracy of ``Matcher.search``, of BM25 over characters and character bigrams, and of ``fuzz.ratio``; and
at the matcher's default thresholds, right answers, wrong answers and out-of-scope queries not answered.
``--pinyin`` reads every query through ``pinyin_input.PinyinReader`` first.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz, process

from assistant import Matcher
from assistant.evaluation import Question, load_questions, staged_reply
from assistant.knowledge import load_knowledge
from assistant.models import Knowledge
from assistant.normalize import clean
from assistant.pinyin_input import PinyinReader

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [ROOT / "tests" / "eval" / "questions.yaml", ROOT / "tests" / "eval" / "holdout.yaml",
                ROOT.parent.parent / "shared" / "eval" / "questions-b.yaml"]


def plain_base(knowledge: Knowledge) -> Knowledge:
    """The base as a bot author first writes it: questions and answers, nothing else."""
    entries = tuple(replace(entry, alternates=()) for entry in knowledge.entries)
    return replace(knowledge, entries=entries, synonyms={}, out_of_scope=(), out_of_scope_terms=())


def char_terms(text: str) -> list[str]:
    """Characters and character bigrams of the cleaned text (spaces dropped)."""
    chars = [c for c in clean(text) if not c.isspace()]
    return chars + [a + b for a, b in pairwise(chars)]


class BM25:
    """Okapi BM25 (k1 1.2, b 0.75) over ``char_terms``, one document per entry question."""

    def __init__(self, documents: list[str]) -> None:
        self.docs = [Counter(char_terms(d)) for d in documents]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.average = sum(self.lengths) / len(self.lengths)
        frequency = Counter(term for doc in self.docs for term in doc)
        size = len(self.docs)
        self.idf = {t: math.log(1 + (size - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}

    def best(self, query: str) -> int:
        """The index of the best-scoring document."""
        terms = set(char_terms(query))
        scores = []
        for doc, length in zip(self.docs, self.lengths):
            score = 0.0
            for term in terms & doc.keys():
                tf = doc[term]
                score += self.idf[term] * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / self.average))
            scores.append(score)
        return max(range(len(scores)), key=scores.__getitem__)


def queries(knowledge: Knowledge, sets: list[Path]) -> list[Question]:
    """The alternates (expecting their entry) and the labelled questions that are not follow-ups."""
    found = [Question(alt, entry.id, "alternate") for entry in knowledge.questions for alt in entry.alternates]
    for path in sets:
        if path.exists():
            found += [q for q in load_questions(path) if q.previous is None]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="evaluation files (default: ours and questions-b)")
    parser.add_argument("--pinyin", action="store_true", help="read queries through PinyinReader first")
    args = parser.parse_args(argv)
    full = load_knowledge()
    base = plain_base(full)
    matcher = Matcher(base)
    rewrite = PinyinReader.from_knowledge(base, matcher.normalize) if args.pinyin else None
    asked = queries(full, args.sets or DEFAULT_SETS)
    real = list(base.questions)
    bm25 = BM25([e.question for e in real])
    texts = [clean(e.question) for e in real]
    top = Counter[str]()
    counts = Counter[str]()
    for q in asked:
        text = rewrite(q.text) if rewrite else q.text
        reply = staged_reply(matcher, q.text, rewrite=rewrite)
        if q.expect is None:
            counts["oos"] += 1
            counts["oos held"] += reply.status != "answer"
            continue
        counts["in"] += 1
        found = matcher.search(text, limit=1, smalltalk=False)
        top["matcher"] += bool(found) and found[0].id in q.acceptable
        top["bm25"] += real[bm25.best(text)].id in q.acceptable
        best = process.extractOne(clean(text), texts, scorer=fuzz.ratio)
        top["ratio"] += best is not None and real[best[2]].id in q.acceptable
        if reply.status == "answer":
            counts["right" if reply.entry is not None and reply.entry.id in q.acceptable else "wrong"] += 1
    n = counts["in"]
    print(f"plain FAQ: {len(real)} bare questions; {n} in-scope queries, {counts['oos']} out of scope"
          f"{' (pinyin read first)' if rewrite else ''}")
    for name, label in (("matcher", "this matcher (search)"), ("bm25", "BM25 chars+bigrams"),
                        ("ratio", "fuzz.ratio")):
        print(f"  top-1 {label:<24} {top[name]:>5}/{n} ({100 * top[name] / n:.1f}%)")
    print(f"  default thresholds: right {counts['right']} ({100 * counts['right'] / n:.1f}%), "
          f"wrong {counts['wrong']} ({100 * counts['wrong'] / n:.1f}%), "
          f"out of scope not answered {counts['oos held']}/{counts['oos']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
