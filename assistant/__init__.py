"""An offline FAQ assistant for Chinese: match a question to a knowledge base of question/answer pairs.

>>> from assistant import Matcher
>>> matcher = Matcher()                       # the bundled 微粒贷 knowledge base
>>> reply = matcher.reply("微粒贷客服电话是多少")
>>> reply.status, reply.entry.id
('answer', 'hotline-number')
>>> "400-999-8866" in reply.answer
True

When it doesn't know, ``status`` is ``"none"``, ``answer`` is None and ``text`` is the fallback reply:

>>> reply = matcher.reply("明天会下雨吗")
>>> reply.status, reply.answer is None, "400-999-8866" in reply.text
('none', True, True)

``reply.to_dict()`` is the reply as JSON-ready data (``assistant ask --json`` prints it with the conversation's
``context`` and more: see ``assistant.protocol``). Your own knowledge base, in the same
YAML format, is loaded with ``Matcher(load_knowledge("my-faq.yaml"))`` (a file or a folder), or built
from plain Python data with ``knowledge_from_data``:

>>> from assistant import knowledge_from_data
>>> shop = Matcher(knowledge_from_data({
...     "knowledge_base": {"title": "Shop", "language": "en", "version": "1",
...                        "sources": [{"file": "policies.txt", "title": "Shop policies"}]},
...     "fallback": "Sorry, I don't know. Call 555-0100.",
...     "entries": [{"id": "hours", "question": "What are your opening hours?", "answer": "9am to 6pm.",
...                  "alternates": ["When are you open?", "opening times"],
...                  "source": {"document": "policies.txt", "section": "Hours"}}]}))
>>> shop.reply("when are you open").entry.id
'hours'
>>> shop.reply("asdfgh").status
'none'

Replies and matches are immutable, and one ``Matcher`` may be shared by any number of threads.
Importing this package never imports a terminal library; the chat lives in ``assistant.chat``.
"""

from .errors import AssistantError, KnowledgeError, Problem, UnknownEntryError
from .knowledge import bundled_knowledge_path, inspect_knowledge, knowledge_from_data, load_knowledge
from .matcher import Matcher, Thresholds
from .models import Citation, Entry, Knowledge, Source
from .normalize import MAX_QUERY_CHARS, Normalizer
from .replies import Match, Reply, ScoreParts, Status

__version__ = "0.1.0"

__all__ = [
    "MAX_QUERY_CHARS",
    "AssistantError",
    "Citation",
    "Entry",
    "Knowledge",
    "KnowledgeError",
    "Match",
    "Matcher",
    "Normalizer",
    "Problem",
    "Reply",
    "ScoreParts",
    "Source",
    "Status",
    "Thresholds",
    "UnknownEntryError",
    "__version__",
    "bundled_knowledge_path",
    "inspect_knowledge",
    "knowledge_from_data",
    "load_knowledge",
]
