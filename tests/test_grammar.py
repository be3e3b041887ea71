"""A bare question sharing with a question of a small bare list only the grammar both end on (了怎么办) asks that
form of another thing: the entry is not given with confidence (``grammar.grammar_only``, read as a displaced topic
by the decision). The library list here is made up for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Matcher, load_knowledge
from assistant.matching.grammar import grammar_only

LIBRARY = """\
entries:
  - id: card
    question: 怎么办借书证？
    answer: 带身份证到一楼服务台办理，免费。
  - id: how-many
    question: 一次能借几本书？
    answer: 每人一次最多借十本，借期三十天。
  - id: lost-book
    question: 书丢了怎么办？
    answer: 按书价的两倍赔偿，到服务台办理。
  - id: hours
    question: 开馆时间是几点？
    answer: 每天早上九点到晚上九点开馆。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    path: Path = tmp_path_factory.mktemp("library") / "library.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return Matcher(load_knowledge(path))


@pytest.mark.parametrize(("question", "entry", "only"), [
    ("还书晚了怎么办", "lost-book", True),       # 了怎么办 only: 晚 and 丢 are two things
    ("逾期了怎么办", "lost-book", True),
    ("书丢了咋办", "lost-book", False),          # 书丢 shared: its own thing
    ("手机丢了怎么办", "lost-book", False),      # 丢了 is no grammar (salience weighs 手机)
    ("书丢了怎么办", "lost-book", False),        # no content word of its own
    ("借书证丢了怎么办", "card", False),         # 借书证 shared
])
def test_a_question_sharing_only_the_grammar_both_end_on(library: Matcher, question: str, entry: str,
                                                         only: bool) -> None:
    index = library.index
    assert grammar_only(index, library.normalize(question), index.entry_index[entry]) is only


@pytest.mark.parametrize(("question", "status", "best"), [
    ("还书晚了怎么办", "clarify", "lost-book"),   # not answered as the lost book
    ("逾期了怎么办", "clarify", "lost-book"),
    ("书丢了咋办", "answer", "lost-book"),
    ("书丢了怎么办", "answer", "lost-book"),
    ("借书证忘带了怎么办", "answer", "card"),
])
def test_a_small_bare_list_does_not_answer_its_grammar_alone(library: Matcher, question: str, status: str,
                                                              best: str) -> None:
    reply = library.reply(question)
    assert (reply.status, reply.match and reply.match.id) == (status, best)


def test_an_entry_with_alternates_is_left_to_the_other_checks(library: Matcher) -> None:
    bundled = Matcher()
    index = bundled.index
    assert not grammar_only(index, bundled.normalize("还书晚了怎么办"), index.entry_index["overdue-what-to-do"])
