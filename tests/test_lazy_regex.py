"""A pattern compiled on first use (``LazyPattern``) finds what the same pattern compiled at once finds, is compiled
once, and importing the package compiles none of the matcher's."""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
from typing import Any

import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

from assistant import lazy_regex
from assistant.lazy_regex import MISSES, LazyPattern

USES = [
    # (pattern, method, arguments): what it gives is what ``re.compile(pattern)``'s method gives
    (r"(.)[不没]\1", "search", ("会不会被起诉",)),
    (r"(.)[不没]\1", "search", ("会不会被起诉", 2)),
    (r"(.)[不没]\1", "search", ("逾期了怎么办",)),
    (r"请问(?:一下)?", "match", ("请问一下逾期了怎么办",)),
    (r"请问(?:一下)?", "match", ("逾期了请问",)),
    (r"[吗呢吧]*", "fullmatch", ("网贷吗", 2)),
    (r"[吗呢吧]*", "fullmatch", ("网贷吗",)),
    (r"(\d+)(天|年)", "findall", ("逾期3天还是1年",)),
    (r"\d+(?:天|年)", "findall", ("逾期3天还是1年", 0, 4)),
    (r"(?<=[，。])", "finditer", ("你好，逾期了。怎么办",)),
    (r"怎么办|有什么办法", "sub", ("", "逾期了怎么办")),
    (r"(.)\1+", "sub", (r"\1", "好好好的")),
    (r"(.)\1+", "sub", (lambda found: found.group(1), "好好好的", 1)),
    # words only: a text holding none of them is no match without compiling; one holding one, compiled and read
    ("修改|更改|改成", "search", ("逾期了怎么办",)),
    ("修改|更改|改成", "search", ("还款日能修改吗",)),
    ("修改|更改|改成", "search", ("能修改吗", 2)),
    ("修改|更改|改成", "search", ("能修改吗", 0, 2)),
    ("修改|更改|改成", "search", ("能修改吗", -9, -1)),
    ("修改|更改|改成", "match", ("能修改吗",)),
    ("修改|更改|改成", "match", ("能修改吗", 1)),
    ("修改|更改|改成", "fullmatch", ("修改",)),
    ("修改|更改|改成", "fullmatch", ("修改吗",)),
    ("修改|更改|改成", "findall", ("先修改再更改",)),
    ("修改|更改|改成", "findall", ("逾期了",)),
    ("修改|更改|改成", "finditer", ("先修改再更改",)),
    ("修改|更改|改成", "finditer", ("逾期了",)),
    ("修改|更改|改成", "sub", ("", "逾期了")),
    ("修改|更改|改成", "sub", ("改", "先修改再更改", 1)),
    ("http|www", "search", ("HTTP://",)),
    ("多久|", "search", ("逾期了",)),
]


def _plain(result: Any) -> Any:
    # Matches compared by what they matched and where.
    if isinstance(result, re.Match):
        return result.span(), result.groups()
    if isinstance(result, (list, tuple)) or hasattr(result, "__next__"):
        return [_plain(item) for item in result]
    return result


@pytest.mark.parametrize(("pattern", "method", "arguments"), USES)
def test_a_lazy_pattern_finds_what_the_compiled_pattern_finds(pattern: str, method: str,
                                                              arguments: tuple[Any, ...]) -> None:
    expected = getattr(re.compile(pattern), method)(*arguments)
    assert _plain(getattr(LazyPattern(pattern), method)(*arguments)) == _plain(expected)


def test_a_lazy_pattern_is_compiled_on_its_first_use_and_only_then(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    compile_now = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return compile_now(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    twice = LazyPattern(r"(.)[不没]\1")
    joined = LazyPattern(rf"{twice.pattern}|是否")  # its text read without compiling it
    assert (twice.compiled_yet, joined.compiled_yet, compiled) == (False, False, [])
    assert twice.search("能不能") is not None
    assert twice.findall("会不会，能不能") == ["会", "能"]
    assert twice.sub("", "能不能借") == "借"
    assert twice.compiled is twice.compiled
    assert (twice.compiled_yet, joined.compiled_yet, compiled) == (True, False, [r"(.)[不没]\1"])


@given(words=st.lists(st.text("改修换ab", min_size=1, max_size=3), min_size=1, max_size=4),
       text=st.text("改修换abc", max_size=8), pos=st.integers(-3, 10), endpos=st.integers(-3, 10),
       method=st.sampled_from(["search", "match", "fullmatch", "findall", "finditer"]))
def test_a_pattern_of_words_finds_what_the_compiled_pattern_finds(words: list[str], text: str, pos: int, endpos: int,
                                                                  method: str) -> None:
    pattern = "|".join(words)
    expected = getattr(re.compile(pattern), method)(text, pos, endpos)
    assert _plain(getattr(LazyPattern(pattern), method)(text, pos, endpos)) == _plain(expected)


@pytest.mark.parametrize(("pattern", "text", "compiled"), [
    ("修改|更改|改成", "逾期了怎么办", False),   # words only, none of them written: no match, nothing compiled
    ("修改|更改|改成", "能修改吗", True),
    (r"修改|更改|改\w", "逾期了怎么办", True),   # a character special to re: compiled to be read
    ("修改|", "逾期了怎么办", True),              # an empty word is written everywhere
])
def test_a_pattern_of_words_is_compiled_only_for_a_text_holding_one(pattern: str, text: str, compiled: bool) -> None:
    words = LazyPattern(pattern)
    words.search(text)
    assert words.compiled_yet is compiled


def _holds(items: Any, needs: tuple[str, ...], run: str = "") -> bool:
    # Whether every match of the parsed sequence ``items`` holds one of ``needs``: in a run of literal characters
    # (``run``: the ones just before), or in a group, or in every branch of an alternation, or in a repeat taken
    # at least once. Lookarounds match nothing, and anything else ends a run: the reading errs only toward "no".
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            run += chr(value)
            if any(need in run for need in needs):
                return True
            continue
        if name == "IN" and all(str(kind) == "LITERAL" and (run + chr(char)).endswith(needs) for kind, char in value):
            return True
        if name == "SUBPATTERN" and _holds(value[-1].data, needs, run):
            return True
        if name == "BRANCH" and all(_holds(branch.data, needs, run) for branch in value[1]):
            return True
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and value[0] >= 1 and _holds(value[2].data, needs):
            return True
        run = ""
    return False


def _lazy_patterns_of_the_package() -> dict[str, LazyPattern]:
    import assistant.cli
    import assistant.conversation
    import assistant.knowledge_checks  # noqa: F401

    return {f"{name}.{attribute}": value for name, module in list(sys.modules.items()) if name.startswith("assistant")
            for attribute, value in vars(module).items() if isinstance(value, LazyPattern)}


def _stdlib_parser() -> Any:
    """The stdlib's own reading of a pattern: re._parser (sre_parse before Python 3.11)."""
    try:
        from re import _parser as parser
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as parser  # type: ignore[no-redef]
    return parser


@pytest.mark.parametrize(("name", "pattern"), [(name, pattern) for name, pattern
                                              in _lazy_patterns_of_the_package().items() if pattern.needs is not None])
def test_every_match_of_a_pattern_holds_one_of_its_needs(name: str, pattern: LazyPattern) -> None:
    parser = _stdlib_parser()
    assert pattern.flags == 0 and pattern.needs and "" not in pattern.needs
    assert _holds(parser.parse(pattern.pattern).data, pattern.needs), name


@pytest.mark.parametrize(("pattern", "needs", "held"), [
    (r"(?<![没不])多久|多长时间", ("多久", "多长时间"), True),
    (r"(?<![没不])多久|多长时间", ("多久",), False),              # 多长时间 holds neither
    (r"(?:成立|创立)于", ("成立", "创立"), True),
    (r"几?点", ("几点",), False),                                   # 点 alone matches
    (r"多(?:久|长时间)", ("多久", "多长时间"), True),                 # a run before a group counts
    (r"[吗不]$", ("吗", "不"), True),
    (r"[吗呢]$", ("吗",), False),
    (r"对(?=影响)", ("影响",), False),                               # a lookahead is not matched
])
def test_what_needs_a_pattern_is_read_to_hold(pattern: str, needs: tuple[str, ...], held: bool) -> None:
    assert _holds(_stdlib_parser().parse(pattern).data, needs) is held


def test_a_pattern_of_words_missing_many_texts_is_compiled_and_finds_the_same() -> None:
    words, needing = LazyPattern("修改|更改|改成"), LazyPattern(r"(?<![没不])多久", needs=("多久",))
    for _ in range(MISSES - 1):
        assert words.search("逾期了怎么办") is None and needing.search("逾期了怎么办") is None
    assert not words.compiled_yet
    assert words.search("逾期了怎么办") is None and words.compiled_yet  # compiled at the MISSES-th text missed
    assert words.search("能修改吗").group() == "修改" and words.findall("改成改成") == ["改成", "改成"]
    assert needing.search("逾期了怎么办") is None and not needing.compiled_yet  # (needs: waits for a text holding one)


def test_a_pattern_needing_words_is_compiled_only_for_a_text_holding_one() -> None:
    duration = LazyPattern(r"(?<![没不])多久|多长时间", needs=("多久", "多长时间"))
    assert duration.search("逾期了怎么办") is None and not duration.compiled_yet
    assert duration.search("没多久") is None and duration.compiled_yet  # written: compiled, and read as re reads it
    assert LazyPattern(r"(?<![没不])多久", needs=("多久",)).search("要多久").group() == "多久"


def test_the_example_in_the_docstring_is_true() -> None:
    assert doctest.testmod(lazy_regex).failed == 0


def test_flags_are_compiled_with_the_pattern() -> None:
    assert LazyPattern("HELLO", re.IGNORECASE).fullmatch("hello") is not None
    assert LazyPattern("HELLO").fullmatch("hello") is None


def test_importing_the_package_compiles_none_of_the_lazy_patterns() -> None:
    code = """if True:
        import json, sys
        import assistant, assistant.cli, assistant.conversation, assistant.knowledge_checks
        from assistant.lazy_regex import LazyPattern
        found = {}
        for name, module in list(sys.modules.items()):
            if name.startswith("assistant"):
                for attribute, value in vars(module).items():
                    for item in value if isinstance(value, tuple) else (value,):
                        for part in item if isinstance(item, tuple) else (item,):
                            if isinstance(part, LazyPattern):
                                found[f"{name}.{attribute}:{part.pattern}"] = part.compiled_yet
        print(json.dumps(found))
    """
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO,
                            check=True)
    found = json.loads(result.stdout)
    assert len(found) >= 40  # the matcher's patterns are there to be seen
    assert [key for key, compiled in found.items() if compiled] == []
