from vivier.matching import text
from vivier.matching.query import title_query


def test_it_folds_accents_gender_and_case():
    assert text.analyze("Développeuse") == text.analyze("développeur") == text.analyze("DEVELOPPEUR")
    assert text.analyze("Infirmière") == text.analyze("infirmier")
    assert text.analyze("Directrice technique") == text.analyze("directeur techniques")


def test_it_stems_english_and_keeps_special_names():
    assert text.analyze("managers") == text.analyze("management")
    assert text.analyze("C++ and C#") == ["cplusplus", "csharp"]


def test_it_survives_odd_unicode_and_huge_text():
    assert text.analyze("\u200b\u0000🙂 ﬁ Ελληνικά 北京 \ufeff") == ["fi", "ελληνικα", "北京"]
    huge = "python " * 1_000_000
    assert len(text.analyze(huge)) <= text.MAX_CHARS
    assert text.analyze("") == [] and text.analyze(None) == []


def test_it_scores_more_covered_documents_higher():
    docs = [
        text.Document.from_fields([("python django web", 1.0)]),
        text.Document.from_fields([("python", 1.0)]),
        text.Document.from_fields([("comptable", 1.0)]),
    ]
    index = text.MemoryIndex(docs)
    scores = index.search({"python": 1.0, "django": 1.0})
    assert scores[0] > scores[1] and 2 not in scores
    assert text.score({"python": 1.0, "django": 1.0}, docs[0], index.idfs, index.avg_length) == scores[0]


def test_it_adds_rome_and_esco_synonyms_to_a_title():
    q = title_query("Développeur web")
    assert q.rome_code
    assert q.terms[text.stem("developpeur")] == 3.0
    # ESCO's English label of the same occupation: a French job finds English CVs
    assert text.stem("developer") in q.terms
