"""Questions typed without a Chinese input method are read as the knowledge base's own words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant import Matcher
from assistant.normalize import Normalizer
from assistant.pinyin_input import PinyinReader, kept_as_typed, latin_words

BASE = ["微粒贷逾期了怎么办", "微粒贷逾期了会上征信吗", "公众号怎么绑定", "还款日在哪里看", "客服电话是多少",
        "额度被冻结了", "APP怎么登录", "延期还款怎么申请", "延期还款最长多久", "延期还款利率会变高吗"]


@pytest.fixture(scope="module")
def reader() -> PinyinReader:
    return PinyinReader(BASE)


@pytest.mark.parametrize(("typed", "read"), [
    ("weilidai yuqi le zenme ban", "微粒贷逾期了怎么办"),     # spaced full pinyin
    ("weilidaiyuqilezenmeban", "微粒贷逾期了怎么办"),         # unspaced
    ("WeiLiDai YuQi", "微粒贷逾期"),                          # capitals
    ("kèfú diànhuà shì duōshǎo", "客服电话是多少"),           # tone marks
    ("yanqihuankuan zenme shenqing", "延期还款怎么申请"),     # 还 read huan, not only hai
    ("huankuanri zai nar kan", "还款日在哪看"),               # erhua: nar
    ("wld逾期了会上征信吗", "微粒贷逾期了会上征信吗"),         # initials mixed with Chinese
    ("gzh怎么绑定", "公众号怎么绑定"),                        # zh read as one initial or as z + h
    ("app zenme denglu", "app怎么登录"),                      # a Latin word the base uses is kept
    ("edu bei dongjie le", "额度被冻结了"),
    ("hotline 多少", "hotline 多少"),                         # neither pinyin nor initials: kept
    ("yanqi lilv", "延期利率"),                               # ü typed as v after l or n
    ("yanqihuankuanlilühuibiangaoma", "延期还款利率会变高吗"),
    ("wld overdue", "微粒贷overdue"),                         # an English v is no ü
])
def test_pinyin_is_read_as_the_bases_words(reader: PinyinReader, typed: str, read: str) -> None:
    assert reader(typed) == read


def test_a_syllable_no_word_of_the_base_has_still_gets_its_sound(reader: PinyinReader) -> None:
    from assistant.normalize import sound_key

    assert sound_key(reader("baogao")) == sound_key("报告")


NOT_LETTERS = st.characters(blacklist_categories=("Lu", "Ll", "Lt", "Lm", "Lo"))


@given(st.text(alphabet=NOT_LETTERS | st.sampled_from("逾期还款征信")))
def test_text_without_letters_is_returned_as_it_is(text: str) -> None:
    assert PinyinReader(BASE)(text) == text


@pytest.mark.parametrize(("typed", "entry"), [
    ("weilidai kefu dianhua", "hotline-number"),
    ("wld yuqi le zenme ban", "overdue-what-to-do"),
    ("mima wangle zenmeban", "forgot-password"),
])
def test_the_bundled_base_answers_pinyin_read_first(bundled: Matcher, typed: str, entry: str) -> None:
    reader = PinyinReader.from_knowledge(bundled.knowledge, bundled.normalize)
    reply = bundled.reply(reader(typed))
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry)


@pytest.mark.parametrize(("typed", "reply"), [
    ("nihao", ("answer", "greeting")),                  # small talk typed in pinyin
    ("xiexie", ("answer", "thanks")),
    ("baibai", ("answer", "goodbye")),
    ("yuqi zenmeban", ("answer", "overdue-what-to-do")),
    ("wld yq", ("answer", "overdue-what-to-do")),
    ("wo", ("none", None)),           # one syllable alone: not 我 of 我先走了, the fallback as for any unreadable input
    ("le", ("none", None)),           # not 了 of 好了
    ("wo?", ("none", None)),
])
def test_the_bundled_base_replies_to_pinyin_as_typed(bundled: Matcher, typed: str,
                                                      reply: tuple[str, str | None]) -> None:
    got = bundled.reply(typed)
    assert (got.status, got.entry.id if got.entry else None) == reply


def test_a_term_the_base_declares_out_of_scope_is_read_as_that_term(bundled: Matcher) -> None:
    assert "借呗" in bundled.knowledge.out_of_scope_terms
    reader = PinyinReader.from_knowledge(bundled.knowledge, bundled.normalize)
    assert reader("jiebei yuqi zenme ban").startswith("借呗")
    assert bundled.reply(reader("jiebei yuqi zenme ban")).status == "none"


def test_a_large_base_is_learnt_from_its_questions_first_within_a_bounded_size(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import knowledge_from_data, pinyin_input

    monkeypatch.setattr(pinyin_input, "MAX_CHARACTERS", 200)
    entries = [{"id": f"e{n}", "question": f"第{n}号问题", "alternates": [f"随便问问第{n}个"],
                "answer": "很长的回答。" * 20} for n in range(30)]
    entries[0]["question"] = "微粒贷逾期了怎么办"
    knowledge = knowledge_from_data({"knowledge_base": {"title": "大", "language": "zh-CN", "version": "1"},
                                     "fallback": "不知道。", "entries": entries})
    learnt: list[str] = []
    original = PinyinReader.__init__

    def spy(self: PinyinReader, texts: list[str]) -> None:
        learnt.extend(texts)
        original(self, texts)

    monkeypatch.setattr(PinyinReader, "__init__", spy)
    reader = PinyinReader.from_knowledge(knowledge)
    assert sum(map(len, learnt)) <= 200
    assert learnt[0] == "微粒贷逾期了怎么办"                   # the questions come first
    assert reader("weilidai yuqi le zenme ban") == "微粒贷逾期了怎么办"


@pytest.mark.parametrize(("typed", "ascii_"), [
    ("ｗｅｉｌｉｄａｉ　ｋｅｆｕ　ｄｉａｎｈｕａ", "weilidai kefu dianhua"),   # an input method in full-width mode
    ("ＷＬＤ　ＹＵＱＩ　ＬＥ　ＺＥＮＭＥ　ＢＡＮ", "WLD YUQI LE ZENME BAN"),
])
def test_pinyin_typed_full_width_is_read_as_typed_in_ascii(bundled: Matcher, typed: str, ascii_: str) -> None:
    wide, narrow = bundled.reply(typed), bundled.reply(ascii_)
    assert (wide.status, wide.id, wide.score) == (narrow.status, narrow.id, narrow.score)
    assert wide.status == "answer"


@pytest.mark.parametrize(("typed", "kept"), [
    ("APP怎么登录", True),                 # a Latin word the base uses
    ("微粒贷 App\t\tAPP 怎么登录", True),  # in any case, tabs and spaces between
    ("a 怎么登录", True),                  # a single letter
    ("app zenme denglu", False),           # pinyin beside it
    ("hotline 多少", False),               # a word the base never uses: the reader decides
])
def test_a_question_naming_only_the_bases_latin_words_reads_as_the_reader_would_read_it(
        reader: PinyinReader, typed: str, kept: bool) -> None:
    normalize = Normalizer()
    assert kept_as_typed(typed, latin_words(BASE)) is kept
    if kept:
        assert normalize(reader(typed)) == normalize(typed)


@given(st.text(alphabet=st.sampled_from("appAPP \t逾期怎么登录")))
def test_the_shortcut_never_changes_what_the_matcher_reads(text: str) -> None:
    normalize, reader = Normalizer(), PinyinReader(BASE)
    if kept_as_typed(text, latin_words(BASE)):
        assert normalize(reader(text)) == normalize(text)


PIECES = ["延期期间还会催收吗", "延期期间会被起诉吗", "延期期间罚息怎么算", "逾期了怎么办", "逾期会上征信吗",
          "逾期多久", "逾期记录", "逾期罚息", "公众号怎么绑定", "公众号叫什么", "关注公众号", "联系客服请求帮助",
          "提出请求", "缺钱怎么办"]


@pytest.mark.parametrize(("typed", "read"), [
    ("qq密码忘了", "qq密码忘了"),            # not 期期, the ends of 延期 and 期间 side by side (three times and more)
    ("zh怎么办", "zh怎么办"),                # not 众号, a piece of 公众号 (公 before it every time)
    ("yq了怎么办", "逾期了怎么办"),           # a word of the base, whatever stands beside it
    ("gzh叫什么", "公众号叫什么"),
])
def test_initials_are_read_as_a_word_never_a_piece_of_one(typed: str, read: str) -> None:
    assert PinyinReader(PIECES)(typed) == read


def test_shared_initials_are_read_as_a_word_met_three_times_or_more() -> None:
    # 请求 and 缺钱 (qq) are met twice and once, 期期 is a piece: qq stays as typed; met a third time, 请求 is read.
    assert PinyinReader(PIECES)("qq") == "qq"
    assert PinyinReader([*PIECES, "请求延期"])("qq") == "请求"


@pytest.mark.parametrize(("typed", "reply"), [
    ("QQ密码忘了怎么办", ("none", None)),          # another thing's password, named in letters
    ("ＱＱ：公众号怎么绑定账户", ("answer", "wechat-bind")),   # a label before a colon, no word of the question
    ("Q: 逾期了怎么办", ("answer", "overdue-what-to-do")),
    ("mm忘了怎么办", ("answer", "forgot-password")),   # initials of a word the base says again and again
])
def test_the_bundled_base_reads_letters_named_or_labelling(bundled: Matcher, typed: str,
                                                          reply: tuple[str, str | None]) -> None:
    got = bundled.reply(typed)
    assert (got.status, got.entry.id if got.entry and got.status == "answer" else None) == reply
