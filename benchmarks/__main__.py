"""``python -m benchmarks``: one worker job (JSON on standard input), its result as JSON on stdout."""

import json
import sys

from benchmarks.workers import WORKERS

job = json.load(sys.stdin)
print(json.dumps(WORKERS[job["kind"]](job)))
