"""The transparency log (DESIGN.md §1): an append-only RFC 9162 Merkle tree of trust events.

This package's __init__ stays free of Flask and database imports so that the standalone verifier
(`pactplatform-verify`, in verifier.py) can use merkle.py and canonical.py on their own.
"""
