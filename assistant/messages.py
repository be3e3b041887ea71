"""What the assistant itself says, in the language of the knowledge base it answers from.

A knowledge base names its ``language`` (``zh``, ``en``…); the chats, the command line and the conversation
speak it too: prompts, "您是不是想问" / "Did you mean", notices, help. Chinese for a ``zh`` base, English for
any other (the likelier second language of a reader of a base in a third one). The fallback is the base's own.
"""

from __future__ import annotations

from typing import NamedTuple


class Explain(NamedTuple):
    """What /source and /why say: an answer's documents, and how a question was matched."""

    no_citations: str
    cited_from: str
    citation_labels: tuple[str, str, str, str, str]
    """Section, publisher, date, address, file: each with its separator."""
    asked: str
    read_as: str
    """A question answered as another it was read as (formatted with ``question``)."""
    nothing_in_common: str
    only_more: str
    alone: str
    alone_answer: str
    alone_list: str
    alone_none: str
    closest: str
    matched: str
    phrasing_kinds: tuple[str, str]
    """The entry's own question, an alternate."""
    score: str
    parts: str
    read_with: str
    yes_no: tuple[str, str]
    legend: str
    """The thresholds in words: formatted with ``answer``, ``margin``, ``wide_answer``, ``wide_margin``,
    ``confident``, ``few`` (``FEW_ALTERNATES``), ``few_answer`` and ``suggest``."""
    confidence: str
    answered: str
    clarified: str
    topic_reason: str
    suggestion: str
    declared: str
    foreign: str
    too_low: str
    """The fallback for a best match under ``suggest`` (formatted with it)."""
    lone_weak: str
    """The fallback for a single candidate from ``suggest`` under ``fair`` (halfway to ``answer``)."""
    lone_fair: str
    """The fallback for a single candidate from ``fair`` with no runner-up from ``second``."""
    lone_topic: str
    """The fallback for a single candidate held back by the topic check (``reason``: ``topic_reason``)."""
    picked: str
    picked_elsewhere: str
    """An entry picked from a list that the question explained did not show (/topics, a picked answer's related
    questions): it was not matched."""


ZH_EXPLAIN = Explain(
    no_citations="「{question}」的回答没有引用资料。",
    cited_from="「{question}」的回答出自：",
    citation_labels=("章节：", "发布：", "日期：", "网址：", "文件："),
    asked="你问的是：{query}",
    read_as="它只说了一样东西，按“{question}”来理解和匹配。",
    nothing_in_common="知识库里没有任何问题和它有共同之处，所以给出了兜底回复。",
    alone="单独问（不结合上一个问题「{previous}」）的话：{outcome}。",
    alone_answer="会回答「{question}」（{score:.1f} 分）",
    alone_list="会列出 {count} 个候选",
    alone_none="会给出兜底回复",
    only_more="它只是问还有什么（没有问具体的事），所以没有拿条目回答，给出了兜底回复；聊天里会再列出上一个回答的相关问题。",
    closest="最接近的问题：{question} [{id}]",
    matched="匹配的说法：{phrasing}（{kind}）",
    phrasing_kinds=("标准问法", "备选问法"),
    score="得分：",
    parts="字符 {characters:.1f} · 拼音 {pinyin:.1f} · 关键词 {terms:.1f} · 覆盖 {coverage:.1f} · "
          "答案 {answer:.1f}",
    read_with="结合上一问：{context}",
    yes_no=("是", "否"),
    legend="  字符和拼音是与匹配说法的相似度，关键词是这条说法的关键字在问题里出现的比例，"
           "覆盖是问题的关键字在这个条目里出现的比例，答案是这个条目的答案说到了问题的多少"
           "（没有备选问法的条目主要靠它区分）；得分由它们综合算出。"
           "直接回答需要至少 {answer:g} 分并领先第二名 {margin:g} 分，或者至少 "
           "{wide_answer:g} 分并领先 {wide_margin:g} 分（或者达到 {confident:g} 分）；备选问法不超过 {few:d} 条的条目"
           "至少 {few_answer:g} 分、各方面都领先 {wide_margin:g} 分且问题没提到知识库没有的东西，也直接回答；"
           "低于 {suggest:g} 分算不相关。",
    confidence="领先第二名 {lead:.1f} 分；按没参与调参的问题统计，这样的匹配约 {confidence:.0%} 是对的。",
    answered="结果：把它当作答案直接回答。",
    clarified="结果：{reason}拿不准，列出了 {count} 个候选：",
    topic_reason="问题问的东西这个条目没有说（或者用了另一个主题的词、另一个数目，代替了这个条目自己的），",
    suggestion="{question}（{score:.1f} 分）",
    declared="结果：这个问题更像知识库列明不在回答范围内的那些问题，所以没有拿条目回答，给出了兜底回复。",
    foreign="结果：问题里提到了知识库从没提过的名称或事物（比如别的产品、机构），"
            "所以没有拿这个条目回答，给出了兜底回复。",
    too_low="结果：得分低于 {suggest:g} 分，算不相关，给出了兜底回复。",
    lone_weak="结果：不够直接回答（至少要 {answer:g} 分），而只有这一个候选达到 {suggest:g} 分，又不到 {fair:g} 分："
              "只有一个弱候选不值得拿来问，所以给出了兜底回复。",
    lone_fair="结果：不够直接回答（至少要 {answer:g} 分并领先足够），列出候选又要有第二个达到 {second:g} 分的，"
              "没有，所以给出了兜底回复。",
    lone_topic="结果：{reason}所以没有拿它回答；又没有别的候选可以列出来，给出了兜底回复。",
    picked="之后你从列表里选了：{question} [{id}]",
    picked_elsewhere="之后你从别的列表（/topics 或相关问题）里选了：{question} [{id}]；选中的问题直接回答，"
                     "不经过匹配。",
)

EN_EXPLAIN = Explain(
    no_citations="The answer to “{question}” cites no document.",
    cited_from="The answer to “{question}” comes from:",
    citation_labels=("Section: ", "Publisher: ", "Date: ", "Address: ", "File: "),
    asked="You asked: {query}",
    read_as="It only names a thing, so it was read and matched as “{question}”.",
    nothing_in_common="No question of the knowledge base has anything in common with it, so the fallback was given.",
    alone="Asked on its own (not with the previous question “{previous}”), {outcome}.",
    alone_answer="it would be answered with “{question}” ({score:.1f})",
    alone_list="it would get a list of {count} candidates",
    alone_none="it would get the fallback",
    only_more=("It only asks what else there is (nothing in particular), so no entry was given and the fallback was; "
               "the chat shows the last answer's related questions again."),
    closest="Closest question: {question} [{id}]",
    matched="Phrasing matched: {phrasing} ({kind})",
    phrasing_kinds=("the question itself", "an alternate"),
    score="Score: ",
    parts="characters {characters:.1f} · pinyin {pinyin:.1f} · terms {terms:.1f} · coverage {coverage:.1f} · "
          "answer {answer:.1f}",
    read_with="read with the previous question: {context}",
    yes_no=("yes", "no"),
    legend="  Characters and pinyin are the likeness to the phrasing matched, terms the share of its key words found "
           "in the question, coverage the share of the question's key words found in the entry, answer how much "
           "of the question the entry's answer says (what mostly tells apart entries without alternates); the score "
           "combines them. An answer needs at least {answer:g} and a lead of {margin:g} over the runner-up, or at "
           "least {wide_answer:g} and a lead of {wide_margin:g} (or {confident:g}); an entry of at most {few:d} "
           "alternates needs at least {few_answer:g}, a lead of {wide_margin:g} on every kind of evidence, and a "
           "question naming nothing the base never mentions; below {suggest:g} is unrelated.",
    confidence="Ahead of the runner-up by {lead:.1f}; on questions nothing was tuned on, about {confidence:.0%} of "
               "such matches are right.",
    answered="Outcome: answered with it.",
    clarified="Outcome: {reason}not sure, so {count} candidates were listed:",
    topic_reason=("the question asks what this entry never says (or another topic's word or count stands where "
                  "its own does); "),
    suggestion="{question} ({score:.1f})",
    declared="Outcome: it reads more like one of the questions the knowledge base lists as outside what it "
             "answers, so no entry was given and the fallback was.",
    foreign="Outcome: it names something the knowledge base never mentions (such as another product or company), "
            "so this entry was not given and the fallback was.",
    too_low="Outcome: the score is under {suggest:g}, unrelated, so the fallback was given.",
    lone_weak="Outcome: not enough to answer (that needs {answer:g}), and the only candidate reaching {suggest:g} "
              "is under {fair:g}: one weak candidate is not worth asking about, so the fallback was given.",
    lone_fair="Outcome: not enough to answer (that needs {answer:g} and a lead), and a list needs a second "
              "candidate reaching {second:g}: there is none, so the fallback was given.",
    lone_topic="Outcome: {reason}so it was not given, and no other candidate was there to list: the fallback was.",
    picked="Then you picked: {question} [{id}]",
    picked_elsewhere="Then you picked from another list (/topics or related questions): {question} [{id}]; a "
                     "pick is answered as is, not matched.",
)


NOT_COVERED = frozenset({"declared", "foreign"})
"""The ``Reply.held_back`` reasons whose fallback is opened by ``Messages.not_covered``: the question was
understood as being about something the base does not cover."""


class Messages(NamedTuple):
    """The interface's sentences in one language; ``{…}`` fields are filled with ``str.format``. (A named tuple,
    not a dataclass: the class is made on every start, and a dataclass compiles its generated methods of fifty
    fields each time.)"""

    language: str
    prompt: str
    did_you_mean: str
    pick_hint: str
    related: str
    source: str
    more_sources: str
    picked: str
    read_with: str
    reset: str
    no_list: str
    out_of_range: str
    only_one: str
    several_hold: str
    """Said when the words naming an item of the list (额度那个) are in several: formatted with their ``numbers``
    (joined by ``number_separator``) and the ``words``."""
    number_separator: str
    one_at_a_time: str
    """Said when a line picks several items of the list at once (1和2)."""
    none_meant: str
    """Said when a line turns the whole "did you mean" list down (都不是): formatted with the base's ``fallback``."""
    topics_offer: str
    """Added by the chat after ``none_meant`` and ``no_more``: where to see everything it can answer."""
    more_offer: str
    """Said above the last answer's related questions, offered again to a line asking for more (还有呢): formatted
    with the answer's ``question``."""
    no_more: str
    """Said to a line asking for more (还有呢) when the last answer has no related questions to offer."""
    ask_directly: str
    """Said to a line asking for more (还有呢) before anything was answered."""
    intro: str
    intro_example: str
    keys_hint: str
    plain_hint: str
    no_answer_yet: str
    no_question_yet: str
    goodbye: str
    help_intro: str
    commands: str
    keys: str
    key_help: tuple[tuple[str, str], ...]
    toolbar_keys: tuple[str, ...]
    quit_hint: str
    cancelled: str
    topics_hint: str
    no_topics: str
    topics_with: str
    no_topics_with: str
    other_topic: str
    not_covered: str
    reloaded: str
    reload_failed: str
    more_problems: str
    unknown_command: str
    no_argument: str
    command_hint: str
    command_list: str
    warning: str
    file_problem: str
    misses_unwritable: str
    history_unusable: str
    pager_failed: str
    explain: Explain


ZH = Messages(
    language="zh",
    prompt="问> ",
    did_you_mean="您是不是想问：",
    pick_hint="输入编号查看答案，或者换个说法再问。",
    related="相关问题：",
    source="来源：",
    more_sources="（另有 {count} 处，/source 查看）",
    picked="» {question}",
    read_with="↳ 结合上一个问题「{question}」来理解（/reset 重新开始）",
    reset="已清除上下文：下一个问题会单独理解。",
    no_list="现在没有可以选择的编号列表。想问“{said}”的话，请多写几个字。",
    out_of_range="请输入 1 到 {count} 之间的编号。",
    only_one="列表里只有一个问题，请输入 1。",
    several_hold="列表里第 {numbers} 个问题都提到“{words}”，请输入编号选择。",
    number_separator="、",
    one_at_a_time="一次选一个：请输入一个编号，看完再输入下一个。",
    none_meant="好的，上面列的都不是你想问的。{fallback}",
    topics_offer="输入 /topics 可以按主题看看我能回答的所有问题。",
    more_offer="关于「{question}」，还可以问：",
    no_more="我能说的就是上面这些了。想问别的，直接输入你的问题就行。",
    ask_directly="请直接输入你想问的问题。",
    intro="我能回答 {count} 个问题，直接用中文提问就行",
    intro_example="，比如：{question}",
    keys_hint="输入 /help 查看帮助，按 Tab 补全问题，输入编号选择列表里的问题，Ctrl-D 或 exit 退出。",
    plain_hint="输入 /help 查看帮助，输入编号选择列表里的问题，exit 退出。",
    no_answer_yet="还没有回答过问题；先问一个问题，再用 /source 查看出处。",
    no_question_yet="还没有问过问题；先问一个问题，再用 /why 查看匹配过程。",
    goodbye="再见！祝你一切顺利。",
    help_intro="直接输入问题就能得到回答；简短的追问（比如“那要多久？”）会结合上一个回答来理解，"
               "这时回答前会标出 ↳；/reset 让下一个问题单独理解。",
    commands="命令：",
    keys="按键：",
    key_help=(("数字", "选择列表里对应编号的问题（2、2.、第二个 都可以）"),
              ("Tab", "补全命令和问题（输入几个字或拼音就能找到问题；空行按 Tab 列出全部）"),
              ("↑ ↓", "翻看以前问过的问题；→ 接受灰色的历史提示"), ("Ctrl-C", "清空当前输入"),
              ("Ctrl-D", "退出（也可以输入 exit、quit 或 退出）")),
    toolbar_keys=("Tab 补全", "↑ 历史", "数字 选择", "Ctrl-C 清空", "Ctrl-D 退出", "/help 帮助"),
    quit_hint="按 Ctrl-D 或输入 exit 退出",
    cancelled="（已取消）",
    topics_hint="输入编号查看答案。",
    no_topics="知识库里还没有问题。",
    topics_with="含“{word}”的问题（{count}）：",
    no_topics_with="没有含“{word}”的主题或问题：直接问我试试，或输入 /topics 看全部问题。",
    other_topic="其他",
    not_covered="这个问题问的好像是「{title}」没有涉及的产品或事情，我不能拿这里的答案来回答它。",
    reloaded="已重新读取知识库「{title}」：{count} 个问题。",
    reload_failed="重新读取知识库失败，继续使用原来的知识库。问题：",
    more_problems="  ……还有 {count} 个问题（运行 assistant check 查看全部）",
    unknown_command="没有 {name} 这个命令。",
    no_argument="{name} 不带参数：后面的“{argument}”没有用上。",
    command_hint="你是不是想输入 {name}？",
    command_list="可用的命令：{names}",
    warning="注意：{text}",
    file_problem="{file}：{what}",
    misses_unwritable="无法写入未回答问题的记录（{reason}），本次不再记录。",
    history_unusable="无法使用历史记录文件（{reason}），本次的提问不会被记住。",
    pager_failed="分页程序 {pager} 没有启动或出错退出，长的内容直接显示在这里"
                 "（环境变量 PAGER 可以换一个，设为空则不用分页）。",
    explain=ZH_EXPLAIN,
)

EN = Messages(
    language="en",
    prompt="ask> ",
    did_you_mean="Did you mean:",
    pick_hint="Type a number to see its answer, or ask another way.",
    related="Related questions:",
    source="Source: ",
    more_sources=" (and {count} more: /source)",
    picked="» {question}",
    read_with="↳ read with the previous question “{question}” (/reset to start afresh)",
    reset="Context cleared: the next question is read on its own.",
    no_list="There is no numbered list to pick from. To ask about “{said}”, write a few more words.",
    out_of_range="Type a number from 1 to {count}.",
    only_one="The list has one question: type 1.",
    several_hold="Items {numbers} of the list all mention “{words}”: type the number of the one you mean.",
    number_separator=", ",
    one_at_a_time="One at a time: type one number, then the next.",
    none_meant="All right, none of those is what you meant. {fallback}",
    topics_offer=" Type /topics to see every question I can answer, by topic.",
    more_offer="More about “{question}”:",
    no_more="That is all I have on it. To ask about something else, just type your question.",
    ask_directly="Just type your question.",
    intro="I can answer {count} questions: just ask",
    intro_example=", for example: {question}",
    keys_hint="Type /help for help, Tab to complete a question, a number to pick from a list, Ctrl-D or exit "
              "to quit.",
    plain_hint="Type /help for help, a number to pick from a list, exit to quit.",
    no_answer_yet="Nothing answered yet: ask a question, then /source shows where its answer comes from.",
    no_question_yet="Nothing asked yet: ask a question, then /why shows how it was matched.",
    goodbye="Goodbye!",
    help_intro="Type a question to get its answer; a short follow-up (“and on Sundays?”) is read with the "
               "previous answer, marked ↳; /reset makes the next question stand on its own.",
    commands="Commands:",
    keys="Keys:",
    key_help=(("number", "pick that item of the list (2, 2. or #2)"),
              ("Tab", "complete commands and questions (on an empty line: list them all)"),
              ("↑ ↓", "earlier questions; → accepts the grey suggestion"), ("Ctrl-C", "clear the line"),
              ("Ctrl-D", "quit (or type exit or quit)")),
    toolbar_keys=("Tab complete", "↑ history", "number pick", "Ctrl-C clear", "Ctrl-D quit", "/help help"),
    quit_hint="Press Ctrl-D or type exit to quit",
    cancelled="(cancelled)",
    topics_hint="Type a number to see its answer.",
    no_topics="The knowledge base has no questions yet.",
    topics_with="Questions with \"{word}\" ({count}):",
    no_topics_with="No topic or question holds \"{word}\": ask your question as it is, or type /topics for every one.",
    other_topic="Other",
    not_covered="This seems to be about something “{title}” does not cover, so I won't answer it from here.",
    reloaded="Read the knowledge base “{title}” again: {count} questions.",
    reload_failed="Could not read the knowledge base again; still using the one read before. Problems:",
    more_problems="  … and {count} more (run assistant check to see them all)",
    unknown_command="There is no command {name}. ",
    no_argument="{name} takes no argument: \"{argument}\" was left unused.",
    command_hint="Did you mean {name}? ",
    command_list="Commands: {names}",
    warning="Warning: {text}",
    file_problem="{file}: {what}",
    misses_unwritable="cannot write the log of unanswered questions ({reason}); they are not logged this time.",
    history_unusable="cannot use the history file ({reason}); this time's questions will not be remembered.",
    pager_failed="the pager {pager} did not start or failed: long output is printed here instead (PAGER chooses "
                 "another; empty, none).",
    explain=EN_EXPLAIN,
)


def messages_for(language: str | None) -> Messages:
    """Return the interface's sentences for a knowledge base in ``language``: Chinese for ``zh…``, else English.

    >>> messages_for("zh-CN").did_you_mean, messages_for("en").did_you_mean
    ('您是不是想问：', 'Did you mean:')
    """
    return ZH if (language or "zh").lower().startswith("zh") else EN
