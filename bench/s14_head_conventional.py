"""What settle pays for the conventional names' documents in a writer that holds the CLI and the store
(luocdo.store.cited.conventional_documents, first use). `X` selects what is timed:
    python bench/s14_head_conventional.py with      # the imports, then the first call
    python bench/s14_head_conventional.py without   # the imports only (callgrind: subtract)
"""

import sys
import time

import luocdo.cli  # noqa: F401
import luocdo.store.db  # noqa: F401

t = time.process_time()
if sys.argv[1] == "with":
    from luocdo.store.cited import conventional_documents

    n = len(conventional_documents())
    print(n, f"{time.process_time() - t:.3f} s CPU", "luocdo.pipeline" in sys.modules)
