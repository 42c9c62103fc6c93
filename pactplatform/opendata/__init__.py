"""Open data: bulk export files of the public record (FollowTheMoney, CSV, JSON Lines), regenerated when
the transparency log moves, and listed on /exports/ and /api/v1/exports."""
from .exports import Export, register_export  # noqa: F401
