"""Families' data-protection rights: seeing everything the forum holds about their feedback (subject access)."""
