"""Plain-FAQ evaluation: the bundled base reduced to bare questions, next to character-bigram BM25 and fuzz.ratio.

    PYTHONPATH=. python benchmarks/plainfaq.py [--pinyin] [EVAL.yaml ...]
    PYTHONPATH=. python benchmarks/plainfaq.py --base benchmarks/data/wallet-base.tsv --half test \
        benchmarks/data/wallet-queries.yaml

A bot author starts with a list of questions and answers, without alternates or synonyms. This benchmark
builds that base from the bundled one (each entry's question and answer only; no synonyms, no declared
out-of-scope questions or terms) and queries it with the bundled alternates (each expecting its own entry)
and with the labelled questions (default: tests/eval/*.yaml and ../../shared/eval/questions-b.yaml when
present; follow-ups left out, they need the previous answer). It prints, for in-scope queries, top-1
accuracy of ``Matcher.search``, of BM25 over characters and character bigrams, and of ``fuzz.ratio``; and
at the matcher's default thresholds, right answers, wrong answers, right entries offered in a "您是不是想问…"
list, and out-of-scope queries not answered (and of those, how many got a list); and how many of the wrong
answers give the very answer text of the entry expected (a base asking one thing twice, as a bot author's list
may: the asker reads the right answer), and the right and wrong answers (and lists offered) with those counted
right: both counts are printed, the headline ones by entry.
``--pinyin`` reads every query through ``pinyin_input.PinyinReader`` first. ``--folds K`` refits the
weights named by ``--free`` (default ``answer``, as ``FITTED`` was fitted; ``tools/fit_weights.py``: the plain
base asked the queries, the bundled base asked tests/eval/questions.yaml) K times, each time without the queries
about a K-th of the entries, and reports the figures of the queries held out: the figures of weights never fitted
on them or on their entries.

``--show KIND`` lists the in-scope queries of a kind (``SHOWN``: those BM25 puts right first and this matcher
does not, …), each with what the matcher and BM25 put first and the reply; refused for a set read by its
summary lines only (``summary_only``) and for another base (``--base``) unless with ``--half dev``.

``--base FILE.tsv`` asks another plain base instead of the bundled one: one entry a line, ``id<TAB>question<TAB>
answer`` (``#`` lines skipped), queried by the evaluation files given (no alternates of its own). ``--half dev``
or ``--half test`` keeps the queries of one half (``half_of``: a hash of the expected entry, of the text when out
of scope), so that what is tuned on the dev half is reported on the test half.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz, process

from assistant import Matcher
from assistant.evaluation import Question, load_questions, staged_reply
from assistant.knowledge import load_knowledge
from assistant.matching.signals import WEIGHTS
from assistant.models import Entry, Knowledge
from assistant.normalize import clean
from assistant.pinyin_input import PinyinReader

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((folder for folder in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if folder.is_dir()),
            ROOT.parent / "shared")
"""The project's shared folder beside the checkout (../shared), or beside its worktrees (../../shared)."""
DEFAULT_SETS = [ROOT / "tests" / "eval" / "questions.yaml", ROOT / "tests" / "eval" / "holdout.yaml",
                SHARED / "eval" / "questions-b.yaml"]


def summary_only(path: Path) -> bool:
    """True for a question file whose items are never read, only its summary lines: the fresh sets, every
    ``-test`` set (the small bases' test questions included) and the small test bases' questions."""
    name = path.name
    return name.startswith("fresh") or "-test" in name or name.split("-questions")[0] in SMALL_TEST_BASES


SMALL_TEST_BASES = frozenset({"clinic", "service-hall", "driving-school", "phone-repair", "library"})
"""The small bases whose questions are test questions (tests/eval/small-bases/README.md)."""


def plain_base(knowledge: Knowledge) -> Knowledge:
    """The base as a bot author first writes it: questions and answers, nothing else."""
    entries = tuple(replace(entry, alternates=()) for entry in knowledge.entries)
    return replace(knowledge, entries=entries, synonyms={}, out_of_scope=(), out_of_scope_terms=())


def read_base(path: Path) -> Knowledge:
    """A plain base from a TSV file of ``id<TAB>question<TAB>answer`` lines (``#`` lines and blank ones skipped);
    a malformed line is named on stderr, exit status 2."""
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            print(f"{path}:{number}: needs id, question and answer separated by tabs", file=sys.stderr)
            raise SystemExit(2)
        entries.append(Entry(id=fields[0].strip(), question=fields[1].strip(), answer=fields[2].strip()))
    return Knowledge(title=path.stem, language="zh", version="1", entries=tuple(entries),
                     fallback="抱歉，这个问题我还答不上来。")


def half_of(question: Question) -> str:
    """``dev`` or ``test``: a hash of the expected entry (of the text when out of scope), the same on every run,
    so that every paraphrase of one base question falls in the same half."""
    return "test" if fold_of(question, 2) else "dev"


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


def fold_of(question: Question, folds: int) -> int:
    """The fold a query is held out in (a hash, the same on every run): by its expected entry, so that a fold's
    weights never saw a question about the entries it is tested on; by its text when out of scope."""
    key = question.expect if question.expect is not None else question.text
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") % folds


def measure(matcher: Matcher, asked: list[Question], rewrite: PinyinReader | None, top: Counter[str],
            counts: Counter[str], show: str | None = None) -> None:
    """Add to ``top`` (top-1 right per method) and ``counts`` (decisions) the results of ``asked``; with
    ``show``, print the queries of that kind (``SHOWN``) with what each method put first and the reply."""
    real = [e for e in matcher.knowledge.questions]
    bm25 = BM25([e.question for e in real])
    answer_of = {e.id: e.answer for e in real}
    texts = [clean(e.question) for e in real]
    for q in asked:
        text = rewrite(q.text) if rewrite else q.text
        reply = staged_reply(matcher, q.text, rewrite=rewrite)
        if q.expect is None:
            counts["oos"] += 1
            counts["oos held"] += reply.status != "answer"
            counts["oos listed"] += reply.status == "clarify"
            continue
        counts["in"] += 1
        found = matcher.search(text, limit=1, smalltalk=False)
        ours = bool(found) and found[0].id in q.acceptable
        theirs = real[bm25.best(text)].id in q.acceptable
        top["matcher"] += ours
        top["bm25"] += theirs
        best = process.extractOne(clean(text), texts, scorer=fuzz.ratio)
        top["ratio"] += best is not None and real[best[2]].id in q.acceptable
        answered = reply.entry.id if reply.status == "answer" and reply.entry is not None else None
        meant = {answer_of[expected] for expected in q.acceptable if expected in answer_of}
        if reply.status == "answer":
            counts["right" if answered in q.acceptable else "wrong"] += 1
            counts["same answer"] += answered not in q.acceptable and reply.answer in meant
        counts["offered"] += reply.status == "clarify" and any(m.id in q.acceptable for m in reply.suggestions)
        listed = reply.suggestions if reply.status == "clarify" else ()
        counts["offered same answer"] += (not any(m.id in q.acceptable for m in listed)
                                          and any(answer_of.get(m.id) in meant for m in listed))
        if show is not None and SHOWN[show](ours, theirs, answered is not None and answered not in q.acceptable):
            mine = f"{found[0].id} {found[0].question}" if found else "-"
            meant = next((e.question for e in real if e.id in q.acceptable), "?")
            theirs_first = real[bm25.best(text)]
            print(f"{q.text}\t→ {q.expect} {meant}\t| ours {mine}\t| bm25 {theirs_first.id} {theirs_first.question}"
                  f"\t| {reply.status}{' ' + answered if answered else ''}")


SHOWN: dict[str, Callable[[bool, bool, bool], bool]] = {
    "bm25-only": lambda ours, theirs, wrong: theirs and not ours,
    "ours-only": lambda ours, theirs, wrong: ours and not theirs,
    "misses": lambda ours, theirs, wrong: not ours,
    "wrong": lambda ours, theirs, wrong: wrong,
}
"""What ``--show`` lists: in-scope queries BM25 puts right first and this matcher does not (or the reverse),
those this matcher puts wrong first, those answered wrongly at the default thresholds."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="evaluation files (default: ours and questions-b)")
    parser.add_argument("--base", type=Path, help="a plain base as TSV (id, question, answer) instead of ours")
    parser.add_argument("--half", choices=("dev", "test"), help="keep only the queries of that half")
    parser.add_argument("--pinyin", action="store_true", help="read queries through PinyinReader first")
    parser.add_argument("--folds", type=int, default=0,
                        help="refit the weights on all folds but one (tools/fit_weights.py) and report held out")
    parser.add_argument("--free", default="answer",
                        help="with --folds: the signals refit, the others kept at FITTED's (default: answer; "
                             "'' refits all)")
    parser.add_argument("--show", choices=sorted(SHOWN),
                        help="list those queries (only of seen sets; with --base, only with --half dev)")
    args = parser.parse_args(argv)
    if args.show and (args.half == "test" or (args.base and args.half != "dev") or any(map(summary_only, args.sets))):
        parser.error("--show lists queries: use it on seen sets, and on another base's dev half only")
    full = read_base(args.base) if args.base else load_knowledge()
    base = plain_base(full)
    matcher = Matcher(base)
    rewrite = PinyinReader.from_knowledge(base, matcher.normalize) if args.pinyin else None
    asked = queries(full, args.sets or ([] if args.base else DEFAULT_SETS))
    if args.half:
        asked = [q for q in asked if half_of(q) == args.half]
    top = Counter[str]()
    counts = Counter[str]()
    if not args.folds:
        measure(matcher, asked, rewrite, top, counts, args.show)
    else:
        sys.path.insert(0, str(ROOT / "tools"))
        from fit_weights import examples, fit, joined, named

        tuning = [q for q in load_questions(ROOT / "tests" / "eval" / "questions.yaml") if q.previous is None]
        saved = dict(WEIGHTS.by_name)
        try:
            for k in range(args.folds):
                def held(q: Question, k: int = k) -> bool:
                    return fold_of(q, args.folds) == k

                trained = named(fit(*joined(examples(matcher, [q for q in asked if not held(q)]),
                                            examples(Matcher(full), [q for q in tuning if not held(q)])),
                                    free=args.free.split(",") if args.free else None))
                WEIGHTS.set(trained)
                measure(matcher, [q for q in asked if held(q)], rewrite, top, counts)
                print(f"fold {k}: {trained}", flush=True)
        finally:
            WEIGHTS.set(saved)
    n = counts["in"]
    print(f"plain FAQ{f' {args.base.name}' if args.base else ''}{f' ({args.half} half)' if args.half else ''}: "
          f"{len(base.questions)} bare questions; {n} in-scope queries, {counts['oos']} out of scope"
          f"{' (pinyin read first)' if rewrite else ''}"
          f"{f'; weights refit on {args.folds - 1} of {args.folds} folds by entry, held out' if args.folds else ''}")
    for name, label in (("matcher", "this matcher (search)"), ("bm25", "BM25 chars+bigrams"),
                        ("ratio", "fuzz.ratio")):
        print(f"  top-1 {label:<24} {top[name]:>5}/{n} ({100 * top[name] / n:.1f}%)")
    print(f"  default thresholds: right {counts['right']} ({100 * counts['right'] / n:.1f}%), "
          f"wrong {counts['wrong']} ({100 * counts['wrong'] / n:.1f}%), "
          f"offered in a list {counts['offered']} ({100 * counts['offered'] / n:.1f}%), "
          f"out of scope not answered {counts['oos held']}/{counts['oos']} ({counts['oos listed']} with a list)")
    same, right, wrong = counts["same answer"], counts["right"], counts["wrong"]
    print(f"  of the wrong answers, {same} give the very answer text of the entry expected (the list asks one thing "
          f"twice): counting them right, right {right + same} ({100 * (right + same) / n:.1f}%), wrong {wrong - same} "
          f"({100 * (wrong - same) / n:.1f}%), {(right + same) / max(wrong - same, 1):.1f} to 1 (by entry: "
          f"{right / max(wrong, 1):.1f} to 1); offered in a list {counts['offered'] + counts['offered same answer']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
