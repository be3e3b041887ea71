"""Where ``Matcher`` and ``Thresholds`` were before the ``matching`` package: kept so that existing imports work.

New code imports them from ``assistant`` (or ``assistant.matching``).
"""

from .matching import Matcher, Thresholds

__all__ = ["Matcher", "Thresholds"]
