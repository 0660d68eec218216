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


def test_a_negation_and_the_word_it_governs_are_one_term():
    assert terms_of("It could not have been any better") == ["not_better"]
    assert terms_of("Couldn't have done better") == ["not_better"]
    assert terms_of("Could be better") == ["better"]
    assert terms_of("Staff were not very helpful") == ["staff", "not_help"]
    assert terms_of("didnt listen") == ["not_listen"]  # written without its apostrophe


def test_a_negation_reaching_a_send_term_ends_there():
    assert terms_of("No CAMHS support") == ["camhs", "support"]


def test_nothing_to_improve_is_one_unit_however_it_is_said():
    unit = ["nothing_to_improve"]
    for text in ["Nothing to improve", "Can't think of anything", "Cant think of anything.", "No complaints",
                 "Keep up the good work!", "Nothing.", "None thank you", "No.", "Not really"]:  # fmt: skip
        assert terms_of(text) == unit, text
    assert terms_of("No, the staff were lovely")[:2] == ["nothing_to_improve", "staff"]
    assert terms_of("Nothing it was very good")[0] == "nothing_to_improve"  # opens with the answer, then praise


def test_no_and_nothing_inside_a_sentence_keep_their_meaning():
    assert "nothing_to_improve" not in terms_of("Nothing has been done about his EHCP")
    assert "nothing_to_improve" not in terms_of("No one listens to us")
    assert "nothing_to_improve" not in terms_of("We got no help, nothing at all from the council")[:1]


def test_segments_keep_written_words_and_canonical_names():
    analyzer = Analyzer()
    [segment] = analyzer.segments("Could not have been better with the EHC plan")
    assert segment.text(0, 4) == "could not have been better"
    assert segment.shown[-1] == "EHCP"
    [written] = analyzer.segments("Could not have been better with the EHC plan", written=True)
    assert written.shown[-1] == "EHC plan"


def test_redaction_marks_are_not_words():
    assert tokenise("Thank you XXXX and [name] for everything") == ["Thank", "you", "and", "for", "everything"]
