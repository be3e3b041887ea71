"""Matching a question against a knowledge base, one file per step (see docs/architecture.md).

``index`` (the tables, built once) → ``candidates`` (which entries to score) → ``signals`` (each entry's
score) → ``context`` (a short follow-up read with the previous question) → ``decision`` (answer, clarify or
none); ``confusables`` checks a base; ``matcher.Matcher`` composes them.
"""

from .index import Index
from .matcher import Matcher
from .thresholds import Thresholds

__all__ = ["Index", "Matcher", "Thresholds"]
