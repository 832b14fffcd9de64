"""Bytes to text: encoding detection, binary detection, newline normalisation, content hashes."""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass

from kg.errors import SourceError

__all__ = ["DecodedText", "decode_text", "preview_text", "content_hash", "normalise_newlines"]

logger = logging.getLogger(__name__)

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE mark.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 and C1 controls other than tab, newlines, vertical tab and form feed; and the replacement character.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
# Above these shares a decoded file is taken for binary content rather than text.
_MAX_CONTROL_SHARE = 0.05
_MAX_HIGH_BYTE_SHARE = 0.30  # for the 8-bit fallbacks: Swedish prose in Latin-1 has a few percent


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's text, newline-normalised, and the encoding it was read with."""

    text: str
    encoding: str


def content_hash(data: bytes) -> str:
    """The content hash recorded on documents: "sha256:<hex>" of the bytes."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def normalise_newlines(text: str) -> str:
    """Turn Windows ("\\r\\n") and old Mac ("\\r") line ends into "\\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _looks_binary(text: str, *, eight_bit: bool) -> bool:
    if not text:
        return False
    controls = len(_CONTROL.findall(text))
    if controls / len(text) > _MAX_CONTROL_SHARE:
        return True
    if eight_bit:
        high = len(text) - len(text.encode("ascii", "ignore"))
        return high / len(text) > _MAX_HIGH_BYTE_SHARE
    return False


def _decode_declared(data: bytes, declared: str, source: str) -> tuple[str, str] | None:
    """The bytes decoded with the encoding the file names, or None if that fails or is unknown."""
    try:
        return data.decode(declared), declared
    except (UnicodeDecodeError, LookupError):
        logger.debug("%s: not decodable as the declared %s", source, declared)
        return None


def _decode_undeclared(data: bytes) -> tuple[str, str]:
    """UTF-8, else cp1252, else Latin-1 (which decodes anything)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def decode_text(data: bytes, *, source: str, declared: str | None = None) -> DecodedText:
    """Decode a document's bytes: UTF-8 or UTF-16/32 with a BOM, else UTF-8, else cp1252, else Latin-1.

    `declared` is an encoding the file itself names (an HTML <meta charset>, say): without a BOM it
    is tried first, and if the bytes do not decode with it the usual order follows.

    The text is newline-normalised ("\\n") and NFC-composed (so "å" is one character even when the
    file spelled it as "a" plus a combining ring); every offset of a document points into this text.
    Raises SourceError for binary content, undecodable bytes and empty files.
    """
    if not data.strip():
        raise SourceError(source, "empty file" if not data else "empty file (only whitespace)")
    bom = _bom_encoding(data)
    eight_bit = False
    if bom is not None:
        encoding, skip = bom
        codec = encoding.replace("-sig", "")
        try:
            text = data[skip:].decode(codec)
        except UnicodeDecodeError as err:
            raise SourceError(
                source, f"cannot be decoded as {codec.upper()} despite its byte-order mark ({err.reason})"
            ) from None
    elif b"\x00" in data:
        raise SourceError(source, "binary content (NUL bytes), not text")
    else:
        found = _decode_declared(data, declared, source) if declared else None
        text, encoding = found if found is not None else _decode_undeclared(data)
        eight_bit = codecs.lookup(encoding).name != "utf-8"
    if _looks_binary(text, eight_bit=eight_bit):
        raise SourceError(source, "binary content, not text")
    text = unicodedata.normalize("NFC", normalise_newlines(text))
    if not text.strip():
        raise SourceError(source, "empty file (only whitespace)")
    logger.debug("%s: decoded as %s", source, encoding)
    return DecodedText(text=text, encoding=encoding)


def preview_text(data: bytes, *, limit: int = 8192) -> str:
    """A lenient decoding of the first `limit` bytes, for sniffing a format; never raises."""
    head = data[:limit]
    bom = _bom_encoding(head)
    if bom is not None:
        encoding, skip = bom
        text = head[skip:].decode(encoding.replace("-sig", ""), errors="replace")
    else:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as err:
            # A cut through a multi-byte character at the end is not a reason to fall back.
            if err.start >= len(head) - 3:
                text = head[: err.start].decode("utf-8", errors="replace")
            else:
                text = head.decode("cp1252", errors="replace")
    return normalise_newlines(text)
