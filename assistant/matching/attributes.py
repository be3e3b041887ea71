"""Attributes: facts about an organization or its app that a question may ask for and an entry rarely gives.

A question about the bank or the product itself may ask what no entry about it says: when it was founded
(微众银行是哪一年成立的), where its premises are (总部在哪里, 有实体店吗), who owns or leads it (股东,
董事长), whether it hires (招聘, 投简历), what kind of company it is (国企, 上市), whether it is licensed
(正规, 持牌), who may borrow by age or by who one is (年龄限制, 60岁还能借吗, 大学生可以申请吗), or how
its app looks (夜间模式, 字体, 头像). Each is a closed class of words, not the base's: ``ATTRIBUTES``
gives, for each kind, how a question asks for it and how an entry's phrasing or answer asks or gives it (a
year, the premises named, an age…). ``asked`` reads them beside its other kinds: an entry naming the
product (微粒贷是什么) is not what a question asking one of them of the product is about.

>>> sorted(kind for kind, asked, _ in ATTRIBUTES if asked.search("微众银行是哪一年成立的"))
['founding']
>>> sorted(kind for kind, asked, _ in ATTRIBUTES if asked.search("微粒贷是谁家推出的"))
[]
"""

from __future__ import annotations

from ..lazy_regex import LazyPattern

FOUNDED = r"成立|推出|上线|创立|创办|开业|诞生|面世|问世|建立"
"""The verbs of a thing's beginning (成立, 推出)."""

ASKED_FOUNDING = LazyPattern(rf"(?:哪[一1]?年|什么时候|啥时候|何时|几几年|哪个时候)(?:开始)?(?:{FOUNDED})"
                             rf"|(?:{FOUNDED})(?:于|多久|几年|多少年|的?时间|的?日期|的?年份)|哪[一1]?年|几几年|什么年份")
"""How a question asks when a thing was founded or launched, or in which year a thing was (哪一年成立的, 什么时候推出的,
成立多少年了, 成立时间, 哪1年 as normalized; not who launched it, 谁家推出的)."""

GIVEN_FOUNDING = LazyPattern(rf"\d{{4}}年|年份|{ASKED_FOUNDING.pattern}")
"""How an entry gives a year (2014年) or a phrasing asks for it."""

PREMISES = LazyPattern(r"总部|总公司|实体店|营业厅|网点|分行|支行|门店|柜台|办公(?:地点|地址|楼)|哪个城市")
"""How a question asks for a place one can go to (总部在哪里, 有实体店吗, 附近有网点吗), and how an entry names one."""

PEOPLE = LazyPattern(r"股东|董事|创始人|法人|法定代表人|总裁|行长|CEO|ceo|高管|老板是谁")
"""How a question asks who owns or leads an organization (股东是谁, 董事长叫什么), and how an entry names them."""

HIRING = LazyPattern(r"招聘|招人|招工|应聘|简历|面试|校招|社招|员工|职工|入职|待遇")
"""How a question asks about working there (招不招人, 怎么投简历, 员工待遇), and how an entry says it."""

OWNERSHIP = LazyPattern(r"国企|私企|民企|民营|央企|国有|国资|外资|股份制|上市")
"""How a question asks what kind of company it is (是国企吗, 上市了吗), and how an entry says it."""

LICENSED = LazyPattern(r"正规|合法|合规|持牌|牌照|黑平台|是不是(?:骗子|骗人|诈骗)|是(?:骗子|骗人的?|诈骗)吗")
"""How a question asks whether a lender is licensed or lawful (是正规银行吗, 是不是骗子; not a story's 怕是骗子), and
how an entry says it."""

AGE = LazyPattern(r"年龄|岁数|多少岁|几岁|多大年纪|年纪(?:限制|要求|大了?还)|未成年"
                  r"|\d+岁(?:以上|以下|以内|能|可以|还能|也能)"
                  r"|(?:大学生|学生|外国人|外籍|港澳台|退休(?:人员)?|老年人)(?:也|还)?(?:可以|能)(?:申请|借|开通|用)")
"""How a question asks who may borrow, by age or by who one is (有没有年龄限制, 60岁还能借吗, 大学生可以申请吗), and how
an entry says it."""

LOOKS = LazyPattern(r"夜间模式|深色模式|暗黑模式|黑夜模式|护眼模式|字体|字号|头像|皮肤|主题|昵称|英文界面|英文版")
"""How a question asks how an app looks (夜间模式, 字体调大, 换头像), and how an entry says it."""

ATTRIBUTES: tuple[tuple[str, LazyPattern, LazyPattern], ...] = (
    ("founding", ASKED_FOUNDING, GIVEN_FOUNDING), ("premises", PREMISES, PREMISES), ("people", PEOPLE, PEOPLE),
    ("hiring", HIRING, HIRING), ("ownership", OWNERSHIP, OWNERSHIP), ("licensed", LICENSED, LICENSED),
    ("age", AGE, AGE), ("looks", LOOKS, LOOKS))
"""Each attribute's kind, how a question asks for it, and how an entry's phrasing or answer asks or gives it."""
