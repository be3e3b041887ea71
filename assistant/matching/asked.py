"""Asked: whether a question asks for something the entry never gives.

A question about one of the base's topics may ask what the entry about it does not say: how many times
(微粒贷延期可以申请几次, of the entry on how to apply for an extension), after how long (逾期几天会上征信, of the
entry on whether being late is reported; 逾期记录要过几年才能消除), whether a thing can be changed (还款日能改吗,
of the entry on where to find the due date), why (为什么我的微信里没有微粒贷入口, of the entry naming the
official account), or what to do when something failed or was refused (分期申请被拒绝了怎么办, of the entry on how
to apply for instalments; 客服电话打不通怎么办, of the entry giving the number). Every score says "answer", for the
question holds the entry's words and one or two more that the base holds elsewhere. The entry's answer would not
be wrong, only beside the point; the decision does not give it with confidence (it goes on to a "您是不是想问…"
list or the fallback, as for a displaced topic).

What a question asks for is read from a closed class of words, not from the base:

* a count of times (几次, 多少次, 几回) or a duration (多久, 多长时间, 几天, 多少年, 几个月 …): a count asked with
  几 or 多少 only when no other question word asks (逾期几天会上征信吗 asks whether being a few days late is
  reported; 逾期了几天会怎么样 what follows); 多久 and 多长时间 always ask;
* a time of day (几点: 还款日当天几点前还不算逾期, of the entry on where to see the due date), a year (哪一年,
  什么时候成立: 微粒贷是哪一年推出的, of the entry saying what 微粒贷 is), or how an amount is reckoned
  (逾期罚息按多少算, of the entry on where the penalties are shown);
* a change (能改吗, 怎么修改, 可以换成, 调整, 变更), or an end (注销, 关闭, 解绑), or undoing what was agreed
  (撤销, 撤回, 反悔: 分期协议签了还能反悔吗, of the entry on what the agreement says);
* a reason (为什么, 为啥, 怎么会);
* a failure or a refusal (失败, 被拒, 没通过, 打不开, 打不通, 收不到, 占线, 报错; a page or app that will not load:
  加载不出来, 闪退, 白屏), in a question or asking part up to
  ``TROUBLE_SHORT`` long (a story tells one in passing). Not being able to get in (登不上, 用不了) is left out: it
  is how a question about the entry's own topic is put (密码忘了登不进去, 逾期后额度用不了了);
* a cost (收费吗, 手续费, 服务费, 要钱吗);
* a way up or down (不涨, 怎么提高; 降, 冻结), not asked yes or no (会涨吗 is answered by an entry saying it goes
  down);
* a comparison of two names the synonyms made one (微粒贷和微众银行是什么关系, read 微粒贷和微粒贷…);
* a detail of a thing (``details.ASKED_DETAILS``): its telephone number (人民银行征信中心的电话是多少, of the entry on
  whether being late is reported), e-mail, postal or web address, a copy to download or print (分期还款协议在哪里下载,
  of the entry on what the agreement says), which card money is paid from (每个月自动从哪张卡扣钱, of the entry on
  the due date), or money paid back (违约金能退回来吗, of the entry on whether penalties
  are reduced); and in a question up to ``details.DETAIL_SHORT`` long, a detail the entry gives asked of a thing other
  entries' phrasings ask about and the entry never names (催收的电话号码是多少, of the entry giving the hotline's
  number; 借款合同在哪里下载, of the entry telling where to download the APP), or a way up or down it gives asked
  of such a noun (额度怎么提升, of the entry on raising the credit score);
* whether a thing will be done to the asker (会不会被起诉, 会被起诉吗: ``whether``) or will come (会上征信吗, 会不会
  上门催收), which an entry never naming it (逾期三天怎么办; 延期还款会让利率变高吗) does not say will or will not
  come, when another entry's phrasings ask about it;
* a fact about the organization or its app (``attributes.ATTRIBUTES``): when it was founded (微众银行是哪一年成立的,
  of the entry on what 微粒贷 is), its premises, owners or leaders, hiring, what kind of company it is, whether it
  is licensed, an age limit, how its app looks (微粒贷APP有夜间模式吗, of the entry on logging in).
* a value of a unit of size, measure, count, age or price (``listed.LISTED_UNITS``) that the entry lists two or more
  other values of, none as a bound (``listed.unlisted``: 十二寸蛋糕多少钱, of the entry listing 六寸、八寸、十寸; not
  十五岁 of an entry saying 十六岁以上).

How much, how long or how many of what a one-character verb after 能 or 可以 does (最多能借多少, 最长可以借几年) is
read here too (``counted``), and weighed by the topic check (``topic.Topics.displaced``): a doing that is another
entry's topic word is not counted by an entry never writing it.

The entry gives it when one of its phrasings asks the same (its author declared it answers that: 还清欠款后额度多久能
恢复, though its answer says the documents do not tell), or its answer names a number of that unit (最长允许延期6个月,
分12期到40期), for a time of day an hour (早上9点, 24小时都可以打), for a year a year (2014年), for a reckoning a
rate, a standard, a word of reckoning or a price in yuan (利率, 按日计算, 一百二十元: the reckoning of a flat
charge), for a change a change word (改为, 调整), for a reason a reason or a purpose (因为, 根据, 用来), for a
failure a failure word, for a cost a fee or a payment (费, 多付, 收取), for a telephone number a number (400 999
8866), for another detail its word (邮箱, 下载, 退), for a way up or down that way (an entry saying neither does
not leave it unanswered, only one saying the other way: 额度一直不涨怎么回事 of the entry on the limit lowered). A
base without answers worth reading (a large one, ``index.EXACT_FROM`` phrasings) is read by its phrasings only.

Asking what one must have or bring (材料, 证件) and where (在哪里) are not read: an answer may list the things or
name the place without a word of a closed class saying so. Nor is asking for an amount of money, 多少钱: an entry
telling where to see it, 逾期多少天、罚了多少钱在哪能看到, answers it without a number.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> asked = Asked(matcher.index)
>>> asked.unanswered(matcher.normalize("微粒贷延期可以申请几次"), matcher.entry("extension-how"))
True
>>> asked.unanswered(matcher.normalize("延期最长能延几个月"), matcher.entry("extension-max"))
False
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from ..lazy_regex import LazyPattern
from ..models import Entry
from ..normalize import sound_key
from .attributes import ATTRIBUTES
from .details import (
    ASKED_DETAILS,
    DETAIL_SHORT,
    DETAILS,
    DOCUMENT,
    EMAIL,
    GIVEN_ADDRESS,
    GIVEN_CARD,
    GIVEN_PHONE,
    GIVEN_REFUND,
    SERIAL,
    SITE,
    things_of,
)
from .index import FEWEST, Index, PerEntry, read_texts
from .listed import unlisted
from .words import chinese_words, dictionary

TIME_UNITS = "天|日|年|个月|月|周|星期|小时|分钟"
"""Units of a duration, as a question counts it (几天, 多少个月) and an answer gives it (4天, 6个月)."""

TIMES_UNITS = "次|回|遍"
"""Units of a count of times."""

COUNT_UNITS = "个月|小时|天|期|次|年|周"
"""The units a count is made in, as normalization writes it (``COUNT``)."""

COUNT = LazyPattern(rf"(\d+)({COUNT_UNITS})")
"""A number with a unit of time or of instalments, as normalization writes it (三十天 → 30天)."""

_ASKED_COUNT = LazyPattern(rf"(?<![这那前后头好])(?:几|多少)个?(?:({TIMES_UNITS})|({TIME_UNITS}))",
                           needs=("几", "多少"))
_ASKED_DURATION = LazyPattern(r"(?<![没不])多久|多长时间|多长的时间", needs=("多久", "多长时间", "多长的时间"))
_GIVEN_TIMES = LazyPattern(rf"\d+(?:{TIMES_UNITS})|几次|多少次|(?:每|一)(?:{TIMES_UNITS})")
# Instalments are monthly: 分12期到40期 says how many months.
# A number of working or calendar days is a duration too, however the number is written (一个工作日后, 3到5个工作日).
_GIVEN_DURATION = LazyPattern(rf"\d+(?:{TIME_UNITS}|期)|多久|多长时间|(?:几|多少)(?:{TIME_UNITS})"
                              r"|[\d一二两三四五六七八九十半]个?(?:工作|自然)日")
_ASKED_PERIODS = LazyPattern(r"(?:几|多少)期")

CHANGE = LazyPattern(r"修改|更改|改成|改为|改到|改掉|改一|改下|能改|可以改|怎么改|改吗|改不|调整|变更"
                     r"|更换|换成|换一|换个|换掉|能换|可以换|怎么换|换吗|换不|注销|销户|关闭|关掉|取消|解绑|停用"
                     r"|撤销|撤回|撤掉|作废|反悔|退出|解除|设置|设定|开启|更新")
"""How a question asks whether or how a thing can be changed, set or ended (注销, 关闭, 解绑; 设置, 开启, 更新: a
setting or a version is a thing changed), and how an answer says it can."""

ASKED_CLOCK = LazyPattern(r"(?<![有这那下哪])几点(?!建议|注意|意见|要求|原因|内容|理由|好处|区别|不同)",
                          needs=("几点",))
"""How a question asks for a time of day (几点开门, 当天几点前还不算逾期; not 有几点要注意 or 哪几点: points)."""

GIVEN_CLOCK = LazyPattern(r"几点|[\d一二两三四五六七八九十]+点|(?<!\d)\d{1,2} \d\d(?!\d)|24小时|全天|随时")
"""How an entry gives a time of day (早上9点, 9:00 as normalized, 24小时都可以打), or a phrasing asks for one."""

ASKED_CALCULATION = LazyPattern(r"(?:怎么|怎样|如何|按什么|按多少|什么标准)来?(?:计算|算)(?:出来)?的?[吗呢吧]?$"
                                r"|计算方[式法]|计算公式|收费标准", needs=("算", "收费标准"))
"""How a question asks how an amount is reckoned (罚息怎么算, 按什么标准算的; not 怎么算逾期, what counts as late)."""

GIVEN_CALCULATION = LazyPattern(r"计算|算的|算出|怎么算|按.{0,6}算|标准|费率|利率|公式|\d+元")
"""How an entry says how an amount is reckoned (按日计算, 利率照算), or a phrasing asks it (逾期费用是怎么计算的);
a price in yuan (120元, as normalized; 每消费1元积一分) is the reckoning of a flat charge: 打蜡费怎么算 asks what
waxing costs, which 手工打蜡轿车一百二十元 answers."""

ASKED_REASON = LazyPattern(r"为什么|为啥|为何|怎么会|什么原因|啥原因|怎么回事")
"""How a question asks why."""

TROUBLE = LazyPattern(r"失败|不成功|被拒|拒绝|拒了|不通过|没通过|打不开|打不通|打不进|拨不通|收不到|没收到|占线"
                      r"|异常|报错|出错|加载不|刷不出|闪退|白屏|黑屏|卡住了|卡死")
"""How a question tells that something failed or was refused (借款失败, 分期申请被拒绝, 客服电话打不通, 页面打不开,
收不到验证码), and how an entry says it: what to do then is what is asked."""

GIVEN_TROUBLE = LazyPattern(TROUBLE.pattern + r"|不通|联系不上|没人接|不接电话")
"""How an entry says that something failed, besides ``TROUBLE``: a call not getting through or nobody reachable
(联系不上顾客怎么办, 打两次电话不通) is the failure a question's 打不通 tells. Read of entries only: 联系不上 in a
question is as often how a question about the entry's own topic is put (联系不上客服怎么办)."""

TROUBLE_SHORT = 16
"""A failure is read as what is asked only in a question (or a long question's asking part) up to this long: a
story tells one in passing (客服电话一直打不通，在哪里能自己看到逾期天数和罚息) and asks something else."""

ASKED_COST = LazyPattern(r"收费|收钱|手续费|服务费|话费|付费|免费|要钱|花钱|交钱|给钱")
"""How a question asks whether a thing costs money (打客服电话收费吗, 办分期要交服务费吗)."""

GIVEN_COST = LazyPattern(r"费|付钱|交钱|多付|收取|\d+元")
"""How an entry says what a thing costs (罚息和违约金 are fees: 逾期费用; 延期要多付钱)."""

UP = LazyPattern(r"涨|提高|提升|提额|增加|上调|调高|变高|升高|上升|变多|加额|往上提")
DOWN = LazyPattern(r"降|减少|调低|下调|变低|变少|减额|冻结|清零")
"""How a question or an entry says a thing goes up or down (额度一直不涨, 额度被降低)."""

YES_NO = LazyPattern(r"[吗不]$|(.)[不没]\1", needs=("吗", "不", "没"))
"""A question asking yes or no (会涨吗, 会不会降): an entry saying the other way answers it (no, it goes down)."""

COMPARED = LazyPattern(r"([\u4e00-\u9fff]{2,})[和与跟同及][\u4e00-\u9fff]?\1")
"""Two names side by side that the synonyms made one (微粒贷和微众银行 is read 微粒贷和微粒贷): the question asks how
they differ or relate, which an entry about the one does not answer. (``compared`` tries it only on a text holding
one of ``JOINERS``: its two ranges of Chinese characters take longer to compile than all the module's other
patterns together, and most questions hold none.)"""

JOINERS = frozenset("和与跟同及")
"""The characters that join the two names of ``COMPARED``."""


def compared(text: str) -> bool:
    """True when ``text`` holds two names side by side that the synonyms made one (``COMPARED``)."""
    return not JOINERS.isdisjoint(text) and COMPARED.search(text) is not None


GIVEN_REASON = LazyPattern(r"为什么|为啥|为何|怎么会|怎么回事|因为|由于|原因|根据|所以|因此|因而|导致"
                           r"|用来|用于|为了|以便|以免|有助于|好处")
"""How an answer gives a reason or a purpose (用来应对…), or a phrasing asks for one. A cause or a result is a reason
too: 申请延期还款会导致贷款利率上升 answers 为什么延期会多付利息."""

OTHER_QUESTION = LazyPattern(r"吗|怎|什么|啥|哪|是否|为何|为什么|可不可以|呢$|了$|(.)[不没]\1")
"""Question words besides a count (吗, 怎么, A不A: 会不会, 算不算), or a final 了 telling what happened: with one,
几 and 多少 say "a few" (逾期几天会上征信吗, 密码输错几次锁了)."""


AUXILIARY = LazyPattern(r"需要|还要|才能|能够|可以|得要|大概|大约|一般|要|能|会|得|才|还|再|等")
"""Words that put a question (需要, 才能) or wait for its answer (要等多久) and name nothing: what is left of a
question once they and what it asks for are taken out is what it asks about."""

WHETHER = LazyPattern(r"(?:(?:(.)[不没]\1|会|能|可能)(?:被([\u4e00-\u9fff]{1,6}?)|([\u4e00-\u9fff]{1,6}?)我)"
                      r"|(?<![不没])会(?:不会)?(?![不没])([\u4e00-\u9fff]{2,6}?))(?:吗|呢|啊|呀|吧|了)*$")
"""How a question asks whether a thing will be done to the asker: 会不会被 or 会被 and what follows (会不会被起诉, 会被
起诉吗), or 会不会 or 会 and what is done to 我 (会不会起诉我, 会起诉我吗), or 会不会 or 会 and what will come
(会上征信吗; not after a negation, 才不会还不上, nor 会 of a noun, 会员), ending the question in a few characters
(是不是被封了以后还能不能借 asks something else): a consequence, which an entry never naming it does not say will or
will not come. (``whether`` tries it only on a text holding 被, 我 or 会, as ``compared`` does ``COMPARED``: its
range of Chinese characters is slow to compile, and most questions hold none.)"""


ASKED_WHICH = LazyPattern(r"哪|什么|啥|多少|几|怎")
"""Question words: what follows 会 holding one asks which or how (会写哪些东西), not whether."""

ANY_EFFECT = LazyPattern(r"影响|后果|问题|麻烦|变化")
"""Words asking whether anything at all will come of it (那额度会受影响吗, 会有后果吗): an entry telling what comes
(the limit lowered or frozen) answers it in its own words."""


COUNTED = LazyPattern(r"(?:能|可以|可(?!以))(?:再|还)?((?![再以])[\u4e00-\u9fff])(?:到|成|个)?(?:几|多少|多久|多长)")
"""How a question asks how much, how long or how many of a doing (能借多少, 可以借几年, 能分到多少期, 能再借多少): the
verb is the one character between 能 or 可以 (and an adverb) and the count. A verb of two characters (能延期多久) is
left unread: it is most often the entry's own word, which the other checks read; so is a count right after 可以 or
再 (最长可以多久: 以 and 再 are no doings, nor 以 after 能: 能以几)."""

GIVEN: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("times", _GIVEN_TIMES.search), ("duration", _GIVEN_DURATION.search), ("clock", GIVEN_CLOCK.search),
    ("calculation", GIVEN_CALCULATION.search), ("change", CHANGE.search),
    ("reason", GIVEN_REASON.search),
    ("trouble", GIVEN_TROUBLE.search), ("cost", GIVEN_COST.search), ("comparison", compared), ("up", UP.search),
    ("down", DOWN.search), ("phone", GIVEN_PHONE.search),
    ("email", EMAIL.search), ("address", GIVEN_ADDRESS.search), ("site", SITE.search), ("document", DOCUMENT.search),
    ("serial", SERIAL.search), ("card", GIVEN_CARD.search), ("refund", GIVEN_REFUND.search),
    *((kind, given.search) for kind, _, given in ATTRIBUTES))
"""What a question may ask for, each with how an entry's phrasing or answer asks or gives it (``gives``)."""


WAYS = frozenset({"up", "down"})
"""A way up or down is of a thing as a detail is: the entry saying how its own thing goes up (信用分, of the entry on
mending the credit record) does not say how another entries' thing does (额度怎么提升)."""


QUESTIONS_KEPT = 8
"""How many questions' ``asks`` are kept (a few per thread asking at once)."""


@lru_cache(maxsize=QUESTIONS_KEPT)
def asks(text: str) -> frozenset[str]:
    """What normalized ``text`` asks for, of the kinds of ``GIVEN`` (``"times"``, ``"duration"``, ``"clock"``,
    ``"calculation"``, ``"change"``, ``"reason"``, ``"trouble"``, ``"cost"``, ``"comparison"``, ``"up"``,
    ``"down"``, the details of ``details.ASKED_DETAILS``: ``"phone"``, ``"email"``, ``"address"``, ``"site"``,
    ``"document"``, ``"serial"``, ``"card"``, ``"refund"``, and the attributes of ``attributes.ATTRIBUTES``:
    ``"founding"``, ``"premises"``, ``"people"``, ``"hiring"``, ``"ownership"``, ``"licensed"``, ``"age"``,
    ``"looks"``); empty when it asks none of them. Kept for the last ``QUESTIONS_KEPT`` texts: a question is read
    once, not once for each entry it is checked against."""
    found: set[str] = set()
    if _ASKED_DURATION.search(text):
        found.add("duration")
    counts = _ASKED_COUNT.findall(text)
    if counts and not OTHER_QUESTION.search(text):
        found.update("times" if times else "duration" for times, _ in counts)
    if ASKED_CLOCK.search(text):
        found.add("clock")
    if ASKED_CALCULATION.search(text):
        found.add("calculation")
    if CHANGE.search(text):
        found.add("change")
    if ASKED_REASON.search(text):
        found.add("reason")
    if len(text) <= TROUBLE_SHORT and TROUBLE.search(text):
        found.add("trouble")
    if ASKED_COST.search(text):
        found.add("cost")
    if compared(text):
        found.add("comparison")
    found.update(kind for kind, pattern in ASKED_DETAILS if pattern.search(text))
    found.update(kind for kind, pattern, _ in ATTRIBUTES if pattern.search(text))
    if not YES_NO.search(text):
        up, down = bool(UP.search(text)), bool(DOWN.search(text))
        if up != down:
            found.add("up" if up else "down")
    return frozenset(found)


AMOUNT = LazyPattern(r"(?:几|多少)个?")
"""How many or how much is asked (几, 多少, 几个), of whatever follows it."""

AMOUNT_ALONE = LazyPattern(r"(?:那么|那|还)?(?:有|要|是)?(?:几|多少)个?[吗呢吧不]*")
"""How many or how much asked with nothing it counts, not even a unit (几, 多少, 几个; 有多少, 那有几个, 要多少呢: 有,
要 and 是 count nothing, a final particle asks nothing more): of no thing, it can only ask of the answer just given
(``asks`` reads none of its kinds: a count without its unit may be of anything)."""


def without_asking(text: str) -> str:
    """Normalized ``text`` with how ``asks`` reads a duration, a count, a change, a reason, a failure or a cost
    (多久, 多长时间, 几次, 为什么, 能改吗 …) and the ``AUXILIARY`` words taken out (a comparison, a way up or down
    and a detail's words, 电话, 下载, stay: they name what is asked about): 额度 of 额度要多久才能恢复 is left with
    恢复; nothing is left of 要等多久 or 需要多长时间."""
    for pattern in (_ASKED_DURATION, _ASKED_COUNT, CHANGE, ASKED_REASON, TROUBLE, ASKED_COST, AUXILIARY):
        text = pattern.sub("", text)
    return text


def whether(text: str) -> list[str]:
    """The words (of the general dictionary, two characters or more, not particles, pronouns or the like) of the
    thing normalized ``text`` asks whether it will be done to the asker (起诉 of 逾期3天会不会被起诉, of
    会被起诉吗, of 会不会起诉我) or will come (征信 of 延期还款会上征信吗); empty when it asks no such thing, nor for
    what follows 会 asking which (会写哪些东西) or a way up or down (会不会提高: ``asks`` reads it)."""
    found = WHETHER.search(text) if _may_ask_whether(text) else None
    if found is None:
        return []
    done = found.group(2) or found.group(3)
    if not done:
        done = found.group(4)
        # 会 and what will come (会上征信吗), but not what it asks which (会写哪些东西) nor a way up or down
        # (会不会提高: ``asks`` reads those).
        if (ASKED_WHICH.search(done) or ANY_EFFECT.search(done) or UP.search(done) or DOWN.search(done)
                or dictionary().known_noun("会" + done[0])):  # (会员能不能退钱: 会 of a noun)
            return []
    # Words of the dictionary only: a run it cuts into characters (罚钱 of 会被罚钱吗) is how the borrower puts a thing
    # the entry may well say in its own words (罚息).
    words = dictionary()
    return [word for _, word in chinese_words(done, words)
            if len(word) > 1 and not words.function_word(word)]


def _may_ask_whether(text: str) -> bool:
    # Whether ``WHETHER`` can match ``text``, told without compiling it (its range of Chinese characters is slow to
    # compile): it needs 被 or 我, or a 会 whose rest of the question asks no which or how (会怎么样: a match starting
    # at any 会 would hold that rest, and ``whether`` gives nothing for it).
    if "被" in text or "我" in text:
        return True
    at = text.rfind("会")
    return at >= 0 and ASKED_WHICH.search(text, at + 1) is None


def counted(text: str) -> list[str]:
    """The verbs of normalized ``text`` whose amount, duration or count it asks (借 of 微粒贷最多能借多少,
    ``COUNTED``); empty when it asks none."""
    # Tried only on a question holding 能 or 可: a class of every Chinese character is slow to compile, and most
    # questions never need it.
    return COUNTED.findall(text) if "能" in text or "可" in text else []


def gives(texts: tuple[str, ...]) -> frozenset[str]:
    """What normalized ``texts`` (an entry's phrasings and answer) ask or give, of the kinds of ``GIVEN``; empty
    when they give none of them."""
    return frozenset(kind for kind, found in GIVEN if any(found(text) for text in texts))


def phrasing_answers(asked: frozenset[str], phrasing: str, *, literal: bool = False) -> bool:
    """True when normalized ``phrasing`` asks or gives all that ``asked`` (of ``asks``) holds: 延期还款最长能延多久
    a duration, and so does 分期还款最多能分多少期 (instalments are monthly) unless ``literal`` (a duration asked in
    a unit of time only); 延期还款要签什么协议 none."""
    periods = not literal and _ASKED_PERIODS.search(phrasing)
    given = gives((phrasing,)) | ({"duration"} if periods else frozenset())
    return asked <= given


class Asked:
    """The asked check for one knowledge base (see the module's docstring): what each entry gives, gathered on
    the first question about it. Safe to share across threads (two threads gathering one entry find the same)."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def unanswered(self, text: str, entry: Entry) -> bool:
        """True when normalized ``text`` asks for a count of times, a duration, a time of day, a reckoning, a change,
        a reason, what to do about a failure, a cost, a comparison, a detail of a thing or a fact about the
        organization or its app (``attributes.ATTRIBUTES``: a year, premises, owners…) that ``entry`` (its phrasings,
        and its answer in a small base) never asks nor gives, or a way up or down where it gives only the other way, or
        (up to ``details.DETAIL_SHORT`` long) a detail it gives asked of a thing other entries ask about and it never
        names, or a value of a unit whose values it lists without that one (``listed.unlisted``); False otherwise. Never
        raises for any text."""
        if unlisted(self.index, text, entry):
            return True
        asked = asks(text)
        if not asked:
            return self._unsaid(text, entry)
        given = _given(self.index, self.index.entry_index[entry.id])
        # A way up or down is unanswered only by an entry saying the other way (额度一直不涨 of the entry on the
        # limit lowered); one saying neither (罚息会一直涨 of the entry on penalties) is about the amount.
        return not asked - {"up", "down"} <= given or any(
            way in asked and way not in given and other in given for way, other in (("up", "down"), ("down", "up"))
        ) or (len(text) <= DETAIL_SHORT and len(entry.phrasings) >= FEWEST and (
            (not asked.isdisjoint(DETAILS) and self._of_another(text, entry))
            or (not asked.isdisjoint(WAYS) and self._of_another(text, entry, nouns=True))))

    def _of_another(self, text: str, entry: Entry, nouns: bool = False) -> bool:
        # A detail the entry gives is of the thing it is about: asked of a thing other entries' phrasings ask about
        # and this entry never names (催收 of 催收的电话号码是多少, against the entry giving the hotline's number;
        # 合同 of 借款合同在哪里下载, against the one telling where to download the APP), it is another thing's.
        # A way up or down is of a noun only (额度 of 额度怎么提升; not 才能 of 怎么才能涨回来).
        said = _said(self.index, self.index.entry_index[entry.id])
        table = dictionary()
        return any(sound_key(word) not in said and self._asked_by_another(sound_key(word), entry)
                   for word in things_of(text) if not nouns or table.noun_like(word))

    def _unsaid(self, text: str, entry: Entry) -> bool:
        # Asked whether a thing happens (会不会被起诉), an entry that never names it (逾期3天怎么办, whose answer says
        # nothing of 起诉) does not say yes or no.
        thing = whether(text)
        if not thing:
            return False
        index = self.index
        said = _said(index, index.entry_index[entry.id])
        # Only a thing another entry's phrasings ask about: the base knows it, and this entry does not say it. A word
        # no phrasing holds (打通 of 半夜能打通吗) is how the borrower puts what the entry may well say otherwise.
        return not any(sound_key(word) in said for word in thing) and any(
            self._asked_by_another(sound_key(word), entry) for word in thing)

    def _asked_by_another(self, key: str, entry: Entry) -> bool:
        # Whether the phrasings of an entry other than ``entry`` (small talk aside) hold sound key ``key``.
        index = self.index
        return any(key in _asked_of(index, owner)
                   for owner, other in enumerate(index.entries) if other.id != entry.id and not other.smalltalk)


def _find_given(index: Index, owner: int) -> frozenset[str]:
    """What entry ``owner`` gives (``gives``), read from its phrasings (and answer in a small base)."""
    return gives(tuple(map(index.normalize, read_texts(index, owner))))


def _find_said(index: Index, owner: int) -> str:
    """The sound keys of entry ``owner``'s phrasings (and answer in a small base), normalized, joined by ``|``."""
    return "|".join(sound_key(index.normalize(text)) for text in read_texts(index, owner))


def _find_asked_of(index: Index, owner: int) -> str:
    """The sound keys of entry ``owner``'s phrasings, normalized, joined by ``|``."""
    return "|".join(sound_key(index.normalize(text)) for text in index.entries[owner].phrasings)


_given = PerEntry(_find_given)
_said = PerEntry(_find_said)
_asked_of = PerEntry(_find_asked_of)
