"""A minimal bot: read one message per line from standard input, print each reply with its suggestions.

    $ printf '微粒贷客服电话是多少\n怎么还款\n' | python examples/bot.py
    $ python examples/bot.py my-faq.yaml        # your own knowledge base, in the same YAML format
"""

import sys

from assistant import Matcher, load_knowledge
from assistant.conversation import Conversation

matcher = Matcher(load_knowledge(sys.argv[1] if len(sys.argv) > 1 else None))  # None: the bundled one
# The conversation remembers the entry answered last, so that a short follow-up (那延期呢？) is understood,
# and the numbered list a bare number (2) picks from.
conversation = Conversation(matcher)
for message in sys.stdin:
    turn = conversation.say(message)
    if turn.reply is None:
        print(turn.notice or "", flush=True)  # a number that picks nothing says why; a blank line nothing
        continue
    print(turn.reply.text)  # the answer, the numbered "您是不是想问…" suggestions, or the fallback
    for entry in turn.reply.follow_ups:
        print(f"  相关问题：{entry.question}")
    print(flush=True)
