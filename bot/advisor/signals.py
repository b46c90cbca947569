"""Deterministic draft signals: length, promotion, caps, hashtags, emojis, links, CTA, value..."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from bot.advisor.anglicisms import find_anglicisms
from bot.advisor.bilingual import read_bilingual
from bot.advisor.platforms import PlatformNorms
from bot.advisor.register import find_register
from bot.advisor.structure import Structure, read_structure
from bot.advisor.typography import find_typography, shown_fixes
from bot.config import PROJECT_ROOT
from bot.errors import ConfigError
from bot.french import (
    EMOJI_RANGES,
    count_emoji,
    count_symbols,
    detect_language,
    fold,
    is_wordless,
    words,
)
from bot.yamlfile import load_yaml

_HASHTAG = re.compile(r"(?<![\w&])#(\w[\w-]*)")
_LINK = re.compile(r"https?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|ca|qc\.ca|org|net|shop|store)\b\S*")
_PRICE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|\$|€)|\$\s*\d+|\b\d+\s*(?:pour|for)\s*(?:\d+|1)\b|\bx\s*2\b"
)
_MULTI_BANG = re.compile(r"[!?]{2,}")
_QUESTION = re.compile(rf"\?(?:\s|$|[{EMOJI_RANGES}])")

# Folded (accent-free, lower-case) vocabulary; multi-word phrases are matched as substrings.


LEXICON_KEYS = (
    "promo", "urgency", "cta", "conversation", "value", "how_to", "contest", "rules", "data",
    "image", "image_description", "promo_hashtags", "domain", "offer", "buy", "boast", "praise",
    "self", "you", "explain", "advice", "modal", "story", "booking", "arrival", "new",
)  # fmt: skip
_IMAGE_MARKER = re.compile(
    r"[\[(]\s*(photo|image|visuel|vid[eé]o|picture|video)\b([^\])]*)[\])]", re.I
)
SUBSTANTIAL_WORDS = 35  # a non-promotional post this long carries information of its own
INFORMATIVE_WORDS = 10  # a sentence this long with no sales talk says something of its own
INFORMATIVE_SENTENCES = 2  # ... and two of them make a post that gives the reader something
_SENTENCE_END = re.compile(r"(?<=[.!?…:])\s+|\n+")


@lru_cache(maxsize=4)
def load_lexicon(
    path: Path = PROJECT_ROOT / "prompts" / "lexicon.yaml",
) -> dict[str, tuple[str, ...]]:
    """The signal vocabulary (folded phrases per category) from `prompts/lexicon.yaml`."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        return {key: tuple(str(term) for term in data[key]) for key in LEXICON_KEYS}
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise ConfigError(
            f"cannot load the signal lexicon {path}: {exc.__class__.__name__}"
        ) from exc


class DraftSignals(BaseModel):
    """Facts measured on a draft, independent of any model."""

    platform: str
    chars: int
    words: int
    length_range: tuple[int, int]
    length_status: str  # "short" | "ok" | "long" | "over_limit"
    language: str
    english_only: bool
    promo_terms: list[str] = Field(default_factory=list)
    urgency_terms: list[str] = Field(default_factory=list)
    price_patterns: int = 0
    promo_density: float = 0.0  # promotional hits per 100 words
    caps_ratio: float = 0.0
    multi_exclamations: int = 0
    hashtags: list[str] = Field(default_factory=list)
    hashtag_limit: int = 0
    hashtag_stuffing: bool = False
    hashtags_not_camel_case: list[str] = Field(default_factory=list)
    emojis: int = 0
    emoji_density: float = 0.0  # emojis per 10 words
    links: int = 0
    link_not_clickable: bool = False
    call_to_action: bool = False
    conversation_invite: bool = False
    question: bool = False
    value_terms: list[str] = Field(default_factory=list)
    how_to: list[str] = Field(default_factory=list)
    discount: bool = False
    mentions_image: bool = False
    image_description: bool = False
    contest: bool = False
    contest_rules: bool = False
    data_collection: list[str] = Field(default_factory=list)
    informative_sentences: int = 0  # sentences of substance with no sales talk in them
    # Structure (bot/advisor/structure.py): shares of the words in selling / informing clauses.
    selling_share: float = 0.0
    informing_share: float = 0.0
    asking_share: float = 0.0
    strong_selling: int = 0  # clauses that clearly sell
    selling_cues: list[str] = Field(default_factory=list)
    selling_clauses: list[str] = Field(default_factory=list)  # the first clauses that sell
    wordless: bool = False  # only emojis or symbols: nothing a reader (or screen reader) can use
    anglicisms: list[str] = Field(default_factory=list)  # « booker » → réserver (anglicisms.py)
    symbols: int = 0  # emojis and symbols in a wordless draft
    # Quebec-French quality of the French parts (register.py, typography.py, bilingual.py).
    register_tu: list[str] = Field(default_factory=list)  # « tu », « ton », « Viens »…
    register_vous: list[str] = Field(default_factory=list)  # « vous », « Réservez »…
    typography: list[str] = Field(default_factory=list)  # « 9h30 » → « 9 h 30 » (Quebec spacing)
    bilingual: bool = False  # a French part and an English part
    english_first: bool = False
    french_words: int = 0  # words of the French parts of a bilingual draft
    english_words: int = 0  # words of its English parts
    french_missing: list[str] = Field(default_factory=list)  # in the English part only

    @property
    def has_value(self) -> bool:
        """Information for the reader: tips, how-to steps, or substantial non-promotional text."""
        substantial = (
            self.words >= SUBSTANTIAL_WORDS and not self.promo_terms and not self.price_patterns
        )
        return (
            bool(self.value_terms)
            or len(self.how_to) >= 2
            or substantial
            or self.informative_sentences >= INFORMATIVE_SENTENCES
        )

    @property
    def promo_hits(self) -> int:
        """Promotional words, urgency phrases and price/discount patterns together."""
        return len(self.promo_terms) + len(self.urgency_terms) + self.price_patterns


def _found(folded: str, tokens: set[str], vocabulary: tuple[str, ...]) -> list[str]:
    hits = []
    for term in vocabulary:
        phrase = any(mark in term for mark in " '-:[")
        if (phrase and term in folded) or (not phrase and term in tokens):
            hits.append(term)
    return hits


_POSSESSIVES = frozenset({"votre", "vos", "ton", "ta", "tes", "your"})
_DATA_REACH = 3  # words after a possessive that may name the detail ("your full legal name")


def personal_data_requests(folded: str, nouns: tuple[str, ...]) -> list[str]:
    """The reader's personal details a text asks for: a data noun at most three words after a
    possessive ("votre adresse", "vos coordonnees", "your full name"), in folded text."""
    tokens = re.findall(r"[\w-]+", folded)
    wanted = set(nouns)
    hits: list[str] = []
    for i, token in enumerate(tokens):
        if token in _POSSESSIVES:
            following = tokens[i + 1 : i + 1 + _DATA_REACH]
            hits += [w for w in following if w in wanted and w not in hits]
    return hits


def in_domain(text: str, lexicon: dict[str, tuple[str, ...]] | None = None) -> bool:
    """True when `text` uses a word of the advisor's domain (social media, communication...)."""
    terms = (lexicon or load_lexicon())["domain"]
    return bool(_found(fold(text), set(words(text)), terms))


def _is_camel_or_short(tag: str) -> bool:
    return len(tag) <= 10 or tag.isupper() or any(c.isupper() for c in tag[1:]) or "_" in tag


def compute_signals(
    text: str, norms: PlatformNorms, lexicon: dict[str, tuple[str, ...]] | None = None
) -> DraftSignals:
    """Measure `text` against the norms of its platform (pure and deterministic)."""
    lex = lexicon or load_lexicon()
    folded = fold(text)
    body = _HASHTAG.sub(" ", _LINK.sub(" ", text))
    tokens_list = words(body)
    tokens = set(tokens_list)
    n_words = max(len(tokens_list), 1)
    chars = len(text.strip())
    low, high = norms.chars
    status = (
        "over_limit"
        if chars > norms.limit
        else "long"
        if chars > high
        else "short"
        if chars < low
        else "ok"
    )
    hashtags = _HASHTAG.findall(text)
    tag_words = {fold(t) for t in _HASHTAG.findall(text)}
    promo = _found(folded, tokens, lex["promo"])
    promo += [f"#{t}" for t in sorted(tag_words & set(lex["promo_hashtags"]))]
    urgency = _found(folded, tokens, lex["urgency"])
    prices = len(_PRICE.findall(text))
    alpha_words = [w for w in re.findall(r"[^\W\d_]{3,}", body)]
    caps = sum(1 for w in alpha_words if w.isupper())
    emojis = count_emoji(text)
    links = len(_LINK.findall(text))
    language = detect_language(body)
    both = read_bilingual(text)
    has_french = language == "fr" or both is not None
    register = find_register(text) if has_french else None
    contest = bool(_found(folded, tokens, lex["contest"]))
    structure = read_structure(text, lex)
    images = _found(folded, tokens, lex["image"])
    markers = _IMAGE_MARKER.findall(text)
    described = any(len(detail.strip(" :-–")) >= 10 for _, detail in markers)
    # The caption is the text around the image markers: « [photo] 💐💐💐 » has no word to read.
    caption = _IMAGE_MARKER.sub(" ", text)
    wordless = is_wordless(caption) and count_symbols(caption) > 0
    return DraftSignals(
        platform=norms.name,
        chars=chars,
        words=len(tokens_list),
        length_range=(low, high),
        length_status=status,
        language=language,
        english_only=language == "en" and both is None,
        anglicisms=[
            f"« {a.text} » → {a.french}"
            for a in (find_anglicisms(body, PROJECT_ROOT / "prompts") if language == "fr" else [])
        ],
        promo_terms=promo,
        urgency_terms=urgency,
        price_patterns=prices,
        promo_density=round(100 * (len(promo) + len(urgency) + prices) / n_words, 1),
        caps_ratio=round(caps / len(alpha_words), 2) if alpha_words else 0.0,
        multi_exclamations=len(_MULTI_BANG.findall(text)),
        hashtags=hashtags,
        hashtag_limit=norms.hashtags,
        hashtag_stuffing=len(hashtags) > norms.hashtags,
        hashtags_not_camel_case=[t for t in hashtags if not _is_camel_or_short(t)],
        emojis=emojis,
        emoji_density=round(10 * emojis / n_words, 2),
        links=links,
        link_not_clickable=links > 0 and not norms.links_clickable,
        call_to_action=bool(_found(folded, tokens, lex["cta"]))
        or bool({"buy", "contact"} & set(structure.selling_cues)),
        conversation_invite=bool(_found(folded, tokens, lex["conversation"])),
        question=bool(_QUESTION.search(text + " ")),
        value_terms=_found(folded, tokens, lex["value"]),
        how_to=_found(folded, tokens, lex["how_to"]),
        discount=prices > 0 or bool({"rabais", "off", "solde", "soldes", "discount"} & set(promo)),
        mentions_image=bool(images) or bool(markers),
        image_description=described or bool(_found(folded, tokens, lex["image_description"])),
        contest=contest,
        contest_rules=bool(_found(folded, tokens, lex["rules"])),
        data_collection=personal_data_requests(folded, lex["data"]),
        informative_sentences=_informative_sentences(body, lex),
        **_structure_fields(structure),
        wordless=wordless,
        symbols=count_symbols(caption) if wordless else 0,
        register_tu=list(register.tu) if register else [],
        register_vous=list(register.vous) if register else [],
        typography=shown_fixes(find_typography(text)) if has_french else [],
        bilingual=both is not None,
        english_first=bool(both and both.english_first),
        french_words=both.french_words if both else 0,
        english_words=both.english_words if both else 0,
        french_missing=both.missing if both else [],
    )


def _structure_fields(structure: Structure) -> dict[str, object]:
    """The structural reading of the draft as signal fields."""
    selling = [c.text for c in structure.clauses if c.label == "selling"]
    return {
        "selling_share": round(structure.selling_share, 2),
        "informing_share": round(structure.share("informing"), 2),
        "asking_share": round(structure.share("asking"), 2),
        "strong_selling": structure.strong_selling,
        "selling_cues": structure.selling_cues,
        "selling_clauses": [_clip(c) for c in selling[:2]],
    }


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _informative_sentences(body: str, lex: dict[str, tuple[str, ...]]) -> int:
    """Count sentences long enough to inform that carry no promotion, urgency, price or shouting."""
    count = 0
    for sentence in _SENTENCE_END.split(body):
        sentence_words = words(sentence)
        if len(sentence_words) < INFORMATIVE_WORDS or _PRICE.search(sentence):
            continue
        folded, tokens = fold(sentence), set(sentence_words)
        if _found(folded, tokens, lex["promo"]) or _found(folded, tokens, lex["urgency"]):
            continue
        letters = re.findall(r"[^\W\d_]{3,}", sentence)
        if letters and sum(w.isupper() for w in letters) / len(letters) > 0.5:
            continue
        count += 1
    return count
