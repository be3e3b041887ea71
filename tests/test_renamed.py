"""A question naming the base's own thing only by a synonym of another kind (微众银行, a bank, for 微粒贷, a loan):
``matching.renamed``, and the replies it gives on the bundled base."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import printed_at_hash_seeds

from assistant import Matcher
from assistant.matching.renamed import head, topics_naming


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


@pytest.mark.parametrize(("name", "kind"), [
    ("微众银行", "银行"), ("微粒贷", "贷"), ("银行贷款", "贷款"), ("花呗", "呗"), ("逾期", None),
])
def test_a_names_kind_is_the_head_it_ends_with(name: str, kind: str | None) -> None:
    assert head(name) == kind


REPLIES = [
    # (question, status, the entry answering it or None)
    # about the bank, naming nothing of the loan's matters: no entry about the loan answers it
    ("微众银行有线下网点吗", "none", None),
    ("微众银行是什么", "none", None),
    ("微众银行是正规银行吗", "none", None),
    ("微众银行app怎么下载", "none", None),
    # … nor beside a matter only of entries never naming the loan (理财 of planning one's finances): the bank's
    ("微众银行的理财产品安全吗", "none", None),
    ("微众银行的理财产品收益怎么样", "none", None),
    # the loan named by its lender, beside a matter of the base's (逾期, 分期, 客服, 公众号): a question about the loan
    ("微众银行逾期了怎么办", "answer", "overdue-what-to-do"),
    ("微众银行的贷款逾期了会怎样", "answer", "overdue-consequences"),
    ("微众银行客服电话", "answer", "hotline-number"),
    ("微众银行微粒贷公众号", "answer", "wechat-account"),
    ("逾期后跟微众银行协商分期能省多少利息", "answer", "instalment-example"),
    # the base's own name, and synonyms of the same kind, as before
    ("微粒贷是什么", "answer", "about-weilidai"),
    ("晚还了会怎么样", "answer", "overdue-consequences"),
]


@pytest.mark.parametrize(("question", "status", "entry"), REPLIES)
def test_a_name_of_another_kind_alone_is_not_read_as_the_bases_own(
        matcher: Matcher, question: str, status: str, entry: str | None) -> None:
    reply = matcher.reply(question)
    assert (reply.status, reply.match.id if reply.status == "answer" and reply.match else None) == (status, entry)


def test_a_base_whose_synonyms_keep_one_kind_reads_none(matcher: Matcher) -> None:
    from assistant.matching.renamed import other_kind

    # 逾期 ← 晚还: a doing for a doing, no kind of thing named
    assert other_kind("晚还了会怎么样", matcher.normalize("晚还了会怎么样"), matcher.index) == 0.0


@pytest.mark.parametrize(("term", "named", "unnamed"), [
    # the loan's matters: topics of entries some phrasing of which names it; not the asker's own (理财规划)
    ("微粒贷", {"逾期处理", "客服", "关于微粒贷"}, {"理财规划"}),
    ("网点", set(), {"逾期处理", "理财规划"}),
])
def test_the_topics_naming_a_term_are_read_once_per_base(
        matcher: Matcher, term: str, named: set[str], unnamed: set[str]) -> None:
    topics = topics_naming(matcher.index, term)
    assert named <= topics and not unnamed & topics
    assert topics_naming(matcher.index, term) is topics


NESTED = """\
knowledge_base: {title: 测试, language: zh, version: "1", sources: [{file: a.txt, title: A}]}
fallback: 抱歉。
synonyms:
  甲乙贷: [丙丁银行]
  乙贷: [戊己宝]
entries:
  - {id: a, question: 庚甲怎么办理？, topic: 庚甲, alternates: [甲乙贷庚甲怎么办], answer: 去柜台办理。,
     source: {document: a.txt, section: A}}
  - {id: b, question: 乙贷怎么还款？, topic: 还款, alternates: [乙贷还款方式], answer: 在应用里还款。,
     source: {document: a.txt, section: A}}
  - {id: c, question: 营业时间是几点？, topic: 时间, alternates: [几点开门], answer: 九点开门。,
     source: {document: a.txt, section: A}}
  - {id: d, question: 会员卡怎么办？, topic: 会员, alternates: [会员卡办理], answer: 前台办理。,
     source: {document: a.txt, section: A}}
"""

OTHER_KIND = """
import sys
from assistant import Matcher, load_knowledge
from assistant.matching.renamed import other_kind
from assistant.normalize import clean
matcher = Matcher(load_knowledge(sys.argv[1]))
print(other_kind(clean("庚丙丁银行戊己宝"), matcher.normalize("庚丙丁银行戊己宝"), matcher.index))
"""


def test_names_the_synonyms_write_one_inside_another_are_taken_whole_whatever_the_hash_seed(tmp_path: Path) -> None:
    # 丙丁银行 and 戊己宝 are written 甲乙贷 and 乙贷 (庚甲乙贷乙贷): taken away whole, they leave 庚 alone, naming no
    # topic (庚甲), whichever is taken first; a process's hash seed orders the set of names
    base = tmp_path / "nested.yaml"
    base.write_text(NESTED, encoding="utf-8")
    read = printed_at_hash_seeds(OTHER_KIND, str(base), seeds=("0", "1", "2", "3"))
    assert {printed.strip() for printed in read} == {"12.0"}
