"""Deterministic synthetic knowledge bases and the fixed question mix for the benchmarks.

A synthetic base of N entries is the real bundled base (its header, synonyms, fallback, small talk and 42
entries, copied as they are) plus N − 47 made-up entries written as YAML files in the same format, so that
loading them goes through ``load_knowledge`` like a maintainer's own files.

Each made-up entry recombines the real phrasings' words: its question and ~9 alternates are crossovers of
a real entry's phrasings with other real phrasings (cut into 1–3 character segments), each carrying the
entry's own two-character subject (like a product name: unique per entry, made of common characters the
real base does not use) and, half of the time, a topic word taken from the real phrasings. Entries thus
share most of their vocabulary, as the entries of a large FAQ do, and differ by a rare term or two.
Everything comes from ``random.Random(seed)``: the same size and seed give the same files, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant import bundled_knowledge_path, load_knowledge

GENERATOR_VERSION = "1"
"""Bump when the generator changes, so cached bases are rebuilt."""

SEED = 20240714
ENTRIES_PER_FILE = 5000
PARAPHRASES = 100
"""Synthetic-entry paraphrases added to the question mix of each synthetic base."""

_PUNCTUATION = "？?！!。，,、；;：: "
_AVOID = set("零〇一二两三四五六七八九十百千万亿个天日号月年期次元块小时分钟周星岁倍帐")


@dataclass(frozen=True)
class Query:
    """One question of the mix; ``expect`` is the entry id it was made from (synthetic paraphrases only)."""

    q: str
    origin: str
    expect: str | None = None


def _strip(text: str) -> str:
    return text.strip(_PUNCTUATION)


def _segments(text: str, rng: random.Random) -> list[str]:
    text = _strip(text)
    out, i = [], 0
    while i < len(text):
        step = rng.choice((1, 2, 2, 3))
        out.append(text[i:i + step])
        i += step
    return out


def _subject_pool(vocabulary: set[str]) -> list[str]:
    """Common simplified characters (GB2312 level 1) that the real phrasings never use."""
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    pool = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes((high, low)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if (char in vocabulary or char in _AVOID or unicodedata.normalize("NFKC", char) != char
                    or to_simplified.convert(char) != char):
                continue
            pool.append(char)
    return pool


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        knowledge = load_knowledge()
        self.real = [entry for entry in knowledge.entries if not entry.smalltalk]
        self.phrasings = [[_strip(p) for p in entry.phrasings] for entry in self.real]
        flat = [p for group in self.phrasings for p in group]
        self.cut = [[_segments(p, self.rng) for p in group] for group in self.phrasings]
        self.all_cut = [segments for group in self.cut for segments in group]
        self.topics = sorted({s for segments in self.all_cut for s in segments if len(s) >= 2})
        self.pool = _subject_pool(set("".join(flat)))
        self.used: set[str] = set()

    def subject(self) -> str:
        while True:
            subject = "".join(self.rng.sample(self.pool, 2))
            if subject not in self.used:
                self.used.add(subject)
                return subject

    def phrasing(self, base: list[str], subject: str, topic: str | None) -> str:
        donor = self.rng.choice(self.all_cut)
        cut_base = self.rng.randint(1, max(1, len(base) - 1))
        cut_donor = self.rng.randint(0, max(0, len(donor) - 1))
        words = base[:cut_base] + donor[cut_donor:]
        words.insert(self.rng.randint(0, min(2, len(words))), subject)
        if topic is not None:
            words.insert(self.rng.randint(0, len(words)), topic)
        return "".join(words)

    def entry(self, number: int) -> tuple[dict[str, Any], tuple[int, str, str | None]]:
        real_index = self.rng.randrange(len(self.real))
        real = self.real[real_index]
        subject = self.subject()
        topic = self.rng.choice(self.topics) if self.rng.random() < 0.5 else None
        wanted = len(real.alternates) + 1
        phrasings: list[str] = []
        tries = 0
        while len(phrasings) < wanted and tries < wanted * 5:
            tries += 1
            base = self.cut[real_index][len(phrasings) % len(self.cut[real_index])]
            text = self.phrasing(base, subject, topic)
            if text not in phrasings:
                phrasings.append(text)
        citation = real.citations[0]
        data = {
            "id": f"syn-{number:06d}",
            "question": phrasings[0] + "？",
            "alternates": phrasings[1:],
            "answer": f"关于{subject}：{real.answer}",
            "source": [{"document": citation.document, "section": citation.section}],
            "topic": real.topic,
        }
        return data, (real_index, subject, topic)

    def paraphrase(self, spec: tuple[int, str, str | None]) -> str:
        real_index, subject, topic = spec
        base = self.rng.choice(self.cut[real_index])
        return self.phrasing(base, subject, topic)


def _scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _entry_yaml(entry: dict[str, Any]) -> str:
    lines = [f"  - id: {entry['id']}", f"    question: {_scalar(entry['question'])}", "    alternates:"]
    lines += [f"      - {_scalar(a)}" for a in entry["alternates"]]
    lines.append(f"    answer: {_scalar(entry['answer'])}")
    lines.append("    source:")
    for citation in entry["source"]:
        lines.append(f"      - document: {_scalar(citation['document'])}")
        lines.append(f"        section: {_scalar(citation['section'])}")
    if entry.get("topic"):
        lines.append(f"    topic: {_scalar(entry['topic'])}")
    return "\n".join(lines) + "\n"


def _real_files() -> list[tuple[str, bytes]]:
    folder = bundled_knowledge_path()
    return sorted((child.name, child.read_bytes()) for child in folder.iterdir()
                  if child.name.endswith((".yaml", ".yml")))


def _fingerprint(size: int, seed: int) -> str:
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{size}:{seed}".encode())
    for name, data in _real_files():
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()[:12]


def build_base(size: int, workdir: Path, seed: int = SEED) -> tuple[Path, list[Query]]:
    """Write (or reuse) the synthetic base of ``size`` entries under ``workdir``.

    Returns the folder and the synthetic paraphrase questions for it. Written to a temporary folder and
    renamed into place, so a half-written base is never reused.
    """
    real_files = _real_files()
    real_count = len(load_knowledge().entries)
    if size < real_count:
        raise ValueError(f"a synthetic base has at least the {real_count} real entries")
    target = workdir / f"kb-{size}-{_fingerprint(size, seed)}"
    queries_file = target / "paraphrases.json"
    if queries_file.exists():
        return target / "kb", [Query(**item) for item in json.loads(queries_file.read_text("utf-8"))]
    workdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kb-", dir=workdir))
    try:
        folder = staging / "kb"
        folder.mkdir()
        for name, data in real_files:
            (folder / name).write_bytes(data)
        generator = _Generator(seed)
        specs = []
        count = size - real_count
        for start in range(0, count, ENTRIES_PER_FILE):
            chunk = []
            for number in range(start, min(count, start + ENTRIES_PER_FILE)):
                data, spec = generator.entry(number)
                chunk.append(_entry_yaml(data))
                specs.append((data["id"], spec))
            name = f"50-synthetic-{start // ENTRIES_PER_FILE:03d}.yaml"
            (folder / name).write_text("entries:\n" + "\n".join(chunk), encoding="utf-8")
        picks = generator.rng.sample(specs, min(PARAPHRASES, len(specs)))
        queries = [Query(generator.paraphrase(spec), "synthetic", entry_id) for entry_id, spec in picks]
        (staging / "paraphrases.json").write_text(
            json.dumps([q.__dict__ for q in queries], ensure_ascii=False, indent=0), encoding="utf-8")
        try:
            os.rename(staging, target)
        except OSError:  # another run put it in place first
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return build_base(size, workdir, seed)


def real_questions(repo: Path) -> list[Query]:
    """The evaluation and hold-out questions, in file order."""
    out = []
    for name in ("questions.yaml", "holdout.yaml"):
        items = yaml.safe_load((repo / "tests" / "eval" / name).read_text(encoding="utf-8"))
        out += [Query(str(item["q"]), name.removesuffix(".yaml"), item.get("expect")) for item in items]
    return out


def question_mix(repo: Path, paraphrases: list[Query], seed: int = SEED) -> list[Query]:
    """The fixed mix: every real-style question plus the synthetic paraphrases, shuffled with ``seed``.

    Shuffled so that any prefix (used when a slow peer runs out of its time budget) is a fair sample.
    """
    mix = real_questions(repo) + list(paraphrases)
    random.Random(seed).shuffle(mix)
    return mix
