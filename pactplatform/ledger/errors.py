class LedgerIntegrityError(RuntimeError):
    """The stored log contradicts itself or a tree head it signed: refuse to serve or sign over it."""
