"""The tables a large base's bounds read (``bounds.ScoreBounds``), made from the phrasing postings once the index
has them: the entry postings (per term, the entries holding it and in how many of their phrasings) and, per IDF
level of ``COMMON_LEVELS``, each phrasing's weight in terms at most that common. Plain arrays, what the cache
stores beside the index; numpy makes them."""

from __future__ import annotations

from array import array
from collections.abc import Mapping

from .postings import Postings

COMMON_LEVELS = (0.5, 0.8, 1.0, 1.3, 1.7, 2.2)
"""IDF levels at which each phrasing's weight in terms at most that common is kept (see ``candidates``)."""


def entry_postings(postings: Postings, owner: array[int], first_phrasing: array[int],
                   total: int) -> tuple[array[int], array[int], array[int]]:
    """The entry postings of ``postings`` (each term's phrasings in phrasing order, so by entry; ``owner``: each
    phrasing's entry; ``first_phrasing``: each entry's first phrasing, then their count; ``total``: how many
    entries hold each term, summed over the terms): ``(starts, owners, counts)``, term number k's entries in
    ``owners[starts[k]:starts[k + 1]]``, each beside how many of its phrasings hold the term in ``counts``, all
    terms' in two arrays (one per term would take hundreds of MB more while the cache is written)."""
    import numpy as np

    entries = len(first_phrasing) - 1
    most_phrasings = max((first_phrasing[o + 1] - first_phrasing[o] for o in range(entries)), default=0)
    # 2 bytes an entry posting while the entry places fit (``plain_data.all_below`` checks them fast below 2^15)
    entry_owners = array("H" if entries <= 1 << 15 else "i", [0]) * total
    entry_counts = array("B" if most_phrasings < 1 << 8 else "H" if most_phrasings < 1 << 16 else "I", [0]) * total
    owners_of = np.frombuffer(owner, dtype=np.int32)
    owners = np.frombuffer(entry_owners, dtype=entry_owners.typecode)
    counts = np.frombuffer(entry_counts, dtype=entry_counts.typecode)
    start = 0
    starts = [0]
    for posting in postings.values():
        held_by = owners_of[np.frombuffer(posting, dtype=np.int32)]
        changes = np.flatnonzero(held_by[1:] != held_by[:-1]) + 1
        end = start + len(changes) + 1
        owners[start:end] = held_by[np.concatenate(([0], changes))]
        counts[start:end] = np.diff(np.concatenate(([0], changes, [len(held_by)])))
        starts.append(end)
        start = end
    return array("q", starts), entry_owners, entry_counts


def common_weights(idf: Mapping[str, float], postings: Postings, phrasings: int) -> list[array[float]]:
    """Per IDF level (``COMMON_LEVELS``), each of the ``phrasings`` phrasings' weight in terms at most that common
    (``idf``: each term's; ``postings``: the phrasings holding it), rounded up to float32."""
    import numpy as np

    common = np.zeros(phrasings)
    levels: list[array[float]] = []
    by_idf = sorted((weight, term) for term, weight in idf.items() if weight <= COMMON_LEVELS[-1])
    position = 0
    for level in COMMON_LEVELS:
        while position < len(by_idf) and by_idf[position][0] <= level:
            weight, term = by_idf[position]
            common[np.frombuffer(postings[term], dtype=np.int32)] += weight
            position += 1
        # Rounded up to float32: a bound must not lose what rounding would take off
        levels.append(array("f", np.nextafter(common.astype(np.float32), np.float32(np.inf)).tobytes()))
    return levels
