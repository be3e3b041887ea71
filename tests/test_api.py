"""The library as a bot author uses it: a light import, the public names, true examples, immutable results,
one matcher shared by many threads, and a knowledge base of their own (in English, too)."""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import inspect
import json
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from conftest import REPO

import assistant
from assistant import Matcher, Reply, load_knowledge

ENGLISH_KB = REPO / "tests" / "english_kb.yaml"
EVAL_QUESTIONS = REPO / "tests" / "eval" / "questions.yaml"


# -- importing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["assistant", "assistant.cli"])
def test_importing_the_library_leaves_the_terminal_library_out(module: str) -> None:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=REPO, check=True)
    loaded = json.loads(result.stdout)
    assert not [name for name in loaded if name.startswith("prompt_toolkit")]
    assert "assistant.chat" not in loaded


# -- the public names -------------------------------------------------------------------------------------


def test_every_public_name_is_exported_and_importable() -> None:
    assert assistant.__all__ == sorted(assistant.__all__, key=lambda name: (not name.isupper(), name))
    for name in assistant.__all__:
        assert hasattr(assistant, name), name
    wanted = {"Matcher", "Thresholds", "Reply", "Match", "Entry", "Knowledge", "Citation", "Status",
              "load_knowledge", "knowledge_from_data", "bundled_knowledge_path", "KnowledgeError"}
    assert wanted <= set(assistant.__all__)


PUBLIC = [name for name in assistant.__all__
          if inspect.isclass(getattr(assistant, name)) or inspect.isfunction(getattr(assistant, name))]


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_class_and_function_has_a_docstring(name: str) -> None:
    doc = inspect.getdoc(getattr(assistant, name))
    assert doc and len(doc) > 20, name


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_class_and_function_has_an_example(name: str) -> None:
    assert ">>>" in (inspect.getdoc(getattr(assistant, name)) or "")


@pytest.mark.parametrize("module", ["assistant", "assistant.models", "assistant.replies", "assistant.errors",
                                    "assistant.knowledge", "assistant.matching.matcher",
                                    "assistant.matching.follow_up_lists", "assistant.matching.thresholds",
                                    "assistant.normalize"])
def test_the_examples_in_the_docstrings_are_true(module: str) -> None:
    results = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS, verbose=False,
                              report=True)
    assert results.attempted > 0 and results.failed == 0


# -- immutable results ------------------------------------------------------------------------------------


def test_replies_and_what_they_hold_are_immutable(bundled: Matcher) -> None:
    reply = bundled.reply("微粒贷客服电话是多少")
    assert reply.match is not None and reply.entry is not None
    for obj, field in ((reply, "status"), (reply.match, "score"), (reply.entry, "answer"),
                       (bundled.knowledge, "entries")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, field, None)
    assert isinstance(reply.suggestions, tuple) and isinstance(reply.follow_ups, tuple)
    with pytest.raises(TypeError):
        bundled.knowledge.synonyms["x"] = ("y",)  # type: ignore[index]


# -- the no-answer case -----------------------------------------------------------------------------------


@pytest.mark.parametrize("question", [
    "asdfgh",
    "",
    "今天天气怎么样",
    "我不",            # a refusal, not 我吗
])
def test_a_question_it_does_not_know_gets_the_fallback(bundled: Matcher, question: str) -> None:
    reply = bundled.reply(question)
    assert (reply.status, reply.answer, reply.suggestions) == ("none", None, ())
    assert reply.text == reply.fallback == bundled.knowledge.fallback
    assert reply.to_dict()["fallback"] == bundled.knowledge.fallback


@pytest.mark.parametrize(("question", "entry_id"), [("微粒贷的客服电话是多少", "hotline-number"), ("asdfgh", None)])
def test_a_reply_names_its_entry_as_the_protocol_does(bundled: Matcher, question: str, entry_id: str | None) -> None:
    reply = bundled.reply(question)
    assert reply.id == reply.to_dict()["id"] == entry_id


# -- many threads, one matcher ----------------------------------------------------------------------------


def outcome(reply: Reply) -> tuple[Any, ...]:
    return (reply.status, reply.id, reply.score,
            tuple(m.id for m in reply.suggestions), tuple(m.score for m in reply.suggestions),
            tuple(e.id for e in reply.follow_ups))


def test_one_matcher_shared_by_threads_gives_the_results_it_gives_alone(
        run_together: Callable[[Callable[[int], object], int, float], None]) -> None:
    items = yaml.safe_load(EVAL_QUESTIONS.read_text("utf-8"))
    questions = [(item["q"], item.get("previous")) for item in items]
    matcher = Matcher()  # a fresh one: nothing warmed up before the threads start
    threads_count = 8
    results: list[list[tuple[Any, ...]]] = [[] for _ in range(threads_count)]
    errors: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def work(index: int) -> None:
        try:
            start.wait()
            order = questions[index::] + questions[:index]  # each thread starts at another question
            found = {q: outcome(matcher.reply(q, previous=p)) for q, p in order}
            results[index] = [found[q] for q, _ in questions]
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    run_together(work, threads_count, 120)
    assert not errors
    by_itself = Matcher()
    alone = [outcome(by_itself.reply(q, previous=p)) for q, p in questions]
    for index, found in enumerate(results):
        assert found == alone, f"thread {index}"


# -- a knowledge base of one's own, in English ------------------------------------------------------------


@pytest.fixture(scope="module")
def english() -> Matcher:
    return Matcher(load_knowledge(ENGLISH_KB))


def test_the_english_knowledge_base_loads_as_written(english: Matcher) -> None:
    assert english.knowledge.language == "en"
    assert [e.id for e in english.knowledge.questions] == ["opening-hours", "store-location", "return-policy",
                                                          "gift-cards", "order-a-book"]


@pytest.mark.parametrize(("question", "entry_id"), [
    ("What are your opening hours?", "opening-hours"),            # the question itself
    ("WHAT TIME DO YOU CLOSE TODAY?", "opening-hours"),           # case and punctuation
    ("what are ur opening hours", "opening-hours"),               # chat spelling
    ("when   are  you  open ?", "opening-hours"),                 # spacing
    ("Where is your shop?", "store-location"),
    ("can i get a refund", "return-policy"),
    ("Do you have gift cards?", "gift-cards"),
    ("do gift vouchers expire", "gift-cards"),
    ("how long does an order take", "order-a-book"),
    ("Ｗｈｅｎ ａｒｅ ｙｏｕ ｏｐｅｎ？", "opening-hours"),           # full-width letters (NFKC)
])
def test_english_questions_get_their_entries(english: Matcher, question: str, entry_id: str) -> None:
    reply = english.reply(question)
    assert (reply.status, reply.id) == ("answer", entry_id)


@pytest.mark.parametrize("question", ["asdfgh", "tell me a joke", "Who won the football match yesterday?",
                                      "Can I bring my dog?"])
def test_an_unrelated_english_question_gets_the_fallback(english: Matcher, question: str) -> None:
    reply = english.reply(question)
    assert reply.status == "none", (reply.status, reply.id, reply.score)
    assert reply.text == "Sorry, I can't answer that yet. Please call us on 555-0100."


@pytest.mark.parametrize("question", ["What is the weather like today?", "How do I reset my password?",
                                      "What is the capital of France?"])
def test_an_english_question_sharing_only_function_words_is_not_answered(english: Matcher,
                                                                        question: str) -> None:
    # With five entries, "what is the" is rare enough to make these worth a "did you mean", never an answer.
    assert english.reply(question).status in ("none", "clarify")


def test_english_knowledge_built_in_code_works_like_a_file() -> None:
    data = yaml.safe_load(ENGLISH_KB.read_text("utf-8"))
    from_data = Matcher(assistant.knowledge_from_data(data))
    from_file = Matcher(load_knowledge(ENGLISH_KB))
    for question in ("When are you open?", "can i get a refund", "asdfgh"):
        assert outcome(from_data.reply(question)) == outcome(from_file.reply(question))
