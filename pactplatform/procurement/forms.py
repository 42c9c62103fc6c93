from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import TextAreaField

from ..web.forms import Form
from ..web.validators import max_length, required

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ImportForm(Form):
    file = FileField(_l("OCDS file"), description=_l(
        "Compiled releases as JSON Lines (.jsonl), or a release package or record package (.json), at most "
        "10 MB. Larger files: flask tenders import."))


class SettingsForm(Form):
    ini = TextAreaField(_l("Red-flag settings (Cardinal's INI format)"), validators=[required(), max_length(20000)],
                        description=_l("One [section] per indicator that runs (e.g. [R018]), with its options below "
                                       "it (e.g. threshold = 10 under [R003])."))
