# Copy to instance/config.py and edit. Environment variables FORUM_FEEDBACK_<NAME> override these.

# Production: set ENV and a long random secret key (the app refuses to start otherwise).
# ENV = "production"
# SECRET_KEY = "paste the output of: python -c 'import secrets; print(secrets.token_hex(32))'"

# PostgreSQL instead of the embedded SQLite database:
# DATABASE_URL = "postgresql://forum@localhost/forum_feedback"

# Your forum's name and colours (run `make assets` after changing colours).
# FORUM_NAME = "Northshire Parent Carer Forum"
# FORUM_SHORT_NAME = "Northshire PCF"
# FORUM_EMAIL = "hello@example.org"
# BRAND_COLOUR = "#5b2d86"
# TEMPLATE_BACKGROUND_COLOUR = "#f4f0f8"
# LINK_COLOUR = "#4a2470"

# Local areas families can choose from: (slug, label) pairs.
# LOCAL_AREAS = [("north", "North"), ("south", "South")]

# Shared rate-limit storage when running several processes:
# RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"

# Behind a reverse proxy that sets X-Forwarded-For (number of proxies to trust):
# PROXY_FIX_X_FOR = 1
