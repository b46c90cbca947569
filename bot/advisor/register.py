"""Tu or vous: which register a French draft uses to address its reader, with the words that
show it (pronouns, possessives, imperatives).

Only the writer's own French counts: quoted speech (« … », “ … ”, "…"), links, e-mail addresses,
hashtags, @mentions, code and English parts are left out, and so are a few « vous » that do not
address the reader (« rendez-vous », « s'il vous plaît », « vous deux », « vous autres »)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.advisor.bilingual import NOT_WORDS, french_text
from bot.french import lemmatize, normalize_apostrophes

_HIDDEN = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"|`[^`]*`|" + NOT_WORDS.pattern)
_L = "a-zà-öø-ÿœæ"  # lower-case letters (the text is lower-cased first)
_NOT_VOUS = re.compile(
    rf"rendez-vous|s'il vous pla[iî]t|\bvous(?=\s+(?:deux|trois|tous|toutes|autres)(?![{_L}]))"
)
_TU = re.compile(
    rf"(?<![{_L}'-])(?:tu|te|toi|ta|tes|ton)(?![{_L}'-])"
    rf"|(?<![{_L}'-])t'[{_L}]+"  # t'as, t'invite
    rf"|(?<=[{_L}])-(?:tu|toi|te)(?![{_L}-])"  # as-tu, inscris-toi
    rf"|(?<![{_L}-])vas-y(?![{_L}-])"
    rf"|(?<![{_L}])n'(?:oublie|hésite|h[eé]site|attends)\s+pas\b"
    rf"|(?<![{_L}])ne\s+(?:manque|rate|lâche)\s+pas\b"
)
_VOUS = re.compile(
    rf"(?<![{_L}'])(?:vous|votre|vos|vôtre|vôtres)(?![{_L}'])"  # avez-vous, inscrivez-vous
    rf"|(?<![{_L}])(?:n'|ne\s+)[{_L}]{{2,}}ez(?![{_L}])"  # n'hésitez, ne manquez
)
# « ton » is the noun (the tone) after a determiner (« le ton », « un ton amical »), before « de »
# or « sur ton », or before an adjective of tone (« Ton professionnel et humain »).
_TONE_NOUN = re.compile(
    r"(?:\b(?:le|un|du|au|ce|quel|mon|son|leur|notre|votre|même|bon|beau|bel|juste)|l')\s*$"
)
_TONE_AFTER = re.compile(
    r"\s+(?:de|d'|sur|professionnel|humain|chaleureux|amical|décontracté|détendu|sérieux|"
    r"ludique|léger|posé|formel|neutre|direct|positif|familier|juste|adapté|employé)(?![a-zà-ÿ])"
)
# The first word of a sentence (after punctuation, a line break, a bullet or an emoji).
_SENTENCE_START = re.compile(
    rf"(?:^|[.!?…:;\n])[^{_L}\d\n]*?([{_L}]+)(-[{_L}]+)?(?![{_L}'-])", re.M
)
# Second person singular imperatives that are rarely anything else at the head of a sentence.
_TU_IMPERATIVES = frozenset(
    """viens va fais prends dis écris découvre profite regarde essaie essaye choisis ajoute
    inscris envoie appelle trouve raconte goûte clique tague identifie laisse ose imagine rejoins
    sois aie pense oublie hésite""".split()  # noqa: SIM905
)
_VOUS_IMPERATIVES = frozenset({"dites", "faites", "soyez", "ayez"})
_NOT_EZ = frozenset({"chez", "assez", "nez", "rez"})
_OBJECTS = frozenset({"-nous", "-moi", "-le", "-la", "-les", "-en", "-y", "-lui", "-leur"})


@dataclass(frozen=True)
class RegisterUse:
    """The words of a draft that address the reader as « tu » and as « vous », as written."""

    tu: tuple[str, ...]
    vous: tuple[str, ...]

    @property
    def register(self) -> str | None:
        """'tu', 'vous', 'mixed', or None (the draft does not address its reader)."""
        if self.tu and self.vous:
            return "mixed"
        return "tu" if self.tu else "vous" if self.vous else None


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _vous_verb(word: str) -> bool:
    """A verb in -ez (« Réservez », « Venez »): its lemma is another word (names such as
    « Lopez » and « chez » are their own lemma)."""
    if not word.endswith("ez") or len(word) < 4 or word in _NOT_EZ:
        return False
    return lemmatize(word, lang="fr") != word


def _head_register(word: str, objects: str | None) -> str | None:
    """The register of a verb opening a sentence, alone or with an object (« Dis-nous »)."""
    if objects and objects not in _OBJECTS and objects not in ("-toi", "-vous"):
        return None
    if word in _VOUS_IMPERATIVES or _vous_verb(word):
        return "vous"
    if word in _TU_IMPERATIVES:
        return "tu"
    if objects in _OBJECTS and len(word) >= 3 and not word.endswith(("ons", "ez")):
        return "tu"  # « Raconte-nous », « Fais-le »: an imperative with its object
    return None


def find_register(text: str) -> RegisterUse:
    """The « tu » and « vous » words of a draft's French parts, in reading order, each once."""
    prose = normalize_apostrophes(french_text(text))  # same length: positions kept
    lowered = _NOT_VOUS.sub(_blank, _HIDDEN.sub(_blank, prose.lower()))
    spans: list[tuple[int, int, str]] = []
    for match in _TU.finditer(lowered):
        if match.group() == "ton" and (
            _TONE_NOUN.search(lowered[: match.start()]) or _TONE_AFTER.match(lowered, match.end())
        ):
            continue
        spans.append((match.start(), match.end(), "tu"))
    spans += [(m.start(), m.end(), "vous") for m in _VOUS.finditer(lowered)]
    for match in _SENTENCE_START.finditer(lowered):
        found = _head_register(match.group(1), match.group(2))
        if found:
            spans.append((match.start(1), match.end(), found))
    tu: list[str] = []
    vous: list[str] = []
    seen: set[str] = set()
    last_end = -1
    for start, end, register in sorted(spans):
        if start < last_end:
            continue  # already part of a longer match (« inscris-toi »)
        last_end = end
        written = prose[start:end].strip("-")
        if written.lower() not in seen:
            seen.add(written.lower())
            (tu if register == "tu" else vous).append(written)
    return RegisterUse(tuple(tu), tuple(vous))
