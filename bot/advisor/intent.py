"""A question's intent terms: colloquial and English words mapped to the guidance's vocabulary."""

from __future__ import annotations

from bot.advisor.text import content_terms, words

# Folded words (Quebec colloquial, English, common shorthand) → the French words the guidance
# uses for the same idea. Only ideas the guidance covers: this never makes a question in-domain.
GLOSSARY: dict[str, str] = {
    "special": "promotion rabais",
    "speciaux": "promotion rabais",
    "specials": "promotion rabais",
    "sale": "promotion soldes",
    "sales": "promotion soldes",
    "discount": "promotion rabais",
    "discounts": "promotion rabais",
    "deal": "promotion offre",
    "deals": "promotion offre",
    "promo": "promotion rabais",
    "promos": "promotion rabais",
    "pub": "publicité promotion",
    "pubs": "publicité promotion",
    "booster": "publicité payante",
    "boost": "publicité payante",
    "ads": "publicité payante",
    "hashtag": "mots-clics",
    "hashtags": "mots-clics",
    "hastags": "mots-clics",
    "humor": "humour ton",
    "funny": "humour ton",
    "drole": "humour ton",
    "fun": "humour ton",
    "plates": "ton humour contenu",
    "troll": "troll insultes",
    "chiale": "commentaire négatif",
    "angry": "client mécontent",
    "fache": "client mécontent crise",
    "agency": "spécialiste agence",
    "hire": "spécialiste agence",
    "pro": "spécialiste",
    "nous-autres": "fais-le toi-même coût",
    "nous-memes": "fais-le toi-même coût",
    "metrics": "indicateurs mesurer",
    "stats": "statistiques indicateurs",
    "newsletter": "infolettre",
    "crisis": "crise",
    "contest": "concours",
    "giveaway": "concours",
    "often": "fréquence",
    "frequency": "fréquence",
    "alt": "texte alternatif accessibilité",
    "followers": "abonnés",
    "comments": "commentaires",
    "replies": "répondre commentaires",
    "reviews": "avis",
    "philosophy": "principes doctrine",
    "vibe": "culture",
}
# Folded phrases whose meaning single words lose (« ton » is also a possessive).
PHRASES: dict[str, str] = {
    "quel ton": "ton sérieux humour",
    "le ton": "ton sérieux humour",
    "quoi poster": "idées sujets contenu pertinent",
    "quoi publier": "idées sujets contenu pertinent",
    "what to post": "idées sujets contenu pertinent",
    "donnent rien": "résultats stratégie",
    "donne rien": "résultats stratégie",
}
# Words present in most passages: they say where, not what the question is about.
GENERIC = frozenset(
    content_terms(
        """facebook instagram linkedin tiktok reseau reseaux sociaux social media medias
        publication publications publier poster post posts page semaine entreprise entreprises
        commerce kilovolt correct vraiment juste veut veux voudrais voudrait devrait devrais
        dois doit want need okay"""
    )
)
GENERIC_WEIGHT = 0.25


def expansion(question: str) -> str:
    """The guidance words for the question's colloquial or English terms ('' when none apply)."""
    seen: list[str] = []
    folded = " ".join(words(question))
    for phrase, extra in PHRASES.items():
        if f" {phrase} " in f" {folded} " and extra not in seen:
            seen.append(extra)
    for word in words(question):
        extra = GLOSSARY.get(word)
        if extra and extra not in seen:
            seen.append(extra)
    return " ".join(seen)


def intent_terms(question: str) -> dict[str, float]:
    """Stems of what the question is about, with a weight (generic platform words count less)."""
    terms = content_terms(f"{question} {expansion(question)}")
    return {t: GENERIC_WEIGHT if t in GENERIC else 1.0 for t in terms}
