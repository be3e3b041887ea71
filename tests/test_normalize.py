"""Normalization's shortcuts give what the full work gives: OpenCC skipped only where it would change nothing,
and the pinyin table filled on demand the same as read whole."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from itertools import pairwise

import opencc
import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import normalize
from assistant.normalize import clean, sound_key


@pytest.fixture
def t2s_listed() -> Iterator[frozenset[str]]:
    version, characters = (REPO / "assistant" / "data" / "t2s.txt").read_text(encoding="utf-8").splitlines()
    if version != opencc.__version__:
        pytest.skip(f"data/t2s.txt was made for OpenCC {version}, not the installed {opencc.__version__}")
    yield frozenset(characters)


def test_every_character_opencc_changes_is_listed(t2s_listed: frozenset[str]) -> None:
    converter = opencc.OpenCC("t2s")
    unlisted = (chr(code) for code in range(sys.maxunicode + 1)
                if not 0xD800 <= code <= 0xDFFF and chr(code) not in t2s_listed)
    assert [f"U+{ord(char):04X}" for char in unlisted if converter.convert(char) != char] == []


@pytest.mark.parametrize(("text", "simplified"), [
    ("微粒貸逾期了會怎麼樣", "微粒贷逾期了会怎么样"),
    ("深沈", "深沉"),        # a phrase whose characters, alone, are left as they are
    ("意志消沈", "意志消沉"),
    ("反覆", "反复"),
    ("轉帳", "转账"),
])
def test_traditional_text_is_still_converted_phrases_included(t2s_listed: frozenset[str], text: str,
                                                               simplified: str) -> None:
    assert not t2s_listed.isdisjoint(text)
    assert clean(text) == simplified


def test_a_simplified_question_does_not_open_the_converter(t2s_listed: frozenset[str]) -> None:
    code = ("from assistant import normalize; "
            "print(normalize.clean('微粒贷逾期了会怎么样'), not normalize.t2s_opened())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True,
                            timeout=60)
    assert result.stdout.split() == ["微粒贷逾期了会怎么样", "True"]


def test_with_another_opencc_version_every_text_is_converted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalize, "read_data", lambda name: "0.0.0\n")  # an empty list, for another version
    normalize.t2s_listed_only.cache_clear()
    try:
        assert normalize.t2s_listed_only() is None
        assert normalize.simplified("微粒貸") == "微粒贷"
    finally:
        monkeypatch.undo()
        normalize.t2s_listed_only.cache_clear()


def test_the_pinyin_table_filled_on_demand_matches_the_file() -> None:
    expected: dict[str, str] = {}
    for line in (REPO / "assistant" / "data" / "pinyin.tsv").read_text(encoding="utf-8").splitlines():
        _syllable, _, chars = line.partition("\t")
        for char in chars:
            expected[char] = chars[0]
    assert sound_key("".join(expected)) == "".join(expected.values())
    assert sound_key("abc 123 한국 カナ") == "abc 123 한국 カナ"


@pytest.mark.parametrize("text", ["逾期以后怎么办", "逾期4天", "微粒贷 app 登录", "预期了咋整？", "ＡＢＣ客服", "",
                                  "䷀卦象"])
def test_terms_of_a_sound_key_are_its_unigrams_and_bigrams(text: str) -> None:
    # A sound key of Chinese text takes a fast path; it must give what reading unit by unit gives.
    for form in (text, sound_key(clean(text))):
        parts = normalize.units(form)
        expected = set(parts) | {a + "\x1f" + b for a, b in pairwise(parts)}
        assert normalize.terms(form) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("分期最多能分几个月啊", "分期最多能分几个月"),     # a final particle only colours the question
    ("找谁弄啊？！", "找谁弄"),                         # ... before the punctuation too
    ("能延期嘛啊", "能延期"),                           # ... and a run of them
    ("借呗逾期了", "借呗逾期了"), ("好吧", "好吧"),     # 呗 and 吧 end names and phrasings of their own
    ("一下还不上，能分几次还不", "一下还不上能分几次还吗"),  # a final 不 asks as 吗 does; 还不上 is kept
    ("那分期呢", "那分期呢"),                           # 呢 marks a follow-up
    ("哈哈哈", "哈哈哈"),                               # laughter is no particle
    ("啊", "啊"), ("啊啊", "啊啊"), ("不", "不"),       # never down to one character: 是啊 is a reply
    ("是啊", "是啊"), ("对呀", "对呀"), ("好啦", "好啦"), ("不是啊", "不是"),
    ("好不", "好不"), ("我不", "我不"), ("可以不", "可以不"), ("啊不", "啊不"),  # a reply or refusal as often
    ("能借钱不", "能借钱吗"),
    ("ok啊", "ok啊"),                                   # only after a Chinese character
])
def test_the_particles_ending_a_spoken_question_are_dropped(text: str, expected: str) -> None:
    assert normalize.Normalizer()(text) == expected


@pytest.mark.parametrize(("char", "chinese"), [
    ("逾", True), ("㐀", True), ("䶵", True),                     # unified ideographs, extension A
    ("\uf900", True), ("\ufaff", True), ("\u9fff", True),      # compatibility ideographs, the last unified
    ("あ", False), ("ア", False), ("한", False),                  # kana and Hangul: unspaced, not Chinese
    ("䷀", False),                                               # a Yijing hexagram: a symbol beside extension A
    ("a", False), ("4", False), ("，", False), ("　", False),
])
def test_a_chinese_character_is_an_ideograph_of_the_unified_extension_a_or_compatibility_blocks(
        char: str, chinese: bool) -> None:
    assert normalize.is_chinese(char) is chinese


@pytest.mark.parametrize(("text", "expected"), [
    ("微粒貸\ud800", "微粒贷?"), ("abc\udfff", "abc\udfff"), ("微粒貸", "微粒贷"),
])
def test_simplified_reads_a_lone_surrogate_as_a_question_mark(text: str, expected: str) -> None:
    assert normalize.simplified(text) == expected


# Synonyms over a small alphabet, so that variants overlap, nest and share their starts.
_SYNONYMS = st.dictionaries(st.text("逾期还款晚借", min_size=1, max_size=3),
                            st.lists(st.text("逾期还款晚借", min_size=1, max_size=4), max_size=4), max_size=8)


@settings(max_examples=300, deadline=None)
@given(_SYNONYMS, st.text("逾期还款晚借了吗", max_size=16))
def test_synonyms_found_one_by_one_are_replaced_as_by_one_pattern(synonyms: dict[str, list[str]], text: str) -> None:
    # The same synonyms, and more than FOUND_SYNONYMS others that no such text holds: read with the pattern.
    padded = synonyms | {f"x{n}": [f"y{n}"] for n in range(normalize.FOUND_SYNONYMS + 1)}
    assert normalize.Normalizer(synonyms)(text) == normalize.Normalizer(padded)(text)


def test_a_base_of_many_synonyms_reads_them_with_one_pattern() -> None:
    synonyms = {f"词{n}": [f"变{n}"] for n in range(normalize.FOUND_SYNONYMS + 1)}
    assert normalize.Normalizer(synonyms)("变7和变70") == "词7和词70"


@pytest.mark.parametrize(("text", "expected"), [
    ("逾期三十天", "逾期30天"),
    ("逾期两个月", "逾期2个月"),
    ("一百五十天", "150天"),
    ("一千零五元", "1005元"),
    ("一万块", "10000块"),
    ("两万一千元", "21000元"),
    ("一万一块", "11000块"),  # spoken: the unit after the last digit is dropped
    ("两千五块", "2500块"),
    ("借一万一年", "借一万1年"),  # an amount, then a count of time
    ("借了一万一个月利息多少", "借了一万1个月利息多少"),
    ("借一万，一年后还", "借一万1年后还"),  # punctuation parts two numbers
    ("十一", "十一"),  # no unit: no number
    ("每周三天", "每周3天"),  # a count of days a week
    ("一周三次", "1周3次"),
    ("两周三天", "2周3天"),
])
def test_chinese_numerals_before_a_unit_become_digits(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("周六周日开门吗", "周六周日开门吗"),      # 六 then 周: Saturday, not six weeks
    ("星期六星期天上课吗", "星期六星期天上课吗"),
    ("周六日营业吗", "周六日营业吗"),          # Saturday and Sunday, not six days
    ("周一周三周五", "周一周三周五"),
    ("每周六周日都开", "每周六周日都开"),
    ("周六天气好吗", "周六天气好吗"),          # the weekday, then the weather
    ("周六", "周六"),                         # as it is alone
])
def test_a_weekdays_name_keeps_its_numeral(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("能延期半年吗", "能延期6个月吗"),         # as 能延期6个月吗 reads
    ("分期能分一年半吗", "分期能分18个月吗"),
    ("两年半", "30个月"),
    ("上半年", "上半年"),                     # the year's first half: no duration
    ("大半年没还了", "大半年没还了"),
    ("一年", "1年"),                          # a whole year stays as written
])
def test_half_years_are_counted_in_months(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("应用程式怎么登入", "应用程序怎么登录"),   # Taiwan's words, the mainland's
    ("滑鼠坏了", "鼠标坏了"),
    ("怎么办", "怎么办"),                   # 么 stays 么 whatever OpenCC's version reads it as
    ("網路", "网络"),
])
def test_taiwans_words_are_put_as_the_mainlands(text: str, expected: str) -> None:
    assert normalize.taiwan_to_mainland(text) == expected


def test_threads_converting_at_once_get_what_one_gets() -> None:
    # OpenCC's converters, each opened once, are shared by threads without a lock (a server's workers)
    from concurrent.futures import ThreadPoolExecutor

    texts = ["應用程式怎麼登入", "滑鼠壞了", "微粒貸逾期了怎麼辦", "網路連不上"] * 50
    alone = [(normalize.simplified(text), normalize.taiwan_to_mainland(text)) for text in texts]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda text: (normalize.simplified(text), normalize.taiwan_to_mainland(text)), texts))
    assert together == alone
