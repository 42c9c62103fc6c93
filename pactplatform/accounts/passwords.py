"""Which passwords an account may use: long enough, not a common one, not trivial, not the person's own
name or address. One function answers for the forms (to show every problem at once) and the operations
(so no other path can skip it)."""
import re
from functools import lru_cache
from importlib import resources

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
MAX_LENGTH = 256

# Rows people type without thinking: alphabets, digits, keyboard rows and columns.
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "!@#$%^&*()",
)
# Digits, punctuation and spaces that people add around a common word ("Password2024!").
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("pactplatform.accounts").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _is_repeated_pattern(password: str) -> bool:
    """'abcabcabca', 'xyxyxyxyxy': a short unit repeated to the length asked for."""
    for size in range(2, len(password) // 2 + 1):
        unit = password[:size]
        if (unit * (len(password) // size + 1))[: len(password)] == password:
            return True
    return len(set(password)) <= 3


def _is_sequence(password: str) -> bool:
    lowered = password.lower()
    for row in _SEQUENCES:
        if lowered in row or lowered in row[::-1]:
            return True
    steps = {ord(b) - ord(a) for a, b in zip(lowered, lowered[1:])}
    return steps in ({1}, {-1})


def _is_common(password: str) -> bool:
    lowered = password.lower()
    core = _DECORATION.sub("", lowered)
    common = common_passwords()
    return lowered in common or (len(core) >= 4 and core in common)


def _personal_words(email: str, name: str) -> set[str]:
    email = (email or "").strip().lower()
    words = {email} if email else set()
    local = email.split("@", 1)[0]
    words.add(local)
    name_words = _WORD.findall((name or "").lower())
    words.update(name_words)
    words.add("".join(name_words))
    return {w for w in words if len(w) >= 4}


def problem(password: str, email: str = "", name: str = ""):
    """The reason `password` may not be used (a translatable message), or None if it may."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(min)d characters.", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(max)d characters.", max=MAX_LENGTH)
    if len(set(password)) == 1:
        return _l("A password of one character repeated is too easy to guess.")
    if _is_sequence(password):
        return _l("A simple sequence such as 1234567890 or qwertyuiop is too easy to guess.")
    if _is_repeated_pattern(password):
        return _l("A short pattern repeated is too easy to guess.")
    if _is_common(password):
        return _l("This is one of the most common passwords; choose another.")
    lowered = password.lower()
    if any(word in lowered for word in _personal_words(email, name)):
        return _l("Do not use your name or email address in your password.")
    return None
