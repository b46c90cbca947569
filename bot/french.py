"""French and English text: folding, elisions, words, stop words, stems, emoji, language."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Literal

import simplemma
from simplemma.strategies.default import DefaultStrategy
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

from bot.atomic_files import replacing

Language = Literal["fr", "en"]

# --- folding --------------------------------------------------------------------------------------
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})


def normalize_apostrophes(text: str) -> str:
    """Every apostrophe variant (’ ʼ ‘ `) as the ASCII one."""
    return text.translate(_APOSTROPHES)


def strip_accents(text: str) -> str:
    """Remove diacritics, keeping case: "Été" → "Ete" (œ and æ are expanded)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower case, no accents, ASCII apostrophes (« L’Été » → « l'ete »); other characters kept."""
    return strip_accents(normalize_apostrophes(text).lower())


# --- elisions and words ---------------------------------------------------------------------------
ELISION = re.compile(r"\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[ldjcnsmt])'", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])")
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_PART = re.compile(r"[^\W_]+")


def drop_elisions(text: str) -> str:
    """`text` without French elided articles and pronouns (« l’info, qu’on » → « info, on »)."""
    return ELISION.sub(" ", normalize_apostrophes(text))


def split_camel_case(text: str) -> str:
    """camelCase and PascalCase split into words (« #MagasinerLocal » → « #Magasiner Local »)."""
    return _CAMEL.sub(" ", text)


def tokens(text: str, *, compounds: bool = True) -> list[str]:
    """Lowercase words of `text` with their accents, elisions removed; `compounds=False` also
    splits hyphenated and apostrophe words (« week-end » → « week », « end »)."""
    pattern = _WORD if compounds else _PART
    return pattern.findall(drop_elisions(text).lower())


def words(text: str, *, compounds: bool = True) -> list[str]:
    """Folded words of `text` (lower case, no accents), elisions removed (« l'Été » → « ete »)."""
    pattern = _WORD if compounds else _PART
    return pattern.findall(fold(drop_elisions(text)))


# --- stop words (folded: lower case, no accents) --------------------------------------------------
# Function words of French, with Quebec colloquial fillers: they carry no topic (« avant » and
# « après » do: before/after posts).
FRENCH_STOP_WORDS = frozenset(
    """
    a ai aie aient aies ait alors au aucun aucune aussi autre autres aux avec avez
    avoir avons ayant beaucoup bien bon c ca car ce ceci cela celle celles celui ces cet cette
    ceux chaque chez ci comme comment d dans de deja des donc dont du elle elles en encore entre
    es est est-ce et etaient etait ete etes etre eu eux fais faire fait faut ici il ils j jamais
    je jusqu l la laquelle le lequel les leur leurs lui m ma mais me meme mes moi moins mon n ne
    ni non nos notre nous on ont or ou oui par parce pas peu peut peux plus pour pourquoi puis
    qu quand que quel quelle quelles quels qui quoi rien s sa sans se sera ses si sommes son sont
    sous suis sur t ta te tes toi ton toujours tous tout toute toutes tres trop tu un une unes uns
    vers voici voila vos votre vous y
    ben bin genre pis tse faque fak mettons coudonc ouin ok okay svp stp merci allo salut
    """.split()  # noqa: SIM905
)
# Function words of English.
ENGLISH_STOP_WORDS = frozenset(
    """
    a about again all also an and any are as at be been being both but by can can't could did do
    does don't down each few for from get got had has have he her here his how i i'm if in into
    is it it's its just may me might more most must my no not of off on once only or other our
    out over own same shall she should so some such than that the their them then there these
    they this those to too under up us very was we were what when where which who whom why will
    with would yes you your
    """.split()  # noqa: SIM905
)
STOP_WORDS = FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS


def is_stop_word(word: str) -> bool:
    """True for a French or English function word (any case, accents or not)."""
    return fold(word) in STOP_WORDS


# --- stems and lemmas -----------------------------------------------------------------------------
def stem(word: str) -> str:
    """A light stem folding plurals, so accent-less words meet their lemmas: "reseaux" → "reseau",
    "abonnes" → "abonne" ("processus", "tous" are kept)."""
    if len(word) > 4 and word.endswith("aux"):
        return word[:-1]
    if len(word) > 3 and word[-1] in "sx" and word[-2] not in "su":
        return word[:-1]
    return word


class _AtomicTrieFactory(TrieDictionaryFactory):
    """simplemma's trie dictionaries, written to its disk cache atomically (two processes
    building the same language at once never leave a half-written file for a third)."""

    def _write_trie_to_disk(self, lang: str, trie: Any) -> None:
        with replacing(self._cache_dir / f"{lang}.dic") as temporary:
            trie.save(str(temporary))


@lru_cache(maxsize=1)
def _lemmatizer() -> simplemma.Lemmatizer:
    """simplemma over MARISA tries cached on disk once per machine (simplemma's own cache dir,
    XDG_CACHE_HOME): a new process finds a lemma in ~1 ms instead of decoding each language's
    whole dictionary (~0.15 s). Same dictionaries, same lemmas."""
    strategy = DefaultStrategy(dictionary_factory=_AtomicTrieFactory())
    return simplemma.Lemmatizer(lemmatization_strategy=strategy)


def lemmatize(word: str, lang: str | tuple[str, ...] = ("fr", "en")) -> str:
    """The lemma of one word (simplemma; French first, then English by default)."""
    return str(_lemmatizer().lemmatize(word, lang=lang))


@lru_cache(maxsize=65536)
def index_term(token: str) -> str:
    """One lowercase word → its search form: lemma, folded, stemmed ("" for a stop word)."""
    if fold(token) in STOP_WORDS:
        return ""
    folded = fold(lemmatize(token))
    if folded in STOP_WORDS or len(folded) < 2:
        return ""
    return stem(folded)


def index_terms(text: str) -> list[str]:
    """Search terms of a text (BM25): camelCase hashtags split, elisions and stop words dropped,
    words lemmatised, folded and stemmed."""
    terms = (index_term(t) for t in tokens(split_camel_case(text), compounds=False))
    return [term for term in terms if term]


def content_terms(text: str) -> set[str]:
    """Stem prefixes (five letters) of the meaningful words of `text`, for overlap tests between
    short texts: « publications » and « publier » meet on « publi »."""
    return {stem(w)[:5] for w in words(text) if len(w) > 2 and w not in STOP_WORDS}


# --- emoji and symbols ----------------------------------------------------------------------------
# Pictographs: emoji blocks, symbols and dingbats, technical (⏰ ⌛), symbols and arrows (⭐).
# A link as people paste it: with a scheme, from www., or a bare domain (« facebook.com/page »).
LINK = re.compile(
    r"https?://\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|ca|org|net|shop|store|quebec)\b\S*"
)
EMOJI_RANGES = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
EMOJI_JOINERS = "\u200d\ufe0f"  # zero-width joiner and emoji presentation selector
ARROW_RANGE = "\u2190-\u21ff"
EMOJI = re.compile(f"[{EMOJI_RANGES}]")


def count_emoji(text: str) -> int:
    """Number of emoji pictographs in `text` (joiners and presentation selectors not counted)."""
    return len(EMOJI.findall(text))


def is_wordless(text: str) -> bool:
    """True when `text` has no word at all: empty, or only emoji, symbols and punctuation."""
    return not words(text)


def count_symbols(text: str) -> int:
    """Emoji and symbols a screen reader would name one by one (joiners and selectors aside)."""
    return sum(1 for ch in text if not ch.isspace() and ch not in EMOJI_JOINERS)


# --- language -------------------------------------------------------------------------------------
# Frequent words that point to one language beyond its function words (greetings, the domain).
_FRENCH_CUES = frozenset(
    """veux voudrais dois bonjour salut merci a-t-il idee idees
    publication reseaux sociaux entreprise clients rabais semaine""".split()  # noqa: SIM905
)
_ENGLISH_CUES = frozenset(
    """post posts please hi hello thanks best good make write business customers give ideas tips
    help need want week weekend everything new now today shop store sale free tell show""".split()  # noqa: SIM905
)
# Quebec colloquial words: strong evidence of French even without accents or stop words.
QUEBEC_WORDS = frozenset(
    """pis ben pantoute tse chu chus icitte faque fak astheure asteure quosse kosse char blonde
    chum magasiner jaser niaiser tannant correct cute gang toune depanneur quetaine queteux ouin
    pogner placoter bin mettons""".split()  # noqa: SIM905
)
# Words of both lists ("a", "on", "me", "or"...), words at home in English too and single letters
# are no evidence either way.
_AMBIGUOUS = frozenset("ok okay car genre plus c d j l m n s t".split())  # noqa: SIM905
_FRENCH_EVIDENCE = (FRENCH_STOP_WORDS - ENGLISH_STOP_WORDS - _AMBIGUOUS) | _FRENCH_CUES
_ENGLISH_EVIDENCE = (ENGLISH_STOP_WORDS - FRENCH_STOP_WORDS) | _ENGLISH_CUES
_LANGUAGE_TOKEN = re.compile(r"[a-zà-öø-ÿ']+")
_ENGLISH_CONTRACTION = re.compile(r"^([a-z]+)'(s|re|ll|ve|t|d|m)$")
_ELIDED = re.compile(r"^(?:jusqu|lorsqu|puisqu|quoiqu|qu|[ldjcnsmt])'")
_FRENCH_DIACRITICS = re.compile(r"[àâçéèêëîïôûùüÿœæ«»]")


def detect_language(text: str) -> Language:
    """'en' when the text shows clearly more English than French evidence, else 'fr' (the default,
    also for empty or emoji-only text). The one detector of the bot: retrieval, coverage, draft
    signals, routing and every Slack surface use it."""
    lowered = normalize_apostrophes(text).lower()
    french = 0.5 * len(_FRENCH_DIACRITICS.findall(lowered))
    english = 0.0
    for token in _LANGUAGE_TOKEN.findall(lowered):
        token = token.strip("'")
        folded = strip_accents(token)
        if folded in QUEBEC_WORDS:
            french += 2
        if folded in _FRENCH_EVIDENCE or _ELIDED.match(folded):
            french += 1
        if token in _ENGLISH_EVIDENCE or _english_contraction(token):
            english += 1
    # Ambiguous words ("a", "on", "me"...) count for neither; English needs a margin.
    return "en" if english > french and english >= 1 else "fr"


def _english_contraction(token: str) -> bool:
    """True for "what's", "we're", "they'll"...: an English word with an English clitic."""
    match = _ENGLISH_CONTRACTION.match(token)
    return bool(match) and match.group(1) in _ENGLISH_EVIDENCE
