"""The batch side: many files in, one output written atomically, every input accounted for.

- :mod:`vndocx.batch.run`: ``run_batch`` and ``BatchOptions``, one file's ``process_file``, the
  design of a run (journal, index, errors file, resume);
- :mod:`vndocx.batch.inputs`: the walk over files and folders and what it passes over;
- :mod:`vndocx.batch.outputs`: atomic, fsync'ed writes and the checks of an output before work;
- :mod:`vndocx.batch.outcomes`: the outcome of one file (record or failure) and the run's file
  layout; :mod:`vndocx.batch.journal`: the journal of a run in progress and the final write;
- executors: :mod:`vndocx.batch.pool` (worker processes, or in this process) and
  :mod:`vndocx.batch.dask` (a Dask cluster).

The modules import each other in that order only (run → journal → outcomes, outputs → inputs;
pool and dask → run); none imports this package's ``__init__``, and importing it loads nothing.
"""

from __future__ import annotations

from vndocx.lazy import lazy_attributes

_LAZY = {
    **dict.fromkeys(("BatchOptions", "BatchSummary", "file_sha256", "make_extractor", "process_file", "run_batch"),
                    "vndocx.batch.run"),
    **dict.fromkeys(("Failure", "Outcome"), "vndocx.batch.outcomes"),
}

__getattr__ = lazy_attributes(__name__, _LAZY, ("run", "inputs", "outputs", "outcomes", "journal", "pool", "dask"))

__all__ = sorted(_LAZY)
