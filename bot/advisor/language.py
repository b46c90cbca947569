"""French/English detection from stop words, diacritics and Quebec colloquial words (default fr)."""

from __future__ import annotations

import re

from bot.advisor.models import Language
from bot.advisor.text import fold

_TOKEN = re.compile(r"[a-zà-öø-ÿ']+")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Frequent function words that exist in only one of the two languages (folded, no accents).
_FR = _wordset(
    """le la les des du un une et est pas pour que qui quoi dans sur avec mais nous vous ils
    elles je tu il on mon ma mes ton ta tes son sa ses notre votre leur ce cette ces au aux
    ou comment pourquoi quand quel quelle quels quelles faire fait faut peut veux voudrais
    dois bonjour salut merci oui non tres aussi alors donc parce chez entre sont avoir etre
    ete ca cela ceci y a-t-il est-ce qu' l' d' j' c' n' s' m' t' puis encore deja jamais
    toujours rien idee idees publication reseaux sociaux entreprise clients rabais semaine"""
)
_EN = _wordset(
    """the and is are was were be been of to in for on with what how why when where which who
    should could would can do does did i you we they he she it my our your their this that
    these those there here have has had will just get about from post posts please hi hello
    thanks yes no any some more best good make write business customers our an not don't
    it's i'm can't give ideas tips help need want week weekend only off everything all new
    now today shop store sale free us tell show write"""
)
# Quebec colloquial words: strong evidence of French even without accents or stop words.
_QUEBEC = _wordset(
    """pis ben pantoute tsé tse chu chus icitte faque fak astheure asteure quossé kossé char
    blonde chum magasiner jaser niaiser tannant correct cute gang toune dépanneur depanneur
    quétaine queteux ouin pogner placoter bin mettons"""
)
_EN_CONTRACTION = re.compile(r"^([a-z]+)'(s|re|ll|ve|t|d|m)$")
_FR_DIACRITICS = re.compile(r"[àâçéèêëîïôûùüÿœæ«»]")


def detect_language(text: str) -> Language:
    """'en' when the text shows clearly more English than French evidence, else 'fr'."""
    lowered = text.lower().replace("’", "'")
    tokens = _TOKEN.findall(lowered)
    if not tokens:
        return "fr"
    fr = 0.0
    en = 0.0
    for token in tokens:
        folded = fold(token)
        if token in _QUEBEC or folded in _QUEBEC:
            fr += 2
        if folded in _FR or folded.split("'")[0] + "'" in _FR:
            fr += 1
        if token in _EN or _english_contraction(token):
            en += 1
    fr += 0.5 * len(_FR_DIACRITICS.findall(lowered))
    # Ambiguous words ("a", "on", "son", "pour"...) cancel out; require a margin for English.
    return "en" if en > fr and en >= 1 else "fr"


def _english_contraction(token: str) -> bool:
    """True for "what's", "we're", "they'll"...: an English word with an English clitic."""
    match = _EN_CONTRACTION.match(token)
    return bool(match) and match.group(1) in _EN
