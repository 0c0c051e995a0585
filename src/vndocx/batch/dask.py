"""vndocx on Dask: the same extraction as ``vndocx extract``, spread over a cluster.

    >>> from vndocx.batch.dask import extract_bag
    >>> records = extract_bag(["archive/"]).compute()          # list of record dicts

    $ vndocx extract archive/ -o tasks.jsonl --dask tcp://scheduler:8786
    $ vndocx extract archive/ -o tasks.jsonl --dask local --workers 4

Every worker runs ``vndocx.batch.run.process_file`` on one path at a time, so records are
identical to a local run. The paths must be readable by the workers (a shared file system), and
the workers need vndocx installed (with Tesseract for scans). Run them with one thread each
(``dask worker tcp://scheduler:8786 --nthreads 1 --nworkers auto``): pdfium is not thread-safe,
so PDFs are read one at a time per worker process anyway.

Limits on Dask: a file past the time limit is recorded as timed out and its task returns, but
the abandoned computation runs on in its worker thread until it ends; memory is guarded by the
workers' own ``--memory-limit`` (the nanny restarts a worker that exceeds it; a file that keeps
killing workers is recorded as failed).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from vndocx.batch.run import BatchOptions, ExecutorBase, Outcome, iter_inputs, make_extractor, process_file

_extractors: dict[BatchOptions, object] = {}
_extractors_lock = threading.Lock()
# pdfium must not be called from two threads of one process at once.
_PDF_LOCK = threading.Lock()


def _extractor(options: BatchOptions):
    with _extractors_lock:
        if options not in _extractors:
            _extractors[options] = make_extractor(options)
        return _extractors[options]


def _guarded(path: str, options: BatchOptions) -> Outcome:
    extract = _extractor(options)
    if Path(path).suffix.lower() == ".pdf":
        with _PDF_LOCK:
            return process_file(path, extract)
    return process_file(path, extract)


def extract_task(path: str, options: BatchOptions) -> Outcome:
    """The Outcome of one file, as run in a Dask worker: like ``process_file``, with the time
    limit applied by abandoning the computation (see the module doc)."""
    if not options.timeout:
        return _guarded(path, options)
    box: list[Outcome] = []
    thread = threading.Thread(target=lambda: box.append(_guarded(path, options)), daemon=True,
                              name=f"vndocx {Path(path).name}")
    thread.start()
    thread.join(options.timeout)
    if box:
        return box[0]
    return Outcome(path, None, error=f"timed out after {options.timeout:g} s (--timeout); the Dask worker "
                   "abandoned it", seconds=options.timeout)


def extract_tasks(paths: list[str], options: BatchOptions) -> list[Outcome]:
    """``extract_task`` on each path in turn: one Dask task for several small files, so the
    scheduler's per-task cost is spread over them."""
    return [extract_task(path, options) for path in paths]


def _as_dict(outcome: Outcome) -> dict:
    return {"source": outcome.source, "sha256": outcome.sha256,
            "record": json.loads(outcome.record) if outcome.ok else None, "error": outcome.error}


def extract_outcomes(paths: Iterable[str | Path], options: BatchOptions | None = None,
                     partition_size: int | None = None):
    """A ``dask.bag.Bag`` with one dict per input file, in sorted input order:
    ``{"source", "sha256", "record": record dict or None, "error": reason or None}``. Folders
    are searched on the client, as ``vndocx extract`` does."""
    import dask.bag as db

    files = [str(p) for p in iter_inputs(paths)]
    options = options or BatchOptions()
    bag = db.from_sequence(files, partition_size=partition_size) if files else db.from_sequence([], npartitions=1)
    return bag.map(extract_task, options=options).map(_as_dict)


def extract_bag(paths: Iterable[str | Path], options: BatchOptions | None = None,
                partition_size: int | None = None):
    """A ``dask.bag.Bag`` of the record dicts (``Document.model_dump(mode="json")``) of the
    files under ``paths``, in sorted input order; files that fail are left out (see
    ``extract_outcomes`` for their reasons)."""
    return extract_outcomes(paths, options, partition_size).filter(lambda o: o["error"] is None).pluck("record")


def _frames(records: list[dict], table: str):
    from vndocx.export import to_dataframe
    from vndocx.records import Document

    tasks, documents = to_dataframe(Document.model_validate(r) for r in records)
    frame = tasks if table == "tasks" else documents
    return frame.drop(columns=["doc_id"])


def to_dataframe(bag, table: str = "documents"):
    """A ``dask.dataframe.DataFrame`` of a bag of record dicts: one row per document
    (``table="documents"``) or per task (``"tasks"``), with the columns of
    ``vndocx.export.to_dataframe`` except ``doc_id`` (join tasks to documents on ``source``)."""
    import dask
    import dask.dataframe as dd
    from dask import delayed

    if table not in ("documents", "tasks"):
        raise ValueError(f"table must be 'documents' or 'tasks', not {table!r}")
    meta = _frames([], table)
    parts = [delayed(_frames)(part, table) for part in bag.to_delayed()]
    with dask.config.set({"dataframe.convert-string": False}):  # keep export's dtypes (text as object)
        return dd.from_delayed(parts, meta=meta, verify_meta=False)


# Files without OCR take milliseconds: up to ``light_batch`` of them go to the cluster as one task.
LIGHT_SUFFIXES = frozenset({".txt", ".md", ".docx"})


def _light(path: str) -> bool:
    return Path(path).suffix.lower() in LIGHT_SUFFIXES


class DaskExecutor(ExecutorBase):
    """Runs ``vndocx.batch.run.run_batch``'s files on a Dask cluster, keeping ``2 × threads`` tasks
    in flight (a task is one file that may need OCR, or up to ``light_batch`` text and DOCX
    files) so the client never holds more than a few records."""

    def __init__(self, client, options: BatchOptions | None = None, own_cluster: bool = False,
                 light_batch: int = 16) -> None:
        self.client = client
        self.options = options or BatchOptions()
        self.light_batch = light_batch
        self._own_cluster = own_cluster

    @classmethod
    def connect(cls, address: str, options: BatchOptions | None = None, workers: int | None = None) -> DaskExecutor:
        """A client of the scheduler at ``address``, or of a new LocalCluster of ``workers``
        single-threaded processes when ``address`` is ``"local"``."""
        from distributed import Client, LocalCluster

        options = options or BatchOptions()
        if address == "local":
            memory = f"{options.max_memory_mb}MB" if options.max_memory_mb else "auto"
            cluster = LocalCluster(n_workers=max(1, workers or 1), threads_per_worker=1, processes=True,
                                   memory_limit=memory, dashboard_address=":0")
            return cls(Client(cluster), options, own_cluster=True)
        return cls(Client(address), options)

    def map_unordered(self, jobs: Iterable[tuple[int, str]]) -> Iterator[tuple[int, Outcome]]:
        """Yield ``(index, Outcome)`` as files finish; a task that fails on the cluster (a
        worker killed by its memory limit, say) becomes a failed Outcome."""
        from distributed import as_completed

        jobs = iter(jobs)
        threads = sum(self.client.nthreads().values()) or 1
        pending: dict = {}
        queue = as_completed()
        held: list[tuple[int, str]] = []  # a job taken from the iterator but not yet submitted

        def submit() -> bool:
            group = held[:] or [job for job in [next(jobs, None)] if job]
            held.clear()
            while group and _light(group[-1][1]) and len(group) < self.light_batch:
                job = next(jobs, None)
                if job is None:
                    break
                if not _light(job[1]):
                    held.append(job)
                    break
                group.append(job)
            if not group:
                return False
            future = self.client.submit(extract_tasks, [path for _, path in group], self.options, pure=False)
            pending[future] = group
            queue.add(future)
            return True

        for _ in range(2 * threads):
            if not submit():
                break
        for future in queue:
            group = pending.pop(future)
            try:
                outcomes = future.result()
            except Exception as err:  # the task died on the cluster: record it, go on
                outcomes = [Outcome(path, None, error=f"the Dask task failed: {type(err).__name__}: {err}")
                            for _, path in group]
            future.release()
            for (index, _), outcome in zip(group, outcomes, strict=True):
                yield index, outcome
            submit()

    def close(self) -> None:
        """Close the client (and the cluster this executor started)."""
        cluster = self.client.cluster if self._own_cluster else None
        self.client.close()
        if cluster is not None:
            cluster.close()
