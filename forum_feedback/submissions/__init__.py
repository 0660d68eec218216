"""The family's journey: telling the forum about an experience, and other ways feedback arrives."""
