"""What the workers' server's preload (import luocdo.store.warm_workers) costs with regex's cache of
compiled patterns filled from a pickle of it (the idea behind luocdo.pattern_cache), run on 976ef19:

    PYTHONPATH=/work/wt-base15/src python bench/s15_head_patterns.py save   # compile, pickle the cache
    PYTHONPATH=/work/wt-base15/src python bench/s15_head_patterns.py load   # the cache filled first
    PYTHONPATH=/work/wt-base15/src python bench/s15_head_patterns.py plain  # compiled as on 976ef19
"""

import os
import pickle
import sys
import time

from regex import _main as M

mode = sys.argv[1]
path = os.environ.get("S15_PATTERNS", "/tmp/s15-head/regex_cache.pkl")
t0 = time.process_time()
if mode == "load":
    with open(path, "rb") as f:
        cache, named, locale = pickle.load(f)
    M._named_args.update(named)
    M._locale_sensitive.update(locale)
    M._cache.update(cache)
t1 = time.process_time()
import luocdo.store.warm_workers  # noqa

t2 = time.process_time()
print(
    mode,
    "load",
    round(t1 - t0, 4),
    "preload",
    round(t2 - t1, 4),
    "cache",
    len(M._cache),
    M._MAXCACHE,
    file=sys.stderr,
)
if mode == "save":
    with open(path, "wb") as f:
        pickle.dump((dict(M._cache), dict(M._named_args), dict(M._locale_sensitive)), f)
    print("bytes", os.path.getsize(path), file=sys.stderr)
