"""validation.py: the checks operations make on free text when no form made them (the API, the CLI)."""
import pytest

from pactplatform.errors import OperationError
from pactplatform.validation import DOCUMENT_MAX_LENGTH, checked_text, required_text


@pytest.mark.parametrize("text", ["a\x00b", "\x01", "a\x08", "a\x0b", "a\x0c", "a\x1f", "a\x7f", "a\x80", "a\x9f"])
def test_control_characters_are_refused_everywhere(english_messages, text):
    for multiline in (True, False):
        with pytest.raises(OperationError) as refused:
            required_text(text, "note", multiline=multiline)
        assert refused.value.field == "note" and "control characters" in str(refused.value)


def test_line_breaks_and_tabs_are_text_only_in_multi_line_fields(english_messages):
    assert required_text(" satu\r\n\tdua \n", "body") == "satu\r\n\tdua"
    with pytest.raises(OperationError):
        required_text("satu\ndua", "title", multiline=False)


def test_the_limit_is_refused_with_a_message_never_cut(english_messages):
    assert required_text("x" * 300, "title", 300) == "x" * 300
    with pytest.raises(OperationError) as refused:
        required_text("x" * 301, "title", 300)
    assert str(refused.value) == "Use at most 300 characters." and refused.value.field == "title"


def test_empty_text_is_required_but_may_be_checked_as_optional(english_messages):
    with pytest.raises(OperationError, match="This field is required."):
        required_text("  \n ", "reason")
    assert checked_text(None, "reason", 10) == "" and checked_text(" ok ", "reason", 10) == "ok"


def test_a_document_has_a_limit_too(english_messages):
    assert DOCUMENT_MAX_LENGTH == 100_000
    with pytest.raises(OperationError):
        required_text("x" * (DOCUMENT_MAX_LENGTH + 1), "body", DOCUMENT_MAX_LENGTH)
