"""The JSON protocol bots speak, over ``assistant ask --json -`` and ``POST /ask``: one request shape, one reply.

A request is a JSON object ``{"q": "问题", "previous": "<entry id>" | null, "top": n, "threshold": score}``
(only ``q`` is required). The reply is ``Reply.to_dict()`` plus ``context`` (the id to send as ``previous``
with the next question: the caller holds the conversation, so any process can answer its next question),
``text`` (what to show, whatever the status), ``citations`` (every source of the answer, with the cited
document's title), ``topic`` and ``matches`` (the ``top`` best entries, when asked). Both shapes are written as
JSON Schema by ``json_schema()``; ``docs/protocol.schema.json`` is that document.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> first = answer(matcher, read_request('{"q": "微粒贷逾期了该怎么办"}'))
>>> first["status"], first["context"]
('answer', 'overdue-what-to-do')
>>> follow_up = answer(matcher, parse_request({"q": "那延期呢？", "previous": first["context"]}))
>>> follow_up["id"].startswith("extension"), follow_up["context"] == follow_up["id"]
(True, True)
"""

from __future__ import annotations

import copy
import json
import math
import sys
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .conversation import next_context
from .errors import MalformedRequestError, RequestError, UnknownEntryError, did_you_mean
from .matcher import Thresholds
from .normalize import cut_query, is_blank
from .safety import QUOTED_CHARS, quoted

if TYPE_CHECKING:
    from .matcher import Matcher
    from .models import Entry, Knowledge
    from .replies import Match, Reply

MAX_TOP = 20
"""The most entries a request may ask for with ``top``."""

MAX_REQUEST_BYTES = 64 * 1024
"""The largest request the server reads (``MAX_QUERY_CHARS`` of Chinese is 1.5 KB): a larger body is a 413."""

_FIELDS = ("q", "previous", "top", "threshold")
_MEANT = {"context": "send the last reply's 'context' as 'previous'",
          **dict.fromkeys(("question", "query", "text", "message"), "send the question as 'q'")}
"""What a field named as the reply names things, or as other bots' APIs do, is sent as."""
_MAX_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 4300)()


@dataclass(frozen=True)
class Request:
    """One question of a conversation: the text, the entry answered before (None: a new conversation), how
    many best entries to list (None: none) and the score needed to answer (None: the matcher's own)."""

    q: str
    previous: str | None = None
    top: int | None = None
    threshold: float | None = None


def read_request(raw: str | bytes) -> Request:
    """Return the request encoded in ``raw`` (JSON text or UTF-8 bytes; a byte-order mark opening it is ignored,
    as JSON's RFC 8259 allows).

    Raises ``MalformedRequestError`` when ``raw`` is not JSON, and ``RequestError`` (see ``parse_request``)
    when it is JSON but not a valid request.
    """
    # The examples in the messages name no question of the bundled base: the server may answer any base.
    if not (raw.strip() if isinstance(raw, str) else raw.strip(b" \t\r\n")):
        raise MalformedRequestError('the request is empty: send one JSON object, such as {"q": "问题"}')
    try:
        # Decoded here, strictly: json.loads would take bytes starting like a UTF-16 mark for UTF-16.
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = json.loads(text.removeprefix("\ufeff"), object_pairs_hook=_once_each)
    except UnicodeDecodeError as error:
        raise MalformedRequestError(f"the request is not UTF-8 (byte 0x{error.object[error.start]:02x} at "
                                    f"{error.start}): send JSON encoded as UTF-8") from None
    except json.JSONDecodeError as error:
        raise MalformedRequestError(f"the request is not valid JSON (line {error.lineno}, column {error.colno}: "
                                    f"{error.msg}): send one JSON object") from None
    except RecursionError:
        raise MalformedRequestError("the request nests arrays or objects too deeply: send one JSON object, "
                                    'such as {"q": "问题"}') from None
    except ValueError:  # Python's limit on the digits of an integer (CVE-2020-10735), hit while decoding
        raise MalformedRequestError(f"the request holds a number of more than {_MAX_DIGITS} digits: send one "
                                    "JSON object, with 'top' and 'threshold' from 0 to 100") from None
    return parse_request(data)


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; raises ``RequestError`` for a key given twice (json.loads keeps the last)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise RequestError(f"field {quoted(key)} is given twice: send each field once")
        data[key] = value
    return data


def parse_request(data: object) -> Request:
    """Return ``data`` (decoded JSON) as a ``Request``; raises ``RequestError`` naming the first wrong field.

    >>> parse_request({"q": "那延期呢？", "previous": "overdue-what-to-do"})
    Request(q='那延期呢？', previous='overdue-what-to-do', top=None, threshold=None)
    """
    if not isinstance(data, dict):
        raise RequestError(f"the request must be a JSON object, not {_json_type(data)}: "
                           '{"q": "问题", "previous": null}')
    unknown = sorted(str(key) for key in data if key not in _FIELDS)
    if unknown:
        name, fields = unknown[0], ", ".join(map(repr, _FIELDS))
        meant = _MEANT.get(name.lower())
        close = did_you_mean(name.lower(), _FIELDS, cutoff=0.7) if len(name) <= QUOTED_CHARS else ""
        hint = f": {meant}" if meant else close
        raise RequestError(f"unknown field {quoted(name)}{hint} (a request has only {fields})" if hint
                           else f"unknown field {quoted(name)}: a request has only {fields}")
    if "q" not in data:
        raise RequestError("missing field 'q': the question, as a string")
    q, previous, top, threshold = (data.get(name) for name in _FIELDS)
    if not isinstance(q, str):
        raise RequestError(f"'q' must be a string (the question), not {_json_type(q)}")
    if is_blank(q):
        raise RequestError("'q' is empty: send the user's message (only spaces is empty too)")
    if previous is not None and (not isinstance(previous, str) or not previous):
        raise RequestError(f"'previous' must be an entry id (the last reply's 'context') or null, not "
                           f"{_as_json(previous)}")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP):
        raise RequestError(f"'top' must be a whole number from 1 to {MAX_TOP}, not {_as_json(top)}")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                                  or math.isnan(threshold) or not 0 <= threshold <= 100):
        raise RequestError(f"'threshold' must be a number from 0 to 100, not {_as_json(threshold)}")
    return Request(cut_query(q), previous, top, None if threshold is None else float(threshold))


def line_request(line: str) -> Request:
    """Return the request a line of ``assistant ask --json -`` (or the argument of ``ask --json``) stands for.

    A line opening with ``{`` is a JSON request (no question opens with a brace, so a broken one is reported,
    not asked); so is a line that is a JSON array as a whole, refused as ``POST /ask`` refuses it. Any other
    line (``2``, ``"引号"``, ``[图片] 怎么还款``) is a plain question with no ``previous``.

    Raises ``RequestError`` (``MalformedRequestError`` for JSON that does not decode) when the line is a request
    but not a valid one, and when the line is empty or only spaces.

    >>> line_request('{"q": "客服电话", "top": 3}')
    Request(q='客服电话', previous=None, top=3, threshold=None)
    >>> line_request("[图片] 客服电话")
    Request(q='[图片] 客服电话', previous=None, top=None, threshold=None)
    """
    opening = line.lstrip()
    if opening.startswith("{") or (opening.startswith("[") and _is_json(opening)):
        return read_request(line)
    if is_blank(line):
        raise RequestError('the line is empty: send a question, or a JSON request such as {"q": "问题"}')
    return Request(cut_query(line))


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    except (ValueError, RecursionError):  # JSON, but too deep or with too long a number: read_request says so
        return True
    return True


def _as_json(value: object) -> str:
    """``value`` as the request wrote it (``true``, ``"80"``), cut to 40 characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:
        text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _json_type(value: object) -> str:
    names = {type(None): "null", bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "an array", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def thresholds_for(answer_at: float, base: Thresholds | None = None) -> Thresholds:
    """Return ``base`` (default: the defaults) with the score needed to answer set to ``answer_at``; the
    suggestion and confidence cut-offs move with it so that they stay below and above it, and the scores a
    clear winner needs (``wide_answer``, and ``few_answer`` for an entry of few alternates) stay below it, by
    less as it nears 100."""
    base = base or Thresholds()
    # The gap closes as the threshold nears 100, where only a question asked word for word is answered.
    def below(cut_off: float) -> float:
        gap = (base.answer - cut_off) * (100.0 - answer_at) / max(100.0 - base.answer, 1.0)
        return min(max(answer_at - gap, 0.0), 100.0)

    wide_answer, few_answer = below(base.wide_answer), below(base.few_answer)
    # Every other threshold is the base's as it is: ``replace`` keeps them all (few_suggest and few_lead too),
    # where copying each by name could leave one at its default.
    return replace(base, answer=answer_at, wide_answer=wide_answer, few_answer=few_answer,
                   confident=max(base.confident, answer_at),
                   suggest=min(base.suggest, answer_at), bare_suggest=min(base.bare_suggest, answer_at))


class Answerer:
    """Answers protocol requests with one matcher; shared by every thread of a server.

    A request's ``threshold`` is answered by a shallow copy of the matcher with other thresholds (the
    tables are shared, not copied); the copies of the last ``keep`` thresholds asked for are kept.
    """

    def __init__(self, matcher: Matcher, *, keep: int = 16) -> None:
        self.matcher = matcher
        self._keep = keep
        self._by_threshold: dict[float, Matcher] = {}
        self._lock = threading.Lock()

    def _matcher_for(self, threshold: float | None) -> Matcher:
        if threshold is None or threshold == self.matcher.thresholds.answer:
            return self.matcher
        with self._lock:
            found = self._by_threshold.pop(threshold, None)
            if found is None:
                found = copy.copy(self.matcher)
                found.thresholds = thresholds_for(threshold, self.matcher.thresholds)
            self._by_threshold[threshold] = found  # last used last: the first is the one to forget
            if len(self._by_threshold) > self._keep:
                del self._by_threshold[next(iter(self._by_threshold))]
            return found

    def answer(self, request: Request) -> dict[str, Any]:
        """Return the reply to ``request`` as protocol data (see ``reply_data``).

        Raises ``RequestError`` when ``previous`` names no entry of the knowledge base (a context kept from
        before the knowledge base changed): send the question again with ``previous`` null.
        """
        matcher = self._matcher_for(request.threshold)
        try:
            reply, alone = matcher.replies(request.q, request.previous)
        except UnknownEntryError as error:
            raise RequestError(f"'previous': no entry with id {quoted(error.entry_id)} in the knowledge base: send "
                               "null to start a new conversation") from None
        matches = matcher.search(request.q, limit=request.top, smalltalk=False) if request.top else []
        return reply_data(reply, matcher.knowledge, request.previous, matches, alone)


def answer(matcher: Matcher, request: Request) -> dict[str, Any]:
    """Return the reply to ``request`` as protocol data: ``Answerer(matcher).answer(request)``."""
    return Answerer(matcher).answer(request)


def reply_data(reply: Reply, knowledge: Knowledge, previous: str | None = None,
               matches: list[Match] | tuple[Match, ...] = (), alone: Reply | None = None) -> dict[str, Any]:
    """Return ``reply`` as the protocol's reply object: ``reply.to_dict()`` plus ``context`` (see
    ``next_context``), ``text``, ``citations`` (each ``{"document", "section", "title"}``, the title None
    when the knowledge base does not list the document; empty unless the status is ``"answer"``), ``topic``
    (the answered entry's, else None) and ``matches`` (``[{"id", "question", "score"}]``); ``alone``, the reply
    the question gets asked alone, tells whether a list was the previous question's doing (``next_context``). A
    ``previous`` kept as ``context`` is written as its entry's id now (``Knowledge.former_ids``)."""
    answered = reply.entry if reply.status == "answer" else None
    kept = knowledge.get(previous) if previous is not None else None  # a former id comes back as the id now
    return {
        **reply.to_dict(),
        "context": next_context(kept.id if kept is not None else previous, reply, alone),
        "text": reply.text,
        "citations": _citations(answered, knowledge),
        "topic": answered.topic if answered else None,
        "matches": [{"id": m.id, "question": m.question, "score": float(m.score)} for m in matches],
    }


def entry_data(entry: Entry, knowledge: Knowledge) -> dict[str, Any]:
    """Return an entry as the protocol's entry object: ``id``, ``question``, ``answer``, ``citations`` (as in
    ``reply_data``), ``topic``, ``follow_ups`` (``[{"id", "question"}]``), ``smalltalk`` and ``builtin``
    (small talk built in, which a base declaring none of its own gets)."""
    follow_ups = (knowledge.get(entry_id) for entry_id in entry.follow_ups)
    return {"id": entry.id, "question": entry.question, "answer": entry.answer,
            "citations": _citations(entry, knowledge), "topic": entry.topic,
            "follow_ups": [{"id": e.id, "question": e.question} for e in follow_ups if e is not None],
            "smalltalk": entry.smalltalk, "builtin": entry.builtin}


def _citations(entry: Entry | None, knowledge: Knowledge) -> list[dict[str, str | None]]:
    if entry is None:
        return []
    titles = {source.file: source.title for source in knowledge.sources}
    return [{"document": c.document, "section": c.section, "title": titles.get(c.document)}
            for c in entry.citations]


def encode(data: dict[str, Any]) -> str:
    """Return ``data`` as one line of JSON: Chinese as itself, characters a terminal would act on escaped."""
    from .safety import json_inert

    # A lone surrogate (a request's "\\ud800", bytes of a command-line argument that were not UTF-8) cannot be
    # UTF-8, and strict JSON parsers refuse its escape: it is written '?', as the normalizer reads it.
    return json_inert(json.dumps(data, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8"))


# -- the JSON Schema of both shapes ------------------------------------------------------------------------

_NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}
_SCORE: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": 100}


def _object(properties: dict[str, Any], required: tuple[str, ...] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "required": list(properties if required is None else required)}


_LISTED = _object({"id": {"type": "string"}, "question": {"type": "string"}})
_SCORED = _object({"id": {"type": "string"}, "question": {"type": "string"}, "score": _SCORE})

REQUEST_SCHEMA: dict[str, Any] = {
    **_object({
        "q": {"type": "string", "pattern": "\\S",
              "description": "the question, as the user typed it (not empty, nor only spaces)"},
        "previous": {**_NULLABLE_STRING, "minLength": 1,
                     "description": "the previous reply's context: null or absent for a new conversation"},
        "top": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_TOP,
                "description": "also list this many best-scoring entries in matches (null or absent: none)"},
        "threshold": {**_SCORE, "type": ["number", "null"],
                      "description": "the score needed to answer (null or absent: the server's)"},
    }, required=("q",)),
    "title": "Request",
}

_CITATION = _object({"document": {"type": "string"}, "section": {"type": "string"}, "title": _NULLABLE_STRING})

REPLY_SCHEMA: dict[str, Any] = {
    **_object({
        "query": {"type": "string"},
        "status": {"enum": ["answer", "clarify", "none"],
                   "description": "answer: show answer; clarify: offer suggestions; none: show fallback"},
        "answer": _NULLABLE_STRING,
        "fallback": _NULLABLE_STRING,
        "id": {**_NULLABLE_STRING, "description": "the best match's entry id, whatever the status"},
        "question": _NULLABLE_STRING,
        "score": _SCORE,
        "source": {"oneOf": [{"type": "null"}, _object({"document": {"type": "string"},
                                                       "section": {"type": "string"}})]},
        "confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1,
                       "description": "for answer and clarify: the probability that the best match is what "
                                      "was asked"},
        "held_back": {"enum": ["declared", "foreign", "topic", None],
                      "description": "why the best match was not given although it scored enough: declared "
                                     "(reads like a question the base declares out of scope), foreign (names "
                                     "a thing the base never mentions), topic (another topic's word or "
                                     "another count in place of the entry's: a list instead)"},
        "read_as": {**_NULLABLE_STRING, "description": "the question the query was answered as when it was read as "
                                                       "another (a thing named alone as its yes-or-no question: "
                                                       "延期 as 延期吗); null when it was read as asked"},
        "suggestions": {"type": "array", "items": _SCORED},
        "follow_ups": {"type": "array", "items": _LISTED},
        "context": {**_NULLABLE_STRING, "description": "send this as previous with the next question"},
        "text": {"type": "string", "description": "what to show, whatever the status"},
        "citations": {"type": "array", "items": _CITATION,
                      "description": "every source of the answer, with the document's title"},
        "topic": _NULLABLE_STRING,
        "matches": {"type": "array", "items": _SCORED},
    }),
    "title": "Reply",
}

ENTRY_SCHEMA: dict[str, Any] = {
    **_object({"id": {"type": "string"}, "question": {"type": "string"}, "answer": {"type": "string"},
               "citations": {"type": "array", "items": _CITATION}, "topic": _NULLABLE_STRING,
               "follow_ups": {"type": "array", "items": _LISTED}, "smalltalk": {"type": "boolean"},
               "builtin": {"type": "boolean"}}),
    "title": "Entry",
}

ERROR_SCHEMA: dict[str, Any] = {
    **_object({"error": {"type": "string"}, "line": {"type": "integer", "minimum": 1}}, required=("error",)),
    "title": "Error",
}


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the protocol: ``$defs`` Request, Reply, Entry and Error."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "assistant JSON protocol",
        "description": "One request per JSON object (a line of 'assistant ask --json -', or the body of "
                       "POST /ask); one reply, or one error, per request.",
        "$defs": {"Request": REQUEST_SCHEMA, "Reply": REPLY_SCHEMA, "Entry": ENTRY_SCHEMA,
                  "Error": ERROR_SCHEMA},
    }
