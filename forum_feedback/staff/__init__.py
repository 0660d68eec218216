"""The staff workspace home page."""
