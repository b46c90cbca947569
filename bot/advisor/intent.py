"""A question's intent terms, with the shared glossary's guidance words for colloquial terms."""

from __future__ import annotations

from bot.french import content_terms
from bot.retrieval.expansion import expansion

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


def intent_terms(question: str) -> dict[str, float]:
    """Stems of what the question is about, with a weight (generic platform words count less)."""
    terms = content_terms(f"{question} {expansion(question)}")
    return {t: GENERIC_WEIGHT if t in GENERIC else 1.0 for t in terms}
