"""Error types raised by vndocx readers and stages; each names the file and the reason."""

from __future__ import annotations


class VndocxError(Exception):
    """Base class: ``str(err)`` reads ``"<source>: <reason>"``."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self):
        # rebuilt from (source, reason), so that an error crosses a process boundary (pickle)
        return type(self), (self.source, self.reason)


class UnsupportedFormat(VndocxError):
    """The file is of a kind vndocx does not read (or is not what its name says)."""


class CorruptFile(VndocxError):
    """The file could not be parsed: truncated, damaged or mislabelled."""


class EncryptedFile(VndocxError):
    """The PDF is password-protected."""


class EmptyDocument(VndocxError):
    """The file holds no text (zero bytes, or nothing readable on any page)."""


class DecodeError(VndocxError):
    """A text file's bytes are not valid UTF-8/UTF-16 text."""


class TooLarge(VndocxError):
    """The file holds more than a limit allows (``vndocx.limits.Limits``): ``what`` was over
    ``limit``; ``value`` is how much there was (None when only "over" is known)."""

    def __init__(self, source: str, what: str, limit: int, value: int | None = None, detail: str = "") -> None:
        amount = f"{value:,} {what}" if value is not None else f"more {what}"
        reason = f"{amount}: over the {limit:,}-{_singular(what)} limit"
        super().__init__(source, f"{reason} ({detail})" if detail else reason)
        self.what, self.limit, self.value, self.detail = what, limit, value, detail

    def __reduce__(self):
        return type(self), (self.source, self.what, self.limit, self.value, self.detail)


class NotRegularFile(UnsupportedFormat):
    """The path names a FIFO, a device, a socket or a folder, not a regular file: refused before
    it is opened (reading a FIFO or ``/dev/zero`` never ends)."""


def _singular(what: str) -> str:
    return what[:-1] if what.endswith("s") and not what.endswith("ss") else what
