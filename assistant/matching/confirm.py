"""Answer confirmation: whether an entry's answer says a word of the question that its phrasings never do.

A small base's entry has a few short phrasings; its answer often names the very thing a question asks in other
words (春节休息吗: 节假日照常营业，春节除夕和初一休息; 发票抬头哪里填: …提供抬头和税号). Counted as a weaker
phrasing, the answer lifted wrong entries as often as right ones (an answer mentions much in passing); read
only to confirm an entry already standing clear of every other, it tells which of the two kinds of lead a
small base's entry has when its phrasings alone cannot corroborate it (``signals.corroborates``).

A word confirms when it is a word of the question as the general dictionary cuts it (two characters or more,
no function word: 能用 of 能用花呗吗 spans two words, 可以 is a function word), none of the entry's phrasings
holds any two adjacent characters of it side by side, and the entry's answer holds it whole (compared on sound
keys, so that a homophone typo counts as its word), while no other entry's answer does: a word every answer
shares (前台) says nothing of which entry was meant.
"""

from __future__ import annotations

from ..normalize import sound_key
from .index import Index
from .words import chinese_words, dictionary


def confirming_words(index: Index, text: str, owner: int) -> list[str]:
    """The words of normalized ``text`` that entry ``owner``'s answer holds, that no other entry's answer holds
    and that none of its phrasings holds any two adjacent characters of (see the module's docstring), in the
    order the question says them. Empty when the entry has no answer or there is none."""
    answers = index.answer_keys
    if owner >= len(answers) or not answers[owner]:
        return []
    table = dictionary()
    own = [index.key(p) for p in range(index.first_phrasing[owner], index.first_phrasing[owner + 1])]
    pairs = {key[i:i + 2] for key in own for i in range(len(key) - 1)}
    found = []
    for _, word in chinese_words(text, table):
        if len(word) < 2 or table.function_word(word):
            continue
        key = sound_key(word)
        if (key in answers[owner]
                and not any(key[i:i + 2] in pairs for i in range(len(key) - 1))
                and not any(key in other for place, other in enumerate(answers) if place != owner)):
            found.append(word)
    return found
