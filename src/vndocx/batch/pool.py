"""Executors for ``vndocx.batch.run.run_batch`` on one machine.

``ProcessPool`` runs N worker processes and hands each one file at a time, so at most N files
are in flight and memory stays bounded however large the folder. Workers are forked from a
fork server (``forkserver``: a clean single-threaded process, safe whatever threads the parent
runs; POSIX only) that imported the pipeline once, so a worker is ready in a fraction of a
second instead of importing everything itself (``spawn`` where there is no fork server). Each
worker:

- is capped at ``max_memory_mb`` of address space (``RLIMIT_AS``, inherited by Tesseract): an
  allocation past it fails, the file is recorded as out of memory and the worker is replaced;
- is killed with its process group (Tesseract included) when a file runs past ``timeout``,
  and replaced; the file is recorded as timed out;
- dies with the run (``PR_SET_PDEATHSIG`` on Linux: the fork server ends when the run does, its
  workers with it), so ``kill -9`` of the run leaves no worker behind, and ignores SIGINT,
  which the parent handles; its Tesseract runs end with it (``isolation.kill_group_on_exit``).

``InProcess`` extracts in the calling process, one file after another. With ``guard=True``
(what ``vndocx extract`` uses for a few files, where starting a pool would cost more than the
work) each file still runs under the time limit and the memory cap: the process's address space
is capped (``RLIMIT_AS``) while the file runs, and a ``SIGALRM`` timer stops the file at
``timeout`` (its Tesseract processes are killed); the run goes on with the next file. Without
``guard`` (``--workers 0``) there is no limit at all, for debugging.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait

from vndocx.batch.run import BatchOptions, ExecutorBase, Outcome, make_extractor, process_file
from vndocx.isolation import cap_address_space, describe_exit, kill_group_on_exit

# Modules a worker imports before it says it is ready, so the first file's time limit is not
# spent importing them; the fork server imports them once for every worker it forks.
_WARM = ("numpy", "PIL.Image", "pdfplumber", "pypdfium2", "pytesseract", "docx", "vndocx.ingest.ocr",
         "vndocx.segment", "vndocx.extraction", "vndocx.repair", "vndocx.pipeline", "vndocx.batch.run",
         "vndocx.batch.pool")
# Libraries that start a thread per core unless told otherwise; a worker is one core.
_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_THREAD_LIMIT")
_WARMUP_TEXT = "THÔNG BÁO\nVề việc thử\nNơi nhận:\n- Lưu: VT."
_SERVER_WARMS = "VNDOCX_FORKSERVER_WARMUP"


class WorkerStartError(RuntimeError):
    """A worker process died before it was ready (e.g. ``--max-memory`` too low to import)."""


class FileTimedOut(BaseException):
    """Raised by the ``SIGALRM`` timer of a guarded in-process file (a BaseException, so that the
    readers' ``except Exception`` does not swallow it)."""


class InProcess(ExecutorBase):
    """Extract in this process, one file after another; with ``guard`` under the time limit and
    memory cap of ``options`` (see the module docstring), else with no limit (``--workers 0``)."""

    def __init__(self, options: BatchOptions | None = None, guard: bool = False) -> None:
        self.options = options or BatchOptions()
        self.guard = guard
        self._extract = None

    @staticmethod
    def can_guard() -> bool:
        """Whether this process can guard a file itself: POSIX timers and the main thread."""
        return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def map_unordered(self, jobs: Iterable[tuple[int, str]]) -> Iterator[tuple[int, Outcome]]:
        """Yield ``(index, Outcome)`` for each job, in order."""
        from vndocx.ingest.parallel_ocr import set_page_threads

        set_page_threads(self.options.ocr_threads)
        self._extract = self._extract or make_extractor(self.options)
        guard = self.guard and self.can_guard()
        for index, path in jobs:
            yield index, (_guarded_file(path, self._extract, self.options) if guard
                          else process_file(path, self._extract))


def _address_space() -> int:
    """Bytes of address space this process maps now (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _children() -> set[int]:
    """Process ids of this process's children (Linux /proc; empty elsewhere)."""
    me, found = os.getpid(), set()
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
            if int(stat[stat.rindex(b")") + 2:].split()[1]) == me:
                found.add(int(name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _guarded_file(path: str, extract, options: BatchOptions) -> Outcome:
    """``process_file`` in this process under ``options.timeout`` and ``options.max_memory_mb``."""
    import resource

    timeout, limit_mb = options.timeout, options.max_memory_mb
    old_limit = resource.getrlimit(resource.RLIMIT_AS)
    capped = False
    if limit_mb:
        limit = limit_mb << 20
        soft, hard = old_limit
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        # A cap below what is already mapped would fail the first allocation: then the process's own
        # size plus the allowance is the cap (a worker maps about as much before its first file).
        limit = max(limit, _address_space() + (limit_mb << 20) // 2) if _address_space() >= limit else limit
        if soft == resource.RLIM_INFINITY or limit < soft:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            capped = True
    before = _children()
    stop = threading.Event()
    expired = threading.Event()

    def on_alarm(signum, frame) -> None:
        expired.set()
        raise FileTimedOut

    def reaper() -> None:
        """After the deadline, kill the file's Tesseract runs until the file gives up (OCR threads
        waiting on them would otherwise start the next page)."""
        if stop.wait(timeout):
            return
        while not stop.wait(0.05):
            for pid in _children() - before:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)

    previous = None
    watchdog = None
    if timeout:
        previous = signal.signal(signal.SIGALRM, on_alarm)
        watchdog = threading.Thread(target=reaper, daemon=True, name="vndocx-timeout")
        watchdog.start()
        signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.perf_counter()
    try:
        try:
            outcome = process_file(path, extract)
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except FileTimedOut:
        outcome = Outcome(str(path), None, error=f"timed out after {timeout:g} s (--timeout); the file was stopped",
                          seconds=time.perf_counter() - start)
    finally:
        stop.set()
        if watchdog is not None:
            watchdog.join()
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)
        if capped:
            resource.setrlimit(resource.RLIMIT_AS, old_limit)
    if expired.is_set() and outcome.ok:  # finished as the timer rang: the record is whole, keep it
        pass
    if outcome.error and outcome.error.startswith("out of memory") and limit_mb:
        outcome = Outcome(outcome.source, outcome.sha256, seconds=outcome.seconds,
                          error=f"{outcome.error} (limit: {limit_mb} MB, --max-memory)")
    return outcome


def _die_with_parent(run: int) -> None:
    """Ask Linux to SIGKILL this process when its parent (the run, or the fork server, which ends
    with the run) dies; exit if the run has already gone."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() == 1:
        os._exit(1)
    try:
        os.kill(run, 0)
    except ProcessLookupError:
        os._exit(1)
    except OSError:
        pass


def _worker(conn: Connection, options: BatchOptions, parent: int, lifeline: Connection | None = None) -> None:
    """Worker process: set its limits, warm up, then extract one path per message until None;
    its group ends when ``lifeline`` (a pipe only the run writes to) closes: the run has ended."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # its own group, so a timeout kills Tesseract with it; a helper in the group kills the group
    # when the worker dies or the lifeline closes (the run died, kill -9 too), Tesseract included
    kill_group_on_exit(lifeline.fileno() if lifeline is not None else None)
    for name in _ONE_THREAD:
        os.environ.setdefault(name, "1")
    if options.max_memory_mb:
        cap_address_space(options.max_memory_mb)
    from vndocx.ingest.parallel_ocr import set_page_threads

    set_page_threads(options.ocr_threads)
    for name in _WARM:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    extract = make_extractor(options)
    _warm_up()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        outcome = process_file(job, extract)
        retire = bool(outcome.error and outcome.error.startswith("out of memory"))
        if retire and options.max_memory_mb:
            error = f"{outcome.error} (limit: {options.max_memory_mb} MB per worker, --max-memory)"
            outcome = Outcome(outcome.source, outcome.sha256, error=error, seconds=outcome.seconds)
        conn.send(("done", outcome, retire))
        if retire:  # a worker that ran out of memory may hold a fragmented heap: start afresh
            return


def _context():
    """The fork server context, its server preloading the pipeline (``spawn`` where there is none)."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = get_context("forkserver")
        context.set_forkserver_preload(list(_WARM))
        # The server imports this module last; told so by the environment it inherits, it then runs
        # the warm-up text once (the restoration model, the tables), and every worker forks warm.
        os.environ[_SERVER_WARMS] = "1"
        return context
    return get_context("spawn")


@dataclass
class _Slot:
    process: object
    conn: Connection
    ready: bool = False
    job: tuple[int, str] | None = None
    started: float = 0.0
    retiring: bool = False


class ProcessPool(ExecutorBase):
    """``workers`` worker processes with a per-file time limit and memory cap (see module doc)."""

    def __init__(self, workers: int, options: BatchOptions | None = None) -> None:
        if workers < 1:
            raise ValueError("a process pool needs at least one worker")
        self.workers = workers
        self.options = options or BatchOptions()
        self._context = _context()
        self._slots: list[_Slot] = []
        # the workers' lifeline: only this process holds the write end, so it closes when the run ends
        self._lifeline, self._lifeline_w = self._context.Pipe(duplex=False)

    def _start(self) -> _Slot:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_worker, args=(child_end, self.options, os.getpid(), self._lifeline), daemon=True,
            name="vndocx-worker"
        )
        process.start()
        child_end.close()
        return _Slot(process, parent_end)

    def _stop(self, slot: _Slot) -> None:
        """Kill a worker and its process group (Tesseract), and reap it."""
        pid = slot.process.pid
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            if os.getpgid(pid) == pid:
                os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, OSError, ValueError):
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()

    def _replace(self, slot: _Slot) -> None:
        self._stop(slot)
        self._slots[self._slots.index(slot)] = self._start()

    def start(self, wait_ready: bool = True) -> ProcessPool:
        """Start the workers now (else the first ``map_unordered`` does) and, with
        ``wait_ready``, wait until each has imported the pipeline; returns the pool."""
        while len(self._slots) < self.workers:
            self._slots.append(self._start())
        while wait_ready and not all(s.ready for s in self._slots):
            ready = wait([s.conn for s in self._slots] + [s.process.sentinel for s in self._slots], 60)
            for slot in list(self._slots):
                if slot.conn in ready or slot.process.sentinel in ready:
                    self._collect(slot)
        return self

    def map_unordered(self, jobs: Iterable[tuple[int, str]]) -> Iterator[tuple[int, Outcome]]:
        """Yield ``(index, Outcome)`` as files finish; a file past the time limit or whose
        worker dies gets a failed Outcome and its worker is replaced."""
        jobs = iter(jobs)
        exhausted = False
        timeout = self.options.timeout
        self.start(wait_ready=False)
        while True:
            for slot in self._slots:
                if slot.ready and slot.job is None and not exhausted:
                    job = next(jobs, None)
                    if job is None:
                        exhausted = True
                        break
                    slot.job, slot.started = job, time.monotonic()
                    slot.conn.send(job[1])
            busy = [s for s in self._slots if s.job is not None]
            if exhausted and not busy:
                return
            wait_for = None
            if timeout and busy:
                wait_for = max(0.0, min(s.started for s in busy) + timeout - time.monotonic())
            ready = wait([s.conn for s in self._slots] + [s.process.sentinel for s in self._slots], wait_for)
            finished: list[tuple[int, Outcome]] = []
            for slot in list(self._slots):
                if slot.conn in ready or slot.process.sentinel in ready:
                    finished.extend(self._collect(slot))
            if timeout:
                now = time.monotonic()
                for slot in list(self._slots):
                    if slot.job is not None and now - slot.started > timeout:
                        index, path = slot.job
                        finished.append((index, Outcome(path, None, error=f"timed out after {timeout:g} s "
                                                        "(--timeout); its worker was stopped", seconds=timeout)))
                        self._replace(slot)
            yield from finished

    def _collect(self, slot: _Slot) -> list[tuple[int, Outcome]]:
        """Read what a worker sent; replace it when it died or retired."""
        done: list[tuple[int, Outcome]] = []
        try:
            while slot.conn.poll():
                message = slot.conn.recv()
                if message[0] == "ready":
                    slot.ready = True
                elif message[0] == "done" and slot.job is not None:
                    done.append((slot.job[0], message[1]))
                    slot.job = None
                    slot.retiring = message[2]
        except (EOFError, OSError):
            pass
        if slot.retiring or not slot.process.is_alive():
            slot.process.join(1)
            if not slot.ready and not slot.retiring:
                code = slot.process.exitcode
                self._stop(slot)
                self._slots.remove(slot)
                limit = f"; or --max-memory ({self.options.max_memory_mb} MB) is too low" \
                    if self.options.max_memory_mb else ""
                raise WorkerStartError(f"a worker process died while starting ({describe_exit(code)}): "
                                       f"see its error above{limit}")
            if slot.job is not None:
                index, path = slot.job
                reason = describe_exit(slot.process.exitcode)
                done.append((index, Outcome(path, None, error=f"the worker process died while reading the file "
                                            f"({reason}); out of memory or a crash in a reader")))
            self._replace(slot)
        return done

    def close(self) -> None:
        """Stop every worker (politely first when idle) and reap them."""
        slots, self._slots = self._slots, []
        for slot in slots:
            if slot.job is None:
                with contextlib.suppress(OSError, ValueError):
                    slot.conn.send(None)
        deadline = time.monotonic() + 2
        for slot in slots:
            if slot.job is None:
                slot.process.join(max(0.0, deadline - time.monotonic()))
            self._stop(slot)


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def page_threads_for(workers: int, files: int) -> int:
    """Pages of one scan to OCR at once in each worker: the cores left over when there are
    fewer files than workers (a single large scan uses every core), else 1."""
    active = max(1, min(workers, files))
    return max(1, default_workers() // active)


def _warm_up() -> None:
    """Load what the first file would (the restoration model, the rule tables)."""
    from vndocx.pipeline import extract_text

    extract_text(_WARMUP_TEXT)


if os.environ.get(_SERVER_WARMS) == "1" and sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules:
    with contextlib.suppress(Exception):  # a failed warm-up only makes the workers' own slower
        _warm_up()


__all__ = ["FileTimedOut", "InProcess", "ProcessPool", "WorkerStartError", "default_workers", "page_threads_for"]
