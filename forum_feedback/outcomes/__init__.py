"""'You said, we did': published outcomes, their Atom feed, and telling families who asked to hear back."""
