"""BM25 over chunks with French-aware normalisation (case, accents, elisions, stop words, stems)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import simplemma
from rank_bm25 import BM25Okapi

_ELISION = re.compile(r"\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[ldjcnsmt])'", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])")
_WORD = re.compile(r"[^\W_]+")

# Function words of French (with Quebec colloquial fillers) and of English: they carry no topic.
FRENCH_STOP_WORDS = frozenset(
    """
    a à ai aie aient aies ait alors au aucun aucune aussi autre aux avec avoir avez avons ayant
    bon ça car ce ceci cela celle celles celui ces cet cette ceux chaque chez ci comme comment
    dans de des deja déjà donc dont du elle elles en encore entre est et etaient étaient etait était
    etc ete été etre être eu eux fait faire fais faut il ils je jusqu la là le les leur leurs lui ma
    mais me meme même mes moi mon ne ni nos notre nous on ont ou où par pas peu peut peux plus pour
    pourquoi qu quand que quel quelle quelles quels qui quoi sa sans se ses si son sont sous sur ta
    te tes toi ton tous tout toute toutes tres très tu un une unes uns vers voici voila voilà vos
    votre vous y
    ben bin genre pis tsé tse faque fak mettons coudonc ouin ok okay svp stp merci allo salut
    """.split()  # noqa: SIM905
)
ENGLISH_STOP_WORDS = frozenset(
    """
    the of and or to in on for with is are was were be been being it its this that these those an
    as at by from how what which who whom why when where do does did can could should would will
    we you your our my me i they them their he she his her not no so if then than too very just
    about into any some there here have has had get got
    """.split()  # noqa: SIM905
)
STOP_WORDS = FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS


def strip_accents(text: str) -> str:
    """Remove diacritics: "été" → "ete" (œ and æ are expanded)."""
    text = text.replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def light_stem(token: str) -> str:
    """Fold plural endings so accent-less words meet their lemmas: "reseaux" → "reseau"."""
    if len(token) > 4 and token.endswith("aux"):
        return token[:-1]
    if len(token) > 3 and token[-1] in "sx" and token[-2] not in "su":
        return token[:-1]
    return token


@lru_cache(maxsize=65536)
def normalize_token(token: str) -> str:
    """One lowercase word → its index form ("" for a stop word)."""
    if token in STOP_WORDS or strip_accents(token) in STOP_WORDS:
        return ""
    lemma = simplemma.lemmatize(token, lang=("fr", "en")).lower()
    folded = strip_accents(lemma)
    if folded in STOP_WORDS or len(folded) < 2:
        return ""
    return light_stem(folded)


def looks_english(text: str) -> bool:
    """True when a text has clearly more English than French function words."""
    words = _WORD.findall(_ELISION.sub(" ", text.replace("’", "'")).lower())
    english = sum(1 for w in words if w in ENGLISH_STOP_WORDS and w not in FRENCH_STOP_WORDS)
    french = sum(1 for w in words if w in FRENCH_STOP_WORDS and w not in ENGLISH_STOP_WORDS)
    return english > french


def tokenize(text: str) -> list[str]:
    """Index terms of a text: camelCase hashtags split, elisions dropped, stop words removed."""
    text = _CAMEL.sub(" ", text.replace("’", "'").replace("ʼ", "'"))
    text = _ELISION.sub(" ", text).lower()
    terms = (normalize_token(word) for word in _WORD.findall(text))
    return [term for term in terms if term]


class LexicalIndex:
    """BM25Okapi over a fixed list of texts; `search` returns (position, score) best first."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        tokenized = [tokenize(text) for text in texts]
        self._bm25 = BM25Okapi(tokenized) if any(tokenized) else None

    def scores(self, query: str) -> np.ndarray:
        """The BM25 score of every text for `query` (zeros when no term can match)."""
        terms = tokenize(query)
        if self._bm25 is None or not terms:
            return np.zeros(self.size)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float64)

    def search(self, query: str, limit: int) -> list[tuple[int, float]]:
        """The best `limit` texts for `query` with a positive BM25 score."""
        terms = tokenize(query)
        if self._bm25 is None or not terms:
            return []
        scores = self._bm25.get_scores(terms)
        order = scores.argsort()[::-1][:limit]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]
