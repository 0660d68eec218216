"""Staff accounts: roles, passwords, one-time set-password links, server-side sessions and access control."""
