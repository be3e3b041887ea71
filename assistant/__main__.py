"""``python -m assistant`` does what the ``assistant`` command does."""

import sys

from .cli import main

sys.exit(main())
