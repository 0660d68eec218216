"""Theme triage: reps read the themes, correct them (rename, move, merge, split, pin) and rebuild them."""
