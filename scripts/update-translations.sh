#!/usr/bin/env bash
# Re-extract every user-facing string and merge it into the catalogs (id is the default language;
# the English source strings need no catalog). New strings then wait for a translation in
# pactplatform/translations/id/LC_MESSAGES/messages.po; tests/web/test_i18n.py fails until they have one.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
"$BIN/pybabel" extract --ignore-dirs=".*" -F babel.cfg -k _l -k lazy_ngettext:1,2 -o /tmp/pactplatform-messages.pot . >/dev/null 2>&1
if [ -f pactplatform/translations/id/LC_MESSAGES/messages.po ]; then
  "$BIN/pybabel" update --no-fuzzy-matching --ignore-obsolete -i /tmp/pactplatform-messages.pot -d pactplatform/translations -l id
else
  "$BIN/pybabel" init -i /tmp/pactplatform-messages.pot -d pactplatform/translations -l id
fi
