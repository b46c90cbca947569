"""The offline sentence scorer and passage splitter on hand-made passages."""

from __future__ import annotations

from bot.advisor.answer import retrieval_query
from bot.advisor.excerpts import clean, excerpts
from bot.advisor.offline import compose_answer, select_sentences
from bot.retrieval.models import SearchResult


def passage(rank: int, source: str, section: str, text: str) -> SearchResult:
    return SearchResult(
        rank=rank, source=source, title=source, section=section, score=1 / rank, text=text,
        similarity=0.88, lexical=3.0,
    )  # fmt: skip


FREQUENCY = passage(
    1, "pratique/calendrier.md", "Choisir un rythme",
    "Repères :\n- Facebook : deux à quatre publications par semaine.\n"
    "- Vidéo courte : une par semaine pour commencer.\n"
    "La régularité compte plus que le volume de publications sur Facebook chaque semaine.",
)  # fmt: skip
PRINCIPLE = passage(
    2, "doctrine/promotion.md", "Ce que Kilovolt affirme sur la promotion",
    "Selon Kilovolt, publier seulement ses spéciaux et ses rabais fait fuir les abonnés. "
    "Elle montre une entreprise qui ne pense qu'à vendre. "
    "La promotion doit rester minoritaire dans vos publications.",
)  # fmt: skip


def test_label_fragments_checkboxes_and_questions_are_orphans() -> None:
    found = {e.text: e.orphan for e in excerpts(
        "- Facebook : deux à quatre publications par semaine.\n"
        "- **Les abonnés décrochent** : ils font défiler sans lire et masquent la page.\n"
        "- [ ] Mes dernières publications apportaient autre chose qu'une offre.\n"
        "Vous passez combien d'heures assis par jour?\nRéserver :"
    )}  # fmt: skip
    assert found["Facebook : deux à quatre publications par semaine."]
    assert not found["Les abonnés décrochent : ils font défiler sans lire et masquent la page."]
    assert found["Mes dernières publications apportaient autre chose qu'une offre."]
    assert found["Vous passez combien d'heures assis par jour?"] and found["Réserver :"]


def test_clean_drops_pointers_and_markdown() -> None:
    assert (
        clean("utilisez l'infolettre (voir `pratique/infolettre.md`);") == "Utilisez l'infolettre."
    )
    assert clean("**Donner** — la visibilité se mérite. → `doctrine/x.md`") == (
        "Donner — la visibilité se mérite."
    )


def test_intent_beats_word_overlap_and_rank() -> None:
    question = "on veut juste poster nos spéciaux de la semaine sur facebook, c'est correct?"
    chosen = select_sentences(question, [FREQUENCY, PRINCIPLE])
    assert chosen[0].source == "doctrine/promotion.md"
    assert all("deux à quatre" not in c.text for c in chosen)


def test_answer_leads_with_principle_in_document_order_without_dangling_pronoun() -> None:
    text, sources = compose_answer("c'tu correct si on poste juste nos spéciaux?", [
        FREQUENCY, PRINCIPLE], "fr")  # fmt: skip
    assert sources[0].source == "doctrine/promotion.md"
    body = text.split("\n\n")[2]
    assert body.startswith("Selon Kilovolt, publier seulement ses spéciaux")
    if "Elle montre" in body:  # an anaphoric sentence only comes after its antecedent
        assert body.index("Selon Kilovolt") < body.index("Elle montre")
    assert body.index("Selon Kilovolt") < body.index("La promotion doit rester")
    assert "Pour aller plus loin : « Ce que Kilovolt affirme sur la promotion » [1]" in text


def test_english_framing_says_the_guidance_is_french() -> None:
    text, _ = compose_answer("is it ok to only post our sales?", [FREQUENCY, PRINCIPLE], "en")
    assert "written in French" in text and "Further reading:" in text


def test_retrieval_query_leaves_expansion_to_the_retriever() -> None:
    question = "c'tu correct si on poste juste nos spéciaux?"
    assert retrieval_query(question, []) == question  # the retriever expands (expansion.py)
    assert retrieval_query("Comment bâtir un calendrier éditorial?", []) == (
        "Comment bâtir un calendrier éditorial?"
    )
