"""The JSON protocol: one request shape, one reply shape, the JSON Schema in docs/, and ``ask --json -`` speaking it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPO
from hypothesis import example, given
from hypothesis import strategies as st
from test_json_cli import CoProcess

from assistant import Matcher, Thresholds, load_knowledge
from assistant.conversation import next_context
from assistant.errors import MalformedRequestError, RequestError
from assistant.protocol import (
    ENTRY_SCHEMA,
    REPLY_SCHEMA,
    REQUEST_SCHEMA,
    Answerer,
    Request,
    answer,
    encode,
    entry_data,
    json_schema,
    line_request,
    parse_request,
    read_request,
    thresholds_for,
)

SCHEMA_FILE = REPO / "docs" / "protocol.schema.json"
EVAL = yaml.safe_load((REPO / "tests" / "eval" / "questions.yaml").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator


def validate(data: Any, name: str) -> None:
    document = json.loads(SCHEMA_FILE.read_text("utf-8"))
    VALIDATOR({**document, "$ref": f"#/$defs/{name}"}).validate(data)


# -- requests ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "request_"), [
    ({"q": "客服电话"}, Request("客服电话")),
    ({"q": "那延期呢？", "previous": "overdue-what-to-do"}, Request("那延期呢？", "overdue-what-to-do")),
    ({"q": "客服电话", "top": 3, "threshold": 80}, Request("客服电话", None, 3, 80.0)),
    ({"q": "客服电话", "top": 20, "threshold": 0.5}, Request("客服电话", None, 20, 0.5)),
])
def test_a_valid_request_is_read_as_is(data: dict[str, Any], request_: Request) -> None:
    assert parse_request(data) == request_
    assert read_request(json.dumps(data, ensure_ascii=False).encode("utf-8")) == request_


@pytest.mark.parametrize(("data", "message"), [
    (["客服电话"], "the request must be a JSON object, not an array"),
    ("客服电话", "the request must be a JSON object, not a string"),
    ({}, "missing field 'q'"),
    ({"question": "客服电话"}, "unknown field 'question': send the question as 'q' (a request has only 'q', "
                              "'previous', 'top', 'threshold')"),
    # a field named as the reply names it, or misspelt: what to send instead
    ({"q": "x", "context": "overdue-what-to-do"}, "unknown field 'context': send the last reply's 'context' as "
                                                   "'previous' (a request has only"),
    ({"q": "x", "previus": None}, "unknown field 'previus': did you mean 'previous'\\? (a request has only"),
    ({"Q": "x"}, "unknown field 'Q': did you mean 'q'\\? (a request has only"),
    ({"q": "x", "lang": "zh"}, "unknown field 'lang': a request has only 'q', 'previous', 'top', 'threshold'$"),
    ({"q": None}, "'q' must be a string (the question), not null"),
    ({"q": ""}, "'q' is empty: send the user's message"),
    ({"q": " \t\n\u3000"}, "'q' is empty: send the user's message (only spaces is empty too)"),
    ({"q": ["客服电话"]}, "'q' must be a string (the question), not an array"),
    ({"q": "x", "previous": 7}, "'previous' must be an entry id (the last reply's 'context') or null, not 7"),
    ({"q": "x", "previous": False}, "'previous' must be an entry id (the last reply's 'context') or null, not false"),
    ({"q": "x", "previous": ""}, "'previous' must be an entry id"),
    ({"q": "x", "top": 0}, "'top' must be a whole number from 1 to 20, not 0"),
    ({"q": "x", "top": 21}, "'top' must be a whole number from 1 to 20, not 21"),
    ({"q": "x", "top": 2.5}, "'top' must be a whole number"),
    ({"q": "x", "top": True}, "'top' must be a whole number from 1 to 20, not true"),
    ({"q": "x", "threshold": 101}, "'threshold' must be a number from 0 to 100, not 101"),
    ({"q": "x", "threshold": "80"}, "'threshold' must be a number from 0 to 100, not \"80\""),  # as JSON writes it
    ({"q": "x", "threshold": float("nan")}, "'threshold' must be a number from 0 to 100"),
])
def test_an_invalid_request_is_refused_naming_the_field(data: Any, message: str) -> None:
    with pytest.raises(RequestError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_request(data)


@pytest.mark.parametrize("raw", ['{"q": "客服电话", "q": "几点开门"}', '{"q": "x", "previous": null, "previous": "a"}'])
def test_a_field_given_twice_is_refused_not_silently_the_last(raw: str) -> None:
    with pytest.raises(RequestError, match="is given twice: send each field once") as caught:
        read_request(raw)
    assert not isinstance(caught.value, MalformedRequestError)   # JSON, but not a valid request: 422


@pytest.mark.parametrize(("raw", "message"), [
    (b'{"q": ', "the request is not valid JSON (line 1, column 7"),
    (b"", 'the request is empty: send one JSON object, such as {"q": "问题"}'),  # any base's: no 逾期 in it
    (b" \r\n", "the request is empty: send one JSON object"),
    (b'{"q": "\xff"}', "the request is not UTF-8 (byte 0xff"),
    (b"\xff\xfe", "the request is not UTF-8 (byte 0xff at 0"),               # not read as UTF-16 either
    ('{"q": "问题"}'.encode("utf-16"), "the request is not UTF-8 (byte 0xff at 0"),
    (b"[" * 30_000 + b"]" * 30_000, "the request nests arrays or objects too deeply"),    # under 64 KB
    (b'{"q": "x", "top": ' + b"9" * 5_000 + b"}", "the request holds a number of more than 4300 digits"),
])
def test_a_request_that_is_not_json_is_malformed(raw: bytes, message: str) -> None:
    with pytest.raises(MalformedRequestError) as caught:
        read_request(raw)
    assert str(caught.value).startswith(message)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-5, 30) | st.floats(-5, 105)
                           | st.text(max_size=5), lambda inner: st.lists(inner, max_size=2), max_leaves=3)


@given(st.dictionaries(st.sampled_from(["q", "previous", "top", "threshold", "other"]), JSON_VALUES)
       | JSON_VALUES)
@example({"q": "", "top": None, "threshold": None})
@example({"q": "", "previous": ""})
def test_a_request_is_accepted_exactly_when_the_schema_validates_it(data: Any) -> None:
    valid = VALIDATOR(REQUEST_SCHEMA).is_valid(data)
    try:
        parse_request(data)
    except RequestError:
        assert not valid, data
    else:
        assert valid, data


@pytest.mark.parametrize(("line", "read"), [
    ('{"q": "客服电话", "top": 3}', Request("客服电话", top=3)),          # a JSON object: a request
    ("客服电话", Request("客服电话")),                                     # anything else: a question
    ("[图片] 客服电话", Request("[图片] 客服电话")),                        # [ that opens no JSON
    ('"客服电话"', Request('"客服电话"')),
    ("2", Request("2")),
    ("[1, 2]", "the request must be a JSON object, not an array"),   # a JSON array: a request, refused
    ("  [[1]]", "the request must be a JSON object, not an array"),
    ('{"q": ', "the request is not valid JSON"),                    # a brace: a request, even broken
    ('{"q": " "}', "'q' is empty"),
    ("", "the line is empty"),
    (" \u3000\t", "the line is empty"),
])
def test_a_line_is_read_as_a_request_when_it_is_a_json_object_or_array(line: str, read: Request | str) -> None:
    if isinstance(read, Request):
        assert line_request(line) == read
    else:
        with pytest.raises(RequestError, match="^" + re.escape(read)):
            line_request(line)


# -- replies -----------------------------------------------------------------------------------------------


def test_the_schema_in_docs_is_the_one_the_code_writes() -> None:
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == json_schema()
    VALIDATOR.check_schema(json_schema())


@pytest.mark.parametrize("options", [{}, {"top": 3}, {"threshold": 100}, {"threshold": 0}])
def test_every_real_reply_validates_against_the_schema(bundled: Matcher, options: dict[str, Any]) -> None:
    answerer = Answerer(bundled)
    statuses = set()
    # (a question close to two sibling entries, 延期可以申请几次, gets a list whatever the eval set holds)
    for item in [*EVAL, {"q": "延期可以申请几次"}]:
        data = answerer.answer(parse_request({"q": item["q"], "previous": item.get("previous"), **options}))
        validate(data, "Reply")
        statuses.add(data["status"])
        assert len(data["matches"]) <= options.get("top", 0)
    if not options:
        assert statuses == {"answer", "clarify", "none"}


def test_every_entry_validates_against_the_schema(bundled: Matcher) -> None:
    for entry in bundled.knowledge.entries:
        data = entry_data(entry, bundled.knowledge)
        validate(data, "Entry")
        assert all(citation["title"] for citation in data["citations"])


def test_the_shapes_are_closed_so_a_new_field_must_be_documented() -> None:
    for schema in (REQUEST_SCHEMA, REPLY_SCHEMA, ENTRY_SCHEMA):
        assert schema["additionalProperties"] is False


@pytest.mark.parametrize(("question", "previous", "status", "context"), [
    ("微粒贷客服电话是多少", None, "answer", "hotline-number"),
    ("微粒贷客服电话是多少", "overdue-credit-reporting", "answer", "hotline-number"),
    ("明天会下雨吗", "hotline-number", "none", "hotline-number"),        # the topic is kept
    ("明天会下雨吗", None, "none", None),
    ("你好", "hotline-number", "answer", "hotline-number"),       # small talk answers but keeps the topic
    ("好好好", "extension-how", "answer", "extension-how"),        # … said over and over too
    ("要多久", "extension-how", "answer", "extension-max"),        # the follow-up, as the chat reads it
    ("多久能恢复", "login-app", "answer", "limit-restore-wait"),
    ("额度", "overdue-what-to-do", "clarify", None),              # a new question's list: nothing to lean on
    ("会被起诉吗", "overdue-consequences", "clarify", None),   # a list it gets alone too (topic.untopical): its own
])
def test_the_reply_carries_the_context_to_send_next(bundled: Matcher, question: str, previous: str | None,
                                                     status: str, context: str | None) -> None:
    data = answer(bundled, Request(question, previous))
    assert (data["status"], data["context"]) == (status, context)
    assert data["context"] == next_context(previous, *bundled.replies(question, previous))


def test_a_follow_up_reaches_the_extension_entries_through_the_context(bundled: Matcher) -> None:
    first = answer(bundled, Request("微粒贷逾期了该怎么办"))
    follow_up = answer(bundled, Request("那延期呢？", first["context"]))
    assert follow_up["status"] == "answer" and follow_up["id"].startswith("extension-")




def test_an_unrelated_question_after_a_credit_entry_gets_none(bundled: Matcher) -> None:
    data = answer(bundled, Request("明天会下雨吗", "overdue-credit-reporting"))
    assert (data["status"], data["context"]) == ("none", "overdue-credit-reporting")


def test_a_threshold_makes_a_close_question_a_clarify(bundled: Matcher) -> None:
    assert answer(bundled, Request("微粒贷客服电话是多少号"))["status"] == "answer"
    assert answer(bundled, Request("微粒贷客服电话是多少号", threshold=100))["status"] == "clarify"
    assert answer(bundled, Request("微粒贷客服电话是多少", threshold=100))["status"] == "answer"
    assert bundled.thresholds.answer < 100                       # the shared matcher is left as it was


@pytest.mark.parametrize(("answer_at", "wide_at", "few_at"), [(100.0, 100.0, 100.0), (53.0, 46.0, 33.0),
                                                            (0.0, 0.0, 0.0)])
def test_a_threshold_moves_what_a_clear_winner_needs_along(answer_at: float, wide_at: float, few_at: float) -> None:
    moved = thresholds_for(answer_at, Thresholds(answer=53.0, wide_answer=46.0, few_answer=33.0))
    assert (moved.answer, moved.wide_answer, moved.few_answer) == (answer_at, wide_at, few_at)
    assert moved.few_answer <= moved.wide_answer <= moved.answer


@pytest.mark.parametrize("answer_at", [0.0, 60.0, 100.0])
def test_a_threshold_leaves_every_cut_off_it_does_not_move_as_the_base_has_it(answer_at: float) -> None:
    base = Thresholds(margin=5.0, wide_margin=9.0, salience=12.0, close_margin=3.0, bare_margin=7.0,
                      few_suggest=31.0, few_lead=6.0)
    moved = thresholds_for(answer_at, base)
    for name in ("margin", "wide_margin", "salience", "close_margin", "bare_margin", "few_suggest", "few_lead"):
        assert getattr(moved, name) == getattr(base, name), name


def test_a_context_from_another_knowledge_base_is_a_request_error(bundled: Matcher) -> None:
    with pytest.raises(RequestError, match=r"'previous': no entry with id 'gone'.*send null"):
        answer(bundled, Request("那延期呢？", "gone"))


LONG_NAME = "x" * 60_000
"""A field name or entry id as long as a request may be: an error quotes only its start."""
CUT = "'" + "x" * 39 + "…'"


@pytest.mark.parametrize(("raw", "message"), [
    (json.dumps({"q": "x", LONG_NAME: 1}), f"unknown field {CUT}: a request has only 'q', 'previous', 'top', "
                                           "'threshold'"),
    (json.dumps({"q": "x", "y" * 41: 1}), "unknown field '" + "y" * 39 + "…': a request has only"),
    (json.dumps({"q": "x", "y" * 40: 1}), "unknown field '" + "y" * 40 + "': a request has only"),  # whole
    (f'{{"q": "x", "{LONG_NAME}": 1, "{LONG_NAME}": 2}}', f"field {CUT} is given twice: send each field once"),
])
def test_a_long_field_name_is_quoted_cut_in_the_error(raw: str, message: str) -> None:
    with pytest.raises(RequestError) as caught:
        read_request(raw)
    assert str(caught.value).startswith(message) and len(str(caught.value)) < 200


def test_a_long_unknown_previous_is_quoted_cut_in_the_error(bundled: Matcher) -> None:
    with pytest.raises(RequestError) as caught:
        answer(bundled, Request("那延期呢？", LONG_NAME))
    assert str(caught.value) == (f"'previous': no entry with id {CUT} in the knowledge base: send null to start a "
                                 "new conversation")


# -- ask --json - ------------------------------------------------------------------------------------------


def line(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_the_line_protocol_carries_a_conversation_in_its_requests() -> None:
    co = CoProcess()
    try:
        first = co.ask(line({"q": "微粒贷逾期了该怎么办"}))
        assert (first["status"], first["context"]) == ("answer", "overdue-what-to-do")
        follow_up = co.ask(line({"q": "那延期呢？", "previous": first["context"]}))
        assert follow_up["status"] == "answer" and follow_up["id"].startswith("extension-")
        rain = co.ask(line({"q": "明天会下雨吗", "previous": "hotline-number"}))
        assert (rain["status"], rain["context"]) == ("none", "hotline-number")
        assert co.ask(line({"q": "客服电话", "top": 2}))["matches"][0]["id"] == "hotline-number"
        for item in (first, follow_up, rain):
            validate(item, "Reply")
    finally:
        assert co.close() == (0, b"", b"")


@pytest.mark.parametrize(("bad", "message"), [
    (b'{"q": "unfinished', "line 1: the request is not valid JSON"),
    ('{"question": "客服电话"}'.encode(), "line 1: unknown field 'question'"),
    (b'{"q": "x", "previous": "gone"}', "line 1: 'previous': no entry with id 'gone'"),
    (b'  {"q": 5}', "line 1: 'q' must be a string"),
    (b'{"q": ' + b"[" * 30_000 + b"]" * 30_000 + b"}", "line 1: the request nests arrays or objects too deeply"),
    (b'{"q": "x", "top": ' + b"9" * 5_000 + b"}", "line 1: the request holds a number of more than 4300 digits"),
])
def test_a_bad_request_line_gets_an_error_line_and_the_stream_goes_on(bad: bytes, message: str) -> None:
    co = CoProcess()
    try:
        error = co.ask(bad)
        assert error["error"].startswith(message) and error["line"] == 1
        validate(error, "Error")
        assert co.ask(line({"q": "微粒贷客服电话是多少"}))["id"] == "hotline-number"
    finally:
        assert co.close() == (0, b"", b"")


@pytest.mark.parametrize("raw", [b'\xef\xbb\xbf{"q": "x", "previous": "extension-how"}',
                                 '\ufeff{"q": "x", "previous": "extension-how"}'])
def test_a_byte_order_mark_opening_a_request_is_ignored(raw: str | bytes) -> None:
    # A file saved by Notepad, or a client on Windows, may open the JSON with one (RFC 8259 lets a reader skip it).
    assert read_request(raw) == Request(q="x", previous="extension-how")


def test_a_byte_order_mark_opening_the_line_protocols_input_leaves_its_first_request_a_request() -> None:
    co = CoProcess()
    try:
        first = co.ask(b"\xef\xbb\xbf" + line({"q": "那利息呢", "previous": "extension-how"}))
        assert (first["query"], first["status"], first["id"]) == ("那利息呢", "answer", "extension-interest-rate")
        assert co.ask(line({"q": "微粒贷客服电话是多少"}))["id"] == "hotline-number"
    finally:
        assert co.close() == (0, b"", b"")


@pytest.mark.parametrize("base", [None, REPO / "tests" / "plain_faq.yaml", REPO / "tests" / "english_kb.yaml"])
def test_a_users_pick_sent_as_the_entrys_question_is_answered_by_that_entry(base: Path | None) -> None:
    """How a bot reads "2" after a clarify list (README): the suggestion's question, whatever came before."""
    matcher = Matcher(load_knowledge(base))
    questions = matcher.knowledge.questions
    for entry, before in zip(questions, questions[1:] + questions[:1]):
        reply = answer(matcher, parse_request({"q": entry.question, "previous": before.id}))
        assert (reply["status"], reply["id"]) == ("answer", entry.id)


@pytest.mark.parametrize(("raw", "query"), [
    (r'{"q": "\ud800"}', "?"),
    (r'{"q": "客服\udc00电话"}', "客服?电话"),
    (r'{"q": "\udbff\udfff\ud800"}', "\U0010ffff?"),        # a pair of surrogates is one character
])
def test_a_lone_surrogate_in_the_question_is_echoed_as_a_question_mark(bundled: Matcher, raw: str,
                                                                       query: str) -> None:
    encoded = encode(answer(bundled, read_request(raw)))           # UTF-8 it can be sent as, and strict JSON
    assert json.loads(encoded.encode("utf-8"))["query"] == query and "\\ud" not in encoded


@pytest.mark.parametrize("text", ["微粒贷客服电话是多少", '"微粒贷客服电话是多少"', "[1, 2", "42"])
def test_a_line_that_is_not_a_json_object_or_array_is_a_plain_question(text: str) -> None:
    co = CoProcess()
    try:
        data = co.ask(text.encode("utf-8"))
        assert data["query"] == text and "error" not in data
        validate(data, "Reply")
    finally:
        assert co.close()[0] == 0
