"""A minimal bot: read one message per line from standard input, print each reply with its suggestions.

    $ printf '微粒贷客服电话是多少\n怎么还款\n' | python examples/bot.py
    $ python examples/bot.py my-faq.yaml        # your own knowledge base, in the same YAML format
"""

import sys

from assistant import Matcher, load_knowledge

matcher = Matcher(load_knowledge(sys.argv[1] if len(sys.argv) > 1 else None))  # None: the bundled one
previous = None  # the entry answered last, so that a short follow-up (那延期呢？) is understood
for message in sys.stdin:
    reply = matcher.reply(message.strip(), previous=previous)
    print(reply.text)  # the answer, the numbered "您是不是想问…" suggestions, or the fallback
    for entry in reply.follow_ups:
        print(f"  相关问题：{entry.question}")
    previous = reply.entry.id if reply.status == "answer" and reply.entry else None
    print(flush=True)
