"""Synthetic demo data for forum_feedback.

``forum_feedback.demo.corpus.generate_corpus`` writes a deterministic, entirely fictional set of
family stories that looks like what a Parent Carer Forum really receives: long angry stories and
one-liners from a phone, notes a rep took at a coffee morning, positive feedback, typos and
acronyms, seasonal rhythms, and a small share of items a rep must redact or escalate. The sentence
fragments it combines live in ``forum_feedback.demo.fragments``; every word was written for this
project and no real dataset is used.
"""
