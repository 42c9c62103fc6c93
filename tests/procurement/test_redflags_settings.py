"""The INI settings format (RED_FLAGS.md §2)."""
import pytest

from pactplatform.procurement.redflags.settings import Settings, SettingsError, parse_ini, pipes, to_ini


def test_a_section_enables_its_indicator_even_empty():
    settings = Settings.from_ini("[R028]\n")
    assert settings.enabled("R028") and not settings.enabled("R003")
    assert not Settings.from_ini("").sections


def test_r003_method_details_section_alone_enables_r003():
    settings = Settings.from_ini("[R003.procurement_method_details]\nLicitación Pública Nacional = 25\nemergency: 5\n")
    assert settings.enabled("R003")
    assert settings.r003_method_details == {"Licitación Pública Nacional": 25, "emergency": 5}


def test_keys_are_case_sensitive_and_values_trimmed_and_unquoted():
    tables = parse_ini("currency = 'USD'\n[R024]\n  threshold   =   0.05  \n[R025]\npercentile: \"80\"\n")
    assert tables[""]["currency"] == "USD"
    assert tables["R024"]["threshold"] == "0.05"
    assert tables["R025"]["percentile"] == "80"
    with pytest.raises(SettingsError):
        Settings.from_ini("[R024]\nThreshold = 0.05\n")


def test_comments_whole_lines_only():
    assert parse_ini("; a comment\n# another\n[R028]\n")["R028"] == {}
    with pytest.raises(SettingsError):
        Settings.from_ini("[R003]\nthreshold = 15 # default\n")


def test_escapes_and_continuation():
    tables = parse_ini("[exclusions]\nprocurement_method_details = a\\tb|c\\x0041|\\;d\n")
    assert pipes(tables["exclusions"]["procurement_method_details"]) == {"a\tb", "cA", ";d"}
    assert parse_ini("currency = US\\\nD\n")[""]["currency"] == "USD"


def test_a_repeated_section_replaces_the_earlier_one():
    settings = Settings.from_ini("[R038]\nthreshold = 0.5\nminimum_submitted_bids = 3\n[R038]\nthreshold = 0.2\n")
    assert settings.sections["R038"] == {"threshold": 0.2}


@pytest.mark.parametrize("ini", [
    "[R999]\n", "[R018.extra]\n", "unknown = 1\n", "[R028]\nthreshold = 1\n", "[R003]\nthreshold = 1.5\n",
    "[R003]\nthreshold = abc\n", "[R035]\nthreshold = -1\n", "[R048]\ndigits = 2.0\n", "[R024]\nthreshold = 1_0\n",
    "[R003.procurement_method_details]\nx = y\n", "[output]\ninfo_currency_mismatches = maybe\n",
    "[exclusions]\nother = 1\n", "[R024\n", "[R024]\nno separator here\n",
])
def test_errors(ini):
    with pytest.raises(SettingsError):
        Settings.from_ini(ini)


def test_types_and_boolean_words():
    settings = Settings.from_ini("[R024]\nthreshold = yes\n[R003]\nthreshold = -3\n[R048]\nthreshold = off\n"
                                 "[R058]\nthreshold = 1e-1\n[R025]\nthreshold = .5\n[output]\ninfo_currency_mismatches = on\n")
    assert settings.option("R024", "threshold") == 1.0
    assert settings.option("R003", "threshold") == -3
    assert settings.option("R048", "threshold") == 0
    assert settings.option("R058", "threshold") == 0.1
    assert settings.option("R025", "threshold") == 0.5


def test_prepare_sections_are_accepted_and_ignored():
    settings = Settings.from_ini("[defaults]\ncurrency = USD\n[redactions]\namount = 0\n[corrections]\n"
                                 "award_status_by_contract_status = true\n[modifications]\nmove_auctions = true\n"
                                 "[codelists.bid_status]\nqualified = valid\n[codelists.award_status]\nActive = active\n")
    assert settings.sections == {} and settings.currency is None


def test_pipe_lists():
    assert pipes("open| selective") == {"open", " selective"}
    assert pipes("open|selective|") == {"open", "selective"}
    assert pipes("") == set()
    assert pipes("|") == {""}
    assert pipes("a||") == {"a", ""}


def test_top_level_options():
    settings = Settings.from_ini("currency = IDR\nprice_comparison_procurement_methods = Tender|Seleksi\n"
                                 "no_price_comparison_procurement_methods = Penunjukan Langsung\n[R036]\n")
    assert settings.currency == "IDR"
    assert settings.price_comparison == {"Tender", "Seleksi"}
    assert settings.no_price_comparison == {"Penunjukan Langsung"}


def test_to_ini_round_trips():
    tables = {"": {"currency": "IDR"}, "R003": {"threshold": "10"}, "R003.procurement_method_details": {"a b": "3"},
              "R028": {}}
    assert parse_ini(to_ini(tables)) == tables
