"""The bundled base's synonyms read a borrower's spoken forms as the base's own terms (``synonyms`` in
knowledge/00-base.yaml, applied by ``normalize.Normalizer``): 晚点还 asks for an extension (延期), 分几次还 for an
instalment plan (分期), 拖着不还, 超期 or 迟还 is being overdue (逾期), and 途径 or 管道 (Taiwan's word) is a 渠道.
No entry writes these forms, so a question putting them scored under the answer cut-off before, or nearer a
sibling."""

from __future__ import annotations

import pytest

from assistant import Matcher

SPOKEN = [
    # (a question put in a spoken form, the base's term it reads as, the entry answering it)
    ("能不能晚点再还", "延期", "extension-how"),
    ("这个月想晚些还可以吗", "延期", "extension-how"),
    ("欠款能分几次还吗", "分期", "instalment-how"),
    ("可以分批还吗", "分期", "instalment-how"),
    ("拖着没还会怎样", "逾期", "overdue-consequences"),
    ("微粒贷一直拖着不还会有什么后果", "逾期", "overdue-consequences"),
    ("微粒贷超期了会怎么样", "逾期", "overdue-consequences"),        # 超期, as the reminders say it
    ("迟还了几天会上征信吗", "逾期", "overdue-credit-reporting"),
    ("还款途径有哪些", "渠道", "repay-channels"),
    ("逾期了可以透過哪些管道還款", "渠道", "repay-channels"),
]


@pytest.mark.parametrize(("question", "term", "entry"), SPOKEN)
def test_a_spoken_form_reads_as_the_base_term_and_is_answered(
        bundled: Matcher, question: str, term: str, entry: str) -> None:
    assert term in bundled.index.normalize(question)
    reply = bundled.reply(question)
    assert (reply.status, reply.match.id if reply.match else None) == ("answer", entry)
