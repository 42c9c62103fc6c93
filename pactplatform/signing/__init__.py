"""Signer keys, the platform CA, payload signatures and PAdES signatures inside PDFs."""
