"""Themes: running the theme engine on stored feedback, keeping reps' corrections, assigning new feedback."""
