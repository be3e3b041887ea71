"""Details: the details of a thing a question may ask for, and the things it may ask them of.

A question may ask for a detail of a thing (``ASKED_DETAILS``): its telephone number (人民银行征信中心的电话是多少),
e-mail, postal or web address, a copy to download or print or a paper issued (分期还款协议在哪里下载), an identifying
number (借据号在哪里能查到), which card money is paid from or into (每个月自动从哪张卡扣钱), or money paid back
(违约金能退回来吗); an entry gives it when a phrasing asks for it or its
answer says it (400 999 8866, 去应用商店搜“微粒贷”下载). The thing it is asked of is one of the words the question
names besides the detail's own (``things``: 催收 of 催收的电话号码是多少). ``asked`` reads both: a detail the entry
gives asked of a thing other entries ask about and the entry never names is another thing's.

>>> things("催收的电话号码是多少")
['催收']
>>> sorted(kind for kind, pattern in ASKED_DETAILS if pattern.search("借款合同在哪里下载"))
['document']
"""

from __future__ import annotations

from functools import lru_cache

from ..lazy_regex import LazyPattern
from .words import chinese_runs, dictionary

ASKED_PHONE = LazyPattern(r"(?:电话|号码|热线)号?码?是?"
                          r"(?:多少(?!钱)|几号|(?:啥|什么)(?!时)|哪个|给(?:我|俺)?(?:一?下|个))"
                          r"|(?:哪个|什么|啥)(?:电话|号码)", needs=("电话", "号码", "热线"))
"""How a question asks for a telephone number (催收员的电话号码是多少, 打哪个号码, 号码给我一下); not a call made to
someone (会打电话给我家人吗), what a call costs (打电话多少钱) or when it is answered (电话什么时候能打通)."""

GIVEN_PHONE = LazyPattern(rf"\d{{3,}}[ -]?\d{{3,}}|{ASKED_PHONE.pattern}")
"""How an entry gives a telephone number (400 999 8866, as normalized), or a phrasing asks for one."""

EMAIL = LazyPattern(r"邮箱|邮件|电子邮")
"""How a question asks for an e-mail address, and how an entry names one (用手机或邮箱做验证)."""

ADDRESS = LazyPattern(r"(?<!邮箱)(?<!邮件)(?<!网站)(?<!网)地址|位于|坐落", needs=("地址", "位于", "坐落"))
"""How a question asks for a postal address (总部的地址在哪里), and how an entry gives one."""

GIVEN_ADDRESS = LazyPattern(rf"{ADDRESS.pattern}|在哪|哪里|什么地方|位置|\d+号")
"""How an entry gives a postal address: it names one, its phrasing asks where a place is (店在哪？), or its answer
writes a house number (江南大道100号)."""

SITE = LazyPattern(r"网址|网站地址|链接|域名|http|www")
"""How a question asks for a web address, and how an entry gives one."""

DOCUMENT = LazyPattern(r"下载|导出|打印|复印|寄|收据|发票|凭证|证明")
"""How a question asks to download, print or be sent a thing (协议在哪里下载, 能导出账单吗) or to be issued a paper
(逾期费用能开收据吗), and how an entry says where to (去应用商店搜“微粒贷”下载) or what it issues (可以开电子发票)."""

SERIAL = LazyPattern(r"工号|编号|单号|借据号|合同号|流水号")
"""How a question asks for a thing's identifying number (客服的工号怎么查, 借据号在哪里能查到), and how an entry
gives or names one (下单时填订单号)."""

ASKED_CARD = LazyPattern(r"(?:哪|什么|啥)(?:一?[个张]|家)?(?:银行|储蓄|借记|信用)?的?卡(?![住顿死通拉])|卡号",
                         needs=("卡",))
"""How a question asks which card money is paid from or into, or its number (每个月自动从哪张卡扣钱, 钱打到什么卡上,
卡号在哪看, 用哪家银行的卡); not a thing stuck (卡住) nor a cartoon (卡通) or karaoke (卡拉OK)."""

GIVEN_CARD = LazyPattern(r"卡(?![住顿死通拉])")
"""How an entry names a card (绑定银行卡, 会员卡)."""

ASKED_REFUND = LazyPattern(r"退回|退还|退款|退钱|返还|退给|退掉|退吗")
"""How a question asks whether money paid comes back (已经交的违约金能退回来吗)."""

GIVEN_REFUND = LazyPattern(r"退")
"""How an entry says what comes back (退货, 退款, 退还)."""

ASKED_DETAILS: tuple[tuple[str, LazyPattern], ...] = (
    ("phone", ASKED_PHONE), ("email", EMAIL), ("address", ADDRESS), ("site", SITE), ("document", DOCUMENT),
    ("serial", SERIAL), ("card", ASKED_CARD), ("refund", ASKED_REFUND))
"""The details a question may ask for of a thing the base mentions (its telephone number, e-mail or postal address,
web address, a copy to download or print or a paper issued, an identifying number, which card, money back), each
with how a
question asks for it."""


DETAILS = frozenset(kind for kind, _ in ASKED_DETAILS)
"""The kinds of ``asks`` that are a detail of a thing."""

DETAIL_WORDS = LazyPattern(rf"电话|号码|热线|{EMAIL.pattern}|{ADDRESS.pattern}|{SITE.pattern}|{DOCUMENT.pattern}"
                           rf"|{SERIAL.pattern}|卡号|退")
"""The words of the details themselves (电话, 号码, 下载): what is asked, not the thing it is asked of."""

DETAIL_SHORT = 16
"""A detail is read as asked of every thing a question names only in a question (or a long question's asking part)
up to this long: a story names things in passing (想直接打电话问问…晚上打过去有人接吗) besides the one whose
number it asks."""


def things(text: str) -> list[str]:
    """The words of normalized ``text`` that may name a thing: the general dictionary's cut, its words of two
    characters or more that are no particles, pronouns or the like and no detail asked for (电话, 下载), and each
    run of single characters it leaves, of two or more (催收 of 催收的电话, a word it lacks); empty when none."""
    words = dictionary()
    found: list[str] = []
    for _, run in chinese_runs(text):
        single = ""
        for word in [*words.segment(run), ""]:
            if len(word) == 1 and not words.function_word(word):
                single += word
                continue
            if len(single) > 1:
                found.append(single)
            single = ""
            if len(word) > 1 and not words.function_word(word) and not DETAIL_WORDS.search(word):
                found.append(word)
    return found


THINGS_KEPT = 8
"""How many questions' ``things`` a check keeps (a few per thread asking at once)."""


@lru_cache(maxsize=THINGS_KEPT)
def things_of(text: str) -> tuple[str, ...]:
    """``things`` of normalized ``text``, as a tuple, kept for the last ``THINGS_KEPT`` questions: the dictionary
    cuts a question once, not once for each entry it is asked of."""
    return tuple(things(text))
