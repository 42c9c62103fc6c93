"""Shared goals, indicators, progress updates and small wins of a collective action, its coordinators,
and each organisation's stage (issue 14, part A)."""
