"""Small talk: a message that is only conversation with the bot — thanks, a greeting, a farewell,
"how are you?", a compliment or a laugh, a question about the bot itself — gets a short reply
(prompts/small_talk.yaml), not passages from the guide.

Every clause of the message must be small talk: « Merci! Et pour LinkedIn? » is a question on
the guidance, « Bonne fin de semaine à tous nos clients! » a post. The clause patterns are general
conversational French (Quebec usage included) and English, never taken from evaluation items."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from bot.errors import ConfigError
from bot.french import EMOJI, EMOJI_JOINERS, Language, fold
from bot.yamlfile import load_yaml

Kind = Literal["thanks", "greeting", "farewell", "how_are_you", "compliment", "about"]
KINDS: tuple[Kind, ...] = ("thanks", "greeting", "farewell", "how_are_you", "compliment", "about")
MAX_WORDS = 16  # longer messages say something: never small talk

_MENTION = re.compile(r"<[@#!][^>]*>|(?<!\w)@[\w.-]+")
_CLAUSES = re.compile(r"[!?.,;:…()\"«»*_~\n]+|\s-\s")

# Words that soften a clause without changing what it is (« merci ben gros », "thanks so much").
_FILL_WORDS = (
    r"(?:ben|bien|beaucoup|gros|encore|infiniment|mille fois|vraiment|tellement|donc|la|"
    r"a toi|a vous|a toi aussi|a vous aussi|toi aussi|vous aussi|toi|vous|pour tout|pour ca|"
    r"pour l'aide|pour ton aide|pour votre aide|pour la reponse|pour ta reponse|pour votre "
    r"reponse|pour les conseils|pour tes conseils|pour vos conseils|mon ami|my friend|so much|"
    r"very much|a lot|again|a ton|a bunch|you too|you|to you|for everything|for that|for the "
    r"help|for your help|for the answer|for the tips|for the advice|buddy|man|kilovolt|bot|the "
    r"bot|le bot|le robot|there|everyone|all|tout le monde|la gang|l'equipe|team|today|"
    r"aujourd'hui|lol|haha|hihi|mdr)"
)
_FILL = f"(?: {_FILL_WORDS})*"
_FILLER_ONLY = re.compile(f"^{_FILL_WORDS}{_FILL}$")  # « toi » in « T'es qui, toi? »

_PATTERNS: dict[Kind, re.Pattern[str]] = {
    "thanks": re.compile(
        r"^(?:(?:ok|okay|super|parfait|genial|top|excellent|cool|great|perfect|awesome|nice|"
        r"wow) )*(?:merci|mercii+|thanks|thank you|thank u|thx|ty|tyvm|mille mercis|merci "
        r"mille fois|je te remercie|je vous remercie)" + _FILL + "$"
    ),
    "greeting": re.compile(
        r"^(?:salut|bonjour|bonsoir|bon matin|allo|allô|coucou|hey|hi|hello|yo|good (?:morning|"
        r"afternoon|evening)|re|bon lundi|bonne journee a toi|bonne journee a vous)" + _FILL + "$"
    ),
    "farewell": re.compile(
        r"^(?:(?:bonne|belle|excellente) (?:journee|soiree|fin de semaine|semaine|nuit|"
        r"continuation|fin de journee)|a (?:la )?prochaine|a plus|a\+|a bientot|a demain|bye|"
        r"bye bye|ciao|salut la|see (?:you|ya)(?: later| soon| tomorrow)?|talk (?:to you )?soon|"
        r"take care|have a (?:good|great|nice) (?:day|one|weekend|evening|night|week)|"
        r"good night|bonne nuit)" + _FILL + "$"
    ),
    "how_are_you": re.compile(
        r"^(?:comment (?:ca va|vas-tu|allez-vous)|ca va(?:-tu| bien)?|ca va tu|tu vas bien|"
        r"vous allez bien|quoi de neuf|comment tu vas|how are (?:you|u|ya)(?: doing)?|"
        r"how(?:'s| is) it going|how you doing|what's up|whats up|sup)" + _FILL + "$"
    ),
    "compliment": re.compile(
        r"^(?:(?:lol|haha+|hihi|mdr|ptdr|hehe|ok|wow) )?(?:lol|haha+|hihi|mdr|ptdr|hehe|good bot|"
        r"bon robot|bravo|wow|"
        r"(?:t'es|tu es|vous etes|you're|you are|youre|ur) (?:(?:vraiment|tellement|pas mal|"
        r"tres|trop|full|kinda|kind of|so|very|really|pretty|quite) )*(?:drole|comique|bon|"
        r"bonne|fin|fine|cool|genial|hot|smart|funny|helpful|great|awesome|nice|useful|utile|"
        r"brillant|pas pire|fort|sharp|the best|le meilleur|la meilleure)(?: (?:pour un|pour "
        r"une|for a|for an) (?:bot|robot|ia|ai|machine))?)" + _FILL + "$"
    ),
    "about": re.compile(
        r"^(?:(?:mais|pis|and|so|et|ok) )?(?:qui es[- ]tu|t'es qui|tu es qui|t'es-tu qui|"
        r"qui etes[- ]vous|vous etes qui|c'est quoi (?:ce|le|ton) (?:bot|robot|truc|service)|"
        r"(?:es-tu|t'es-tu|t'es|tu es|etes-vous|are you|r u|you're) (?:un |une |a |an )?"
        r"(?:vrai |vraie |real |actual )?(?:humain|humaine|personne|robot|bot|ia|ai|human|"
        r"person|machine|chatgpt)(?: ou (?:un |une )?(?:humain|humaine|robot|bot|ia|personne)| "
        r"or (?:a |an )?(?:human|bot|robot|ai|person))?|tu es quoi|t'es quoi|"
        r"(?:qu'est-ce que|que) (?:tu peux|vous pouvez|peux-tu|pouvez-vous) faire|"
        r"tu (?:fais|peux faire) quoi|(?:qu'est-ce que|que) tu fais|a quoi tu sers|tu sers a quoi|"
        r"comment (?:ca|tu) (?:marche|fonctionne)s?|comment t'utiliser|aide|help|who are you|"
        r"what are you|"
        r"what (?:can|do) you do|what is this bot|how (?:does this|do you) work|how do i use you)"
        r"(?: (?:toi|vous|donc|au juste|exactement|exactly|again|anyway|pour nous|for us|ici|"
        r"here|la))*$"
    ),
}
# When a message mixes kinds, the reply answers the one that asks most of the bot.
_PRIORITY: tuple[Kind, ...] = (
    "about",
    "how_are_you",
    "thanks",
    "compliment",
    "farewell",
    "greeting",
)
_ACK_WORDS = (
    r"(?:ok|okay|k|d'accord|dac|parfait|super|genial|cool|top|excellent|nice|great|perfect|"
    r"awesome|noted|got it|compris|c'est beau|c'est bon|c'est note|c'est clair|c'est parfait|"
    r"c'est super|c'est super clair|ca marche|ca me va|bien recu|entendu|sounds good|makes sense|"
    r"will do|all good|that helps|ca m'aide|tres clair|super clair|tres utile|super utile)"
)
_ACK = re.compile(f"^{_ACK_WORDS}(?: {_ACK_WORDS})*{_FILL}$")  # « ok parfait c'est noté »


def _normalised(text: str) -> str:
    """Folded, without mentions and emoji, apostrophes made plain."""
    text = _MENTION.sub(" ", text)
    text = EMOJI.sub(" ", text).translate({ord(c): None for c in EMOJI_JOINERS})
    return fold(text)


def small_talk(text: str) -> Kind | None:
    """The kind of small talk `text` is, or None when it says or asks anything else."""
    body = _normalised(text)
    if not body.strip() or len(body.split()) > MAX_WORDS:
        return None
    found: set[Kind] = set()
    for clause in _CLAUSES.split(body):
        clause = re.sub(r"\s+", " ", clause).strip(" -'")
        if not clause or _FILLER_ONLY.match(clause):
            continue
        kind = next((k for k in KINDS if _PATTERNS[k].match(clause)), None)
        if kind is None and _ACK.match(clause):
            kind = "thanks"  # « ok parfait », "got it": acknowledged like thanks
        if kind is None:
            return None
        found.add(kind)
    return next((k for k in _PRIORITY if k in found), None)


@lru_cache(maxsize=4)
def load_replies(prompts_dir: Path) -> dict[str, dict[str, str]]:
    """The replies per kind and language, from `prompts_dir/small_talk.yaml`."""
    path = prompts_dir / "small_talk.yaml"
    try:
        replies = load_yaml(path.read_text(encoding="utf-8"))["replies"]
        assert all(set(replies[k]) >= {"fr", "en"} for k in KINDS)
    except (OSError, KeyError, TypeError, AssertionError, yaml.YAMLError) as exc:
        raise ConfigError(
            f"cannot load small-talk replies from {path}: {type(exc).__name__}"
        ) from exc
    return replies


def small_talk_reply(kind: Kind, lang: Language, prompts_dir: Path) -> str:
    """The reply to one kind of small talk, in the user's language."""
    return load_replies(prompts_dir)[kind][lang]
