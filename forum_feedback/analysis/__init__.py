"""Text analysis for forum_feedback: a pure library (no Flask, no SQLAlchemy)."""
