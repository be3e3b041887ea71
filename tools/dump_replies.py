"""Dump every reply, follow-up reply, search and confusable of the matcher, to diff behaviour across a refactor.

    PYTHONPATH=. python tools/dump_replies.py OUT.jsonl [--sizes 1000,6000] [--workdir DIR]
        [--questions FILE ...] [--small NAME ...]

For the bundled base: each question of tests/eval/questions.yaml and (when present) ../../shared/eval/questions-b.yaml,
both DEV sets (or of the ``--questions`` files instead; a TEST set is never asked unless named there), asked
alone, with its own ``previous`` when it has one, and after each of a few fixed previous entries;
``search(limit=6)`` with scores; ``confusables()``. For each ``--small`` base NAME of tests/eval/small-bases:
each question of its NAME-*questions*.yaml files, alone and with its own ``previous``, searched, and the
base's confusables. For each synthetic base of ``--sizes`` entries (benchmarks/synth.py): the benchmark's
question mix asked alone and searched. One JSON object a line, so that ``diff`` shows what changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from plainfaq import SHARED  # noqa: E402  (the shared folder beside the checkout or its worktrees)

from assistant import Matcher, load_knowledge  # noqa: E402
from assistant.replies import Match, Reply  # noqa: E402

PREVIOUS = ("overdue-credit-reporting", "penalty-interest", "hotline-number")
"""Entries each question is also asked after (the context rule reads the question against them)."""


def _match(match: Match | None) -> Any:
    if match is None:
        return None
    return [match.id, match.score, match.matched, *dataclasses.astuple(match.parts)]


def _reply(reply: Reply) -> Any:
    return {"status": reply.status, "match": _match(reply.match),
            "suggestions": [_match(m) for m in reply.suggestions],
            "follow_ups": [e.id for e in reply.follow_ups]}


def _questions(files: list[Path] | None = None) -> list[dict[str, Any]]:
    if files is None:
        files = [REPO / "tests/eval/questions.yaml", SHARED / "eval" / "questions-b.yaml"]
    found: list[dict[str, Any]] = []
    for file in files:
        if file.exists():
            found += yaml.safe_load(file.read_text(encoding="utf-8"))
    return found


def _dump_base(matcher: Matcher, questions: list[dict[str, Any]], label: str, out: Any, *,
               context: bool) -> None:
    known = {entry.id for entry in matcher.knowledge.entries}
    for item in questions:
        query = str(item["q"])
        record: dict[str, Any] = {"base": label, "q": query, "alone": _reply(matcher.reply(query)),
                                  "search": [_match(m) for m in matcher.search(query, limit=6)]}
        if context:
            if item.get("previous") in known:
                record["own_previous"] = _reply(matcher.reply(query, previous=item["previous"]))
            record["after"] = {p: _reply(matcher.reply(query, previous=p)) for p in PREVIOUS if p in known}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _dump_confusables(matcher: Matcher, out: Any) -> None:
    for entry, alternate, match in matcher.confusables():
        out.write(json.dumps({"confusable": [entry.id, alternate, _match(match)]}, ensure_ascii=False) + "\n")


def main() -> None:
    """Write the dump."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--sizes", default="", help="synthetic base sizes, comma-separated")
    parser.add_argument("--workdir", default="/tmp/assistant-dump")
    parser.add_argument("--questions", nargs="+", type=Path,
                        help="question files asked of the bundled base instead of the default two (DEV sets)")
    parser.add_argument("--small", nargs="+", default=[], metavar="NAME",
                        help="small bases of tests/eval/small-bases to dump with their question files")
    args = parser.parse_args()
    import synth

    with open(args.out, "w", encoding="utf-8") as out:
        matcher = Matcher(load_knowledge())
        _dump_base(matcher, _questions(args.questions), "real", out, context=True)
        _dump_confusables(matcher, out)
        for name in args.small:
            small = REPO / "tests/eval/small-bases"
            base = Matcher(load_knowledge(small / f"{name}.yaml"))
            _dump_base(base, _questions(sorted(small.glob(f"{name}-*questions*.yaml"))), name, out, context=True)
            _dump_confusables(base, out)
        for size in filter(None, args.sizes.split(",")):
            folder, paraphrases = synth.build_base(int(size), Path(args.workdir))
            big = Matcher(load_knowledge(folder))
            mix = [{"q": q.q} for q in synth.question_mix(REPO, paraphrases)]
            _dump_base(big, mix, size, out, context=False)


if __name__ == "__main__":
    main()
