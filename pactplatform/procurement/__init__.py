"""Procurement data imported from the Open Contracting Data Standard, and its red flags.

`redflags/` is pure (no Flask, no database) and backs the `pactplatform-redflags` console script;
the rest (models, importer, operations, queries, views, cli) stores a tenant's tenders and their flags.
"""
