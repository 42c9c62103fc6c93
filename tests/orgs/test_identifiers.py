import pytest

from pactplatform.orgs import identifiers


@pytest.mark.parametrize("value", ["9120301234567", "912 0301 234567"])
def test_valid_nib(value):
    assert identifiers.is_valid_nib(value)


@pytest.mark.parametrize("value", ["", "912030123456", "91203012345678", "91203O1234567"])
def test_invalid_nib(value):
    assert not identifiers.is_valid_nib(value)


@pytest.mark.parametrize("value", ["01.734.567.8-512.000", "017345678512000", "3374012345678901"])
def test_valid_npwp(value):
    assert identifiers.is_valid_npwp(value)


@pytest.mark.parametrize("value", ["01.734.567.8-512.00", "12345", "01.734.567.8-512.00X"])
def test_invalid_npwp(value):
    assert not identifiers.is_valid_npwp(value)


def test_masking_keeps_only_the_ends():
    assert identifiers.mask("9120301234567") == "91********567"
    assert identifiers.masked_npwp("017345678512000") == "01.***.***.*-***.000"
    assert identifiers.format_npwp("017345678512000") == "01.734.567.8-512.000"
