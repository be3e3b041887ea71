"""Explained: whether a rival entry's phrasings hold every character of the question the best entry's do, and more.

In a small base (entries of a few short phrasings: what a bot author writes), a keyword alternate the question
holds whole (邮费 of 退回去邮费谁付, the shipping-fee entry's) scores its entry high, while a rival whose phrasings
hold that keyword and more of the question besides (退货邮费: 退 as well) scores a little lower for its longer
phrasings. The rival then accounts for all of the question that the best does and for more of it: the best is
not what was asked with confidence, and the decision offers both (``decision.decide``). Characters are compared
as sound keys, as the index holds them, so that a homophone typo counts as its character. Every character counts,
not only those of the question's content words: the general dictionary takes 暂停 of 会员卡能暂停吗 for a function
word. A follow-up is not asked: alone it holds little of what it asks, and a
homophone (那 of 那签证呢, 拿 of 多久能拿到) may tip it.
"""

from __future__ import annotations

from ..normalize import sound_key
from .index import Index, PerEntry


def _gather(index: Index, owner: int) -> frozenset[str]:
    """The characters, as sound keys, of entry ``owner``'s phrasings."""
    return frozenset().union(*(index.key(phrasing) for phrasing in range(
        index.first_phrasing[owner], index.first_phrasing[owner + 1])))


_written = PerEntry(_gather)


def held(index: Index, text: str, owner: int) -> frozenset[str]:
    """The characters of normalized ``text``, as sound keys, that some phrasing of entry ``owner`` holds (empty
    for an entry the index does not hold)."""
    if not 0 <= owner < len(index.entries):
        return frozenset()
    return frozenset(sound_key(text)) & _written(index, owner)


def outheld(index: Index, text: str, best: int, rival: int) -> bool:
    """True when entry ``rival``'s phrasings hold every character of normalized ``text`` that entry ``best``'s
    hold, and at least one more (as sound keys); False otherwise, and when ``best``'s hold none."""
    mine = held(index, text, best)
    return bool(mine) and mine < held(index, text, rival)
