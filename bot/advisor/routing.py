"""DM routing from the whole message: a post draft to critique, a question to answer, or unsure.

A draft speaks to an audience (invitations in the imperative, news in the first person plural,
dates and prices, hashtags, a question to followers); a question speaks to the advisor (question
words, « on devrait / should we », a request to « tu / you »). Greetings and thanks are set aside
first, and a framing line (« Voici mon brouillon : ») decides on its own. The rules' margin is then
combined with a routing model learnt over whole messages (vector_models.py) when it can run.
A turn of the conversation (thanks, a request that the advisor write something, a reply about its
last answer), like a framing line, decides on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bot.advisor import routing_cues as cue
from bot.advisor.framing import platform_named, split_framing
from bot.advisor.signals import in_domain
from bot.french import EMOJI, EMOJI_JOINERS, LINK, fold, words

if TYPE_CHECKING:
    from bot.advisor.vector_models import VectorJudge

Route = Literal["critique", "answer", "ask"]

# Within this distance of the routing model's threshold, the bot asks with two buttons. Chosen by
# a nested leave-one-set-out run of the model's recipe over the 446 seen routing messages (framing
# lines first): 434 right at 0, 433 with 3 asked at 0.1 (the rules: 431, 3 asked), 428 with 9
# asked at 0.2. Asking costs the user one click, a wrong route a useless reply.
ASK_BAND = 0.1


@dataclass
class RoutingEvidence:
    """Points for each side and the cues behind them (for logs and tests)."""

    draft: int = 0
    question: int = 0
    cues: list[str] = field(default_factory=list)

    def add(self, side: Literal["draft", "question"], points: int, why: str) -> None:
        """Count `points` for `side`, remembering why."""
        setattr(self, side, getattr(self, side) + points)
        self.cues.append(f"{side}+{points}:{why}")


def strip_greeting(text: str) -> str:
    """The message without a leading greeting or thanks (« Salut 👋 », « Merci! »)."""
    body = text.strip()
    for _ in range(2):
        match = cue.GREETING.match(body)
        if not match:
            break
        rest = EMOJI.sub("", body[match.end() :]).lstrip(f" ,!.:;…-\n{EMOJI_JOINERS}")
        if rest == body:
            break
        body = rest
    return body


def head_and_block(body: str, prompts_dir: Path | None = None) -> tuple[str, str] | None:
    """A short first line set apart from a block below it: by a blank line, by a closing colon,
    or because the line only names a network (« pour Instagram »). None otherwise."""
    head, newline, block = body.strip().partition("\n")
    head, block = head.strip(), block.strip()
    if not newline or len(head) > cue.MAX_HEAD_CHARS or len(block) < cue.MIN_BLOCK_CHARS:
        return None
    blank = body.strip()[len(head) :].lstrip(" \t").startswith("\n\n")
    colon = head.endswith(":")
    network = (
        prompts_dir is not None
        and len(words(head)) <= 4
        and platform_named(head, prompts_dir) is not None
    )
    return (head, block) if blank or colon or network else None


def block_and_tail(body: str) -> tuple[str, str] | None:
    """A block, then a short last line set apart by a blank line (« …\n\nc'est correct de même? »).
    None otherwise."""
    block, blank, tail = body.strip().rpartition("\n\n")
    block, tail = block.strip(), tail.strip()
    if (
        not blank
        or "\n" in tail
        or len(tail) > cue.MAX_HEAD_CHARS
        or len(block) < cue.MIN_BLOCK_CHARS
    ):
        return None
    return block, tail


def _post_above_tail(body: str) -> bool:
    """A block that clearly reads as a post, above a short last line set apart (block_and_tail)."""
    parts = block_and_tail(body)
    if parts is None:
        return False
    above = routing_evidence(parts[0], part=True)
    return above.draft - above.question >= cue.TAIL_MARGIN


def _short_reply(text: str, body: str) -> bool:
    """A few words after thanks or an « ok » (« Parfait merci, je vais essayer ça », "thanks,
    that's super helpful"): the writer speaking to the advisor, not a post. Not when they speak
    to readers (« Merci à tous nos clients! », « merci de votre patience »)."""
    plain = LINK.sub(" ", body)
    return (
        body != text.strip()
        and len(words(body)) <= cue.MAX_REPLY_WORDS
        and not cue.TO_READERS.search(fold(body))
        and not (cue.HASHTAG.search(body) or LINK.search(body) or cue.DETAIL.search(body))
        and not (cue.INVITE.match(plain.strip()) or cue.ANNOUNCE.search(plain))
    )


def _asks_crowd(sentence: str) -> bool:
    """« Qui a faim? », "Who's coming?": a question to many, not to the advisor."""
    s = sentence.strip()
    return bool(cue.CROWD.match(s)) and s.endswith("?") and not cue.CROWD_NOT.search(s)


def routing_evidence(
    text: str, prompts_dir: Path | None = None, part: bool = False
) -> RoutingEvidence:
    """Score a DM (framing already handled) for draft vs question. `part=True`: a part of a DM
    (the block below a line set apart, above a last line, or in quotation marks) read on its own
    words, never split again, so that a DM of many short paragraphs is read in linear time."""
    evidence = RoutingEvidence()
    body = strip_greeting(text)
    if not body:  # only a greeting or thanks: conversation, not a post
        evidence.add("question", 3, "greeting only")
        return evidence
    if _short_reply(text, body):
        evidence.add("question", 3, "a short reply after a greeting or thanks")
    parts = None if part else head_and_block(body, prompts_dir)
    opening = parts[0] if parts else re.split(r"[«“\"]", body, maxsplit=1)[0]
    reaction = sum(bool(x.search(opening)) for x in (cue.REACTION, cue.OUTSIDER, cue.WROTE)) >= 2
    if reaction and (parts or cue.QUOTED.search(body)):
        evidence.add("question", 3, "quotes someone's comment or review to answer it")
    elif parts:
        block = routing_evidence(parts[1], part=True)
        if block.draft >= block.question:
            evidence.add("draft", 3, "a line set apart above a block that reads as a post")
            if parts[0].rstrip().endswith("?"):  # « Est-ce correct pour Facebook? » above it
                evidence.add("draft", 3, "a question about the post below it")
    quoted = [q for q in cue.QUOTED.findall(body) if len(words(q)) >= cue.QUOTED_WORDS]
    if quoted and not part and not reaction and routing_evidence(quoted[0], part=True).draft >= 1:
        evidence.add("draft", 3, "a quoted post")
    if not part and not reaction and _post_above_tail(body):
        evidence.add("draft", 3, "a short question about the post above it")
    plain = LINK.sub(" ", body)
    first = plain.strip().splitlines()[0].strip()
    sentences = [s for s in cue.SENTENCE.split(plain) if s and s.strip()]
    questions = [q.strip() + "?" for q in re.findall(r"[^.!?…\n]+\?", plain)]
    tail = cue.TRAILER.sub("", plain)  # without closing hashtags and emoji
    ends_with_question = tail.endswith("?")
    last = questions[-1] if questions else ""
    to_readers = (
        ends_with_question
        and bool(cue.VOUS.search(fold(last)))
        and not cue.VOUS_REQUEST.search(fold(last))
        and not cue.SELF_QUESTION.search(plain)
        # after statements, or about something other than the advisor's subject, from nobody
        # in particular (« Quelle saveur vous manque le plus? »)
        and (len(sentences) >= 3 or not (in_domain(plain) or cue.SINGULAR.search(plain)))
    )
    # A crowd question counts with a post around it: another sentence, an emoji or a hashtag.
    dressed = len(sentences) >= 2 or bool(EMOJI.search(body) or cue.HASHTAG.search(plain))
    crowd = dressed and any(_asks_crowd(q) for q in questions)
    if (cue.TO_FOLLOWERS.search(plain) and not reaction) or to_readers or crowd:
        evidence.add("draft", 3, "asks the followers")
    if any(cue.AUDIENCE_COMMAND.match(fold(s.strip())) for s in sentences):
        evidence.add("draft", 2, "tells the readers what to do with their own things")
    if cue.ADVISOR_REPLY.search(plain):
        evidence.add("question", 3, "refers to the advisor's earlier reply")
    if cue.REQUEST.match(fold(first)):
        evidence.add("question", 3, "asks the advisor to write or find something")
    lines = [line for line in plain.strip().splitlines() if line.strip()]
    if (len(lines) >= 2 and cue.SIGN_OFF.match(lines[-1])) or cue.SIGNED_END.search(plain):
        evidence.add("draft", 2, "signed by its business or author")
    if cue.RHETORICAL.match(fold(first)):
        evidence.add("draft", 2, "rhetorical opening")
    if cue.INVITE.match(first) or any(cue.INVITE.match(s.strip()) for s in sentences[1:]):
        evidence.add("draft", 2, "invitation")
    if cue.ANNOUNCE.search(plain):
        evidence.add("draft", 1, "announcement")
    if cue.DETAIL.search(plain):
        evidence.add("draft", 1, "dates, hours or prices")
    if cue.HASHTAG.search(plain) and not ends_with_question:
        evidence.add("draft", 1, "hashtags")
    listed = [line for line in plain.splitlines() if cue.LIST_LINE.match(line)]
    if sum(line.rstrip().endswith("?") for line in listed) >= 2:
        evidence.add("question", 3, "a list of questions")
    elif len(listed) >= 2:
        evidence.add("draft", 1, "a list")
    if plain.count("!") >= 2 or (len(sentences) >= 2 and not ends_with_question):
        evidence.add("draft", 1, "several statements")
    asks = (
        cue.QUESTION_WORD.match(fold(first))
        and not cue.RHETORICAL.match(fold(first))
        and not (crowd and _asks_crowd(first))
    )
    if asks:
        evidence.add("question", 2, "question word")
    elif not ends_with_question and not cue.SELF_QUESTION.search(plain):
        evidence.add("draft", 1, "a statement, not a question")
    if cue.SELF_QUESTION.search(plain):
        evidence.add("question", 2, "asks about their own business")
    if ends_with_question and not (cue.TO_FOLLOWERS.search(plain) or to_readers or crowd):
        evidence.add("question", 2 if len(sentences) <= 2 else 1, "ends with a question")
    if LINK.search(body) and ends_with_question:
        evidence.add("question", 1, "asks about a link")
    return evidence


def _quoted_out(text: str) -> str:
    """`text` without its passages in quotation marks (a quoted post may thank its readers)."""
    return cue.QUOTATION.sub(" ", text)


def asks_to_write(text: str) -> bool:
    """A request that the advisor write, find or prepare something (« Écris-moi un texte pour
    annoncer qu'on ferme lundi », « Peux-tu me préparer une publication pour ça : » above the
    facts), not an edit or a judgement of a text: nothing is pasted to critique."""
    body = strip_greeting(text)
    first = LINK.sub(" ", body).strip().splitlines()[0].strip() if body else ""
    return bool(cue.REQUEST.match(fold(first))) and not cue.ABOUT_A_TEXT.search(first)


def conversation_turn(text: str, prompts_dir: Path | None = None) -> str | None:
    """Why `text` is a turn of the conversation with the advisor rather than a post, or None:
    only a greeting or thanks; a few words after thanks; a request to write something
    (asks_to_write); with no post set apart or quoted, thanks to the advisor or a message about
    its earlier reply."""
    body = strip_greeting(text)
    if not body:
        return "greeting only"
    if _short_reply(text, body):
        return "a short reply after a greeting or thanks"
    if asks_to_write(text):
        return "asks the advisor to write or find something"
    pasted = (
        head_and_block(body, prompts_dir)
        or _post_above_tail(body)
        or any(len(words(q)) >= cue.QUOTED_WORDS for q in cue.QUOTED.findall(body))
    )
    if pasted:  # « Merci d'avance pour tes commentaires! » below a post: about the post
        return None
    if cue.THANKS_TO_ADVISOR.search(_quoted_out(text)):
        return "thanks the advisor"
    if cue.ADVISOR_REPLY.search(body):
        return "refers to the advisor's earlier reply"
    return None


def route_message(text: str, prompts_dir: Path, draft_model: VectorJudge | None = None) -> Route:
    """'critique' for a post draft, 'answer' for a question, 'ask' when the message is ambiguous.

    A request to write something decides first, then a framing line, then any other turn of
    the conversation (conversation_turn). Then, with `draft_model` (the routing model of
    vector_models.py), its probability combined with the rules' margin decides, asking when it
    falls within ASK_BAND of the threshold; without it, or when the local model cannot run, the
    rules' margin alone."""
    if asks_to_write(text):  # before the framing: « Peux-tu me rédiger une publication : » + facts
        return "answer"
    if split_framing(text, prompts_dir).framing:
        return "critique"
    if conversation_turn(text, prompts_dir):
        return "answer"
    evidence = routing_evidence(text, prompts_dir)
    margin = evidence.draft - evidence.question
    probability = draft_model.probability(text) if draft_model is not None else None
    if draft_model is not None and probability is not None:
        model = draft_model.model
        decision = model.decision_probability(probability, float(margin))
        if decision >= model.threshold + ASK_BAND:
            return "critique"
        if decision <= model.threshold - ASK_BAND:
            return "answer"
        return "ask"
    if margin >= 1:
        return "critique"
    if margin <= -1:
        return "answer"
    return "ask"
