"""Text helpers for the advisor: accent folding, French-aware tokens, sentences, token counts."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(\[]?[A-ZÀ-ÖØ-Þ0-9])")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


FRENCH_STOP = _wordset(
    """a au aux avec ce ces cet cette dans de des du elle elles en est et etre eux il ils je la
    le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour
    qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y c d j l m n s
    t ca cela ici sont ont comme plus tres aussi fait faire faut peut quoi quel quelle quels
    quelles comment pourquoi quand est-ce ete avoir suis es sommes etes etait sera sans sous
    chez entre vers donc or ni car si tout tous toute toutes bien oui non alors parce puis
    avant apres encore deja jamais toujours rien chaque autre autres peu beaucoup trop moins
    ceux celle celles celui dont lequel laquelle"""
)
ENGLISH_STOP = _wordset(
    """a an and are as at be been but by can could did do does for from had has have how i if
    in into is it its just me my no not of on or our so than that the their them then there
    these they this those to too us was we were what when where which who why will with
    would you your about should any some more most very also get got should shall may might
    must here out up down off over under again once all both each few other such only own
    same yes don't it's i'm can't"""
)


def fold(text: str) -> str:
    """Lower-case `text` and strip accents (« Été » → « ete »), keeping other characters."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """All folded word tokens of `text`, elisions removed (« l'info » → « info »)."""
    return _WORD.findall(fold(_ELISION.sub(" ", text.replace("’", "'"))))


def stem(token: str) -> str:
    """A crude, language-neutral stem: good enough to match « publications » with « publier »."""
    token = token.rstrip("s") if len(token) > 4 else token
    return token[:5]


def content_terms(text: str) -> set[str]:
    """Stems of the meaningful words of `text` (stop words and very short words dropped)."""
    return {
        stem(w)
        for w in words(text)
        if len(w) > 2 and w not in FRENCH_STOP and w not in ENGLISH_STOP
    }


def sentences(text: str) -> list[str]:
    """Split prose into sentences; list items and lines are kept as their own sentences."""
    out: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip().lstrip("-*•>").strip()
        if not line or line.startswith("#") or line.startswith("|"):
            continue
        out.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return out


def approx_tokens(text: str) -> int:
    """Rough token count (about four characters per token for French and English)."""
    return (len(text) + 3) // 4
