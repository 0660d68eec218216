"""The audit log: who did what to which record, and when (never what a family wrote)."""
