"""The cache's form of an ``Index``: ``index_to_data`` turns one into plain data (arrays, lists of strings,
numbers: what ``plain_data`` writes and the cache stores) and ``index_from_data`` makes it again; the tables that
follow cheaply from others are made again, not stored.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from itertools import chain, compress
from operator import attrgetter
from typing import Any

from ..models import Knowledge, entries_from_data, entries_to_data
from ..normalize import Normalizer
from ..plain_data import text_list
from .index import Index
from .postings import Postings


def index_to_data(index: Index) -> dict[str, Any]:
    """Return the index as plain data: names to arrays, lists of strings, numbers and small values
    (``plain_data`` writes them). ``index_from_data`` makes the same index again.

    Terms are stored once (``terms``, the postings' keys in order); every other table names them by
    their place there. Tables that follow cheaply from others (the normalizer, from the synonyms;
    ``entry_index``; ``entry_number``, each term's place) are not stored; phrasings as whether each of the
    entries' phrasings, in order, was kept (``kept``), and their normalized text as whether it is the
    phrasing itself (``same_text``) and the others (``other_texts``). Raises ``ValueError`` for an index with
    tables this does not know (see ``FIELDS``) or built with another normalizer than its knowledge base's.
    """
    if vars(index).keys() != FIELDS:
        raise ValueError(f"the index holds tables index_to_data does not store: {sorted(vars(index).keys() ^ FIELDS)}")
    if index.normalize.replacements != Normalizer(index.knowledge.synonyms).replacements:
        raise ValueError("the index was built with a normalizer other than its knowledge base's")
    known = len(index.knowledge.entries)
    if index.entries[:known] != index.knowledge.entries:
        raise ValueError("the index's entries are not its knowledge base's")
    data: dict[str, Any] = {f"knowledge.{name}": value for name, value in index.knowledge.to_data().items()}
    data.update({f"extra.{name}": value for name, value in entries_to_data(index.entries[known:]).items()})
    if index.entry_number != (index.postings.number if index.exact else {}):
        raise ValueError("the index's entry postings are not numbered as its terms")
    kept = array("B")
    for owner, entry in enumerate(index.entries):
        phrasings, place = entry.phrasings, 0
        flags = [0] * len(phrasings)
        for phrasing in range(index.first_phrasing[owner], index.first_phrasing[owner + 1]):
            # Only the first of equal phrasings can have been kept (they normalize alike).
            while phrasings[place] != index.raw[phrasing]:
                place += 1
            flags[place] = 1
            place += 1
        kept.extend(flags)
    same = array("B", (text == raw for text, raw in zip(index.texts, index.raw)))
    terms = list(index.postings)
    number = index.postings.number
    data.update({
        "negative": index.negative, "foreign_terms": list(index.foreign_terms),
        "smalltalk": array("i", index.smalltalk), "kept": kept, "same_text": same,
        "other_texts": [text for text, is_same in zip(index.texts, same) if not is_same],
        "owner": index.owner, "first_phrasing": index.first_phrasing, "entry_length": index.entry_length,
        "exact": index.exact, "joins_across": index.joins_across, "terms": terms,
        "idf.term": array("i", map(number.__getitem__, index.idf)),
        "idf.value": array("d", index.idf.values()), "unknown_idf": index.unknown_idf, "weights": index.weights,
        "postings.starts": index.postings.starts, "postings.numbers": index.postings.numbers,
        "entry_starts": index.entry_starts, "entry_owners": index.entry_owners, "entry_counts": index.entry_counts,
        "common_weight": len(index.common_weight),
        **{f"common_weight.{level}": table for level, table in enumerate(index.common_weight)},
        "average_length": index.average_length, "keys": index.keys,
        "inverse_weights": index.inverse_weights,
        "answer_keys": index.answer_keys, "answer_idf.term": list(index.answer_idf),
        "answer_idf.value": array("d", index.answer_idf.values()),
    })
    for name in ("phrasing_terms", "entry_terms"):
        groups = getattr(index, name)
        data[name] = groups is not None
        if groups is not None:
            data[f"{name}.groups"] = [array("i", map(number.__getitem__, group)) for group in groups]
    data["term_entries"] = index.term_entries is not None
    if index.term_entries is not None:
        data["term_entries.term"] = array("i", map(number.__getitem__, index.term_entries))
        data["term_entries.groups"] = [array("i", held) for held in index.term_entries.values()]
    data["entry_term_counts"] = index.entry_term_counts is not None
    if index.entry_term_counts is not None:
        data["entry_term_counts.term"] = [array("i", map(number.__getitem__, counts))
                                          for counts in index.entry_term_counts]
        data["entry_term_counts.count"] = [array("i", counts.values()) for counts in index.entry_term_counts]
    return data

def index_from_data(data: Mapping[str, Any]) -> Index:
    """Return the index ``index_to_data`` stored. Raises ``ValueError``, ``TypeError``, ``KeyError`` or
    ``IndexError`` when ``data`` is anything else; an index read from a file is still to be checked with
    ``consistent()`` (every table the right type, but they may not agree)."""
    def table(name: str, typecodes: str = "i") -> array[Any]:
        value = data[name]
        if type(value) is not array or value.typecode not in typecodes:
            raise TypeError(f"{name} is not an array of {typecodes}")
        return value

    def plain(name: str, kind: type) -> Any:
        value = data[name]
        if type(value) is not kind:
            raise TypeError(f"{name} is not a {kind.__name__}")
        return value

    def part(prefix: str) -> dict[str, Any]:
        return {name[len(prefix):]: value for name, value in data.items() if name.startswith(prefix)}

    index = Index.__new__(Index)
    knowledge = index.knowledge = Knowledge.from_data(part("knowledge."))
    index.normalize = Normalizer(knowledge.synonyms)
    entries = index.entries = knowledge.entries + entries_from_data(part("extra."))
    index.negative = plain("negative", int)
    index.foreign_terms = tuple(text_list(data, "foreign_terms"))
    index.entry_index = {entry.id: place for place, entry in enumerate(entries)}
    index.smalltalk = tuple(table("smalltalk"))
    index.owner, first = table("owner"), table("first_phrasing")
    index.first_phrasing = first
    # Whole columns at a time (C loops), not a phrasing at a time: the cache is read on every start.
    every = list(chain.from_iterable(entry.phrasings for entry in entries))
    kept = table("kept", "B")
    if len(kept) != len(every):
        raise ValueError("kept does not flag every phrasing")
    raw = index.raw = list(compress(every, kept))
    same, others = table("same_text", "B"), text_list(data, "other_texts")
    if len(same) != len(raw):
        raise ValueError("same_text does not flag every phrasing")
    index.texts = list(raw)
    differ = list(compress(range(len(raw)), same.tobytes().translate(_NOT)))
    if len(differ) != len(others):
        raise ValueError("other_texts are not as many as the phrasings they stand for")
    for phrasing, text in zip(differ, others):
        index.texts[phrasing] = text
    index.entry_length = table("entry_length")
    index.exact = plain("exact", bool)
    index.joins_across = plain("joins_across", bool)
    terms = text_list(data, "terms")
    index.idf = dict(zip(map(terms.__getitem__, table("idf.term")), table("idf.value", "d"), strict=True))
    index.unknown_idf = plain("unknown_idf", float)
    index.weights = table("weights", "d")
    number = dict(zip(terms, range(len(terms))))
    if len(number) != len(terms):
        raise ValueError("a term is there twice")
    index.postings = Postings(number, table("postings.starts", "q"), table("postings.numbers"))
    index.entry_number = number if index.exact else {}
    index.entry_starts, index.entry_owners = table("entry_starts", "q"), table("entry_owners", "Hi")
    index.entry_counts = table("entry_counts", "BHI")
    index.common_weight = [table(f"common_weight.{level}", "f") for level in range(plain("common_weight", int))]
    index.average_length = plain("average_length", float)
    index.keys = None if data["keys"] is None else text_list(data, "keys")
    index.inverse_weights = None if data["inverse_weights"] is None else table("inverse_weights", "d")
    index.answer_keys = text_list(data, "answer_keys")
    index.answer_idf = dict(zip(text_list(data, "answer_idf.term"), table("answer_idf.value", "d"),
                                strict=True))
    index.phrasing_terms = index.entry_terms = index.term_entries = index.entry_term_counts = None
    for name in ("phrasing_terms", "entry_terms"):
        if plain(name, bool):
            setattr(index, name, [frozenset(map(terms.__getitem__, group))
                                  for group in _groups(data, f"{name}.groups")])
    if plain("term_entries", bool):
        index.term_entries = dict(zip(map(terms.__getitem__, table("term_entries.term")),
                                      map(tuple, _groups(data, "term_entries.groups")), strict=True))
    if plain("entry_term_counts", bool):
        index.entry_term_counts = [dict(zip(map(terms.__getitem__, held), counts, strict=True)) for held, counts
                                   in zip(_groups(data, "entry_term_counts.term"),
                                          _groups(data, "entry_term_counts.count"), strict=True)]
    return index


_NOT = bytes([1, 0]) + bytes(254)
"""A table for ``bytes.translate`` turning flags 0 and 1 into 1 and 0 (any other byte into 0)."""

FIELDS = frozenset({
    "knowledge", "normalize", "entries", "negative", "foreign_terms", "entry_index", "smalltalk", "raw", "texts",
    "owner", "first_phrasing", "entry_length", "exact", "joins_across", "idf", "unknown_idf", "weights",
    "postings",
    "entry_number", "entry_starts", "entry_owners", "entry_counts", "common_weight", "average_length", "keys",
    "phrasing_terms", "entry_terms", "term_entries", "entry_term_counts", "inverse_weights", "answer_keys",
    "answer_idf"})
"""The tables of an ``Index`` (the module's docstring says what each holds): what ``index_to_data`` stores. A table
added to ``Index.__init__`` is added here and to ``index_to_data`` / ``index_from_data``; until then the cache
refuses to store the index (and ``tests/test_index.py`` fails), rather than store it incompletely."""


def _groups(data: Mapping[str, Any], name: str) -> list[array[int]]:
    """The lists of numbers stored under ``name`` (``plain_data`` reads them as arrays, or an empty list as
    a value). Raises ``TypeError`` for anything else."""
    groups = data[name]
    if (type(groups) is not list or not set(map(type, groups)) <= {array}
            or not set(map(attrgetter("typecode"), groups)) <= {"i"}):
        raise TypeError(f"{name} is not a list of arrays of int")
    return groups
