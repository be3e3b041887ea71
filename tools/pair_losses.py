"""Count, on small bases, questions answered right alone that lose their answer when asked after another entry.

For each base, each question of its question file answered right alone (no ``previous``), ask it again after
every other entry's question and count the pairs where the reply becomes the fallback (``none``) or another
entry. Usage: python tools/pair_losses.py [-v] BASE...  (names under tests/eval/small-bases/). A TEST base (the
TEST row of tests/eval/small-bases/README.md) is refused: -v prints its questions."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from assistant import Matcher, load_knowledge

BASES = Path(__file__).resolve().parent.parent / "tests" / "eval" / "small-bases"


def test_bases() -> set[str]:
    """Return the names of the small TEST bases, as the TEST row of the small bases' README lists them."""
    row = next((line for line in (BASES / "README.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("| TEST |")), "")
    return set(re.findall(r"`([a-z0-9-]+)\.yaml`", row))


def main(argv: list[str]) -> int:
    """Print each base's pair counts and the total; with -v, every lost pair. Return 2, with one line on stderr,
    for a TEST base or a base with no question file."""
    verbose = "-v" in argv
    bases = [a for a in argv if a != "-v"]
    refused = [base for base in bases if base in test_bases()]
    missing = [base for base in bases if not (BASES / f"{base}-questions.yaml").is_file()]
    if refused or missing:
        print(f"pair_losses: {'a TEST base, refused' if refused else 'no such DEV base with a question file'}: "
              f"{(refused or missing)[0]}", file=sys.stderr)
        return 2
    total = {"pairs": 0, "none": 0, "other": 0}
    for base in bases:
        matcher = Matcher(load_knowledge(BASES / f"{base}.yaml"))
        with open(BASES / f"{base}-questions.yaml", encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        items = data["questions"] if isinstance(data, dict) else data
        ids = [e.id for e in matcher.knowledge.entries if not e.smalltalk]
        counts = {"pairs": 0, "none": 0, "other": 0}
        for item in items:
            if item.get("previous") or not item.get("expect"):
                continue
            alone = matcher.reply(item["q"])
            if alone.status != "answer" or alone.id != item["expect"]:
                continue
            for previous in ids:
                if previous == alone.id:
                    continue
                counts["pairs"] += 1
                reply = matcher.reply(item["q"], previous=previous)
                lost = "none" if reply.status == "none" else "other" if reply.id != alone.id else ""
                if lost:
                    counts[lost] += 1
                    if verbose:
                        print(f"  {base} {item['q']} | after {previous} | alone {alone.score} -> "
                              f"{reply.status} {reply.id} {reply.score}")
        print(base, counts)
        for key, value in counts.items():
            total[key] += value
    print("total", total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
