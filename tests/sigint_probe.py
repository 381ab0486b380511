"""A forkserver preload for tests (tests/test_parallel_ingest.py): see worker_hooks.sigint_at_import."""

from worker_hooks import sigint_at_import

sigint_at_import()
