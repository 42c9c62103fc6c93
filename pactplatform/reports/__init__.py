"""Anonymous reports (DESIGN.md §1): anyone files one without an account and follows it with a receipt.

No identity is kept: no account, address, user agent or cookie (anonymity.py); the receipt is stored only as a
slow hash (crypto.py); what the reporter wrote is encrypted at rest under a per-report key (crypto.py).
"""
