#!/bin/sh
# A client of `assistant serve` in shell, with curl and jq: one question per line of standard input, each
# sent with the previous reply's "context" as "previous", so that a follow-up (那延期呢？) is understood.
#
#   $ assistant serve &                                    # listens on http://127.0.0.1:8000
#   $ printf '微粒贷逾期了该怎么办\n那延期呢？\n' | sh examples/client.sh
#   $ ASSISTANT_URL=http://faq.internal:8000 sh examples/client.sh < questions.txt
#
# The server keeps nothing between requests: the conversation is the context this script holds.
set -eu
url="${ASSISTANT_URL:-http://127.0.0.1:8000}"
context=null
while IFS= read -r question || [ -n "$question" ]; do    # (the second: a last line with no line end)
    case "$question" in *[![:space:]]*) ;; *) continue ;; esac    # a blank line asks nothing: skipped
    request=$(jq -cn --arg q "$question" --argjson previous "$context" '{q: $q, previous: $previous}')
    reply=$(curl -sS -H 'Content-Type: application/json' --data-binary "$request" "$url/ask")
    if printf '%s' "$reply" | jq -e 'has("error")' >/dev/null; then
        printf 'error: %s\n' "$(printf '%s' "$reply" | jq -r .error)" >&2
        exit 1
    fi
    printf '%s' "$reply" | jq -r '.text, (.citations[] | "来源：\(.title) · \(.section)"), ""'
    context=$(printf '%s' "$reply" | jq -c .context)
done
