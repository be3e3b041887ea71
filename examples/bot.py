"""A minimal bot keeping one conversation per user: each line of standard input is ``user<TAB>message``
(or a message alone, of an unnamed user).

    $ printf 'ann\t微粒贷逾期了该怎么办\nbob\t客服电话\nann\t那延期呢？\nann\texit\n' | python examples/bot.py
    $ python examples/bot.py my-faq.yaml < messages.tsv     # your own knowledge base, in the same YAML format
"""

import sys

from assistant import AssistantError
from assistant.cache import load_matcher
from assistant.conversation import Conversation

try:
    matcher = load_matcher(sys.argv[1] if len(sys.argv) > 1 else None)  # None: the bundled one; cached after a load
except AssistantError as error:  # every error of the library says what is wrong, and where, in one line
    sys.exit(f"bot.py: {error}")
conversations: dict[str, Conversation] = {}  # one per user: the entry answered last, and a list to pick from
# (a line with no tab is a message of the unnamed user "": `echo 客服电话 | python examples/bot.py` is answered)
for user, message in (["", *line.rstrip("\n").split("\t", 1)][-2:] for line in sys.stdin):
    turn = conversations.setdefault(user, Conversation(matcher)).say(message)
    if turn.end:  # exit, quit or 退出: goodbye, and the user's next message starts a new conversation
        print(f"[{user}] {conversations.pop(user).messages.goodbye}\n", flush=True)
    elif turn.reply or turn.notice:  # (a blank message gets nothing)
        # the answer, the numbered "您是不是想问…" suggestions, the fallback, or why a number picks nothing
        print(f"[{user}] {turn.reply.text if turn.reply else turn.notice}")
        if turn.reply and turn.reply.status == "answer" and turn.reply.source:  # an answer names its source
            print(f"  来源：{matcher.knowledge.cite(turn.reply.source)}")
        # numbered: the user's next "2" picks the second (offered: to 还有呢, the last answer's related questions again)
        follow_ups = turn.reply.follow_ups if turn.reply else turn.offered
        print("".join(f"  相关问题 {i}. {e.question}\n" for i, e in enumerate(follow_ups, 1)), flush=True)
