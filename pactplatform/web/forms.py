"""The shared form layer: the base class of every form (WTForms' own messages in the user's language, no
control characters in any text, a stated length limit), fields for numbers that a database column can hold,
choices, and helpers views share to show an operation's refusal next to the field it concerns."""
import re

from flask import render_template, request
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, StopValidation, ValidationError

from ..errors import OperationError
from ..validation import control_character_message, has_control_characters
from .converters import MAX_ID, MAX_INT64, MAX_PAGE, MIN_ID


class _BabelTranslations:
    """What WTForms asks its messages from ("This field is required.", "Not a valid date value." …): our own
    catalog, in the request's language (the msgids are listed in web/wtforms_messages.py). Flask-WTF's own
    choice, WTForms' catalogs, has no Indonesian."""

    def gettext(self, string):
        return get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ungettext(singular, plural, n)


_TRANSLATIONS = _BabelTranslations()


class NoControlCharacters:
    """NUL and the other C0/C1 control characters are no text: stored, they corrupt what is hashed, signed,
    exported and shown. A multi-line field keeps line breaks and tabs."""

    def __init__(self, multiline: bool):
        self.multiline = multiline

    def __call__(self, form, field):
        if isinstance(field.data, str) and has_control_characters(field.data, self.multiline):
            raise ValidationError(control_character_message())


def _max_length(field) -> int | None:
    limits = [v.max for v in field.validators if isinstance(v, Length) and v.max is not None and v.max >= 0]
    return min(limits) if limits else None


def is_free_text(field) -> bool:
    """A field a person types text into (not a password, which is never stored as typed)."""
    return isinstance(field, StringField) and not isinstance(field, PasswordField)


class Form(FlaskForm):
    """The base of every form of the app: one place for what every form must do."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _TRANSLATIONS

        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if is_free_text(field):
                field.validators = [*field.validators, NoControlCharacters(multiline=isinstance(field, TextAreaField))]
                field.max_length = _max_length(field)
                # The limit is stated beside the field and checked with a message: a browser's maxlength
                # cuts pasted text silently, which is what users must never get.
                vars(field.flags).pop("maxlength", None)
            return field


def choices(pairs) -> list[SelectChoice]:
    """Options of a select field from (value, label) pairs: WTForms' SelectChoice, as it now requires."""
    return [pair if isinstance(pair, SelectChoice) else SelectChoice(*pair) for pair in pairs]

_DIGITS = re.compile(r"[0-9]+")
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def _id_or_none(value):
    """A listed option's value; the empty placeholder option (nothing chosen for the user) is None."""
    return None if value in (None, "") else int(value)


class IdSelectField(SelectField):
    """A choice of one row by its id, checked by the operation (not against the listed choices). Anything
    but an id an id column can hold (1 … 2**31-1, ASCII digits) is refused here with a message: an
    over-large one used to reach the database, which cannot bind it (HTTP 500)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, coerce=_id_or_none, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = valuelist[0].strip()
        if not raw:  # the empty placeholder: nothing chosen, for a `required` validator to say so
            self.data = None
            return
        if not _DIGITS.fullmatch(raw) or len(raw) > 10 or not MIN_ID <= int(raw) <= MAX_ID:
            self.data = None
            raise ValueError(_l("Choose one of the listed options."))
        self.data = int(raw)

    def pre_validate(self, form):
        # A value no id column holds is already said; a `required` validator must not replace it.
        if self.process_errors:
            raise StopValidation()
        # Nothing chosen: a `required` validator says so in its own words; a field that is neither required
        # nor Optional() still needs a choice.
        if self.data is None and not (self.flags.required or self.flags.optional):
            raise StopValidation(_l("Choose one of the listed options."))
        super().pre_validate(form)


class WholeNumberField(IntegerField):
    """A whole number from `minimum` to `maximum` (inclusive), both required and stated in the message, so a
    number its column cannot hold never reaches it; a translated message instead of WTForms' English."""

    def __init__(self, label=None, validators=None, *, minimum: int, maximum: int, message=None, **kwargs):
        if not -MAX_INT64 - 1 <= minimum <= maximum <= MAX_INT64:
            raise ValueError("the bounds must fit a 64-bit column")
        message = message or _l("Give a whole number from %(min)d to %(max)d.", min=minimum, max=maximum)
        validators = [*(validators or []), NumberRange(min=minimum, max=maximum, message=message)]
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum, self.range_message = minimum, maximum, message

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        raw = valuelist[0].strip()
        if not _WHOLE_NUMBER.fullmatch(raw):
            self.data = None
            raise ValueError(_l("Give a whole number, in digits."))
        # More digits than 63 bits hold: out of range whatever they say, and int() of thousands of digits
        # raises. The range validator then gives its one message.
        self.data = int(raw) if len(raw.lstrip("-")) <= 19 else (-1 if raw.startswith("-") else 1) * (MAX_INT64 + 1)

    def pre_validate(self, form):
        if self.process_errors:  # not a number at all: that message alone, not the range's too
            raise StopValidation()


def page_number(name: str = "page") -> int:
    """`?page=` of an HTML list: 1 … MAX_PAGE. A list page never fails on its page number: anything that
    is not a number shows the first page, a larger number the last page there may be."""
    raw = request.args.get(name, "").strip()
    if not _DIGITS.fullmatch(raw):
        return 1
    return MAX_PAGE if len(raw) > 6 else min(max(int(raw), 1), MAX_PAGE)


def read_upload(field, limit: int, missing: str, too_large: str) -> tuple[bytes | None, int | None]:
    """The bytes of the file a form's file field holds, read to at most `limit`: (data, None), or (None, the
    status to answer with) when no file was chosen (422) or it is larger than `limit` (413), the message then
    standing next to the field."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        field.errors = [missing]
        return None, 422
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        field.errors = [too_large]
        return None, 413
    return data, None


def attach_error(form, error: OperationError) -> None:
    """Every problem of the refusal next to its field (or above the form when it concerns no field of it)."""
    for name, message in error.field_errors:
        field = getattr(form, name, None) if name else None
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [str(message)]
        else:
            form.form_errors.append(str(message))


def rerender(template: str, form, error: OperationError | None = None, **context):
    """Re-render a form that failed: 422 for invalid input, or the operation's own status."""
    if error is not None:
        attach_error(form, error)
    status = error.status if error is not None else 422
    return render_template(template, form=form, **context), status
