import pytest

from pactplatform.extensions import db
from pactplatform.orgs import operations as orgs
from tests import factories

FIRMS = [
    ("PT. Sinar Mas Tbk", "9120001234567", "012345678901000", "Konstruksi"),
    ("CV Maju Jaya", "9120007654321", "098765432109000", "Konstruksi"),
    ("PT Waskita Karya (Persero) Tbk", "9120001111111", "011111111111000", "Energi"),
    ("PT Bangun <Nusa> & Co", "9120002222222", "022222222222000", "Teknologi"),
]


@pytest.fixture
def firms(app_ctx):
    """Four firms registered through the real operation, one representative for all."""
    person = factories.user(name="Wakil")
    created = {}
    for name, nib, npwp, sector in FIRMS:
        created[name] = orgs.register_organisation(person, name, "firm", nib, npwp, "", sector)
    db.session.commit()
    return created


@pytest.fixture
def many_firms(app_ctx):
    """120 firms (for page sizes 20 vs 100), written in one transaction."""
    person = factories.user(name="Massal")
    for n in range(120):
        orgs.register_organisation(person, f"PT Firma {n:03d}", "firm", f"{9130000000000 + n:013d}",
                                   f"{20000000000000 + n:015d}", "", "Jasa" if n % 2 else "Dagang")
    db.session.commit()
