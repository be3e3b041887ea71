"""``python -m assistant`` does what the ``assistant`` command does."""

import sys

from .cli import command

sys.exit(command())
