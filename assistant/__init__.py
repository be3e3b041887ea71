"""An offline FAQ assistant for Chinese: match a question to a knowledge base of question/answer pairs.

>>> from assistant import Matcher
>>> matcher = Matcher()                       # the bundled 微粒贷 knowledge base
>>> reply = matcher.reply("微粒贷客服电话是多少")
>>> reply.status, reply.entry.id
('answer', 'hotline-number')
>>> matcher.reply("今天天气怎么样").status    # not covered: the fallback, with the hotline
'none'

Importing this package never imports a terminal library; the chat lives in ``assistant.chat``.
"""

from .errors import AssistantError, KnowledgeError, Problem, UnknownEntryError
from .knowledge import bundled_knowledge_path, inspect_knowledge, knowledge_from_data, load_knowledge
from .matcher import Matcher, Thresholds
from .models import Citation, Entry, Knowledge, Match, Reply, ScoreParts, Source, Status
from .normalize import MAX_QUERY_CHARS, Normalizer

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
