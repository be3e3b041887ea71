#!/bin/sh
# A client of `assistant serve` in shell, with curl and jq: one question per line of standard input, each
# sent with the previous reply's "context" as "previous", so that a follow-up (那延期呢？) is understood.
#
#   $ assistant serve &                                    # listens on http://127.0.0.1:8000
#   $ printf '微粒贷逾期了该怎么办\n那延期呢？\n' | sh examples/client.sh
#   $ ASSISTANT_URL=http://faq.internal:8000 sh examples/client.sh < questions.txt
#
# An error is said on standard error, and the exit status is 1: the server's one line for a refused request, or
# curl's reason and ours when the server cannot be reached.
#
# The server keeps nothing between requests: the conversation is the context this script holds, and so is the
# numbered list last shown (a "您是不是想问…" list or an answer's related questions): a line that is only its
# number (2) is sent as that item's question, which its entry answers. A number the list does not hold (or any
# number with no list shown yet) is answered here, as examples/bot.py answers it, and sends nothing; a number
# of four digits or more (400-999-8866 typed without dashes) is no pick: it is asked.
set -eu
url="${ASSISTANT_URL:-http://127.0.0.1:8000}"
context=null
choices='[]'
while IFS= read -r question || [ -n "$question" ]; do    # (the second: a last line with no line end)
    case "$question" in *[![:space:]]*) ;; *) continue ;; esac    # a blank line asks nothing: skipped
    number=$(printf '%s' "$question" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
    case "$number" in [0-9] | [0-9][0-9] | [0-9][0-9][0-9])    # a number picks (a longer one is asked)
        count=$(printf '%s' "$choices" | jq length)
        if [ "$count" -eq 0 ]; then
            printf '现在没有可以选择的编号列表。想问“%s”的话，请多写几个字。\n\n' "$number"; continue
        fi
        question=$(printf '%s' "$choices" | jq -r --arg n "$number" '($n | tonumber) as $n
            | if $n >= 1 and $n <= length then .[$n - 1] else "" end')
        if [ -z "$question" ]; then printf '请输入 1 到 %s 之间的编号。\n\n' "$count"; continue; fi ;;
    esac
    request=$(jq -cn --arg q "$question" --argjson previous "$context" '{q: $q, previous: $previous}')
    reply=$(curl -sS -H 'Content-Type: application/json' --data-binary "$request" "$url/ask") || {
        printf 'error: no answer from %s (curl said why, above): is assistant serve running there?\n' "$url" >&2
        exit 1
    }
    if printf '%s' "$reply" | jq -e 'has("error")' >/dev/null; then
        printf 'error: %s\n' "$(printf '%s' "$reply" | jq -r .error)" >&2
        exit 1
    fi
    printf '%s' "$reply" | jq -r '.text, (.citations[] | "来源：\(.title) · \(.section)"),
        (if .status == "answer" and (.follow_ups | length) > 0
         then "相关问题：", (.follow_ups | to_entries[] | "  \(.key + 1). \(.value.question)") else empty end), ""'
    context=$(printf '%s' "$reply" | jq -c .context)
    # the list a number picks from next: the suggestions, or the related questions (the fallback shows none)
    choices=$(printf '%s' "$reply" | jq -c --argjson kept "$choices" \
        'if .status == "clarify" then [.suggestions[].question] elif .status == "answer" and .id != null
         then [.follow_ups[].question] else $kept end')
done
