"""Administration pages: the forum's users and the audit log."""
