"""Procurement red flags compatible with Open Contracting Partnership's Cardinal (`../shared/RED_FLAGS.md`).

Pure functions over parsed OCDS compiled releases: no Flask, no database. `run.run(releases, settings)`
computes every enabled indicator; `settings.Settings.from_ini(text)` reads Cardinal's settings file.
"""
