"""``python -m workforce``: the command line (workforce/cli.py)."""

import sys

from workforce.cli import main

sys.exit(main())
