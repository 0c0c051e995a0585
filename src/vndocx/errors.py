"""Error types raised by vndocx readers and stages; each names the file and the reason."""

from __future__ import annotations


class VndocxError(Exception):
    """Base class: ``str(err)`` reads ``"<source>: <reason>"``."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


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
    """Placeholder (superseded by i15-lib): the document breaks one of its limits."""

    def __init__(self, source: str, what: str, limit: int, value: int) -> None:
        super().__init__(source, f"{what}: {value:,} is over the limit of {limit:,}")
        self.what = what
        self.limit = limit
        self.value = value
