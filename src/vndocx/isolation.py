"""Reading PDFs and images in a child process, so that a crash of a native reader (pdfium,
Pillow, Tesseract) or an out-of-memory cannot take the caller down.

A reader process is started on first use and reused for every later file (a small PDF then
costs little more than in the caller); callers in several threads each get one of their own.
It runs each file under ``Limits.memory_mb`` of address space (``RLIMIT_AS``, inherited by
Tesseract) and ``Limits.seconds``; a child that dies becomes ``CorruptFile`` (with the signal),
one past its time ``TooLarge`` (seconds), and the next file gets a fresh child. The child dies
with the caller, however the caller ends: a helper process in the child's process group kills
the group (the child, Tesseract) when the child's "lifeline" closes (a pipe whose write end only
the caller holds) or when the child dies, whatever ended it.
Text, Markdown and DOCX files are read in the caller (pure Python, under the same limits).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path

from vndocx.errors import CorruptFile, TooLarge, VndocxError
from vndocx.limits import DEFAULT_LIMITS, Limits
from vndocx.pages import Page

# Files whose readers are native code: read in the child.
NATIVE_SUFFIXES = frozenset((".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"))
_NATIVE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def kill_group_on_exit(lifeline: int | None = None) -> int | None:
    """Make this process the leader of a new process group and fork a helper into it that waits
    for this process to end (however it ends: ``kill -9`` too), or for the pipe ``lifeline`` to
    close (the process holding its other end ended), and then SIGKILLs the group, so that no
    Tesseract run outlives either. The helper is a process of its own, so it acts at once
    whatever this one is doing. Call it while the process has one thread. Returns the helper's
    process id (None where there is no ``fork``)."""
    if not hasattr(os, "fork"):
        return None
    with contextlib.suppress(OSError):
        os.setpgrp()
    read_end, write_end = os.pipe()  # not inherited by exec'd children (Tesseract): only we hold it
    pid = os.fork()
    if pid:
        os.close(read_end)
        _keep.append(write_end)
        return pid
    try:  # the helper: hold nothing of the parent's (its pipes to its own parent, its files)
        for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else ():
            fd = int(name)
            if fd > 2 and fd not in (read_end, lifeline):
                with contextlib.suppress(OSError):
                    os.close(fd)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        import select

        watched = [fd for fd in (read_end, lifeline) if fd is not None]
        with contextlib.suppress(OSError):
            while True:  # until one of the pipes reads end-of-file
                ready, _, _ = select.select(watched, [], [])
                if any(not os.read(fd, 1) for fd in ready):
                    break
        os.killpg(os.getpgrp(), signal.SIGKILL)
    finally:
        os._exit(0)


_keep: list[int] = []  # the write end of the helper's pipe, open for this process's whole life


def _child_main(read_fd: int, write_fd: int, lifeline: int, memory_mb: int) -> None:
    """The child: set its limits, then read one ``(path, limits)`` per message until None,
    answering ``("ok", pages)`` or ``("error", VndocxError)``; ends its group when ``lifeline``
    (a pipe only the caller writes to) closes."""
    from multiprocessing.connection import Connection

    kill_group_on_exit(lifeline)
    os.close(lifeline)  # the helper watches it
    _serve(Connection(read_fd, writable=False), Connection(write_fd, readable=False), memory_mb)


def _serve(inbox, outbox, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if memory_mb:
        cap_address_space(memory_mb)
    from vndocx.ingest import read

    while True:
        try:
            job = inbox.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        path, limits = job
        try:
            answer = ("ok", read(path, limits))
        except VndocxError as err:
            answer = ("error", err)
        except MemoryError:
            answer = ("error", TooLarge(str(path), "MB", limits.memory_mb, None,
                                        "of memory: the reader ran out of it on this file"))
        except RecursionError:
            answer = ("error", CorruptFile(str(path), "nested too deeply to read (objects that refer to themselves?)"))
        except Exception as err:  # an error of a reader's own: the file is not readable
            answer = ("error", CorruptFile(str(path), f"the reader failed ({type(err).__name__}: {err})"))
        try:
            outbox.send(answer)
        except MemoryError:
            outbox.send(("error", TooLarge(str(path), "bytes", limits.memory_mb << 20, None,
                                         "of memory: the pages read did not fit to be sent back")))


def cap_address_space(memory_mb: int) -> None:
    """Cap this process (and the Tesseract it starts) at ``memory_mb`` of address space, never
    above the hard limit it already has."""
    import resource

    limit = memory_mb << 20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def describe_exit(code: int | None) -> str:
    """How a child process ended, from its exit status ``code`` (negative: the signal that
    killed it, as ``subprocess`` and ``multiprocessing`` give it): "killed by SIGKILL",
    "killed by signal 99" or "exit code 1"."""
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class ReaderProcess:
    """A reused child process that reads files (``vndocx.ingest.read``) under limits; one file
    at a time (callers in several threads take turns)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process = None  # subprocess.Popen of the child
        self._send = self._recv = None  # Connections to and from it
        self._lifeline: int | None = None  # the write end of the child's lifeline
        self._memory_mb: int | None = None

    def _start(self, memory_mb: int) -> None:
        """Start the child: a fresh interpreter (``python -c``, so the caller's main module is never
        imported again), talking over a pair of pipes of its own (stdout stays the libraries')."""
        import subprocess
        from multiprocessing.connection import Connection

        to_child, child_in = os.pipe()
        child_out, from_child = os.pipe()
        lifeline, self._lifeline = os.pipe()  # only this process holds the write end (not inherited)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        code = (f"from vndocx.isolation import _child_main; "
                f"_child_main({to_child}, {from_child}, {lifeline}, {int(memory_mb)})")
        try:
            self._process = subprocess.Popen([sys.executable, "-c", code], pass_fds=(to_child, from_child, lifeline),
                                             stdin=subprocess.DEVNULL, env=env, close_fds=True)
        finally:
            for fd in (to_child, from_child, lifeline):
                os.close(fd)
        self._send, self._recv = Connection(child_in, readable=False), Connection(child_out, writable=False)
        self._memory_mb = memory_mb

    def stop(self) -> None:
        """Kill the child and its process group (Tesseract), if one runs."""
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            if os.getpgid(process.pid) == process.pid:
                os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            process.kill()
        with contextlib.suppress(Exception):
            process.wait(5)
        for conn in (self._send, self._recv):
            with contextlib.suppress(OSError):
                conn.close()
        with contextlib.suppress(OSError, TypeError):
            os.close(self._lifeline)
        self._lifeline = None

    def read(self, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
        """The pages of ``path`` read in the child; raises what the reader raised, CorruptFile
        when the child died, TooLarge when it ran past ``limits.seconds``."""
        from multiprocessing.connection import wait

        source = str(path)
        with self._lock:
            if self._process is not None and (self._process.poll() is not None or self._memory_mb != limits.memory_mb):
                self.stop()
            if self._process is None:
                self._start(limits.memory_mb)
            timed_out = False
            try:
                self._send.send((Path(path), limits))
                if wait([self._recv], limits.seconds or None):
                    kind, value = self._recv.recv()
                    if kind == "error":
                        raise value
                    return value
                timed_out = True
            except (EOFError, OSError):  # the child is gone (its end of the pipes closed as it died)
                pass
            process = self._process
            if not timed_out:
                with contextlib.suppress(Exception):
                    process.wait(5)
            self.stop()
            if timed_out:
                raise TooLarge(source, "seconds", limits.seconds, None, "the reader ran past its time limit and "
                                                                        "was stopped")
            code = describe_exit(process.returncode)
            raise CorruptFile(source, f"the reader process died on this file ({code}): a crash in pdfium, Pillow "
                                      f"or Tesseract, or out of memory (limit {limits.memory_mb:,} MB)")

    def close(self) -> None:
        """Ask the child to end, then make sure it has."""
        with self._lock:
            if self._process is not None:
                with contextlib.suppress(OSError, ValueError):
                    self._send.send(None)
                with contextlib.suppress(Exception):
                    self._process.wait(2)
                self.stop()


_readers: list[ReaderProcess] = []  # every reader made, idle or busy
_idle: list[ReaderProcess] = []
_readers_lock = threading.Lock()


def reader_process() -> ReaderProcess:
    """An idle reader process of this process, made when none is idle (so callers in several
    threads read at once, each in a child of its own); give it back with ``release``."""
    with _readers_lock:
        if _idle:
            return _idle.pop()
        reader = ReaderProcess()
        _readers.append(reader)
        return reader


def release(reader: ReaderProcess) -> None:
    """Put ``reader`` back among the idle ones, for the next call to reuse."""
    with _readers_lock:
        _idle.append(reader)


def reader_pids() -> list[int]:
    """Process ids of the reader processes running now."""
    return [r._process.pid for r in list(_readers) if r._process is not None]


def is_native(path: Path) -> bool:
    """Whether ``path`` is read by native code (a PDF or an image, by name or by content)."""
    if path.suffix.lower() in NATIVE_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False
    return b"%PDF-" in head or head.startswith(_NATIVE_MAGIC)


def isolated_read(path: str | Path, limits: Limits | None = None) -> list[Page]:
    """``vndocx.ingest.read(path, limits)``, in the reader process for PDFs and images (see the
    module docstring) and in this process for the rest. What can be refused without reading
    (an unsupported name, a FIFO, a device) is refused here first."""
    from vndocx.ingest import READERS, read
    from vndocx.ingest.guards import check_regular

    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    if path.suffix.lower() not in READERS:
        return read(path, limits)  # raises UnsupportedFormat
    check_regular(path)
    if not is_native(path) or os.name != "posix":  # the child needs POSIX pipes (pass_fds)
        return read(path, limits)
    reader = reader_process()
    try:
        return reader.read(path, limits)
    finally:
        release(reader)


__all__ = ["ReaderProcess", "describe_exit", "is_native", "isolated_read", "kill_group_on_exit",
           "reader_pids", "reader_process", "release"]
