"""A bare list's terms (``index.joined_terms``): the characters on either side of 的 make one bigram, in place of
the two bigrams holding 的, so that 柚付的额度 shares 付额 with 柚付额度 and 的额 is no term of its own. A base
whose entries have alternates (the bundled one) keeps the plain terms (``normalize.terms``)."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.matching.index import bare_list, joined_terms
from assistant.models import Entry, Knowledge
from assistant.normalize import sound_key, terms


def bigram(pair: str) -> str:
    return "\x1f".join(sound_key(pair))


# text → bigrams its joined terms hold, bigrams they do not
JOINED = [
    ("柚付的额度", {"付额", "柚付", "额度"}, {"付的", "的额"}),
    ("我的额度", {"我额", "额度"}, {"我的", "的额"}),
    ("额度", {"额度"}, set()),                        # no 的: the plain terms
    ("好得很", {"好很"}, {"好得", "得很"}),            # 得 sounds as 的 does
]


@pytest.mark.parametrize(("text", "held", "left_out"), JOINED)
def test_the_characters_around_de_make_one_bigram(text: str, held: set[str], left_out: set[str]) -> None:
    found = joined_terms(sound_key(text))
    assert {bigram(pair) for pair in held} <= found
    assert not {bigram(pair) for pair in left_out} & found
    assert set(sound_key(text)) <= found  # every character stays a term


def test_a_key_without_de_has_the_plain_terms() -> None:
    key = sound_key("柚付额度怎么查")
    assert joined_terms(key) == terms(key)


def entry(number: int, alternates: int) -> Entry:
    return Entry(f"e{number}", f"问题{number}", "答。", alternates=tuple(f"问法{number}{i}" for i in range(alternates)))


# alternates of each entry → whether the base is a bare list (at most 4 alternates an entry on average)
BARE = [
    ([0, 0, 0], True),
    ([2, 4, 6], True),
    ([4, 4, 5], False),
    ([15, 12, 20], False),
    ([], False),
]


@pytest.mark.parametrize(("alternates", "expected"), BARE)
def test_a_bare_list_is_one_of_few_alternates_an_entry(alternates: list[int], expected: bool) -> None:
    assert bare_list([entry(number, count) for number, count in enumerate(alternates)]) is expected


LIST = Knowledge(title="t", language="zh", version="1", fallback="抱歉。", entries=(
    Entry("limit", "柚付额度怎么查", "在柚付页面查看额度。"),
    Entry("coupon", "我的优惠券在哪里", "在“我的”-“卡券”里。"),
))


def test_the_bundled_base_keeps_its_terms_and_a_bare_list_joins_them() -> None:
    assert not Matcher().index.joins_across
    assert Matcher(LIST).index.joins_across


# question → the entry of the bare list it asks about, 的 standing between two words of that entry's question
ASKED = [
    ("柚付的额度怎么查", "limit"),
    ("我的柚付额度在哪里查", "limit"),  # 我的 … 在哪里 as the coupon's question has them
    ("我的优惠券呢", "coupon"),
]


@pytest.mark.parametrize(("query", "expected"), ASKED)
def test_a_question_with_de_finds_its_entry(query: str, expected: str) -> None:
    assert Matcher(LIST).search(query, limit=1)[0].id == expected
