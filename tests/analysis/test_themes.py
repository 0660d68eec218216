"""The theme engine on small hand-written corpora, fixed random_state."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from forum_feedback.analysis import themes
from forum_feedback.analysis.text import load_vocabulary, tokenise
from forum_feedback.analysis.themes import (
    Constraints,
    Document,
    ThemeState,
    assign,
    assign_many,
    build_themes,
    explain,
    explain_many,
)

TRANSPORT = [
    "The taxi to school did not turn up again this morning",
    "School transport was cancelled with one day's notice",
    "Our taxi driver changes every week and the escort is new each time",
    "The school bus takes two hours each way, far too long",
    "Transport refused because we live 2.9 miles from school",
    "The taxi arrives late most days so he misses the start of school",
    "No transport arranged for the new term, I had to drive him",
    "The minibus driver was lovely but the taxi company keeps changing",
    "Home to school transport appeal took months",
    "The escort on the taxi does not understand his needs",
    "We were told transport is only for children over 8 miles",
    "The bus to his special school was late all week",
]
CAMHS = [
    "Two years on the CAMHS waiting list and still waiting",
    "CAMHS said she does not meet their threshold",
    "We have been waiting for a CAMHS assessment for 18 months",
    "CAMHS discharged him after one appointment",
    "The CAMHS waiting list is over a year for an assessment",
    "Still waiting to hear from CAMHS about the referral",
    "Referral to CAMHS rejected twice, his anxiety is getting worse",
    "CAMHS appointment cancelled again, waiting since January",
    "Child and adolescent mental health services will not see him until he is in crisis",
    "The CAMHS nurse was kind but the waiting list is too long",
    "Waiting for CAMHS, no mental health support in the meantime",
    "CAMHS told us to wait for the assessment and call back in six months",
]
EHCP = [
    "Applied for an EHC plan in January and it is now June, no decision",
    "The EHCP draft arrived late and the provision is vague",
    "Our EHC needs assessment went past the 20 weeks",
    "The education health and care plan does not name a school",
    "The council refused to assess for an EHCP",
    "EHCP annual review paperwork never arrived",
    "The EHC plan has not been updated in three years",
    "Caseworker changed three times while waiting for the EHCP",
    "The final EHCP came with no speech therapy hours specified",
    "The council sent the EHC plan to the wrong school",
    "EHCP provision not being delivered by the school",
    "We had to go to tribunal to get the EHCP amended",
]
TOPICS = {"transport": TRANSPORT, "camhs": CAMHS, "ehcp": EHCP}


def corpus(counts: dict[str, int] | None = None) -> list[Document]:
    """Documents with ids like "camhs-3"; ``counts`` limits how many of each topic."""
    docs = []
    for topic, texts in TOPICS.items():
        for i, text in enumerate(texts[: (counts or {}).get(topic, len(texts))]):
            docs.append(Document(f"{topic}-{i:02d}", text, quotable=True))
    return docs


def documents(**groups: list[str]) -> list[Document]:
    """Unquotable documents with ids like "food-3", one group of texts per keyword."""
    return [Document(f"{name}-{i}", text) for name, texts in groups.items() for i, text in enumerate(texts)]


def topic_of(doc_id: str) -> str:
    return doc_id.split("-")[0]


def theme_of_topic(result, topic: str) -> str:
    """The theme most of a topic's comments went to."""
    keys = Counter(v for k, v in result.assignments.items() if topic_of(k) == topic and v)
    return keys.most_common(1)[0][0]


@pytest.fixture(scope="module")
def first():
    return build_themes(corpus(), random_state=0)


def test_separable_stories_become_separate_themes(first):
    keys = {topic: theme_of_topic(first, topic) for topic in TOPICS}
    assert len(set(keys.values())) == 3
    for topic, key in keys.items():
        members = [d for d, k in first.assignments.items() if topic_of(d) == topic]
        assert sum(first.assignments[d] == key for d in members) >= 0.75 * len(members)
    labels = {topic: next(t.label for t in first.themes if t.key == key).lower() for topic, key in keys.items()}
    assert "camhs" in labels["camhs"]
    assert "ehcp" in labels["ehcp"]


def test_each_theme_has_terms_quotes_size_and_sentiment(first):
    names = {name.lower() for name in load_vocabulary().display.values()}
    for theme in first.themes:
        assert 2 <= len(theme.label.split()) <= 5 or theme.label.lower() in names
        assert theme.size == sum(v == theme.key for v in first.assignments.values())
        assert len(theme.quote_ids) == min(3, theme.size)
        assert all(first.assignments[q] == theme.key for q in theme.quote_ids)
        s = theme.sentiment
        assert s.negative + s.neutral + s.positive == theme.size
    camhs = next(t for t in first.themes if t.key == theme_of_topic(first, "camhs"))
    assert camhs.sentiment.mean < 0


def test_labels_and_terms_are_words_families_wrote_not_stems(first):
    written = {w.lower() for d in corpus() for w in tokenise(d.text)}
    canonical = {w.lower() for term in load_vocabulary().display.values() for w in term.split()}
    for theme in first.themes:
        for word in " ".join([theme.label, *theme.terms]).split():
            assert word.lower() in written | canonical, (word, theme)
    camhs = next(t for t in first.themes if t.key == theme_of_topic(first, "camhs"))
    assert "waiting" in " ".join(camhs.terms).lower().split()
    assert "wait" not in [t.lower() for t in camhs.terms]


def test_vocabulary_variants_count_as_one_term(first):
    ehcp = next(t for t in first.themes if t.key == theme_of_topic(first, "ehcp"))
    assert "EHCP" in ehcp.terms
    assert not {"EHC", "ehc plan", "EHC plan"} & set(ehcp.terms)


def test_rebuilding_is_deterministic_whatever_the_input_order(first):
    again = build_themes(list(reversed(corpus())), random_state=0)
    assert again.themes == first.themes
    assert again.assignments == first.assignments


def test_fixed_number_of_themes_is_respected():
    assert len(build_themes(corpus(), n_themes=2, random_state=0).themes) == 2


def test_rebuild_with_previous_keeps_keys_and_reports_growth(first):
    more = [
        Document("transport-x1", "Another term starts and still no transport from the council"),
        Document("transport-x2", "The taxi escort shouts at him, we complained to transport"),
        Document("transport-x3", "His bus route changed without telling us"),
        Document("transport-x4", "Taxi firm keeps sending a different driver"),
        Document("transport-x5", "The transport team never answer the phone"),
        Document("transport-x6", "Taxi was late three times this week"),
        Document("transport-x7", "Bus pass refused so we drive him to college"),
        Document("transport-x8", "Transport arrived without the booster seat he needs"),
    ]
    again = build_themes(corpus() + more, previous=first.state, random_state=0)
    assert {t.key for t in first.themes} <= {t.key for t in again.themes}
    for topic in TOPICS:
        assert theme_of_topic(again, topic) == theme_of_topic(first, topic)
    transport = theme_of_topic(first, "transport")
    assert any(c.kind == "grown" and c.theme_keys == (transport,) for c in again.changes)


def test_a_reps_fixed_move_survives_a_rebuild(first):
    moved = "camhs-05"
    transport = theme_of_topic(first, "transport")
    constraints = Constraints(fixed={moved: transport})
    again = build_themes(corpus(), previous=first.state, constraints=constraints, random_state=0)
    assert again.assignments[moved] == transport
    assert theme_of_topic(again, "camhs") == theme_of_topic(first, "camhs")


def test_excluded_comments_are_never_themed(first):
    excluded = frozenset({"ehcp-01", "camhs-02"})
    again = build_themes(corpus(), previous=first.state, constraints=Constraints(excluded=excluded), random_state=0)
    assert [again.assignments[d] for d in sorted(excluded)] == [None, None]


def test_a_pinned_theme_survives_when_its_comments_shrink(first):
    transport = theme_of_topic(first, "transport")
    smaller = corpus({"transport": 0})
    again = build_themes(smaller, previous=first.state, constraints=Constraints(pinned=frozenset({transport})))
    theme = next(t for t in again.themes if t.key == transport)
    assert theme.pinned
    assert theme.label == next(t.label for t in first.themes if t.key == transport)
    unpinned = build_themes(smaller, previous=first.state, random_state=0)
    assert transport not in {t.key for t in unpinned.themes}
    assert any(c.kind in {"retired", "merged"} and c.previous_keys == (transport,) for c in unpinned.changes)


# Confidences computed one at a time and in a batch go through different BLAS kernels (matrix-vector
# and matrix-matrix), which round differently on different CPUs: keys must agree exactly,
# confidences only to a tolerance.
CONFIDENCE_TOLERANCE = 1e-5


def assert_same_assignments(got, expected):
    assert [a.theme_key for a in got] == [a.theme_key for a in expected]
    assert [a.confidence for a in got] == pytest.approx([a.confidence for a in expected], abs=CONFIDENCE_TOLERANCE)


def test_state_round_trips_through_json_with_identical_assignments(first):
    restored = ThemeState.from_json(json.loads(json.dumps(first.state.to_json())))
    texts = [d.text for d in corpus()] + ["taxi late", "CAMHS waiting list", "asdf qwerty", ""]
    expected = [assign(first.state, t) for t in texts]
    assert_same_assignments([assign(restored, t) for t in texts], expected)
    assert_same_assignments(assign_many(restored, texts), expected)


def test_build_and_assign_agree(first):
    for doc in corpus():
        assert assign(first.state, doc.text).theme_key == first.assignments[doc.id]


def test_unknown_words_are_not_themed(first):
    result = assign(first.state, "asdf qwerty")
    assert result.theme_key is None
    assert result.confidence == 0.0
    assert assign(first.state, "The taxi never came").theme_key == theme_of_topic(first, "transport")


def test_documents_are_not_quotable_unless_marked_so():
    assert Document("1", "The taxi was late").quotable is False
    result = build_themes([Document(d.id, d.text) for d in corpus()], random_state=0)
    assert result.themes and all(t.quote_ids == () for t in result.themes)


def test_quotes_respect_families_who_said_no():
    docs = [Document(d.id, d.text, quotable=not d.id.startswith("camhs")) for d in corpus()]
    result = build_themes(docs, random_state=0)
    quoted = {q for t in result.themes for q in t.quote_ids}
    assert quoted and not any(q.startswith("camhs") for q in quoted)


def test_analysis_imports_without_flask_or_sqlalchemy(tmp_path):
    """Import the analysis modules with a bare parent package (its __init__ builds the Flask app)."""
    package = Path(__file__).resolve().parents[2] / "forum_feedback"
    code = (
        "import sys, types\n"
        f"parent = types.ModuleType('forum_feedback'); parent.__path__ = [{str(package)!r}]\n"
        "sys.modules['forum_feedback'] = parent\n"
        "import forum_feedback.analysis\n"
        "from forum_feedback.analysis.themes import Document, build_themes, assign\n"
        f"result = build_themes([Document(str(i), t) for i, t in enumerate({TRANSPORT + CAMHS!r})])\n"
        "assert assign(result.state, 'taxi late').confidence > 0\n"
        "assert 'flask' not in sys.modules and 'sqlalchemy' not in sys.modules, 'web framework imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)


@pytest.mark.parametrize("texts", [[], ["the and of", "it is"], ["taxi late"]])
def test_corpora_too_small_to_theme_give_no_themes(texts):
    result = build_themes([Document(str(i), t) for i, t in enumerate(texts)])
    assert result.themes == ()
    assert set(result.assignments.values()) <= {None}
    restored = ThemeState.from_json(json.loads(json.dumps(result.state.to_json())))
    assert assign(restored, "taxi late").theme_key is None


def test_identical_comments_make_one_theme_without_warnings():
    result = build_themes([Document(str(i), "The taxi was late") for i in range(12)])
    assert len(result.themes) == 1
    assert result.themes[0].size == 12


def test_rebuild_reuses_word_vectors_unless_the_corpus_grew_a_lot(first):
    same = build_themes(corpus(), previous=first.state, random_state=0)
    assert same.state.space.to_json() == first.state.space.to_json()
    refitted = build_themes(corpus(), previous=first.state, random_state=0, refit=True)
    assert refitted.state.n_docs == len(corpus())
    assert {t.key for t in refitted.themes} == {t.key for t in first.themes}


PRAISE = [
    "Could not have done better, thank you",
    "Couldn't have been better",
    "The care could not be better",
    "Honestly it could not have been any better",
    "Staff could not have done better for us",
    "Couldnt be better, lovely people",
]
CRITICISM = [
    "Communication could be better",
    "The food could be better",
    "Parking could be better",
    "Could be better organised",
    "Waiting times could be better",
    "The information could be better",
]


def test_could_not_be_better_and_could_be_better_never_share_a_theme():
    docs = documents(p=PRAISE, c=CRITICISM)
    for n_themes in (None, 2):
        result = build_themes(docs, n_themes=n_themes, random_state=0)
        praise = {result.assignments[d.id] for d in docs if d.id.startswith("p")} - {None}
        criticism = {result.assignments[d.id] for d in docs if d.id.startswith("c")} - {None}
        assert praise and criticism and not praise & criticism


NOTHING = [
    "Nothing to improve",
    "Can't think of anything",
    "No complaints at all",
    "Keep up the good work",
    "Nothing, it was all good",
    "Nothing really, thank you",
    "Cannot think of anything to improve",
    "Nothing needs improving",
    "Nothing I can think of",
    "No improvements needed",
    "None",
    "Nothing it was very good",
]


def test_ways_of_saying_nothing_to_improve_become_one_theme():
    docs = corpus() + [Document(f"nothing-{i:02d}", t) for i, t in enumerate(NOTHING)]
    result = build_themes(docs, random_state=0)
    keys = Counter(result.assignments[d.id] for d in docs if d.id.startswith("nothing"))
    key, count = keys.most_common(1)[0]
    assert key is not None and count == len(NOTHING)
    theme = next(t for t in result.themes if t.key == key)
    assert theme.label == "Nothing to improve"
    assert all(result.assignments[d.id] != key for d in corpus())


def test_the_run_says_why_it_has_this_many_themes(first):
    assert first.k_reason.startswith(f"{len(first.themes)} themes: ")
    assert first.k_choice is not None and first.k_choice.kept <= first.k_choice.fitted
    fixed = build_themes(corpus(), n_themes=2, random_state=0)
    assert fixed.k_reason == "2 themes: the number asked for was 2." and fixed.k_choice is None


def test_explain_gives_the_written_words_that_tie_a_comment_to_its_theme(first):
    text = "Still waiting for CAMHS, and the taxi was late again"
    camhs, transport = theme_of_topic(first, "camhs"), theme_of_topic(first, "transport")
    assert "CAMHS" in explain(first.state, text, camhs)
    assert explain(first.state, text, transport)[0] == "taxi"  # as written, not "school transport"
    assert "CAMHS" not in explain(first.state, text, transport)
    words = {w.lower() for w in tokenise(text)}
    assert all(set(term.lower().split()) <= words for term in explain(first.state, text, camhs))
    assert explain(first.state, "asdf qwerty") == ()
    assert explain(first.state, text, "t00000000") == ()
    for doc in corpus():
        key = first.assignments[doc.id]
        assert explain_many(first.state, [doc.text], [key]) == [explain(first.state, doc.text, key)]


def test_explained_words_are_shown_as_the_family_wrote_them_quotes_and_all(first):
    """The tokeniser drops quotes inside a phrase; what a rep is shown as the family's words must be in the text."""
    text = "Still 'waiting' for CAMHS... they said it wasn't 'bad enough' and the taxi was \"late\" again"
    for key in first.state.keys:
        assert all(term.lower() in text.lower() for term in explain(first.state, text, key))
    assert themes._as_written("he wasnt 'bad enough'", "wasnt bad") == "wasnt 'bad"
    assert themes._as_written("School Transport", "school transport") == "School Transport"
    assert themes._as_written("nothing like it", "wasnt bad") == "wasnt bad"


def test_a_version_1_state_is_still_read_and_its_word_vectors_relearnt(first):
    old = first.state.to_json()
    old["version"] = 1
    del old["analyzer_version"]
    for theme in old["themes"]:
        del theme["description"]
    restored = ThemeState.from_json(json.loads(json.dumps(old)))
    assert restored.analyzer_version == 1 and set(restored.descriptions) == {""}
    assert assign(restored, "The taxi never came").theme_key == theme_of_topic(first, "transport")
    again = build_themes(corpus(), previous=restored, random_state=0)
    assert again.state.analyzer_version == first.state.analyzer_version
    assert {t.key for t in again.themes} & {t.key for t in first.themes}
    with pytest.raises(ValueError):
        ThemeState.from_json({**old, "version": 99})


def test_a_version_2_state_without_anchors_assigns_by_nearest_theme(first):
    old = first.state.to_json()
    old["version"] = 2
    for theme in old["themes"]:
        del theme["anchor"]
    restored = ThemeState.from_json(json.loads(json.dumps(old)))
    assert set(restored.anchors) == {()} and restored.anchor_sets == [frozenset()] * len(restored.keys)
    assert assign(restored, "The taxi never came").theme_key == theme_of_topic(first, "transport")
    assert restored.to_json()["version"] == themes.STATE_VERSION


def test_descriptions_survive_the_state(first):
    restored = ThemeState.from_json(json.loads(json.dumps(first.state.to_json())))
    by_key = {t.key: t.description for t in first.themes}
    assert dict(zip(restored.keys, restored.descriptions, strict=True)) == by_key


CASEWORKER = [
    "Our caseworker Zenobia never replies to emails",
    "I have emailed Zenobia six times about the annual review",
    "We were told Zenobia would ring back and she never did",
    "The annual review was delayed because Zenobia was off",
    "No reply from Zenobia since March about the annual review",
    "Asked for a new caseworker as Zenobia never replies",
    "The annual review paperwork went missing, Zenobia said to wait",
    "Still waiting for Zenobia to send the annual review report",
    "Zenobia visiting was cancelled, no reply to emails",
    "Every email to Zenobia goes unanswered",
]


def test_a_name_families_wrote_is_never_a_themes_label_term_or_description():
    # Several families name the same caseworker: her name marks the theme, but it must not leave it.
    docs = corpus() + [Document(f"caseworker-{i:02d}", t) for i, t in enumerate(CASEWORKER)]
    result = build_themes(docs, random_state=0)
    key = theme_of_topic(result, "caseworker")
    theme = next(t for t in result.themes if t.key == key)
    assert theme.label and theme.terms
    for theme in result.themes:
        shown = " ".join([theme.label, theme.description, *theme.terms]).lower()
        assert "zenobia" not in shown


def _unit(*values: float) -> list[float]:
    vector = np.array(values, dtype=np.float32)
    return list(vector / np.linalg.norm(vector))


def test_a_comment_that_says_a_nearby_themes_label_goes_to_that_theme():
    # Two theme centres; each row is a comment, its nearest theme and the themes whose anchor it holds.
    centroids = np.array([_unit(1, 0), _unit(0, 1)], dtype=np.float32)
    vectors = np.array(
        [
            _unit(1.0, 0.9),  # a little nearer theme 0, says theme 1's label: goes to 1
            _unit(1.0, 0.2),  # much nearer theme 0, says theme 1's label: stays (beyond the margin)
            _unit(1.0, 0.9),  # says both labels: keeps its own theme 0
            _unit(1.0, 0.9),  # says no label: stays
            _unit(-1.0, -0.1),  # not themed: stays not themed even though it says theme 1's label
        ],
        dtype=np.float32,
    )
    sims = vectors @ centroids.T
    index = np.array([0, 0, 0, 0, -1], dtype=np.int32)
    score = sims.max(axis=1).astype(np.float32)
    holders = [np.array([2]), np.array([0, 1, 2, 4])]
    moved, confidence = themes._anchor(index, score, vectors, centroids, holders, 0.3)
    assert moved.tolist() == [1, 0, 0, 0, -1]
    assert confidence[0] == pytest.approx(sims[0, 1]) and confidence[1] == pytest.approx(sims[1, 0])
    assert score[0] - sims[0, 1] <= themes.ANCHOR_MARGIN < score[1] - sims[1, 1]


def test_holders_are_the_comments_with_every_anchor_term():
    term_lists = [["food", "cold"], ["food"], ["night", "noisi"], ["cold", "food", "ward"]]
    found = themes._holders(term_lists, [frozenset({"food", "cold"}), frozenset({"night"}), frozenset()])
    assert [rows.tolist() for rows in found] == [[0, 3], [2], []]


FOOD = [
    "The food was cold every evening",
    "Hospital food was cold and tasteless",
    "Better food please, it was cold",
    "Cold food at lunch, nobody warmed it",
    "The food is cold by the time it reaches the ward",
    "More choice of food and not cold",
]
NIGHT = [
    "Too noisy at night to sleep on the ward",
    "The ward was noisy all night with alarms",
    "Noisy at night, other patients shouting",
    "Could not sleep, so noisy at night",
    "Night staff were noisy at the desk",
    "Very noisy ward at night",
]


def test_build_assign_and_explain_follow_the_anchors():
    docs = documents(food=FOOD, night=NIGHT)
    result = build_themes(docs, n_themes=2, random_state=0)
    state = result.state
    assert all(state.anchors) and len(state.anchors) == len(state.keys)
    for doc in docs:  # build and assign agree, anchors and all
        assert assign(state, doc.text).theme_key == result.assignments[doc.id]
    food, night = result.assignments["food-0"], result.assignments["night-0"]
    assert state.anchor_sets[state.keys.index(food)] == {"food", "cold"}  # "Food was cold"
    plain = dataclasses.replace(state, anchors=())  # the same state without anchors: nearest theme only
    # A little nearer the night theme, it says the food theme's label: it goes there, and says why first.
    close = "The ward desk was loud all night, cold food"
    assert (assign(plain, close).theme_key, assign(state, close).theme_key) == (night, food)
    assert explain(state, close, food)[:2] == ("cold", "food")
    assert assign_many(state, [close])[0] == assign(state, close)
    # Much nearer the night theme, it stays there however much it says about food.
    far = "Could not sleep on the ward with the alarms and shouting, and the food was cold"
    assert assign(state, far).theme_key == assign(plain, far).theme_key == night
    saved = ThemeState.from_json(json.loads(json.dumps(state.to_json())))
    assert saved.anchors == state.anchors


def test_anchoring_never_leaves_a_theme_smaller_than_a_theme_is_kept():
    # Theme 1's three comments all say theme 0's label and sit nearly as close to it: moving them would
    # leave theme 1 empty, so they stay. Theme 0's own comments are not moved anywhere.
    centroids = np.array([_unit(1, 0), _unit(0, 1)], dtype=np.float32)
    vectors = np.array([_unit(1, 0.1)] * 4 + [_unit(0.95, 1)] * 3, dtype=np.float32)
    build = SimpleNamespace(
        docs=[Document(str(i), "") for i in range(7)],
        term_lists=[["food", "cold"]] * 7,
        vectors=vectors,
        usable=np.ones(7, dtype=bool),
    )
    labels = np.array([0, 0, 0, 0, 1, 1, 1], dtype=np.int32)
    confidence = (vectors @ centroids.T).max(axis=1)
    anchors = [frozenset({"food", "cold"}), frozenset({"ward"})]
    kept, _ = themes._anchored(build, labels, confidence, centroids, anchors, Constraints())
    assert kept.tolist() == labels.tolist()
    # With a fourth comment in theme 1 that says its own label, three may go and one is left: still too few.
    build.term_lists = [["food", "cold"]] * 6 + [["food", "cold", "ward"]]
    assert themes._anchored(build, labels, confidence, centroids, anchors, Constraints())[0].tolist() == labels.tolist()
    # Without the floor (a bigger theme 1), the same comments go to the theme whose label they say.
    vectors = np.vstack([vectors, [_unit(0, 1)] * 3]).astype(np.float32)
    build.vectors, build.usable = vectors, np.ones(10, dtype=bool)
    build.docs = [Document(str(i), "") for i in range(10)]
    build.term_lists = [["food", "cold"]] * 7 + [["ward"]] * 3
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1, 1], dtype=np.int32)
    confidence = (vectors @ centroids.T).max(axis=1)
    moved, _ = themes._anchored(build, labels, confidence, centroids, anchors, Constraints())
    assert moved.tolist() == [0, 0, 0, 0, 0, 0, 0, 1, 1, 1]
