"""A minimal bot keeping one conversation per user: each line of standard input is ``user<TAB>message``.

    $ printf 'ann\t微粒贷逾期了该怎么办\nbob\t客服电话\nann\t那延期呢？\n' | python examples/bot.py
    $ python examples/bot.py my-faq.yaml < messages.tsv     # your own knowledge base, in the same YAML format
"""

import sys

from assistant.cache import load_matcher
from assistant.conversation import next_context

matcher = load_matcher(sys.argv[1] if len(sys.argv) > 1 else None)  # None: the bundled one; cached after a load
contexts: dict[str, str | None] = {}  # user → the entry answered last, so that 那延期呢？ is read with it
for line in sys.stdin:
    user, _, message = line.rstrip("\n").partition("\t")
    reply = matcher.reply(message, previous=contexts.get(user))
    contexts[user] = next_context(contexts.get(user), reply)
    print(f"[{user}] {reply.text}")  # the answer, the numbered "您是不是想问…" suggestions, or the fallback
    for entry in reply.follow_ups:
        print(f"  相关问题：{entry.question}")
    print(flush=True)
