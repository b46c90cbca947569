"""A trade or business type as a noun phrase: its articles and forms in French and English.

The profile's business type is free text (« clinique dentaire », « plombier », "pizzeria").
Idea frames need it inside sentences (« d'un plombier », « à notre pizzeria »), so this module
guesses, from the head noun, whether it names a person or a place and (in French) its gender.
The guesses use word endings and a short list of place nouns, never a list of trades."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.french import content_terms, fold

# Nouns naming a place or an organisation whose ending does not show it (the head of « salon de
# coiffure », « maison funéraire », "coffee shop"); « pizzeria », « librairie », « clinique » are
# told by their ending (_PLACE_ENDINGS).
PLACE_HEADS = frozenset(
    {"salon", "studio", "cabinet", "garage", "magasin", "centre", "bureau", "atelier",
     "restaurant", "cafe", "bar", "gym", "spa", "hotel", "boutique", "maison", "ferme", "firme",
     "agence", "ecole", "entreprise", "compagnie", "auberge", "commerce", "marche", "depanneur",
     "institut", "musee", "camping", "club", "cooperative", "complexe", "resto", "bistro",
     "comptoir", "chalet", "usine", "theatre", "cinema", "salle", "cpe", "shop", "store",
     "clinic", "office", "agency", "firm", "bakery", "school"}
)  # fmt: skip
_PLACE_ENDINGS = ("erie", "rie", "cie", "ia", "ique")
# Feminine heads that no feminine ending gives away; any other head is masculine unless its
# ending says otherwise (_FEMININE_ENDINGS).
FEMININE_HEADS = frozenset({"maison", "ferme", "firme", "auberge", "ecole", "salle"})
_FEMININE_ENDINGS = (
    "erie", "rie", "ie", "ia", "ique", "ion", "ure", "ette", "elle", "ance", "ence", "ade",
    "euse", "trice", "ienne", "iere", "onne", "ive", "ise", "ine",
)  # fmt: skip
_ARTICLES_FR = {"le": "m", "la": "f", "un": "m", "une": "f", "les": "", "l": "", "des": ""}
_ARTICLES_EN = {"a", "an", "the"}
_VOWEL = re.compile(r"^[aeiouyhàâäéèêëîïôöûü]", re.IGNORECASE)
# Words too general to show that an idea is about this trade (« salon » alone, "shop"...).
GENERIC_TERMS = frozenset(
    content_terms(
        "entreprise service centre magasin boutique commerce compagnie maison salon clinique "
        "cabinet atelier studio bureau business company shop store office"
    )
)


def _elides(word: str) -> bool:
    """French elision before a vowel or a mute h (« l'optométriste », « d'une »)."""
    return bool(_VOWEL.match(word))


@dataclass(frozen=True)
class Trade:
    """A business type ready to be put in a sentence."""

    label: str  # as the profile gives it, without a leading article, e.g. « clinique dentaire »
    head: str  # its first word, folded: « clinique »
    feminine: bool
    place: bool  # a place or an organisation (« pizzeria »), not a person (« plombier »)

    # --- French -----------------------------------------------------------------------------
    @property
    def un(self) -> str:
        """« un plombier », « une pizzeria »."""
        return f"{'une' if self.feminine else 'un'} {self.label}"

    @property
    def le(self) -> str:
        """« le plombier », « la pizzeria », « l'optométriste »."""
        if _elides(self.label):
            return f"l'{self.label}"
        return f"{'la' if self.feminine else 'le'} {self.label}"

    @property
    def de(self) -> str:
        """« de plombier », « d'optométriste » (as in « jargon de plombier »)."""
        return f"d'{self.label}" if _elides(self.label) else f"de {self.label}"

    def fr_slots(self) -> dict[str, str]:
        """Every French form the idea frames use."""
        d_un = f"d'{self.un}"
        votre = f"notre {self.label}" if self.place else f"votre {self.label}"
        return {
            "metier": self.label,
            "Metier": _cap(self.label),
            "un_metier": self.un,
            "d_un_metier": d_un,
            "a_un_metier": f"à {self.un}",
            "que_un_metier": f"qu'{self.un}",
            "de_metier": self.de,
            "votre_metier": votre,
            # « avec votre dentiste » (a person the reader sees), « à notre pizzeria » (a place).
            "avec_metier": f"à {votre}" if self.place else f"avec {votre}",
            "coulisses_metier": f"de {votre}" if self.place else f"du métier {self.de}",
            "vie_metier": f"la vie {d_un}" if self.place else f"la vie {self.de}",
            "metier_de": f"le quotidien {d_un}" if self.place else f"le métier {self.de}",
            "devenir_metier": (
                f"travailler dans {self.un}" if self.place else f"devenir {self.label}"
            ),
        }

    # --- English ----------------------------------------------------------------------------
    def en_slots(self) -> dict[str, str]:
        """Every English form the idea frames use."""
        article = "an" if re.match(r"^[aeiou]", self.label, re.IGNORECASE) else "a"
        your = f"our {self.label}" if self.place else f"your {self.label}"
        return {
            "trade": self.label,
            "Trade": _cap(self.label),
            "a_trade": f"{article} {self.label}",
            "your_trade": your,
            "with_trade": f"at {your}" if self.place else f"with {your}",
            "become_trade": (
                f"work at {article} {self.label}"
                if self.place
                else f"become {article} {self.label}"
            ),
            "trade_life": (
                f"life at {article} {self.label}"
                if self.place
                else f"life as {article} {self.label}"
            ),
            "trade_work": (
                f"the daily life of {article} {self.label}"
                if self.place
                else f"the work of {article} {self.label}"
            ),
        }

    def terms(self) -> set[str]:
        """Content terms showing that a text is about this trade (general words left out)."""
        terms = content_terms(self.label)
        specific = terms - GENERIC_TERMS
        return specific or terms


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_feminine(head: str) -> bool:
    return head in FEMININE_HEADS or head.endswith(_FEMININE_ENDINGS)


def parse_trade(business_type: str) -> Trade:
    """The trade of a business type as typed (a leading article is read, then dropped)."""
    label = " ".join(business_type.split())
    gender = ""
    match = re.match(r"^(le|la|les|un|une|des|a|an|the)\s+|^l['’]", label, re.IGNORECASE)
    if match:
        word = fold(match.group(0)).strip(" '’")
        gender = _ARTICLES_FR.get(word, "")
        if word in _ARTICLES_EN or word in _ARTICLES_FR:
            label = label[match.end() :]
    if label[:1].isupper() and not label[1:2].isupper():  # « Plombier » → « plombier »
        label = label[:1].lower() + label[1:]
    head = fold(re.split(r"[\s'’-]+", label)[0]) if label else ""
    feminine = gender == "f" if gender else _is_feminine(head)
    place = head in PLACE_HEADS or head.endswith(_PLACE_ENDINGS)
    return Trade(label=label, head=head, feminine=feminine, place=place)
