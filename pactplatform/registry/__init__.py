"""The public registry (DESIGN.md §2): one search over every tenant's published records, the registers'
pages and downloads, and their JSON API. It sits at the top of the domains and only reads published data."""
