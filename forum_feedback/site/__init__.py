"""Pages about the forum and the service: start page, privacy notice, accessibility statement, health check."""
