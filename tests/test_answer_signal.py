"""The ``answer`` signal: what a question's terms weigh across the answers is summed in a defined order, so that a
score is the same to the last bit whatever hash seed the process had (its terms are a set)."""

from __future__ import annotations

from conftest import printed_at_hash_seeds

from assistant import Matcher
from assistant.matching.answer_signal import answer_share, answer_terms
from assistant.normalize import PAIR_JOINER

SHARES = """
from assistant import Matcher
from assistant.matching.answer_signal import answer_share, answer_terms
index = Matcher().index
for question in ("我的微粒贷逾期了三个月了会不会被起诉，还会不会影响我以后办房贷",
                 "提前还款有没有手续费，利息是按天算还是按月算的", "逾期以后罚息是怎么计算的能不能减免一部分"):
    terms = index.query(index.normalize(question))[1]
    answer = answer_terms(index, terms)
    print(repr(answer[1]), [repr(answer_share(index, owner, terms, answer)) for owner in range(len(index.entries))])
"""


def test_the_answer_signal_does_not_depend_on_the_hash_seed() -> None:
    printed = printed_at_hash_seeds(SHARES)
    assert printed[0] == printed[1] and printed[0].count("\n") == 3


def test_the_terms_come_in_sorted_order_and_weigh_the_whole_question(bundled: Matcher) -> None:
    index = bundled.index
    terms = index.query(index.normalize("逾期以后罚息是怎么计算的能不能减免一部分"))[1]
    searched, total, answers_only = answer_terms(index, terms)
    held = sorted(term for term in terms if term in index.answer_idf)
    assert [substring for substring, _ in searched] == [term.replace(PAIR_JOINER, "") for term in held]
    assert total == sum(index.answer_idf.get(term, index.unknown_idf) for term in sorted(terms))
    assert set(answers_only) <= {substring for substring, _ in searched}
    assert all(0.0 <= answer_share(index, owner, terms) <= 1.0 for owner in range(len(index.entries)))
