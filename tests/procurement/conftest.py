"""A procurement bureau: an admin, an officer, a representative, and two firms and a public body known by
NIB/NPWP, so imported parties have something to match."""
import pytest

from tests import factories

from .ocds import NIB_A, NIB_B, NPWP_A, NPWP_B, NPWP_PUBLIC


@pytest.fixture
def biro(app_ctx):
    admin = factories.user(name="Admin")
    tenant = factories.tenant(admin, slug="biro")
    officer = factories.member(tenant, factories.user(name="Officer"), "officer")
    representative = factories.member(tenant, factories.user(name="Rep"), "representative")
    return {
        "tenant": tenant, "admin": admin, "officer": officer, "representative": representative,
        "public_body": factories.organisation(representative, name="Dinas PU", kind="public_body", nib="",
                                              npwp=NPWP_PUBLIC),
        "firm_a": factories.organisation(representative, name="PT Alpha Terdaftar", nib=NIB_A, npwp=NPWP_A),
        "firm_b": factories.organisation(representative, name="PT Beta Terdaftar", nib=NIB_B, npwp=NPWP_B),
    }
