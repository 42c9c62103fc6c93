"""The shared form layer (pactplatform/web/forms.py): WTForms' own messages in Indonesian, no control characters,
stated length limits, SelectChoice options, and every problem of one submit shown at once."""
import warnings

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import Email, Length, NumberRange, Regexp

from pactplatform.actions.models import CollectiveAction
from pactplatform.errors import OperationError, Problems
from pactplatform.extensions import db
from pactplatform.web.forms import Form, attach_error, choices
from pactplatform.web.validators import max_length
from tests.conftest import login, post


class Sample(Form):
    class Meta:
        csrf = False

    title = StringField("Title", validators=[max_length(10)])
    body = TextAreaField("Body", validators=[max_length(100)])
    count = IntegerField("Count", validators=[NumberRange(min=2000, max=2100)])
    email = StringField("Email", validators=[Email()])
    colour = SelectField("Colour", choices=choices([("r", "Red"), ("g", "Green")]))


def submit(**data) -> Sample:
    form = Sample(formdata=MultiDict({"count": "2026", "email": "a@example.org", "colour": "r", **data}))
    form.validate()
    return form


@pytest.fixture
def indonesian(app):
    with app.test_request_context("/"), force_locale("id"):
        yield


@pytest.mark.parametrize("text", ["a\x00b", "a\x07", "\x1b[31m", "a\x7f", "a\x85", "a\x9f", "a\nb", "a\rb"])
def test_a_single_line_field_refuses_control_characters(indonesian, text):
    form = submit(title=text)
    assert form.title.errors == ["Hapus karakter kontrol (seperti NUL) dari teks ini: karakter itu tidak dapat "
                                 "disimpan."]


def test_a_multi_line_field_keeps_line_breaks_and_tabs_but_not_nul(indonesian):
    assert submit(body="baris satu\r\nbaris\tdua\n").errors == {}
    assert submit(body="baris\x00").body.errors


def test_text_over_the_limit_is_refused_with_the_limit_not_cut(indonesian):
    form = submit(title="x" * 11)
    assert form.title.errors == ["Gunakan paling banyak 10 karakter."]
    assert form.title.data == "x" * 11


def test_the_limit_is_stated_and_no_maxlength_cuts_a_paste(indonesian):
    form = Sample()
    assert form.title.max_length == 10 and form.body.max_length == 100
    assert "maxlength" not in form.title() and "maxlength" not in form.body()


@pytest.mark.parametrize("data, field, message", [
    ({"count": "1999"}, "count", "Angka harus antara 2000 dan 2100."),
    ({"count": "dua ribu"}, "count", "Bukan bilangan bulat yang valid."),
    ({"email": "bukan"}, "email", "Alamat email tidak valid."),
    ({"colour": "biru"}, "colour", "Bukan pilihan yang valid."),
])
def test_wtforms_own_messages_come_in_indonesian(indonesian, data, field, message):
    assert message in submit(**data).errors[field]


def test_length_messages_of_wtforms_use_the_plural_forms(indonesian):
    class Short(Form):
        class Meta:
            csrf = False

        code = StringField("Code", validators=[Length(min=3)])

    form = Short(formdata=MultiDict({"code": "ab"}))
    form.validate()
    assert form.code.errors == ["Isian harus sedikitnya 3 karakter."]


def test_choices_are_select_choice_objects_and_do_not_warn(indonesian):
    options = choices([("r", "Red"), SelectChoice("g", "Green")])
    assert all(isinstance(option, SelectChoice) for option in options)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Sample().colour()


def _forms():
    found, pending = [], list(Form.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__.startswith("pactplatform.")]


def test_every_form_of_the_app_uses_the_shared_base_and_limits_every_free_text_field(app):
    import pactplatform.accounts.forms  # noqa: F401  (the forms of every domain, loaded by create_app anyway)

    forms = _forms()
    assert len(forms) > 25
    unlimited = []
    for cls in forms:
        for name in dir(cls):
            unbound = getattr(cls, name)
            if not isinstance(unbound, UnboundField):
                continue
            if not issubclass(unbound.field_class, StringField) or \
                    issubclass(unbound.field_class, (PasswordField, HiddenField)):
                continue
            validators = unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else [])
            # A bounded pattern (the slug) or an identifier check (NIB, NPWP) states the length in its own message.
            if not any(isinstance(v, (Length, Regexp)) for v in validators) and \
                    not any(getattr(v, "__name__", "") in ("_validate_nib", "_validate_npwp") for v in validators):
                unlimited.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert not unlimited, f"free-text fields without a stated length limit: {unlimited}"


def test_an_operation_may_refuse_several_problems_at_once(indonesian):
    problems = Problems()
    problems.add("first", field="title")
    problems.add("second", field="body")
    problems.add("third")
    with pytest.raises(OperationError) as raised:
        problems.raise_any()
    form = Sample()
    attach_error(form, raised.value)
    assert form.title.errors == ["first"] and form.body.errors == ["second"] and form.form_errors == ["third"]
    assert raised.value.field == "title" and str(raised.value) == "first; second; third"


def test_the_tender_form_shows_every_problem_after_one_submit(client, bureau):
    login(client, bureau["officer"].email)
    url = "/t/biro/actions/new?kind=integrity_pact"
    response = post(client, url, {
        "title": "Pakta", "starts_on": "2026-08-01", "ends_on": "2026-07-01", "tender_code": "", "tender_title": "J",
        "tender_procuring_entity_id": str(bureau["public_body"].id), "tender_budget_ceiling": "100",
        "tender_owner_estimate": "200", "tender_year": "1999", "tender_stage": "planning"}, token_from=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Isi bilangan bulat dari 2000 sampai 2100.", "Tanggal berakhir lebih awal dari tanggal mulai.",
                    "HPS tidak boleh melebihi pagu anggaran.", "Kolom ini wajib diisi."):
        assert message in html
    assert db.session.scalar(select(func.count(CollectiveAction.id)).execution_options(all_tenants=True)) == 0
