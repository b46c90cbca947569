"""Structural reading of a draft: clauses that sell, inform, ask or neither, and their shares."""

# The promotion finding rests on what share of the text sells, not on how many listed words it
# contains. A clause is scored with cues that are patterns (prices, percentages, promo codes, dates
# and deadlines, phone numbers, past tense, measures, imperative mood, questions) or small, general
# word classes from `prompts/lexicon.yaml` (offer words, calls to buy, superlatives, arrival and
# opening words, explanation connectives, advice words, modal phrasing). The draft as a whole then
# decides two things: a bare price inside a sentence of a draft that informs is a detail, not an
# offer; a draft that sells (a call, a price, an offer, an arrival, a list of names under a selling
# cue) and informs nowhere is an announcement, and its framing clauses count as half selling.

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.french import ARROW_RANGE, EMOJI_JOINERS, EMOJI_RANGES, fold, words

Label = Literal["selling", "informing", "asking", "neutral"]
STRUCTURE_KEYS = (
    "offer", "buy", "urgency", "boast", "praise", "self", "you", "explain", "advice", "modal",
    "story", "how_to", "booking", "contest", "arrival", "new",
)  # fmt: skip
STRONG = 2.0  # selling points that make a clause clearly selling
LONG_CLAUSE = 14  # words: a clause this long usually carries some information
# A price inside a sentence this long, with no other selling cue, is mentioned in passing when the
# draft informs elsewhere (« une jauge à 10 $ suffit »); a price standing alone is the message.
PASSING_PRICE_WORDS = 6
LIST_ITEM_WORDS = 5  # words: a short line without a verb cue, e.g. a product name in a list
LIST_ITEMS = 3  # that many short items make a list (a catalogue when the draft sells)
_ANNOUNCES = frozenset({"+available", "+new", "+price", "+discount", "+offer"})
# Informing cues that carry content of their own; "you" and "long" only hint at it.
SUBSTANTIVE = frozenset({"explain", "advice", "modal", "instruction", "measure", "story"})

_EMOJI = EMOJI_RANGES + EMOJI_JOINERS + ARROW_RANGE  # emoji and arrows end a clause
_STRIP = re.compile(
    r"https?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|ca|qc\.ca|org|net|shop|store)\b\S*"
    r"|(?<![\w&])#(?!\d+\b)\w[\w-]*|\[[^\]]*\]"
)
_SPLIT = re.compile(
    rf"(?<=[.!?…;])\s+|\n+|:\s+|\s+[–—-]\s+|\s*[{_EMOJI}]+\s*|^\s*[-*•]\s+", re.MULTILINE
)
_LEAD_IN = re.compile(r":[^\S\n]*\n")
_MONTHS = (
    r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_DAYS = (
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|demain|minuit|midi|ce soir|tomorrow|tonight|midnight|noon"
)
# Patterns run on folded text (lower case, no accents).
_DISCOUNT = re.compile(
    r"(?<!\w)-\s?\d+\s?%"
    r"|\d+\s?%\s*(?:off|de rabais|de reduction|d'escompte|sur|on|discount|de moins)"
    r"|(?:save|economisez|rabais de|reduction de)\s*(?:jusqu'a|up to)?\s*\d+\s?(?:%|\$)"
    r"|half[- ]price|moitie prix|demi-prix|\b\d\s*(?:pour|for)\s*\d\b|\bx\s?2\b"
    r"|\$\s?\d+(?:[.,]\d+)?\s*off\b|\d+(?:[.,]\d+)?\s?\$\s*(?:off|de rabais|de moins|d'escompte)\b"
    r"|buy one|achetez-en un|(?:au lieu de|instead of|regular|regulier|reg\.|was|valeur de)"
    r"\s*:?\s*(?:\$\s*\d|\d+(?:[.,]\d+)?\s*\$)"
)
_PRICE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:\$|€|dollars?\b)|\$\s*\d")
_PERCENT = re.compile(r"\d\s?%")
# A price qualified as low or cut, without a figure (« à prix réduits », "lowest prices").
_LOW_PRICE = re.compile(
    r"\bprix\s+(?:reduits?|bas|casses?|fous?|imbattables?|d'usine)\b|\b(?:bas|petits?) prix\b"
    r"|\b(?:low|lower|lowest|reduced|slashed|unbeatable) prices?\b"
)
# The rank claimed for the business itself: « nous sommes les plus... », "we are the best",
# « mieux que nous », "better than us".
_SELF_RANK = re.compile(
    r"\b(?:sommes|est|sont|are|is|we're)\s+(?:(?:de loin|by far)\s+)?(?:le|la|les|the)\s+"
    r"(?:plus|most|meilleure?s?|best|[a-z]{3,}est)\b|\bqu(?:e\s+|')(?:nous|nos|notre)\b"
    r"|\bthan\s+(?:us|we|ours)\b"
)
# A length of time: with an offer word, a trial period (« gratuit pendant 30 jours », "14 days").
_DURATION = re.compile(
    r"\b\d+\s*-?\s*(?:jours?|days?|semaines?|weeks?|mois|months?)\b"
    r"|\b(?:un|une|deux|trois|quatre|six|sept|dix|quinze|trente|soixante|one|a|two|three|four|"
    r"six|seven|ten|fourteen|fifteen|thirty|sixty|ninety)\s+(?:jours?|days?|semaines?|weeks?|mois|"
    r"months?)\b"
)
# A command followed at once by "now"/"today" (« Commandez maintenant », "Sign up today").
_NOW_CALL = re.compile(
    r"^(?!(?:it|it's|this|that|the|we|i|you|they|c'est|ce|on|il|elle|nous|vous|je)\b)"
    r"[a-z'-]+(?:\s+(?:up|in|on|out|vite|us|nous))?\s+(?:des\s+)?"
    r"(?:now|today|right away|maintenant|aujourd'hui|tout de suite)\b"
)
# Back on the shelf or on the menu (« sont de retour », "is back").
_BACK = re.compile(
    r"\b(?:est|sont|is|are|'s|'re)\s+(?:de\s+)?(?:retour|back)\b"
    r"|\ben (?:boutique|magasin|succursale|stock|inventaire|vente)\b|\bin (?:store|stores|stock)\b"
    r"|\bfor sale\b"
)
# The speaker as a person (a story: « je suis arrivée au Québec », "I opened"), not the business.
_FIRST_PERSON = re.compile(r"\b(?:je|j'|i|my|me|moi|mon|ma|mes)\b")
# An English call to come to the place (« swing by », "stop in", "come see us").
_VISIT = re.compile(
    r"(?:^|\b(?:and|or|then|so)\s+)(?:come|swing|stop|drop|pop)\s+(?:by|in|over|down|see|visit)\b"
)
# A command whose object is the reader's own copy of the product (« réservez la vôtre », "get
# yours"): matched on lower-cased, unfolded text, where « vôtre » is not « votre ».
_YOURS = re.compile(
    r"(?:^|\b(?:and|or|then|now)\s+)[a-z-]+\s+yours\b|\b[a-zé]+ez(?:-vous)?\s+(?:la|le|les)\s+vôtres?\b"
)
_ONLY = re.compile(r"\b(?:seulement|only|uniquement|exclusivement)\b")
# A price presented as a selling point: a framing word right before the figure (« seulement
# 19 $ », « dès 12 $ », "only $5", "starting at $20") or right after it (« 9 $ seulement »). Not
# anywhere in the clause: « des » is also the plural article once accents are folded, and "only"
# often qualifies something else (« not only over the calendar year »).
_PRICE_FRAME = re.compile(
    r"\b(?:seulement|only|just|des|from|starting(?: at)?|a partir d[e']|desormais|now|"
    r"maintenant)\s*(?:(?:a|at|de|pour|for)\s+)?(?:\$\s*\d|\d+(?:[.,]\d+)?\s*(?:\$|€|dollars?\b))"
    r"|(?:\$\s*\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s*(?:\$|€|dollars?\b))\s*(?:seulement|only)\b"
)
_DEADLINE = re.compile(
    rf"\b(?:jusqu'(?:au|a)|d'ici(?: le| au)?|avant(?: le)?|des le|until|till|through|by|before|"
    rf"ends?|ending|expires?|valid until|valide jusqu'(?:au|a))\s+(?:le |la |ce |this |next |the )?"
    rf"(?:{_DAYS}|(?:{_MONTHS})\b|\d{{1,2}}(?:er|st|nd|rd|th)?(?:\s+(?:{_MONTHS})\b|(?![\w\s%$€])|$))"
    rf"|\b(?:aujourd'hui|ce soir|demain|today|tonight|tomorrow)\s+(?:seulement|only)"
    rf"|\b(?:cette|ce|this)\s+(?:semaine|fin de semaine|week-end|weekend|mois|week|month)"
    rf"(?:-ci)?\s+(?:seulement|uniquement|only)"
)
_WINDOW = re.compile(
    r"\b(?:cette semaine|ce mois-ci|ce mois|cette fin de semaine|ce week-end|tout le mois|"
    r"this week|this month|this weekend|all month|all week)\b"
)
_SCARCITY = re.compile(
    r"\b\d+\s+(?:\w+\s+){0,2}(?:left|restant(?:e)?s?|disponibles?)\b"
    r"|\b(?:plus que|only|seulement|just)\s+\d+\s+(?:places?|spots?|seats?|tables?|unites|units)"
    r"|\bil (?:ne )?(?:nous |vous |leur |en )?reste(?:nt)? (?:(?:plus )?que )?"
    r"(?:(?:\d+|quelques|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix) )?"
    r"(?:places?|billets?|unites|tables?)\b"
    r"|\b(?:only|just) (?:a few|\d+) (?:spots?|seats?|tickets?|tables?|units)\b"
    r"|\b(?:few|last) (?:spots?|seats?|tickets?|tables?) (?:left|remaining)\b"
    r"|\bjusqu'(?:a|au|aux) (?:l')?epuisement\b|\bwhile (?:supplies|stocks?|quantities) last\b"
)
# A pointer to where the offer is: a link in the profile, the business's site or store.
_POINTER = re.compile(
    r"\b(?:lien|liens|link|links)\b.{0,20}\bbio\b"
    r"|\b(?:sur|on|via|at|dans|in)\s+(?:notre|our)\s+(?:site|website|boutique|store|shop|page)\b"
)
_PHONE = re.compile(r"\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b|\b1[\s-]?8\d\d[\s.-]\d{3}[\s.-]\d{4}\b")
_NUMBER_ONE = re.compile(r"#\s?1\b|\bno\.?\s?1\b|\bnumero un\b|\bnumber one\b|\bn°\s?1\b")
# Superlative and comparative constructions (« les plus fiables », "the most trusted",
# « mieux que », "faster than"): self-praise when the business speaks of itself in the clause.
_RANKED = re.compile(
    r"\b(?:le|la|les|du|des|au|aux)\s+plus\s+[a-z]{3,}|\bthe\s+most\s+[a-z]{3,}"
    r"|\bthe\s+[a-z]{3,}est\b|\b(?:mieux|meilleure?s?|plus\s+[a-z]{3,})\s+qu(?:e\b|')"
    r"|\bmore\s+[a-z]{3,}\s+than\b|\b(?!other\b|rather\b)[a-z]{3,}er\s+than\b"
)
# How long the business has been at it (« depuis 1987 », « 30 ans d'expérience », "since 2004"):
# a credential the business claims, not a measure that informs.
_TRACK_RECORD = re.compile(
    r"\bdepuis (?:plus de |pres de )?(?:\d+ ans|(?:19|20)\d\d)\b"
    r"|\b\d+\s?(?:\+\s?)?ans d'(?:experience|expertise|existence)"
    r"|\b\d+\+? years? (?:of experience|in business|of expertise)"
    r"|\bsince (?:19|20)\d\d\b|\bfor (?:over |more than )?\d+ years\b"
)
# A time of day (« jusqu'à 21 h », « de 9 h à 17 h », "at 7 pm"): a schedule, not a measure.
_CLOCK = re.compile(
    r"\b(?:a|jusqu'a|des|vers|de|entre|et|until|till|from|at|to)\s+\d{1,2}\s?h(?:\s?\d{2})?\b"
    r"|\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)"
)
_MEASURE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:°\s?[cf]?|min|minutes?|h|heures?|hours?|jours?|days?|semaines?|"
    r"weeks?|mois|months?|ans|annees|years?|secondes?|seconds?|cm|mm|m|km|g|kg|lb|lbs|livres|"
    r"litres?|liters?|l|ml|pieds?|feet|foot|pouces?|inches|inch|po|degres|degrees|fois|times|"
    r"pages?|personnes|people)\b"
)
# A command that sends the reader to the business itself (« contactez-nous », « venez nous voir »,
# "call us"): matched on the tokens; engagement calls (« dites-nous vos trucs ») are told apart by
# what follows: the reader's own thing, an article or a question means the reader gives something.
_GIVES = frozenset(
    {"vos", "votre", "ton", "ta", "tes", "un", "une", "des", "en", "ce", "ca", "quel", "quelle",
     "comment", "your", "a", "an", "what", "how", "which", "about", "know", "in", "below"}
)  # fmt: skip
# Selling cues that make a sale of their own (a contest or a boast alone does not).
_SALE = frozenset(
    {"+buy", "+where", "+available", "+price", "+discount", "+offer", "+code", "+dated_price",
     "+contact"}
)  # fmt: skip
# Patterns run on the original text.
_CODE = re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z][A-Z0-9]*[A-Z])[A-Z0-9]{4,15}\b")
_NAMED_CODE = re.compile(r"\b(?:[Cc]ode|CODE|[Cc]oupon|COUPON)\s*:?\s*[«\"“]?\s*[A-Z]{4,15}\b")
_ON_SALE = re.compile(r"\ben solde\b|\bon sale\b")
# An offer that opens: registrations, bookings, orders or pre-orders (« inscriptions ouvertes »).
_OPEN_FOR = re.compile(
    r"\b(?:inscriptions?|reservations?|precommandes?|pre-commandes?|commandes?|abonnements?)\s+"
    r"(?:(?:sont|est)\s+)?(?:(?:maintenant|enfin|deja)\s+)?(?:ouvertes?|commencent|debutent)\b"
    r"|\b(?:registrations?|enrol?lments?|pre-?orders?|bookings?|orders?|sign-?ups?)\s+(?:is|are)\s+"
    r"(?:now\s+)?open\b|\bnow (?:enrolling|booking|taking (?:orders|bookings|reservations))\b"
)
# The business's own price said to be lower (« nos cours coûtent moins cher »), not a general
# remark (« un testament coûte moins cher qu'on pense »).
_OURS = frozenset({"notre", "nos", "our", "ours"})
_CHEAPER = re.compile(r"\b(?:moins cher(?:e|s|es)?|cheaper|less expensive)\b")
_CODE_WORD = re.compile(r"\b(?:code|promo|coupon|use|utilisez|entrez|enter|avec le)\b", re.I)
_PAST_FR = re.compile(
    r"\b(?:ai|as|a|avons|avez|ont)\s+(?:\w+\s+)?\w+(?:é|ée|és|ées|i|is|u|us|it|ert|ait)\b"
    r"|\b\w{2,}(?:ait|aient)\b"
)
_TIME_PAST = re.compile(
    r"\blast (?:year|week|month|winter|summer|spring|fall|autumn|night|time)\b"
    r"|\bl'(?:an|hiver|ete|automne|printemps) (?:passe|dernier)\b"
    r"|\b(?:la semaine|l'annee|la saison) (?:passee|derniere)\b|\ble mois (?:passe|dernier)\b"
)
_PAST_EN = re.compile(
    r"\b(?:was|were|had|went|made|took|came|saw|found|began|spent)\b"
    r"|\b(?:i|we|they|he|she|you|who|it)\s+(?:\w+\s+)?[a-z]{2,}ed\b"
)
_ADDRESS = re.compile(
    r"\b\d+,?\s+(?:rue|avenue|av\.|boul\.?|boulevard|chemin|route|rang|street|st\.?|ave\.?|"
    r"road|rd\.?)\s"
)
_FR_2PL = re.compile(r"^[a-z]{2,}ez(?:-(?:vous|les|la|le|nous|en|y|lui|leur|moi))*$")
_NOT_VERB_EZ = frozenset({"chez", "assez", "nez", "rez", "rendez-vous"})
_INDICATIVE_BEFORE = frozenset({"vous", "que", "qu", "si", "quand", "lorsque"})
_EN_COMMAND_BEFORE = frozenset({"and", "or", "then", "just", "so", "please", "now", "et", "ou"})
_EN_COMMAND_AFTER = frozenset(
    {"now", "today", "yours", "your", "us", "online", "here", "early", "ahead", "before", "by"}
)
_EN_BOOK = frozenset({"make", "get", "request", "schedule", "take", "ask", "fix"})
_QUESTION_END = re.compile(r"\?[\s!.)»\"]*$")
# A command that sends the reader to a business by name (« faites vos cadeaux chez Boutique
# Untel »): matched on the original text, where a name has its capital.
_AT_BUSINESS = re.compile(r"\bchez\s+[A-ZÀ-Ý]")
# Words that open a clause and coordinate it with what came before (« et », « pis », "then").
_COORDINATORS = frozenset({"et", "pis", "puis", "ou", "alors", "and", "then", "so", "or"})
# The familiar (« tu ») imperative of the irregular verbs among the calls to buy; a regular
# « -ez » verb drops « z » (« commandez » → « commande »), « -vous » becomes « -toi ».
_TU_IRREGULAR = {"venez": "viens", "inscrivez": "inscris", "prenez": "prends", "faites": "fais"}
# After a superlative slogan's noun: the superlative ranks a way or a moment (« la meilleure
# façon de… », "the best time to…"), not the business.
_SLOGAN_NOT = frozenset({"pour", "to", "for", "afin", "a", "quand", "when", "si", "if"})
SLOGAN_WORDS = 8  # a superlative noun phrase this short, standing alone, is a slogan


@dataclass(frozen=True)
class Clause:
    """One clause of a draft, its label and the cues that decided it."""

    text: str
    words: int
    label: Label
    selling: float
    informing: float
    cues: tuple[str, ...]
    lead_in: bool = False  # ends a line on a colon: it introduces the lines that follow

    @property
    def weight(self) -> float:
        """How much of the clause sells: 1 when clearly selling, 0.5 when it leans that way."""
        if self.label != "selling":
            return 0.0
        return 1.0 if self.selling >= STRONG else 0.5

    @property
    def substantive(self) -> bool:
        """The clause explains, advises, instructs, measures or tells (not only "you" or length);
        a lead-in does not: its content is what it introduces."""
        if self.lead_in:
            return False
        return any(c[1:] in SUBSTANTIVE for c in self.cues if c.startswith("-"))


@dataclass(frozen=True)
class Structure:
    """The clauses of a draft and the share of its words that sell, inform, ask or do neither."""

    clauses: tuple[Clause, ...]

    @property
    def words(self) -> int:
        return sum(c.words for c in self.clauses)

    def share(self, label: Label) -> float:
        """Share of the words in clauses with this label (0 for a draft without words)."""
        total = self.words
        return sum(c.words for c in self.clauses if c.label == label) / total if total else 0.0

    @property
    def announces(self) -> bool:
        """Some clause announces a product: new, available, priced or offered."""
        return any(_ANNOUNCES & set(c.cues) for c in self.clauses)

    def substantive(self, clause: Clause) -> bool:
        """The clause gives content of its own; measures alone, in a draft that announces a
        product, are its specifications (« moteur de 1200 W, bol de 3 litres »)."""
        if not clause.substantive:
            return False
        own = {c[1:] for c in clause.cues if c.startswith("-")} & SUBSTANTIVE
        return own != {"measure"} or not self.announces

    @property
    def informs(self) -> bool:
        """Some clause that does not sell explains, advises, instructs, measures or tells."""
        return any(self.substantive(c) for c in self.clauses if c.label != "selling")

    @property
    def uninformed_sale(self) -> bool:
        """The draft sells (a call to buy, book or come, a price, an offer, a product announced
        as available, or a list of items under a selling cue) and no clause gives content of its
        own: the rest (announcements, product names, exclamations) only frames the sale."""
        if self.informs:
            return False
        sells = any(c.label == "selling" and _SALE & set(c.cues) for c in self.clauses)
        return sells or (self.catalogue and any(c.selling > 0 for c in self.clauses))

    @property
    def catalogue(self) -> bool:
        """At least LIST_ITEMS short clauses in a row without any cue: a list of names."""
        run = best = 0
        for c in self.clauses:
            bare = not c.cues and c.words <= LIST_ITEM_WORDS and c.label == "neutral"
            run = run + 1 if bare else 0
            best = max(best, run)
        return best >= LIST_ITEMS

    def in_passing(self, clause: Clause) -> bool:
        """A price is the clause's only selling cue, inside a sentence, in a draft that informs:
        the price is a detail of the advice or the story, not an offer."""
        sold = {c for c in clause.cues if c.startswith("+")}
        return sold == {"+price"} and clause.words >= PASSING_PRICE_WORDS and self.informs

    def weight(self, clause: Clause) -> float:
        """How much of `clause` sells within this draft: its own weight (none for a price in
        passing), or half when it frames a sale that nothing in the draft balances (a question
        to the reader never sells)."""
        if clause.label == "selling":
            return 0.0 if self.in_passing(clause) else clause.weight
        framing = clause.label in ("neutral", "informing") and not self.substantive(clause)
        return 0.5 if framing and self.uninformed_sale else 0.0

    @property
    def selling_share(self) -> float:
        """Share of the words that sell, a leaning or framing clause counting half."""
        total = self.words
        return sum(c.words * self.weight(c) for c in self.clauses) / total if total else 0.0

    @property
    def strong_selling(self) -> int:
        """Clauses that clearly sell (several selling cues, more than informing ones)."""
        return sum(c.label == "selling" and c.selling >= STRONG for c in self.clauses)

    @property
    def selling_cues(self) -> list[str]:
        """The selling cues found, in order, once each."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            if clause.label == "selling":
                seen.update((c, None) for c in clause.cues if c.startswith("+"))
        return [c[1:] for c in seen]


def split_clauses(text: str) -> list[str]:
    """Sentences, lines, bullets and colon-separated parts, without links, hashtags and image
    markers; emoji runs end a clause. Parts without any word are dropped."""
    return [part for part, _lead in _parts(text)]


def _parts(text: str) -> list[tuple[str, bool]]:
    """The clauses of `text`, each with whether it ends a line on a colon (it introduces a list
    or lines that follow, « Nos nouveautés :⏎ »), unlike an inline colon (« Lundi, 7 h : on… »)."""
    body = _STRIP.sub(" ", text)
    out: list[tuple[str, bool]] = []
    start = 0
    for sep in [*_SPLIT.finditer(body), None]:
        end = sep.start() if sep else len(body)
        part = body[start:end].strip()
        if part and words(part):
            out.append((part, bool(sep and _LEAD_IN.match(sep.group()))))
        if sep:
            start = sep.end()
    return out


def read_structure(text: str, lexicon: dict[str, tuple[str, ...]]) -> Structure:
    """Every clause of `text` classified (pure and deterministic)."""
    vocab = {key: frozenset(lexicon[key]) for key in STRUCTURE_KEYS}
    return Structure(tuple(classify(c, vocab, lead_in=lead) for c, lead in _parts(text)))


def classify(clause: str, vocab: dict[str, frozenset[str]], *, lead_in: bool = False) -> Clause:
    """Label one clause from its selling and informing cues; a lead-in ends on a colon."""
    selling = _selling_cues(clause, vocab)
    informing = _informing_cues(clause, vocab, selling)
    s, i = sum(selling.values()), sum(informing.values())
    label: Label
    if s >= STRONG and s > i:
        label = "selling"
    elif _QUESTION_END.search(clause):
        label = "asking"
    elif s >= 1 and (s > i or not SUBSTANTIVE & informing.keys()):
        label = "selling"  # "you" and length alone do not outweigh a call or an offer
    elif i >= 1:
        label = "informing"
    else:
        label = "neutral"
    cues = (*(f"+{k}" for k in selling), *(f"-{k}" for k in informing))
    return Clause(clause, len(words(clause)), label, s, i, cues, lead_in)


def _tokens(clause: str) -> tuple[list[str], set[str]]:
    """The clause's tokens, and the set of them with the parts of hyphenated ones."""
    tokens = words(clause)
    return tokens, {*tokens, *(p for t in tokens if "-" in t for p in t.split("-"))}


def _selling_cues(clause: str, vocab: dict[str, frozenset[str]]) -> dict[str, float]:
    folded = fold(clause)
    tokens, found = _tokens(clause)
    cues: dict[str, float] = {}
    if _DISCOUNT.search(folded):
        cues["discount"] = 2.0
    if _PRICE.search(folded):
        cues["price"] = 1.0
        if _PRICE_FRAME.search(folded):
            cues["price_frame"] = 1.0
    elif _PERCENT.search(folded) and "discount" not in cues:
        cues["percent"] = 0.5
    cheaper = _CHEAPER.search(folded) and found & _OURS
    if (
        found & vocab["offer"]
        or _ON_SALE.search(folded)
        or _LOW_PRICE.search(folded)
        or _OPEN_FOR.search(folded)
        or cheaper
    ):
        cues["offer"] = 1.0
    if _CODE.search(clause) or _NAMED_CODE.search(clause):
        cues["code"] = 2.0 if _CODE_WORD.search(clause) else 1.0
    if "offer" in cues and _DURATION.search(folded):
        cues["trial"] = 1.0
    if _DEADLINE.search(folded):
        cues["deadline"] = 1.0
        if _ONLY.search(folded):
            cues["only"] = 0.5
    elif _WINDOW.search(folded):
        cues["window"] = 0.5
    if "price" in cues and "deadline" in cues:  # a price that holds until a date is an offer
        cues["dated_price"] = 1.0
    if _SCARCITY.search(folded):
        cues["scarcity"] = 1.0
    if _PHONE.search(folded) or _ADDRESS.search(folded + " "):
        cues["where"] = 1.0
    if found & vocab["contest"]:
        cues["contest"] = 1.0
    if (_arrives(tokens, vocab["arrival"]) or _BACK.search(folded)) and not _FIRST_PERSON.search(
        folded
    ):
        cues["available"] = 1.0
    if found & vocab["new"]:
        cues["new"] = 0.5
    if _POINTER.search(folded):
        cues["where"] = 1.0
    commands = _commands(tokens, vocab)
    offered = bool({"discount", "price", "offer", "code", "where", "contest"} & cues.keys())
    if (
        _buys(tokens, vocab["buy"])
        or _books(tokens, vocab)
        or (offered and commands)
        or _NOW_CALL.search(folded)
        or _points_to_own(tokens, vocab)
        or _VISIT.search(folded)
        or _YOURS.search(clause.lower())
    ):
        cues["buy"] = 1.0
    if "buy" not in cues and not _QUESTION_END.search(clause) and _contacts(tokens, vocab):
        cues["contact"] = 1.0
    if {"buy", "contact"} & cues.keys() and set(tokens) & vocab["booking"]:
        cues["booking"] = 1.0  # "contact us today for a quote": the call is to book
    if "buy" not in cues and _AT_BUSINESS.search(clause) and _any_command(tokens, vocab):
        cues["buy"] = 1.0
    if _phrases(folded, found, vocab["urgency"]):
        cues["urgency"] = 1.0
    praise = found & (vocab["boast"] | vocab["praise"])
    if commands and (found & vocab["boast"] or _RANKED.search(folded)):
        cues["buy"] = 1.0  # « faites affaire avec les meilleurs »: a command to pick the business
    listed = bool(found & vocab["boast"]) or bool(_NUMBER_ONE.search(folded))
    listed = listed or bool(_TRACK_RECORD.search(folded))
    ranked = len(_RANKED.findall(folded))
    boast = listed or ranked > 0
    if boast:
        cues["boast"] = 0.5
    if found & vocab["advice"]:  # « notre meilleur conseil » praises the advice, not the business
        pass
    elif _slogan(tokens, vocab["boast"]):
        cues["self_praise"] = 1.0
    elif (boast or praise) and found & vocab["self"]:
        strong = listed or ranked + len(praise) >= 2 or _SELF_RANK.search(folded)
        cues["self_praise"] = 1.5 if strong else 1.0
    elif len(praise) >= 2:
        cues["self_praise"] = 1.5 if listed else 1.0
    elif (boast or praise) and "!" in clause and not found & vocab["you"]:
        cues["self_praise"] = 0.5
    if _shouts(clause):
        cues["shouting"] = 0.5
    return cues


def _informing_cues(
    clause: str, vocab: dict[str, frozenset[str]], selling: dict[str, float]
) -> dict[str, float]:
    """Cues that the clause explains, advises, instructs, measures or tells a story. In a clause
    that calls to buy or praises the business, numbers and dates argue the sale: not counted."""
    folded = fold(clause)
    tokens, found = _tokens(clause)
    calls = bool(
        {"buy", "urgency", "self_praise", "where", "contest", "trial", "contact", "scarcity"}
        & selling.keys()
    )
    cues: dict[str, float] = {}
    if found & vocab["explain"]:
        cues["explain"] = 1.0
    if found & vocab["advice"]:
        cues["advice"] = 1.0
    if found & vocab["modal"]:
        cues["modal"] = 1.0
    if not calls and _commands(tokens, vocab):
        cues["instruction"] = 1.0
    if found & vocab["you"]:
        cues["you"] = 0.5
    lowered = clause.lower()
    # The measures of a product announced as available are its specifications, not a how-to.
    measured = _TRACK_RECORD.sub(" ", _CLOCK.sub(" ", folded))
    if not calls and "available" not in selling and _MEASURE.search(measured):
        cues["measure"] = 1.0
    story = (
        found & vocab["story"]
        or _TIME_PAST.search(folded)
        or _PAST_FR.search(lowered)
        or _PAST_EN.search(lowered)
    )
    if not calls and story:
        cues["story"] = 1.0
    if len(tokens) >= LONG_CLAUSE:
        cues["long"] = 0.5
    return cues


_WHEN = frozenset(
    {"avant", "apres", "depuis", "des", "before", "after", "since", "until", "heures"}
)


def _arrives(tokens: list[str], arrival: frozenset[str]) -> bool:
    """An arrival or opening word announcing one (« ouverture samedi »), not one that dates
    something (« avant l'ouverture », « heures d'ouverture », "after opening")."""
    return any(
        t in arrival and (n == 0 or tokens[n - 1] not in _WHEN) for n, t in enumerate(tokens)
    )


def _phrases(folded: str, tokens: set[str], vocabulary: frozenset[str]) -> bool:
    """A listed word (whole token) or phrase (substring) occurs in the clause."""
    return any((t in folded) if (" " in t or "'" in t) else (t in tokens) for t in vocabulary)


def _buys(tokens: list[str], buy: frozenset[str]) -> bool:
    """A call to buy: a French imperative anywhere, an English one where it reads as a command,
    a familiar French one (« commande », « viens ») where a clause or a coordinated part opens."""
    familiar = _familiar_forms(buy)
    for n, token in enumerate(tokens):
        if token in familiar and (n == 0 or tokens[n - 1] in _COORDINATORS):
            return True
        if not _listed_verb(token, buy):
            continue
        if _without_clitics(token).endswith("ez"):
            return True
        before = tokens[n - 1] if n else ""
        after = tokens[n + 1] if n + 1 < len(tokens) else ""
        if n == 0 or before in _EN_COMMAND_BEFORE or after in _EN_COMMAND_AFTER:
            return True
    return False


@lru_cache(maxsize=8)
def _familiar_forms(verbs: frozenset[str]) -> frozenset[str]:
    """The « tu » imperatives of the listed « vous » imperatives (« réservez » → « reserve »,
    « abonnez-vous » → « abonne-toi », « venez » → « viens »), folded like the tokens."""
    out = set()
    for verb in verbs:
        head, _, clitic = verb.partition("-")
        if not head.endswith("ez") or len(head) < 5:
            continue
        tu = _TU_IRREGULAR.get(head, head[:-1])
        out.add(f"{tu}-toi" if clitic == "vous" else tu)
    return frozenset(out)


def _slogan(tokens: list[str], boast: frozenset[str]) -> bool:
    """A short superlative noun phrase standing alone (« La meilleure poutine en ville. », "The
    best tacos in town"): the business ranking what it sells, not a way or a moment to do
    something (« la meilleure façon de tailler… »)."""
    if len(tokens) > SLOGAN_WORDS or len(tokens) < 3 or tokens[0] not in {"le", "la", "les", "the"}:
        return False
    ranked = tokens[1] in boast or (tokens[1] in {"plus", "most"} and len(tokens) > 3)
    rest = tokens[3:] if tokens[1] in boast else tokens[4:]
    return ranked and not set(rest) & _SLOGAN_NOT and rest[:1] not in (["de"], ["d"])


def _books(tokens: list[str], vocab: dict[str, frozenset[str]]) -> bool:
    """A command to take an appointment, a quote or a seat (« prenez rendez-vous »)."""
    if not set(tokens) & vocab["booking"]:
        return False
    # a command whose object, within three words, is the booking (« prenez rendez-vous »,
    # « demandez votre soumission », "request a quote"), not one that mentions it further on
    first = tokens[0]
    if (first in vocab["how_to"] or first in _EN_BOOK) and set(tokens[1:4]) & vocab["booking"]:
        return True
    return any(
        _instructs([t], frozenset()) and set(tokens[n + 1 : n + 4]) & vocab["booking"]
        for n, t in enumerate(tokens)
        if n == 0 or tokens[n - 1] not in _INDICATIVE_BEFORE
    )


def _instructs(tokens: list[str], buy: frozenset[str]) -> bool:
    """Second-person plural verbs in the imperative (« arrosez », not « vous arrosez ») that are
    not calls to buy."""
    return any(
        _FR_2PL.match(t)
        and t not in _NOT_VERB_EZ
        and not _listed_verb(t, buy)
        and (n == 0 or tokens[n - 1] not in _INDICATIVE_BEFORE)
        for n, t in enumerate(tokens)
    )


_CLITICS = frozenset({"vous", "nous", "les", "la", "le", "en", "y", "lui", "leur", "moi", "toi"})


def _without_clitics(token: str) -> str:
    """A French imperative without its attached pronouns (« profitez-en » → « profitez »)."""
    head, *rest = token.split("-")
    return head if rest and all(r in _CLITICS for r in rest) and head.endswith("ez") else token


def _listed_verb(token: str, verbs: frozenset[str]) -> bool:
    """The token is a listed verb, with or without attached pronouns (« inscrivez-vous-y »)."""
    head = _without_clitics(token)
    return token in verbs or head in verbs or f"{head}-vous" in verbs or f"{head}-nous" in verbs


def _points_to_own(tokens: list[str], vocab: dict[str, frozenset[str]]) -> bool:
    """A command whose object is the business's own thing (« découvrez nos… », "try our…"): the
    reader is sent to the product, not taught to do something."""
    own = {"notre", "nos", "our"}
    if tokens and (tokens[0] in vocab["buy"] or tokens[0] in vocab["how_to"]):
        return bool(own & set(tokens[1:4]))
    return any(
        _FR_2PL.match(t) and t not in _NOT_VERB_EZ and own & set(tokens[n + 1 : n + 3])
        for n, t in enumerate(tokens)
        if n == 0 or tokens[n - 1] not in _INDICATIVE_BEFORE
    )


def _contacts(tokens: list[str], vocab: dict[str, frozenset[str]]) -> bool:
    """A command whose object is the business (« appelez-nous », « venez nous voir », "email
    us"), not one that asks the reader to give something (« dites-nous vos trucs »)."""
    for n, token in enumerate(tokens):
        head, _, clitic = token.partition("-")
        after = tokens[n + 1 : n + 2]
        if clitic == "nous":  # « contactez-nous », « joignez-nous »
            command = _FR_2PL.match(head) is not None and head not in _NOT_VERB_EZ
            rest = tokens[n + 1 :]
        elif after == ["nous"] and _FR_2PL.match(token) and token not in _NOT_VERB_EZ:
            command, rest = True, tokens[n + 2 :]  # « venez nous voir »
        elif after == ["us"] and (
            n == 0 or tokens[n - 1] in _EN_COMMAND_BEFORE or token in vocab["how_to"]
        ):
            command, rest = True, tokens[n + 2 :]  # "call us", "and visit us"
        else:
            continue
        if command and (n == 0 or tokens[n - 1] not in _INDICATIVE_BEFORE):
            return not (rest and rest[0] in _GIVES)
    return False


def _commands(tokens: list[str], vocab: dict[str, frozenset[str]]) -> bool:
    """The clause tells the reader to do something: a French second-person plural verb that is
    not a call to buy, or a clause opening on a common English instruction verb."""
    return _instructs(tokens, vocab["buy"]) or bool(tokens and tokens[0] in vocab["how_to"])


def _any_command(tokens: list[str], vocab: dict[str, frozenset[str]]) -> bool:
    """A « vous » imperative or a listed instruction verb anywhere in the clause, not after a
    subject (« faites vos cadeaux chez… », not « vous faites »)."""
    return any(
        ((_FR_2PL.match(t) and t not in _NOT_VERB_EZ) or t in vocab["how_to"])
        and (n == 0 or tokens[n - 1] not in _INDICATIVE_BEFORE)
        for n, t in enumerate(tokens)
    )


def _shouts(clause: str) -> bool:
    letters = re.findall(r"[^\W\d_]{3,}", clause)
    caps = sum(w.isupper() for w in letters)
    return (len(letters) >= 2 and caps / len(letters) >= 0.5) or "!!" in clause
