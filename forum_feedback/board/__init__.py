"""The board's side: a quarter's summary of shared packs, partners' responses and commitments."""
