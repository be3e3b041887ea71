"""``assistant serve``: the JSON protocol over HTTP, on Starlette and uvicorn (the ``serve`` extra).

    POST /ask            a request (see ``assistant.protocol``) → the reply
    GET  /entries/{id}   one entry: question, answer, citations with titles, topic, follow-ups
    GET  /health         {"status": "ok", ...} once the knowledge base is loaded
    GET  /openapi.json   the OpenAPI 3.1 description of the above

The server keeps nothing between requests: the conversation is the ``context`` a reply carries and the caller
sends back as ``previous``, so any number of processes (``--workers``) or replicas behind a load balancer can
answer any request. Bad input gets one line of JSON, ``{"error": "..."}``, with its status: 400 (not JSON),
404 (no such entry or path), 405, 408 (a body still incomplete after ``BODY_SECONDS``), 413 (a body over
``MAX_REQUEST_BYTES``), 415 (a compressed body), 422 (JSON, but not a valid request). Question text is never
logged unless ``log_questions`` is set. Browsers may call it from the web pages of the origins in ``cors``
only (none by default: a server any page could call would be a surprise). Only this module and the command
that starts it import Starlette or uvicorn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from .errors import MalformedRequestError, RequestError, UnknownEntryError
from .protocol import (
    ERROR_SCHEMA,
    MAX_REQUEST_BYTES,
    REPLY_SCHEMA,
    REQUEST_SCHEMA,
    Answerer,
    encode,
    entry_data,
    read_request,
)
from .safety import cut, quoted

if TYPE_CHECKING:
    from .matcher import Matcher
    from .models import Knowledge

_ENV_KB = "ASSISTANT_SERVE_KB"
_ENV_THRESHOLD = "ASSISTANT_SERVE_THRESHOLD"
_ENV_LOG_QUESTIONS = "ASSISTANT_SERVE_LOG_QUESTIONS"
_ENV_CORS = "ASSISTANT_SERVE_CORS"
BODY_SECONDS = 10.0
"""The longest a request's body may take to arrive (64 KB take well under a second on any link): a client
that stops sending gets a 408 instead of holding its connection open for ever."""
_log = logging.getLogger("uvicorn.error")  # uvicorn's own log of the server's life: configured by uvicorn


def _json(data: dict[str, Any], status: int = 200) -> Response:
    return Response(encode(data) + "\n", status_code=status, media_type="application/json")


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
"""The content types of a form's fields, sent where the JSON object belongs."""


def _error(status: int, message: str) -> Response:
    response = _json({"error": message}, status)
    if status in (408, 413):  # the body was left unread: the connection cannot carry another request
        response.headers["connection"] = "close"
    return response


class _TooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    """The request's body; raises ``_TooLarge`` as soon as it exceeds ``limit`` bytes (announced or sent)."""
    announced = request.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limit:
        raise _TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _TooLarge
    return bytes(body)


def create_app(matcher: Matcher, *, log_questions: bool = False,
               max_request_bytes: int = MAX_REQUEST_BYTES, cors: Sequence[str] = ()) -> Starlette:
    """Return the ASGI application answering with ``matcher`` (run it with any ASGI server); browsers may call
    it from the pages of the origins in ``cors`` (``"*"``: any page), and from none when it is empty."""
    answerer = Answerer(matcher)
    knowledge = matcher.knowledge
    document = openapi()

    async def ask(request: Request) -> Response:
        coding = request.headers.get("content-encoding", "identity").strip().lower()
        if coding not in ("", "identity"):
            # A compressed body (some HTTP libraries gzip what they send) would otherwise be refused as "not
            # UTF-8", which sends its writer looking for the wrong mistake; RFC 9110 names this status for it.
            return _error(415, f"the body is sent with Content-Encoding {quoted(coding)}, which this server does not "
                               "read: send it uncompressed")
        body = b""
        try:
            body = await asyncio.wait_for(_read_body(request, max_request_bytes), BODY_SECONDS)
            parsed = read_request(body)
            # Matching one question is quick: called here, not in a thread pool,
            # it costs no hand-over; the processes (--workers) are what answer in parallel.
            reply = answerer.answer(parsed)
        except _TooLarge:
            return _error(413, f"the request is larger than {max_request_bytes} bytes: send one question")
        except asyncio.TimeoutError:
            return _error(408, f"the request's body was sent too slowly (more than {BODY_SECONDS:g} s): send it "
                               "again")
        except ClientDisconnect:  # the client went away before its question was whole: no one to answer
            return _error(400, "the client closed the connection before the end of its request")
        except MalformedRequestError as error:
            kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
            if kind in _FORMS and _form_text(body):
                # curl -d 'q=…', a web form's fields: what to send instead is said, not only what is wrong (not
                # for an empty body or bytes that are no text: curl -d's type is not what went wrong then)
                return _error(400, f"{error} (the body was sent as a form, {kind}: send the JSON object itself, "
                                   '{"q": "…"}, with Content-Type: application/json)')
            return _error(400, str(error))
        except RequestError as error:
            return _error(422, str(error))
        if log_questions:
            _log.info("ask %s -> %s %s", encode({"q": parsed.q, "previous": parsed.previous}), reply["status"],
                      reply["id"])
        return _json(reply)

    async def entry(request: Request) -> Response:
        try:
            found = matcher.entry(request.path_params["entry_id"])
        except UnknownEntryError as error:
            return _error(404, f"no entry with id {quoted(error.entry_id)} in the knowledge base")
        return _json(entry_data(found, knowledge))

    async def health(request: Request) -> Response:
        return _json(health_data(knowledge))

    async def openapi_json(request: Request) -> Response:
        return _json(document)

    async def http_error(request: Request, error: Exception) -> Response:
        status = error.status_code if isinstance(error, HTTPException) else 500
        detail = error.detail if isinstance(error, HTTPException) else "internal error"
        hint = ": see GET /openapi.json" if status in (404, 405) else ""
        # (the method and path as sent, each cut: a path may be as long as the server reads a request line)
        response = _error(status, f"{cut(request.method, 16)} {cut(request.url.path, 80)}: {str(detail).lower()}{hint}")
        if isinstance(error, HTTPException) and error.headers:  # a 405 must say what is allowed (RFC 9110)
            response.headers.update(error.headers)
        return response

    async def internal_error(request: Request, error: Exception) -> Response:
        return _error(500, "internal error: the server's log has the details")

    # Only with origins given: without the middleware no response carries a CORS header and a browser's preflight
    # OPTIONS gets the 405 of any other method.
    middleware = [Middleware(CORSMiddleware, allow_origins=list(cors), allow_methods=["GET", "POST"],
                             allow_headers=["Content-Type"])] if cors else []
    app = Starlette(middleware=middleware, routes=[Route("/ask", ask, methods=["POST"]),
                            Route("/entries/{entry_id}", entry, methods=["GET"]),
                            Route("/health", health, methods=["GET"]),
                            Route("/openapi.json", openapi_json, methods=["GET"])],
                    exception_handlers={HTTPException: http_error, Exception: internal_error})
    # A path with a slash too many (POST /ask/) is a 404 of one line of JSON, like any unknown path, not an empty
    # redirect: a client that does not follow it (curl) printed nothing.
    app.router.redirect_slashes = False
    return app


HEALTH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["status", "knowledge_base", "knowledge_base_version", "assistant_version", "version", "entries"],
    "properties": {
        "status": {"const": "ok"},
        "knowledge_base": {"type": "string", "description": "the knowledge base's title"},
        "knowledge_base_version": {"type": "string", "description": "the knowledge base's own version (its header)"},
        "assistant_version": {"type": "string", "description": "the assistant package's version (info.version here)"},
        "version": {"type": "string", "description": "the knowledge base's version again, as knowledge_base_version "
                                                     "(the name clients written before it know)"},
        "entries": {"type": "integer", "description": "how many questions the base answers (small talk aside)"},
    },
}
"""``GET /health``'s reply."""


def health_data(knowledge: Knowledge) -> dict[str, Any]:
    """Return ``GET /health``'s reply for a server answering from ``knowledge``: its title, the base's version
    and the package's, each named for what it versions (``version``, the base's, kept for older clients)."""
    from . import __version__

    return {"status": "ok", "knowledge_base": knowledge.title, "knowledge_base_version": knowledge.version,
            "assistant_version": __version__, "version": knowledge.version, "entries": len(knowledge.questions)}


def openapi() -> dict[str, Any]:
    """Return the OpenAPI 3.1 description of the server, its schemas those of ``assistant.protocol``."""
    from . import __version__
    from .protocol import ENTRY_SCHEMA

    def ref(name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{name}"}

    def body(name: str, description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": ref(name)}}}

    def errors(*statuses: int) -> dict[str, Any]:
        reasons = {400: "not JSON", 404: "no such entry", 408: f"body not sent within {BODY_SECONDS:g} s",
                   413: f"larger than {MAX_REQUEST_BYTES} bytes", 415: "a compressed body (Content-Encoding)",
                   422: "JSON, but not a valid request (the error names the field)"}
        return {str(status): body("Error", reasons[status]) for status in statuses}

    return {
        "openapi": "3.1.0",
        "info": {"title": "assistant", "version": __version__,
                 "description": "An offline FAQ assistant. Stateless: send each reply's context as the next "
                                "request's previous."},
        "paths": {
            "/ask": {"post": {"summary": "Answer a question", "operationId": "ask",
                              "requestBody": {"required": True,
                                              "content": {"application/json": {"schema": ref("Request")}}},
                              "responses": {"200": body("Reply", "the reply"), **errors(400, 408, 413, 415, 422)}}},
            "/entries/{entry_id}": {"get": {
                "summary": "One entry of the knowledge base", "operationId": "entry",
                "parameters": [{"name": "entry_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": body("Entry", "the entry"), **errors(404)}}},
            "/health": {"get": {"summary": "Ready to answer", "operationId": "health",
                                "responses": {"200": {"description": "the knowledge base is loaded",
                                                      "content": {"application/json": {"schema": HEALTH_SCHEMA}}}}}},
        },
        "components": {"schemas": {"Request": REQUEST_SCHEMA, "Reply": REPLY_SCHEMA, "Entry": ENTRY_SCHEMA,
                                   "Error": ERROR_SCHEMA}},
    }


def create_app_from_environment() -> Starlette:
    """Return the application as ``serve`` configured it for its worker processes (each loads the matcher
    through the cache, which the parent process has just filled)."""
    from .cache import load_matcher
    from .protocol import thresholds_for

    threshold = os.environ.get(_ENV_THRESHOLD)
    thresholds = thresholds_for(float(threshold)) if threshold else None
    matcher = load_matcher(os.environ.get(_ENV_KB) or None, thresholds=thresholds)
    return create_app(matcher, log_questions=os.environ.get(_ENV_LOG_QUESTIONS) == "1",
                      cors=os.environ.get(_ENV_CORS, "").split())


def serve(matcher: Matcher, *, kb: str | None, threshold: float | None, host: str, port: int, workers: int,
          log_questions: bool, cors: Sequence[str] = ()) -> int:
    """Serve until SIGTERM or Ctrl-C (requests in progress are finished first); returns the exit status.

    With one worker the process answers with ``matcher``; with more, uvicorn starts that many processes,
    each loading the knowledge base ``kb`` through the cache.
    """
    import signal

    import uvicorn

    # uvicorn finishes the requests in progress on SIGTERM, then raises the signal again with the handler it
    # found installed: this one makes that a normal end of ``serve`` (exit status 0), not a death by signal.
    def stopped(signum: int, frame: object) -> None:
        raise _Stopped

    signal.signal(signal.SIGTERM, stopped)
    with contextlib.suppress(_Stopped):
        _run(uvicorn, matcher, kb=kb, threshold=threshold, host=host, port=port, workers=workers,
             log_questions=log_questions, cors=cors)
    return 0


def _form_text(body: bytes) -> bool:
    """Whether a body sent with a form's content type is text other than JSON: a form's fields (``q=…``) or a
    question sent bare, to be told the JSON object to send instead."""
    text = body.strip()
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return bool(text) and text[:1] not in (b"{", b"[")


class _Stopped(Exception):
    pass


def _run(uvicorn: Any, matcher: Matcher, *, kb: str | None, threshold: float | None, host: str, port: int,
         workers: int, log_questions: bool, cors: Sequence[str]) -> None:
    options: dict[str, Any] = {"host": host, "port": port, "timeout_graceful_shutdown": 10,
                               "log_level": "info", "server_header": False}
    if workers == 1:
        uvicorn.run(create_app(matcher, log_questions=log_questions, cors=cors), **options)
        return
    os.environ[_ENV_KB] = os.path.abspath(kb) if kb else ""
    os.environ[_ENV_THRESHOLD] = "" if threshold is None else repr(threshold)
    os.environ[_ENV_LOG_QUESTIONS] = "1" if log_questions else ""
    os.environ[_ENV_CORS] = " ".join(cors)  # an origin holds no space
    uvicorn.run("assistant.server:create_app_from_environment", factory=True, workers=workers, **options)
