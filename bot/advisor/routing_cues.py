"""The cues DM routing reads (routing.py): word patterns of posts, of questions to the advisor and
of turns of the conversation, in French and English, and the sizes that set a line apart."""

from __future__ import annotations

import re

from bot.advisor.framing import EDIT_WORDS
from bot.french import EMOJI_JOINERS, EMOJI_RANGES

GREETING = re.compile(
    r"^\s*(salut|bonjour|bonsoir|allo|allô|coucou|hey|hi|hello|yo|merci( beaucoup| bien)?|"
    r"thanks?( a lot| you)?|thx|ok|okay|parfait|super|great|cool|perfect|wow|oh|ah|génial|"
    r"genial|awesome|bon matin|bonne journ[ée]e|bon (?:lundi|mardi|mercredi|jeudi|vendredi)|"
    r"good (?:morning|afternoon|evening))\b[\s,!.:;…-]*",
    re.IGNORECASE,
)
QUESTION_WORD = re.compile(
    r"^(comment|pourquoi|quoi|quel(le)?s?|quand|combien|est[- ]ce|est[- ]il|y a[- ]t[- ]il|"
    r"c['’]est quoi|qu['’]est[- ]ce|lequel|laquelle|devrais|devrait|dois|doit|faut[- ]il|"
    r"peut[- ]on|peux[- ]tu|pouvez[- ]vous|penses[- ]tu|tu peux|tu pourrais|pourrais[- ]tu|"
    r"pourriez[- ]vous|how|what|why|when|where|which|who|"
    r"should|could|can|do|does|did|is|are|would|will|any)\b",
    re.IGNORECASE,
)
# The writer asking about their own business (« on devrait », « should we »), in any position.
SELF_QUESTION = re.compile(
    r"\b(on devrait|on doit|on peut|on fait quoi|on fait comment|je devrais|je dois|je peux|"
    r"nous devrions|est[- ]ce qu['’](on|il|elle|un|une)|c(['’]est| tu| tu|'tu) correct|"
    r"should (we|i)|can (we|i)|do (we|i)|is it (worth|ok|okay|true|better)|"
    r"vaut la peine|worth it|tu penses|vous pensez|what do you|qu['’]en penses?|"
    r"qu['’]est[- ]ce (?:que|qu['’]) ?(?:je|j['’]|on)|"
    r"(?:comment|quoi) (?:je|j['’]|on) (?:fai|devr|peu|doi)|"
    # the colloquial inverted question: « je l'annonce comment », « on écrit ça comment »
    r"(?:je|j['’]|on) (?:l['’]|le |la |les )?\w+(?: ça| ca)? comment|"
    r"what (?:do|should|can) (?:i|we) do)\b",
    re.IGNORECASE,
)
# A request for the advisor to produce something (« écris-moi un texte pour… », "give me three
# ideas"): nothing is pasted to critique, whatever the request describes.
REQUEST = re.compile(
    r"^(?:peux[- ]tu |pourrais[- ]tu |tu peux |can you |could you |please )?"
    r"(?:donne|[ée]cris|r[ée]dige|propose|sugg[èe]re|trouve|fais|pr[ée]pare|compose|invente)"
    r"[- ](?:moi|nous)\b|"
    r"^(?:peux[- ]tu|pourrais[- ]tu|tu peux|tu pourrais|pouvez[- ]vous|pourriez[- ]vous) "
    r"(?:me |m['’]|nous )(?:aider|donner|[ée]crire|r[ée]diger|proposer|sugg[ée]rer|trouver|faire|"
    r"pr[ée]parer|composer|inventer|pondre|monter|sortir|planifier)\b|"
    r"^(?:can|could) you help (?:me|us)\b|"
    r"^(?:can you |could you |please )?(?:give|write|draft|suggest|find|make) (?:me|us)\b|"
    r"^(?:can|could) you (?:write|draft|suggest|come up with|prepare)\b|"
    # a need for content the advisor can produce (« j'ai besoin de 5 idées de posts… »)
    r"^(?:j['’]ai besoin|on a besoin|nous avons besoin|je cherche|on cherche|je voudrais|"
    r"j['’]aimerais|i need|we need|i['’]m looking for|we['’]re looking for)\b(?:\s+\S+){0,3}?"
    r"\s+(?:id[ée]es?|suggestions?|textes?|posts?|publications?|publis?|l[ée]gendes?|captions?|"
    r"ideas?|slogans?|bio|calendrier|calendar)\b",
    re.IGNORECASE,
)
# Asked to edit (framing.py's words) or judge a text, a request is about a pasted draft
# (« écris-moi une meilleure version », « fais-moi une critique de ce post »).
ABOUT_A_TEXT = re.compile(
    rf"\b({EDIT_WORDS}|meilleure version|better version|r[ée][ée]cri\w*|rewrite|fix|critiqu\w*|"
    r"avis|feedback|review|relis\w*|relire|commentaires?)\b",
    re.IGNORECASE,
)
# Someone else's words quoted to ask how to answer them (« Un client a écrit ça en commentaire »):
# two of a reaction, someone outside the business, and a verb of writing or leaving.
REACTION = re.compile(r"\b(commentaires?|comments?|avis|reviews?|plaintes?|complaints?)\b", re.I)
OUTSIDER = re.compile(
    r"\b(quelqu['’]un|un client|une cliente|des clients|un abonn[ée]e?|une abonn[ée]e|"
    r"someone|somebody|a customer|a client|a follower|une personne|un gars|une madame)\b",
    re.IGNORECASE,
)
WROTE = re.compile(
    r"\b(a [ée]crit|a laiss[ée]|a mis|a publi[ée]|a comment[ée]|m['’]a envoy[ée]|a r[ée]pondu|"
    r"wrote|left|posted|commented|sent)\b",
    re.IGNORECASE,
)
# Thanks to the advisor: thanks with the advisor in the singular (« merci pour tes commentaires »,
# « merci quand même pour ton aide », "thanks for your feedback"), thanks for what an advisor
# gives (« merci pour les conseils »), or a word on how useful it was ("that was helpful").
THANKS_TO_ADVISOR = re.compile(
    r"\b(?:merci|thanks?|thank you|thx)\b(?!\s+(?:à|a|to)\b)"  # not « merci à toi, Marie »
    r"(?:[^.!?\n]{0,40}?\b(?:ton|ta|tes|toi|t['’]|tu)\b|"
    r"[^.!?\n]{0,20}?\byour (?:help|advice|feedback|tips?|input)\b|"
    # thanks for what an advisor gives (readers are thanked for coming, buying, their patience)
    r"\s+(?:pour|for) (?:les|la|le|l['’]|the|this|that|all the)\s?(?:\w+ )?"
    r"(?:conseils?|infos?|informations?|r[ée]ponses?|explications?|suggestions?|id[ée]es?|"
    r"trucs|tips?|advice|help|feedback|answers?|ideas|pointers|input)\b)|"
    r"\b(?:that|this|it) (?:was|is|'s|’s) (?:\w+ )?(?:helpful|useful)\b|"
    r"\b(?:that|this) helps\b|[çc]a m['’]aide\b|c['’]est (?:\w+ )?(?:utile|aidant)\b",
    re.IGNORECASE,
)
# A post signed by its business or author on its last line (« — L'équipe de Boussole »).
SIGN_OFF = re.compile(
    r"^\s*(?:[—–]\s*\S|(?:toute )?l['’][ée]quipe\b|the [\w&' -]{1,40} team\W*$|"
    r"(?:sign[ée]|signed)\s*[:,])",
    re.IGNORECASE,
)
# …or at the end of its last sentence (« … pas de compte du tout. — L'équipe de Boussole »).
SIGNED_END = re.compile(
    r"[—–-]\s*(?:toute\s+)?l['’][ée]quipe\b[^\n.!?]{0,60}$|[—–-]\s*the [\w&' -]{1,40} team\W*$",
    re.IGNORECASE,
)
# At most this many words after a greeting or thanks, with nothing for readers in them, are a
# reply in the conversation (« Parfait merci, je vais essayer ça », "thanks, that's helpful").
MAX_REPLY_WORDS = 8
# Words addressed to readers: « vous », or thanks to someone (« merci à tous », « pour votre… »).
TO_READERS = re.compile(r"\b(vous|votre|vos)\b|^\s*(à|aux|a|to|pour|for)\b", re.IGNORECASE)
TO_FOLLOWERS = re.compile(
    r"\b(et vous|et toi|vous aussi|dites[- ]nous|racontez[- ]nous|what about you|and you|"
    r"tell us|let us know|in the comments|en commentaire)\b",
    re.IGNORECASE,
)
RHETORICAL = re.compile(r"^(saviez[- ]vous|le saviez[- ]vous|did you know|qui a devin)", re.I)
# Invitations and announcements addressed to an audience (general verbs, either language).
INVITE = re.compile(
    r"^(venez|passez|d[ée]couvrez|profitez|r[ée]servez|commandez|essayez|suivez|rejoignez|"
    r"inscrivez|[ée]crivez|appelez|visitez|goûtez|gouttez|come|visit|join|meet|shop|book|"
    r"order|try|discover|follow|grab|save|get)\b",
    re.IGNORECASE,
)
ANNOUNCE = re.compile(
    r"\b(nouveau|nouvelle|de retour|ferm[ée]e?s?|ouvert|ouverture|bienvenue|merci à|merci de|"
    r"fête|anniversaire|portes ouvertes|on cherche|nous cherchons|on embauche|now open|is back|"
    r"we['’]re|we are|we just|our team|our new|thank you for|welcome|hiring|closed|new)\b",
    re.IGNORECASE,
)
DETAIL = re.compile(
    r"\d+\s*(?:%|\$|(?:h|am|pm)\b)|\$\s*\d+|"
    r"\b(ce|cette|this) (week-end|fin de semaine|weekend)\b|"
    r"\b\d{1,2}\s*(janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|"
    r"octobre|novembre|décembre|decembre)\b|"
    r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
# A question put to a crowd (« qui vient? », "who's in?"): nobody asks an advisor "who" about
# their own post unless they, or a modal, are in it (« qui devrait gérer nos pages? »).
CROWD = re.compile(r"^(qui|who)\b", re.IGNORECASE)
CROWD_NOT = re.compile(
    r"\b(je|j['’]|me|m['’]|moi|on|nous|devrait|devrais|doit|dois|faut|peut|peux|i|me|my|we|our|"
    r"should|could|can|must)\b",
    re.IGNORECASE,
)
# A command to the reader about the reader's own things (« partagez vos… », "drop your…").
AUDIENCE_COMMAND = re.compile(
    r"^(?!(?:what|how|why|when|where|which|who|should|could|can|do|does|did|is|are|would|will|"
    r"tell me|show me|give me)\b)[a-z]+(?:-(?:nous|moi))?\s+(?:\w+\s+)?(?:your|vos|votre)\b"
)
# A question in the formal second person after statements: the post asks its readers (« Vous
# en pensez quoi? »), unless it is a request to the advisor (« pouvez-vous m'aider? »).
VOUS = re.compile(r"\bvous\b|\b\w+ez\b", re.IGNORECASE)
VOUS_REQUEST = re.compile(
    r"\b(pouvez|pourriez|sauriez|savez|conseillez|recommandez|suggerez)\b|\bpensez[- ]vous qu|"
    r"\bvous pensez qu"
)
# The message refers to the advisor's own earlier reply (« pourquoi tu dis… », "you said…").
ADVISOR_REPLY = re.compile(
    r"\b(tu (dis|disais|as dit|m['’]as|m['’]avais|nous as|nous avais|me dis|conseilles|"
    r"recommandes|sugg[èe]res)|comme tu (?:dis|disais|l['’]as dit|me l['’]as dit)|"
    r"you (?:told|showed|gave) (?:me|us)|as you (?:said|suggested)|like you (?:said|suggested)|"
    r"ta (critique|r[ée]ponse|suggestion)|ton (conseil|avis de tant[ôo]t)|"
    r"you (said|suggested|recommended|mentioned)|your (advice|feedback|critique|answer))\b",
    re.IGNORECASE,
)
TAIL_MARGIN = 3  # how clearly the block above a short last question must read as a post
MAX_HEAD_CHARS = 120  # a line set apart above a block: a request, not the post's first line
MIN_BLOCK_CHARS = 15
HASHTAG = re.compile(r"(?<![\w&])#\w")
TRAILER = re.compile(rf"(\s|#\w+|[{EMOJI_RANGES}{EMOJI_JOINERS}])+$")
# A passage in quotation marks long enough to be a post (« On répare… Apportez-le! »), not a
# slogan quoted inside a question (« Venez nous voir! »).
QUOTED = re.compile(r"[«“\"]([^»”\"]{40,})[»”\"]")
QUOTED_WORDS = 8
QUOTATION = re.compile(r"[«“\"][^»”\"]*[»”\"]")  # any passage in quotation marks
# The writer speaking as « je » or to the advisor as « tu »: a question from the writer.
SINGULAR = re.compile(
    r"\b(je|j['’]|me|m['’]|moi|mon|ma|mes|tu|te|t['’]|toi|ton|ta|tes|i|my|me)\b", re.IGNORECASE
)
LIST_LINE = re.compile(r"^\s*(\d+[.)]|[-•*])\s+\S", re.MULTILINE)
SENTENCE = re.compile(r"[.!?…]+(?:\s|$)")
