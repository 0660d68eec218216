"""Moderation: reps read new feedback, redact it, act on safeguarding concerns and hide spam or abuse."""
