"""Immutable value types of a knowledge base (``Source``, ``Citation``, ``Entry``, ``Knowledge``), and the
plain-data form of its entries that the cache stores (``entries_to_data``, ``entries_from_data``).

Every type here is a frozen dataclass: a knowledge base shared by threads, cached or logged cannot change
under its reader. What the matcher says of a query is in ``assistant.replies``.

>>> from assistant import load_knowledge
>>> entry = load_knowledge().get("hotline-number")
>>> entry.source.document
'002_e4194e2011337c21.txt'
>>> entry.answer = ""
Traceback (most recent call last):
...
dataclasses.FrozenInstanceError: cannot assign to field 'answer'
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import astuple, dataclass, field, fields
from itertools import accumulate, pairwise, starmap
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Source:
    """A source document that entries may cite, as listed in the knowledge base's header.

    >>> from assistant import Matcher
    >>> knowledge = Matcher().knowledge
    >>> knowledge.source("002_e4194e2011337c21.txt").file
    '002_e4194e2011337c21.txt'
    >>> knowledge.source("not-listed.txt") is None
    True
    """

    file: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Citation:
    """Where an answer comes from: a source document's file name and the section within it.

    >>> print(Citation("shop-policies.txt", "Returns"))
    shop-policies.txt · Returns
    """

    document: str
    section: str

    def __str__(self) -> str:
        return f"{self.document} · {self.section}"


@dataclass(frozen=True)
class Entry:
    """One question with its answer, its other phrasings, and where its facts come from.

    ``file`` and ``line`` say where the entry was read from (None for entries built in code).
    ``builtin``: built-in small talk, which a base declaring no small talk of its own gets.

    >>> entry = Entry("returns", "Can I return a book?", "Within 30 days, with the receipt.",
    ...               alternates=("refund policy",), citations=(Citation("policies.txt", "Returns"),))
    >>> entry.phrasings
    ('Can I return a book?', 'refund policy')
    >>> print(entry.source)
    policies.txt · Returns
    >>> Entry("greeting", "Hello", "Hi!", smalltalk=True).source is None    # small talk cites nothing
    True
    """

    id: str
    question: str
    answer: str
    alternates: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    topic: str | None = None
    follow_ups: tuple[str, ...] = ()
    smalltalk: bool = False
    file: str | None = None
    line: int | None = None
    builtin: bool = False
    """Built-in small talk (``default_smalltalk``), added to a base that declares none of its own."""
    heard: tuple[str, ...] = ()
    """The built-in small talk's phrasings of the same intent, given to a base's own small-talk entry
    (``default_smalltalk.with_builtin_phrasings``: 您好 to a greeting written 你好): matched as its phrasings, never
    counted or checked as the alternates its file writes."""

    @property
    def source(self) -> Citation | None:
        """The entry's first (main) citation, or None for small talk that cites nothing."""
        return self.citations[0] if self.citations else None

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The canonical question followed by every alternate, and the built-in phrasings it was given (``heard``)."""
        return (self.question, *self.alternates, *self.heard)


@dataclass(frozen=True)
class Knowledge:
    """A validated knowledge base: header, entries (small talk included), synonyms and fallback reply.

    Build one with ``load_knowledge`` (the bundled base, a YAML file or a folder) or ``knowledge_from_data``
    (plain dicts and lists).

    >>> from assistant import load_knowledge
    >>> knowledge = load_knowledge()                  # the bundled knowledge base
    >>> knowledge.language, knowledge.get("hotline-number").question
    ('zh-CN', '微粒贷客服电话是多少？')
    >>> knowledge.get("no-such-entry") is None
    True
    """

    title: str
    language: str
    version: str
    entries: tuple[Entry, ...]
    fallback: str
    sources: tuple[Source, ...] = ()
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    location: str | None = None
    out_of_scope: tuple[str, ...] = ()
    """Example questions the knowledge base does not answer (another lender's loans, say): a query that
    reads more like one of these than like any entry gets the fallback."""
    out_of_scope_terms: tuple[str, ...] = ()
    """Terms that mark a question as out of scope (another lender's name, say), unless the entry it
    matches mentions the term too."""
    former_ids: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Ids a bare list's entries had before their ids were made from their questions (the file's name and the
    item's place: ``shop-2``), each with the entry's id now (``entry_ids``): ``get`` still finds them."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "synonyms", MappingProxyType(dict(self.synonyms)))
        object.__setattr__(self, "former_ids", MappingProxyType(dict(self.former_ids)))
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        """Return the entry with this id, or with this former id (``former_ids``: the entry's ``id`` is then
        its id now), or None when there is none."""
        by_id: dict[str, Entry] = self._by_id  # type: ignore[attr-defined]
        found = by_id.get(entry_id)
        if found is None and entry_id in self.former_ids:
            return by_id.get(self.former_ids[entry_id])
        return found

    def source(self, file: str) -> Source | None:
        """Return the header's description of a cited document, or None when it is not listed."""
        return next((source for source in self.sources if source.file == file), None)

    def document_title(self, file: str) -> str:
        """Return a cited document's title when the header lists one, else its file name."""
        source = self.source(file)
        return source.title if source is not None and source.title else file

    def cite(self, citation: Citation) -> str:
        """Return a citation as people read it: the document's title (``document_title``), then the section.

        >>> from assistant import load_knowledge
        >>> knowledge = load_knowledge()
        >>> knowledge.cite(knowledge.get("hotline-number").source)
        '如何查询微粒贷逾期后的还款详情及处理方法 · 微粒贷逾期后还款详情查询方法 > 联系微粒贷客服 > 客服电话'
        """
        return f"{self.document_title(citation.document)} · {citation.section}"

    @property
    def questions(self) -> tuple[Entry, ...]:
        """The real entries, without small talk."""
        return tuple(entry for entry in self.entries if not entry.smalltalk)

    def to_data(self) -> dict[str, Any]:
        """Return the knowledge base as plain data (arrays, lists of strings, small values): its header as
        one value (a mapping), its entries in columns (``entries_to_data``). ``from_data`` makes it again."""
        header = {declared.name: getattr(self, declared.name) for declared in fields(self)
                  if declared.name != "entries"}
        header["sources"] = [list(astuple(source)) for source in self.sources]
        header["synonyms"] = {canonical: list(variants) for canonical, variants in self.synonyms.items()}
        header["former_ids"] = dict(self.former_ids)
        header = {name: list(value) if isinstance(value, tuple) else value for name, value in header.items()}
        data: dict[str, Any] = {"header": header}
        data.update({f"entries.{name}": value for name, value in entries_to_data(self.entries).items()})
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Knowledge:
        """Return the knowledge base ``to_data`` stored. Raises ``ValueError``, ``TypeError``, ``KeyError``
        or ``IndexError`` when ``data`` is not what it stores (every value is checked for its type)."""
        header = data["header"]
        _check(type(header) is dict and "entries" not in header, "a header is a mapping")

        def texts(value: Any) -> tuple[str, ...]:
            _check(type(value) is list and all(type(item) is str for item in value), "a list of texts")
            return tuple(value)

        for name in ("title", "language", "version", "fallback"):
            _check(type(header[name]) is str, f"{name} is text")
        _check(header["location"] is None or type(header["location"]) is str, "location is text")
        sources = header["sources"]
        _check(type(sources) is list, "sources are a list")
        synonyms = header["synonyms"]
        _check(type(synonyms) is dict, "synonyms are a mapping")
        former_ids = header["former_ids"]
        _check(type(former_ids) is dict and all(type(key) is str and type(value) is str
                                                 for key, value in former_ids.items()), "former ids")
        _check(all(type(row) is list and len(row) >= 2 and type(row[0]) is type(row[1]) is str
                   and all(item is None or type(item) is str for item in row) for row in sources), "sources")
        fixed = {**header, "sources": tuple(Source(*row) for row in sources),
                 "synonyms": {canonical: texts(variants) for canonical, variants in synonyms.items()},
                 "out_of_scope": texts(header["out_of_scope"]),
                 "out_of_scope_terms": texts(header["out_of_scope_terms"])}
        entries = entries_from_data({name[len("entries."):]: value for name, value in data.items()
                                     if name.startswith("entries.")})
        return cls(entries=entries, **fixed)


def entries_to_data(entries: tuple[Entry, ...]) -> dict[str, Any]:
    """Return ``entries`` as plain data (arrays, lists of strings, small values), one column per field of
    ``Entry``, each stored as its type says (``_COLUMNS``); ``entries_from_data`` makes them again.

    Raises ``TypeError`` for a field of a type no column is declared for (add one to ``_COLUMNS``).
    """
    data: dict[str, Any] = {"count": len(entries)}
    for declared in fields(Entry):
        if str(declared.type) not in _COLUMNS:
            raise TypeError(f"Entry.{declared.name} ({declared.type}) has no plain-data column")
        values = [getattr(entry, declared.name) for entry in entries]
        for part, column in _COLUMNS[str(declared.type)][0](values).items():
            data[f"{declared.name}.{part}"] = column
    return data


def entries_from_data(data: Mapping[str, Any]) -> tuple[Entry, ...]:
    """Return the entries ``entries_to_data`` stored. Raises ``ValueError``, ``TypeError``, ``KeyError`` or
    ``IndexError`` when ``data`` is not what it stores."""
    count = data["count"]
    if type(count) is not int or count < 0:
        raise ValueError("an entry count is a number")
    columns: dict[str, list[Any]] = {}
    for declared in fields(Entry):
        prefix = declared.name + "."
        parts = {name[len(prefix):]: value for name, value in data.items() if name.startswith(prefix)}
        values = list(_COLUMNS[str(declared.type)][1](parts, count))
        if len(values) != count:
            raise ValueError(f"the column {declared.name} holds {len(values)} values, not {count}")
        columns[declared.name] = values
    # By position, in the order of fields(Entry), which is the order of its parameters (a third quicker than by name)
    return tuple(starmap(Entry, zip(*columns.values())))


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise ValueError(what)


def _strings(values: list[str]) -> dict[str, Any]:
    return {"text": values or []}


def _read_strings(parts: Mapping[str, Any], count: int) -> list[str]:
    text = parts["text"]
    _check(type(text) is list and set(map(type, text)) <= {str}, "a text column holds text")
    return text  # type: ignore[no-any-return]


def _optional(values: list[Any]) -> dict[str, Any]:
    """Few distinct values (a topic, a file name): a table of them, and each entry's place in
    it (-1 for None)."""
    table: dict[Any, int] = {}
    places = array("i", (-1 if value is None else table.setdefault(value, len(table)) for value in values))
    return {"table": list(table), "place": places}


def _read_optional(kind: type) -> Any:
    def read(parts: Mapping[str, Any], count: int) -> Iterator[Any]:
        table, places = parts["table"], parts["place"]
        _check(type(table) is list and all(type(value) is kind for value in table), "a table of values")
        _check(type(places) is array and places.typecode == "i" and min(places, default=0) >= -1, "places")
        return (None if place == -1 else table[place] for place in places)
    return read


def _optional_numbers(values: list[int | None]) -> dict[str, Any]:
    """Numbers, most of them distinct (a line number): an array of them (0 for None) and a flag for None; a
    table of distinct values would be a list of Python ints to decode one by one."""
    return {"number": array("q", (0 if value is None else value for value in values)),
            "none": array("B", (value is None for value in values))}


def _read_optional_numbers(parts: Mapping[str, Any], count: int) -> Iterator[int | None]:
    numbers, none = parts["number"], parts["none"]
    _check(type(numbers) is array and numbers.typecode == "q" and type(none) is array and none.typecode == "B"
           and len(numbers) == len(none), "numbers")
    return (None if unset else number for number, unset in zip(numbers, none))


def _flags(values: list[bool]) -> dict[str, Any]:
    return {"flag": array("B", values)}


def _read_flags(parts: Mapping[str, Any], count: int) -> Iterator[bool]:
    flags = parts["flag"]
    _check(type(flags) is array and flags.typecode == "B", "flags are an array")
    return map(bool, flags)


def _tuples(values: list[tuple[Any, ...]], items: Any) -> dict[str, Any]:
    """Tuples of items: how many each holds, then all their items in one column."""
    stored = items([item for value in values for item in value])
    return {"count": array("i", map(len, values)), **stored}


def _read_tuples(items: Any) -> Any:
    def read(parts: Mapping[str, Any], count: int) -> Iterator[tuple[Any, ...]]:
        counts = parts["count"]
        _check(type(counts) is array and counts.typecode == "i" and min(counts, default=0) >= 0, "counts")
        ends = list(accumulate(counts, initial=0))
        flat = list(items({key: value for key, value in parts.items() if key != "count"}, ends[-1]))
        _check(len(flat) == ends[-1], "a tuple column holds as many items as its counts say")
        return (tuple(flat[start:end]) for start, end in pairwise(ends))
    return read


def _citations(values: list[Citation]) -> dict[str, Any]:
    stored = _optional([astuple(value) for value in values])
    stored["table"] = [list(row) for row in stored["table"]]
    return stored


def _read_citations(parts: Mapping[str, Any], count: int) -> Iterator[Citation]:
    table, places = parts["table"], parts["place"]
    _check(type(table) is list and all(type(row) is list and all(type(value) is str for value in row)
                                       for row in table), "a table of citations")
    _check(type(places) is array and places.typecode == "i" and min(places, default=0) >= 0, "citations")
    made = [Citation(*row) for row in table]  # one object per distinct citation, shared as when loaded
    return map(made.__getitem__, places)


_COLUMNS: dict[str, tuple[Any, Any]] = {
    "str": (_strings, _read_strings),
    "str | None": (_optional, _read_optional(str)),
    "int | None": (_optional_numbers, _read_optional_numbers),
    "bool": (_flags, _read_flags),
    "tuple[str, ...]": (lambda values: _tuples(values, _strings), _read_tuples(_read_strings)),
    "tuple[Citation, ...]": (lambda values: _tuples(values, _citations), _read_tuples(_read_citations)),
}
"""How a field of ``Entry`` is stored as plain data, by its declared type: (to columns, from columns)."""
