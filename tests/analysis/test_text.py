"""Tokens, stop words and the SEND vocabulary of the theme engine."""

from __future__ import annotations

from forum_feedback.analysis.text import Analyzer, load_vocabulary, parse_vocabulary, stop_words, tokenise


def terms_of(text: str, analyzer: Analyzer | None = None) -> list[str]:
    """Unigram terms only (no bigrams) of a text."""
    return [t for t in (analyzer or Analyzer())(text) if " " not in t]


def test_tokenise_keeps_apostrophes_and_drops_possessives():
    assert tokenise("The SENCo’s plan, don't ask!") == ["The", "SENCo", "plan", "don't", "ask"]


def test_meaningful_words_survive_and_theme_free_words_go():
    stops = stop_words()
    assert {"nothing", "not", "no", "never", "very", "well", "everything"}.isdisjoint(stops)
    assert {"child", "son", "daughter", "just", "really", "the", "and"} <= stops
    assert terms_of("The food was cold") == ["food", "cold"]


def test_ehcp_variants_become_one_term():
    spellings = ["EHC plan", "EHCP", "ehcp", "education, health and care plan", "Education Health and Care Plans"]
    assert {tuple(terms_of(f"the {s} is late")) for s in spellings} == {("ehcp", "late")}


def test_speech_therapy_variants_become_one_term():
    spellings = ["SALT", "speech therapy", "speech and language therapy", "Speech & Language", "SLT"]
    assert {tuple(terms_of(f"no {s} since March")) for s in spellings} == {("speech_and_language_therapy", "march")}


def test_multi_word_variants_win_over_shorter_ones():
    assert terms_of("we asked for an EHC needs assessment") == ["ask", "ehc_needs_assessment"]


def test_quoted_short_acronyms_match_only_in_capitals():
    assert "council" in terms_of("the LA refused")
    assert "council" not in terms_of("la la la refused")
    assert "adhd" in terms_of("waiting for an ADD diagnosis")
    assert "adhd" not in terms_of("please add my name")


def test_a_forum_can_add_its_own_terms_from_a_file_or_a_mapping(tmp_path):
    path = tmp_path / "vocabulary.txt"
    path.write_text("# ours\nHope Centre: the hub, hope hub\n", encoding="utf-8")
    from_file = Analyzer(load_vocabulary(path))
    from_mapping = Analyzer(load_vocabulary({"the hub": "Hope Centre", "hope hub": "Hope Centre"}))
    for analyzer in (from_file, from_mapping):
        assert terms_of("Went to the hub", analyzer) == terms_of("hope hub", analyzer) == ["hope_centre"]
    assert terms_of("the hub") == ["hub"]  # the shipped vocabulary is unchanged


def test_a_missing_vocabulary_file_is_ignored(tmp_path):
    assert terms_of("EHC plan", Analyzer(load_vocabulary(tmp_path / "absent.txt"))) == ["ehcp"]


def test_parse_vocabulary_reads_canonical_and_variants():
    parsed = parse_vocabulary("# comment\nshort breaks: respite, short break  # inline\n\nnot an entry\n")
    assert parsed == {"short breaks": ["respite", "short break"]}


def test_surface_terms_show_words_as_written_never_stems():
    pairs = dict(Analyzer().surface_terms("Waiting for CAMHS assessment for 2 years, and the wait for an OT"))
    assert pairs["wait"] == "wait"  # each occurrence keeps its own form; labels pick the most common
    assert pairs["wait camhs"] == "waiting for CAMHS"
    assert pairs["camhs assess"] == "CAMHS assessment"
    assert "assess year" not in pairs  # "assessment for 2 years" holds a number: not a phrase
    assert pairs["occupational_therapy"] == "occupational therapy"


def test_fast_terms_match_the_surface_path():
    analyzer = Analyzer()
    text = "Our SENCo's been brilliant; the LA's EHC plan came, it's 20 weeks late"
    assert analyzer.terms(text) == [term for term, _ in analyzer.surface_terms(text) if " " not in term]
