"""``assistant serve``: the real server in its own process on 127.0.0.1, driven over HTTP."""

from __future__ import annotations

import asyncio
import gzip
import http.client
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO

from assistant import Matcher
from assistant.protocol import MAX_REQUEST_BYTES, Answerer, parse_request
from assistant.server import BODY_SECONDS, HEALTH_SCHEMA, create_app

pytestmark = pytest.mark.slow
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
SCHEMA = json.loads((REPO / "docs" / "protocol.schema.json").read_text("utf-8"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, str, Any]:
        """Send one request; return the status, the content type and the decoded JSON body (one line)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            raw = response.read().decode("utf-8")
            assert raw.endswith("\n") and raw.count("\n") == 1, raw
            return response.status, response.headers["Content-Type"], json.loads(raw)
        finally:
            connection.close()

    def ask(self, data: Any) -> Any:
        status, _, reply = self.request("POST", "/ask", json.dumps(data, ensure_ascii=False).encode("utf-8"))
        assert status == 200, reply
        return reply

    def stop(self) -> tuple[int, str]:
        """SIGTERM, as a service manager stops it; return the exit status and its log (uvicorn writes the
        access log on stdout, the rest on stderr)."""
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out.decode("utf-8") + err.decode("utf-8")


def start(*options: str) -> Server:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port), *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd=REPO)
    server = Server(process, port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            if server.request("GET", "/health")[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the server did not answer /health within 60 s")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start()
    yield running
    if running.process.poll() is None:
        running.stop()


# -- answers -----------------------------------------------------------------------------------------------


def test_health_says_the_knowledge_base_is_loaded_and_names_each_version_for_what_it_versions(
        server: Server, bundled: Matcher) -> None:
    import assistant

    status, _, health = server.request("GET", "/health")
    assert (status, health) == (200, {
        "status": "ok", "knowledge_base": bundled.knowledge.title,
        "knowledge_base_version": bundled.knowledge.version, "assistant_version": assistant.__version__,
        "version": bundled.knowledge.version,  # the base's, as before the two names: older clients read it
        "entries": len(bundled.knowledge.questions)})
    assert health["assistant_version"] == server.request("GET", "/openapi.json")[2]["info"]["version"]
    jsonschema.Draft202012Validator(HEALTH_SCHEMA).validate(health)


@pytest.mark.parametrize(("request_", "status", "entry_id"), [
    ({"q": "微粒贷客服电话是多少"}, "answer", "hotline-number"),
    ({"q": "微粒貸逾期了會有什麼後果？"}, "answer", "overdue-consequences"),
    ({"q": "asdfgh"}, "none", None),
    ({"q": "微粒贷客服电话是多少号", "threshold": 100}, "clarify", "hotline-number"),
    ({"q": "客服电话", "top": 2, "previous": None}, "answer", "hotline-number"),
])
def test_ask_answers_with_the_protocol_reply(server: Server, bundled: Matcher, request_: dict[str, Any],
                                             status: str, entry_id: str | None) -> None:
    reply = server.ask(request_)
    assert (reply["status"], reply["id"]) == (status, entry_id)
    assert reply == Answerer(bundled).answer(parse_request(request_))
    jsonschema.Draft202012Validator({**SCHEMA, "$ref": "#/$defs/Reply"}).validate(reply)


def test_a_conversation_goes_on_through_context_and_previous(server: Server) -> None:
    first = server.ask({"q": "微粒贷逾期了该怎么办"})
    assert (first["status"], first["context"]) == ("answer", "overdue-what-to-do")
    follow_up = server.ask({"q": "那延期呢？", "previous": first["context"]})
    assert follow_up["status"] == "answer" and follow_up["id"].startswith("extension-")
    assert follow_up["context"] == follow_up["id"]
    rain = server.ask({"q": "明天会下雨吗", "previous": "hotline-number"})
    assert (rain["status"], rain["context"]) == ("none", "hotline-number")


def test_an_unrelated_question_after_a_credit_entry_gets_none_over_http(server: Server) -> None:
    rain = server.ask({"q": "明天会下雨吗", "previous": "overdue-credit-reporting"})
    assert (rain["status"], rain["context"]) == ("none", "overdue-credit-reporting")


def test_an_entry_is_served_with_its_titled_citations(server: Server) -> None:
    status, _, entry = server.request("GET", "/entries/hotline-number")
    assert status == 200 and entry["id"] == "hotline-number" and "400-999-8866" in entry["answer"]
    assert entry["citations"][0]["title"] == "如何查询微粒贷逾期后的还款详情及处理方法"
    assert [f["id"] for f in entry["follow_ups"]] == ["hotline-steps", "hotline-services"]


def test_a_raw_non_ascii_url_is_not_http_and_gets_uvicorns_own_plain_400(server: Server) -> None:
    # A request line must be ASCII (RFC 9112): uvicorn refuses this one before the application sees it, with a
    # body of its own that it offers no option to change (README says so); %-encoded, it is ours (above).
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall("GET /entries/客服 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        response = b"".join(iter(lambda: connection.recv(4096), b""))
    assert response.startswith(b"HTTP/1.1 400 ") and b"text/plain" in response


def test_the_openapi_description_names_every_route_and_its_schemas(server: Server) -> None:
    status, _, document = server.request("GET", "/openapi.json")
    assert status == 200 and document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/ask", "/entries/{entry_id}", "/health"}
    assert document["components"]["schemas"] == {name: SCHEMA["$defs"][name]
                                                 for name in ("Request", "Reply", "Entry", "Error")}


# -- bad input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body", "status", "message"), [
    ("POST", "/ask", b'{"q": ', 400, "the request is not valid JSON (line 1, column 7"),
    ("POST", "/ask", b"", 400, "the request is empty"),
    ("POST", "/ask", b'{"q": "\xff"}', 400, "the request is not UTF-8"),
    ("POST", "/ask", b"[" * 30_000 + b"]" * 30_000, 400, "the request nests arrays or objects too deeply"),
    ("POST", "/ask", b'{"q": "x", "top": ' + b"9" * 5_000 + b"}", 400, "the request holds a number of more than"),
    ("GET", "/entries/no-such-entry", None, 404, "no entry with id 'no-such-entry' in the knowledge base"),
    ("GET", "/entries/%E5%AE%A2%E6%9C%8D", None, 404, "no entry with id '客服' in the knowledge base"),  # %-encoded
    ("GET", "/nowhere", None, 404, "GET /nowhere: not found: see GET /openapi.json"),
    ("POST", "/ask/", b'{"q": "x"}', 404, "POST /ask/: not found: see GET /openapi.json"),   # no empty redirect
    ("GET", "/health/", None, 404, "GET /health/: not found: see GET /openapi.json"),
    ("POST", "/ask", b'\xef\xbb\xbf{"q": 5}', 422, "'q' must be a string"),   # a byte-order mark is skipped
    ("GET", "/ask", None, 405, "GET /ask: method not allowed"),
    ("POST", "/ask", b'{"q": "' + b"a" * MAX_REQUEST_BYTES + b'"}', 413, "the request is larger than 65536 bytes"),
    ("POST", "/ask", b'{"q": 5}', 422, "'q' must be a string (the question), not a number"),
    ("POST", "/ask", b'["q"]', 422, "the request must be a JSON object, not an array"),
    ("POST", "/ask", b'{"q": ""}', 422, "'q' is empty: send the user's message"),
    ("POST", "/ask", '{"q": " \u3000"}'.encode(), 422, "'q' is empty: send the user's message"),
    ("POST", "/ask", b'{"q": "x", "top": 99}', 422, "'top' must be a whole number from 1 to 20, not 99"),
    ("POST", "/ask", b'{"q": "x", "previous": "gone"}', 422, "'previous': no entry with id 'gone'"),
])
def test_bad_input_gets_one_line_of_json_with_its_status(server: Server, method: str, path: str,
                                                         body: bytes | None, status: int, message: str) -> None:
    code, content_type, data = server.request(method, path, body)
    assert (code, content_type) == (status, "application/json")
    assert list(data) == ["error"] and data["error"].startswith(message), data


LONG = "z" * 5_000
"""An entry id, path, field name or header as long as a client may send: an error quotes only its start."""


@pytest.mark.parametrize(("method", "path", "body", "headers", "status", "message"), [
    ("GET", f"/entries/{LONG}", None, {}, 404, f"no entry with id '{'z' * 39}…' in the knowledge base"),
    ("GET", f"/{LONG}", None, {}, 404, f"GET /{'z' * 78}…: not found: see GET /openapi.json"),
    ("POST", "/ask", json.dumps({"q": "x", LONG: 1}).encode(), {}, 422, f"unknown field '{'z' * 39}…': a request"),
    ("POST", "/ask", b'{"q": "x"}', {"Content-Encoding": LONG}, 415,
     f"the body is sent with Content-Encoding '{'z' * 39}…', which this server does not read"),
])
def test_what_a_client_sent_is_quoted_cut_in_its_error(server: Server, method: str, path: str, body: bytes | None,
                                                       headers: dict[str, str], status: int, message: str) -> None:
    code, _, data = server.request(method, path, body, headers)
    assert code == status and data["error"].startswith(message) and len(data["error"]) < 200, data


@pytest.mark.parametrize(("body", "content_type", "message"), [
    # a form's fields where the JSON object belongs (curl -d 'q=…'): what to send is said
    (b"q=%E5%AE%A2%E6%9C%8D", "application/x-www-form-urlencoded",
     'the request is not valid JSON (line 1, column 1: Expecting value): send one JSON object (the body was sent as a '
     'form, application/x-www-form-urlencoded: send the JSON object itself, {"q": "…"}, with Content-Type: '
     'application/json)'),
    # JSON with a slip, sent with curl -d's form type, as the README's examples send it: only the slip is said
    (b'{"q": ', "application/x-www-form-urlencoded",
     "the request is not valid JSON (line 1, column 7: Expecting value): send one JSON object"),
    (b"q=x", "application/json", "the request is not valid JSON (line 1, column 1: Expecting value): send one JSON "
                                 "object"),
    # nothing, or bytes that are no text, sent with curl -d's form type: no fields, so only what is wrong is said
    (b"", "application/x-www-form-urlencoded", 'the request is empty: send one JSON object, such as {"q": "问题"}'),
    (b"\xff\xfe", "application/x-www-form-urlencoded", "the request is not UTF-8 (byte 0xff at 0): send JSON encoded "
                                                       "as UTF-8"),
])
def test_a_form_sent_for_the_json_request_is_told_what_to_send(server: Server, body: bytes, content_type: str,
                                                              message: str) -> None:
    assert server.request("POST", "/ask", body, {"Content-Type": content_type}) == (400, "application/json",
                                                                                     {"error": message})


@pytest.mark.parametrize(("coding", "status"), [
    ("gzip", 415),          # a compressed body: said so, not "not UTF-8"
    ("deflate", 415),
    ("br", 415),
    ("identity", 200),      # not compressed
])
def test_a_compressed_body_is_refused_by_its_encoding(server: Server, coding: str, status: int) -> None:
    body = json.dumps({"q": "微粒贷客服电话是多少"}).encode("utf-8")
    sent = gzip.compress(body) if coding == "gzip" else body
    code, content_type, data = server.request("POST", "/ask", sent, {"Content-Encoding": coding})
    assert (code, content_type) == (status, "application/json")
    if status == 415:
        assert data == {"error": f"the body is sent with Content-Encoding {coding!r}, which this server does not "
                                 "read: send it uncompressed"}
    else:
        assert data["id"] == "hotline-number"


@pytest.mark.parametrize(("method", "path", "allowed"), [("GET", "/ask", "POST"), ("POST", "/health", "GET, HEAD"),
                                                          ("DELETE", "/entries/hotline-number", "GET, HEAD")])
def test_a_method_not_allowed_names_the_allowed_ones(server: Server, method: str, path: str, allowed: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        response.read()
        assert response.status == 405
        assert set(response.headers["Allow"].split(", ")) == set(allowed.split(", "))  # in any order
    finally:
        connection.close()


def test_a_large_body_sent_in_chunks_is_refused_without_reading_it_all(server: Server) -> None:
    # The server answers 413 as soon as the body passes the limit and closes; a client still sending may then
    # see its connection cut before it reads the reply (the kernel resets a connection closed with data unread),
    # so the body is sent a chunk at a time, stopping as soon as the reply is there or the connection is gone.
    chunk = b"4000\r\n" + b"x" * 0x4000 + b"\r\n"
    total = 1024 * MAX_REQUEST_BYTES // 0x4000                              # far more than any socket buffers
    sent, reply = 0, b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as client:
        client.sendall(b"POST /ask HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        try:
            while sent < total and not select.select([client], [], [], 0)[0]:
                client.sendall(chunk)
                sent += 1
            while part := client.recv(65536):
                reply += part
        except (BrokenPipeError, ConnectionResetError):
            pass
    assert sent < total                                                    # not read to its end
    if reply:
        head, _, body = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 413") and b"larger than" in body
        assert b"connection: close" in head.lower()                         # the rest of the body is no next request
    assert server.ask({"q": "微粒贷客服电话是多少"})["id"] == "hotline-number"   # and it goes on


def test_a_lone_surrogate_in_the_question_is_answered_and_echoed_as_a_question_mark(server: Server) -> None:
    status, _, reply = server.request("POST", "/ask", b'{"q": "\\ud800\\u5ba2\\u670d"}')
    assert status == 200 and reply["query"] == "?客服"


def test_a_client_that_stops_sending_its_body_gets_a_408_and_the_others_are_answered(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=BODY_SECONDS + 20) as slow:
        slow.sendall(b"POST /ask HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")   # and nothing more
        assert server.ask({"q": "微粒贷客服电话是多少"})["id"] == "hotline-number"            # meanwhile
        response = http.client.HTTPResponse(slow)
        response.begin()
        assert response.status == 408 and "sent too slowly" in json.loads(response.read())["error"]
        assert response.getheader("connection") == "close"
        slow.settimeout(2)  # closed at once, not after the server's keep-alive wait
        assert slow.recv(1) == b""


def test_a_client_that_goes_away_in_the_middle_of_its_body_leaves_no_traceback() -> None:
    running = start()
    with socket.create_connection(("127.0.0.1", running.port)) as gone:
        gone.sendall(b"POST /ask HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"q\": ")
        time.sleep(0.5)
    assert running.ask({"q": "微粒贷客服电话是多少"})["id"] == "hotline-number"
    code, err = running.stop()
    assert code == 0 and "Traceback" not in err and "ClientDisconnect" not in err, err


# -- the process -------------------------------------------------------------------------------------------


def test_sigterm_stops_it_cleanly_and_no_question_reaches_the_log() -> None:
    running = start()
    assert running.ask({"q": "微粒贷客服电话是多少"})["status"] == "answer"
    code, err = running.stop()
    assert code == 0, err
    assert "Shutting down" in err and "Traceback" not in err
    assert '"POST /ask HTTP/1.1" 200' in err and "微粒贷客服电话是多少" not in err


def test_log_questions_puts_the_question_in_the_log() -> None:
    running = start("--log-questions")
    running.ask({"q": "微粒贷客服电话是多少"})
    code, err = running.stop()
    assert code == 0 and '{"q": "微粒贷客服电话是多少", "previous": null} -> answer hotline-number' in err


def test_two_workers_answer_and_stop_on_sigterm() -> None:
    running = start("--workers", "2")
    replies = [running.ask({"q": "那延期呢？", "previous": "overdue-what-to-do"}) for _ in range(6)]
    assert {reply["id"] for reply in replies} == {replies[0]["id"]} and replies[0]["status"] == "answer"
    code, err = running.stop()
    assert code == 0 and "Traceback" not in err


def run_serve(*argv: str, code: str = "") -> subprocess.CompletedProcess[str]:
    program = f"import sys; {code}from assistant.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", program, "serve", *argv], capture_output=True, text=True,
                          env=ENV, cwd=REPO, timeout=60)


@pytest.mark.parametrize(("argv", "code", "message"), [
    ((), "sys.modules['uvicorn'] = None; ",
     'assistant: error: the server needs Starlette and uvicorn: pip install "assistant[serve]"'),
    (("--workers", "0"), "", "assistant serve: error: argument --workers: '0' is not a whole number from 1 to 64"),
    (("--port", "70000"), "", "assistant serve: error: argument --port: '70000' is not a port number"),
    (("--kb", "/no/such.yaml"), "", "assistant: error: /no/such.yaml: no such file or folder"),
])
def test_serve_refuses_in_one_line_with_status_2(argv: tuple[str, ...], code: str, message: str) -> None:
    result = run_serve(*argv, code=code)
    assert result.returncode == 2 and result.stderr.startswith(message) and result.stderr.count("\n") == 1, result


# -- browsers (CORS) ---------------------------------------------------------------------------------------


def call(app: Any, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, dict[str, str]]:
    """Send one request to the ASGI application in this process; return the status and the response's headers."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000),
             "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()]}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start_ = next(message for message in sent if message["type"] == "http.response.start")
    return start_["status"], {name.decode(): value.decode() for name, value in start_["headers"]}


PREFLIGHT = {"Origin": "https://example.com", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}
ASKED = {"Origin": "https://example.com", "Content-Type": "application/json"}
QUESTION = json.dumps({"q": "微粒贷客服电话是多少"}).encode("utf-8")


@pytest.mark.parametrize(("cors", "method", "headers", "status", "allowed_origin"), [
    # --cors https://example.com: that page's preflight and question are let through
    (("https://example.com",), "OPTIONS", PREFLIGHT, 200, "https://example.com"),
    (("https://example.com",), "POST", ASKED, 200, "https://example.com"),
    (("https://other.test", "https://example.com"), "OPTIONS", PREFLIGHT, 200, "https://example.com"),  # repeated
    # another page's preflight is refused, its answer carries no CORS header (the browser keeps it from the page)
    (("https://example.com",), "OPTIONS", {**PREFLIGHT, "Origin": "https://other.test"}, 400, None),
    (("https://example.com",), "POST", {**ASKED, "Origin": "https://other.test"}, 200, None),
    # a method other than GET and POST: the preflight is refused by its status (400), whatever its headers say
    (("https://example.com",), "OPTIONS", {**PREFLIGHT, "Access-Control-Request-Method": "DELETE"}, 400,
     "https://example.com"),
    # * lets any page call it
    (("*",), "OPTIONS", {**PREFLIGHT, "Origin": "https://other.test"}, 200, "*"),
    (("*",), "POST", {**ASKED, "Origin": "https://other.test"}, 200, "*"),
    # without --cors (the default) no page may: a preflight is a method not allowed, no response has CORS headers
    ((), "OPTIONS", PREFLIGHT, 405, None),
    ((), "POST", ASKED, 200, None),
])
def test_browsers_may_call_it_only_from_the_origins_given(bundled: Matcher, cors: tuple[str, ...], method: str,
                                                         headers: dict[str, str], status: int,
                                                         allowed_origin: str | None) -> None:
    code, sent = call(create_app(bundled, cors=cors), method, "/ask", headers, QUESTION if method == "POST" else b"")
    assert code == status
    assert sent.get("access-control-allow-origin") == allowed_origin
    if not cors:
        assert not [name for name in sent if name.startswith("access-control-")]
    if method == "OPTIONS" and status == 200:
        assert set(sent["access-control-allow-methods"].split(", ")) == {"GET", "POST"}
        assert "Content-Type" in sent["access-control-allow-headers"]


@pytest.mark.parametrize("value", ["example.com"])  # each value refused: test_cli_values
def test_serve_refuses_a_cors_value_that_is_not_an_origin(value: str) -> None:
    result = run_serve("--cors", value)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result
    assert result.stderr.startswith(f"assistant serve: error: argument --cors: {value!r} is not an origin: write the "
                                    "scheme and host (and port) of the page, e.g. https://example.com, or * for any "
                                    "page"), result.stderr


@pytest.mark.parametrize(("value", "origin"), [
    ("https://example.com", "https://example.com"),
    ("HTTPS://Example.COM:443/", "https://example.com"),  # as the browser sends it (test_cli_values: cli_values.origin)
])
def test_a_cors_origin_is_written_as_the_browser_sends_it(bundled: Matcher, value: str, origin: str) -> None:
    from assistant.cli_parser import build_parser

    given = build_parser(["serve"]).parse_args(["serve", "--cors", value]).cors
    assert given == [origin]
    code, sent = call(create_app(bundled, cors=tuple(given)), "OPTIONS", "/ask", {**PREFLIGHT, "Origin": origin}, b"")
    assert (code, sent.get("access-control-allow-origin")) == (200, origin)


def test_cors_reaches_every_worker() -> None:
    running = start("--workers", "2", "--cors", "https://example.com/")   # a trailing slash is the same origin
    try:
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=30)
        for _ in range(4):
            connection.request("OPTIONS", "/ask", headers=PREFLIGHT)
            response = connection.getresponse()
            response.read()
            assert (response.status, response.getheader("access-control-allow-origin")) == (200, "https://example.com")
        connection.close()
    finally:
        code, err = running.stop()
    assert code == 0, err


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_serve("--port", str(port))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"assistant: error: cannot listen on 127.0.0.1:{port}: ")


@pytest.mark.parametrize("module", ["assistant", "assistant.cli", "assistant.protocol"])
def test_importing_the_library_leaves_the_http_stack_out(module: str) -> None:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO,
                            check=True)
    assert not [name for name in json.loads(result.stdout) if name.split(".")[0] in ("starlette", "uvicorn")]


def test_the_load_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "load.json"
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "serve_load.py"), "--requests", "60",
                           "--json", str(output)], capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = json.loads(output.read_text("utf-8"))
    assert len(rows) == 3 and all(set(row) == {"requests", "per_second", "p50_ms", "p99_ms"} for row in rows.values())
    assert all(row["requests"] == 60 and row["per_second"] > 0 for row in rows.values())
    assert done.stdout.count("\n| ") == 4                                  # the header and a row for each
