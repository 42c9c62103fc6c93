"""Reading JSON Lines the way Cardinal does (RED_FLAGS.md §1): split raw bytes on \\n, drop one \\r,
skip blank lines silently, and skip (with a warning) what serde_json would refuse: invalid UTF-8, invalid
JSON, NaN/Infinity, unpaired surrogate escapes, nesting of 128 or more. Python's json accepts the last
three, so they are checked here."""
import json
import logging
import re
from typing import BinaryIO, Iterator

log = logging.getLogger("pactplatform.redflags")

MAX_DEPTH = 127  # serde_json's recursion budget of 128 is spent by the 128th nested array or object
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class InvalidLine(ValueError):
    pass


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


_decoder = json.JSONDecoder(parse_constant=_refuse_constant)


def _has_surrogate(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            if any("\ud800" <= char <= "\udfff" for char in item):
                return True
        elif kind is dict:
            stack.extend(item.keys())
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
    return False


def _depth(value) -> int:
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is dict:
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item.values())
        elif kind is list:
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def parse(raw: bytes):
    """The JSON value of one line, or InvalidLine with the reason; None for a blank line."""
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidLine(f"not UTF-8 ({error.reason} at byte {error.start})") from None
    if not text.strip():
        return None
    try:
        value = _decoder.decode(text)
    except RecursionError:
        raise InvalidLine("nested too deeply") from None
    except ValueError as error:
        raise InvalidLine(f"invalid JSON ({error})") from None
    if _SURROGATE_ESCAPE.search(text) and _has_surrogate(value):
        raise InvalidLine("invalid JSON (unpaired surrogate escape)")
    if (text.count("[") + text.count("{")) > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        raise InvalidLine("invalid JSON (nested more than 127 levels)")
    return value


def raw_lines(stream: BinaryIO) -> Iterator[bytes]:
    """Lines split on b"\\n" only (a binary file's iteration does exactly that), newline removed."""
    for line in stream:
        yield line[:-1] if line.endswith(b"\n") else line


def values(stream: BinaryIO) -> Iterator[object]:
    """Every valid JSON value, in file order; invalid lines are logged and skipped."""
    for number, raw in enumerate(raw_lines(stream), start=1):
        try:
            value = parse(raw)
        except InvalidLine as error:
            log.warning("Line %d is invalid JSON, skipping. [%s]", number, error)
            continue
        if value is not None:
            yield value
