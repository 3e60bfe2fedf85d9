"""The references app in the admin: the citation library (``citations``) and its import."""

from .citations import CitationAdmin

__all__ = ["CitationAdmin"]
