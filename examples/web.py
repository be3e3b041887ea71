"""Answer questions in a web handler, with the standard library only.

    $ python examples/web.py                 # prints the address it listens on, e.g. http://127.0.0.1:40123
    $ curl 'http://127.0.0.1:40123/ask?q=客服电话'

``GET /ask?q=…`` answers with the JSON object ``assistant ask --json`` prints (``Reply.to_dict()``); a
missing ``q`` is a 400. One ``Matcher`` is shared by every request thread.
"""

from __future__ import annotations

import contextlib
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from assistant import Matcher

matcher = Matcher()


class AskHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query).get("q")
        if url.path != "/ask":
            self.send_json(404, {"error": "not found: use /ask?q=…"})
        elif not query:
            self.send_json(400, {"error": "missing parameter q"})
        else:
            self.send_json(200, matcher.reply(query[0]).to_dict())

    def send_json(self, status: int, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # keep standard error quiet
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0  # 0: any free port
    with ThreadingHTTPServer(("127.0.0.1", port), AskHandler) as server:
        print(f"http://127.0.0.1:{server.server_port}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C stops it
            server.serve_forever()
