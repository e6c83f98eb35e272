"""The words around a figure that say what it measures: currencies, multipliers, units, periods, counted things.

Each table maps a canonical name to a regex alternation of the ways PMs write it, in English and Chinese. The
reader compiles them into named groups (`patterns.named`), so a match's `lastgroup` names the canonical
value directly, with no second lookup table to keep in sync.

ASCII words end with `_END` (no letter may follow), so "s" (seconds) never matches the start of "samples" and
"M" (million) never matches the start of "Mio". CJK words need no such guard.
"""

from __future__ import annotations

_END = r"(?![A-Za-z])"

# ---------------------------------------------------------------------------------------------------- currencies
GPU_MODELS = r"(?:[AHBLVTP]\d{1,3}[SX]?|GB\d{3}|(?:RTX\s?)?[1-5]0[5-9]0(?:\s?Ti)?|RTX\s?\d{4}|MI\d{3}X?)(?![0-9])"
"""GPU model names that may stand for "GPU" after a count ("2 A100s", "4 H100 GPUs", "2张A100", "3张4090")."""

CURRENCY_BEFORE: dict[str, tuple[str, ...]] = {
    "USD": ("US$", "$", "USD", "美元", "美金"),
    "CNY": ("¥", "￥", "RMB", "CNY", "人民币"),
    "EUR": ("€", "EUR"),
    "GBP": ("£", "GBP"),
    "INR": ("₹", "Rs.", "Rs", "INR"),
    "JPY": ("JPY", "日元"),
}
"""Currency markers written before the amount, literally ("$5", "US$5", "USD 5", "人民币50万"); longer spellings
first, so "US$" wins over "$"."""

_NO_DIGIT = r"(?!\s?[0-9])"
CURRENCY_AFTER: dict[str, str] = {
    "USD": rf"\${_NO_DIGIT}|USD{_END}|(?:US\s+)?dollars?{_END}|bucks{_END}|美元|美金",
    # 块 is a classifier for GPUs too ("2块A100", "两块4090"): money only when no card follows
    "CNY": rf"¥{_NO_DIGIT}|RMB{_END}|CNY{_END}|[Yy]uan{_END}|人民币|元(?![组素])|块钱|块(?!\s*(?:{GPU_MODELS}|GPU|显卡|卡))",
    "EUR": rf"€{_NO_DIGIT}|EUR{_END}|[Ee]uros?{_END}|欧元",
    "GBP": rf"£{_NO_DIGIT}|GBP{_END}|(?:pounds?|quid){_END}|英镑",
    "INR": rf"₹{_NO_DIGIT}|INR{_END}|[Rr]upees?{_END}|卢比",
    "JPY": rf"JPY{_END}|[Yy]en{_END}|日元",
}
"""Currency markers written after the amount ("45.000 €", "2万元", "30 dollars"); a sign followed by a digit
opens the next amount instead ("5 $3")."""

SUBUNITS_AFTER: dict[str, str] = {
    "USD100": rf"cents?{_END}|¢",
    "GBP100": rf"pence{_END}",
    "CNY100": r"分钱",
    "CNY10": r"(?:角|毛)钱|毛(?![\u4e00-\u9fff])",  # not 三角形, 一毛不拔
}
"""Minor units written after the amount, keyed by currency and how many make one ("40 cents" is $0.40, 5分钱 is
¥0.05, 3毛 is ¥0.3), so a price in cents meets the same price in dollars."""

EURO_CURRENCIES = frozenset({"EUR"})
"""Currencies whose amounts are read with a decimal comma and dot thousands ("€1,2 million", "45.000 €")."""

# ---------------------------------------------------------------------------------------------------- multipliers
MULTIPLIERS: dict[str, float] = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3, "hundred": 1e2, "grand": 1e3,
    "m": 1e6, "mn": 1e6, "mm": 1e6, "mil": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "billions": 1e9, "mrd": 1e9,
    "t": 1e12, "tn": 1e12, "trillion": 1e12,
    "w": 1e4,  # informal 万 in Chinese text: "50w预算"
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "crore": 1e7, "crores": 1e7, "cr": 1e7,
}
"""Latin multipliers after a numeral, by lower-cased word. CJK multipliers (十百千万亿) are read as part of the
numeral itself (`numerals.CJK_UNITS`)."""

MULTIPLIER_AFTER = (
    r"(?:\s?(?:[kKmMbBT]|mn|mm|bn|Bn|tn|cr)|\s*(?:thousands?|hundred|millions?|mil|billions?|trillion|grand"
    r"|lakhs?|lacs?|crores?)|\s?(?:Mio|Mrd)\.?|[wW](?=[\u4e00-\u9fff，。、；：）/|]|\s*$|\s+[\u4e00-\u9fff]))" + _END
)
"""A Latin multiplier after a numeral: glued or spaced abbreviations and words ("12k", "1.5 million", "2 Mio.")."""

EURO_MULTIPLIERS = frozenset({"mio", "mrd"})
"""Multipliers that are themselves a cue for European number formatting."""

# ---------------------------------------------------------------------------------------------------- durations
DURATION_UNITS: dict[str, str] = {
    "ms": rf"(?:ms|msecs?|milliseconds?){_END}|毫秒",
    "s": rf"(?:s|secs?|seconds?){_END}|秒钟?",
    "min": rf"(?:mins?|minutes?){_END}|分钟",
    "hour": rf"(?:[Gg][Pp][Uu][- ]?|(?i:agent|analyst|engineer|developer|person|people|staff|man|labou?r|human|reviewer"
            rf"|support)[\s-])?(?:h|hrs?|hours?){_END}|(?:GPU|gpu)?个?小时|个?钟头|人时|卡时",
    "day": rf"(?:d|days?|(?:business|working|calendar)\s+days?){_END}|天|个?工作日|日(?![元本期活均常志])",
    "week": rf"(?:wks?|weeks?){_END}|个?星期|个?礼拜|周",
    "month": rf"(?:mos?|months?){_END}|个月",
    "year": rf"(?:yrs?|years?){_END}|年",
}
"""Duration units after a number ("500 ms", "8h", "3个月"). 年 after a calendar year is a year, not a duration;
the reader decides that from the number."""

DURATION_MODIFIERS = r"(?:(?:more|additional|extra|full|whole|straight|consecutive)\s+)?"
"""Words that may sit between a number and its duration unit ("3 more days")."""

SECONDS: dict[str, float] = {
    "ms": 1e-3, "s": 1.0, "min": 60.0, "hour": 3600.0, "day": 86400.0, "week": 7 * 86400.0,
    "month": 30 * 86400.0, "year": 360 * 86400.0,
}
"""Length of each duration unit in seconds: a 30-day month and a 12-month (360-day) year, the calendar the
calculators use, so that "2 years" is exactly 24 months."""

# ---------------------------------------------------------------------------------------------------- periods
PERIOD_NAMES: dict[str, str] = {
    "minute": r"minutes?|mins?|分钟",
    "hour": r"hours?|hrs?|h|小时|钟头",
    "day": r"weekdays?|(?:working|business)\s+days?|days?|d|个?工作日|天|日",
    "week": r"weeks?|wks?|w|周|星期|礼拜",
    "month": r"months?|mos?|mth|月",
    "quarter": r"quarters?|qtrs?|季度|季",
    "year": r"years?|yrs?|yr|y|annum|年",
}
"""Period words after "/", "per", "a", "each", "every" or 每 ("$12k/mo", "8h a day", "4万/月")."""

PERIOD_ADVERBS: dict[str, str] = {
    "minute": rf"(?:a\s+minute|per\s+minute|each\s+minute|every\s+minute){_END}|每分钟",
    "hour": rf"hourly{_END}|每小时|每个小时",
    "day": rf"(?:daily|a\s+day|per\s+day|each\s+day|every\s+day|(?:every|each|per|a)\s+(?:weekday|working\s+day|business\s+day)){_END}"
           rf"|每天|每日|一天|每个?工作日",
    "week": rf"(?:weekly|a\s+week|per\s+week|each\s+week|every\s+week){_END}|每周|每星期|每个星期|一周",
    "month": rf"(?:monthly|a\s+month|per\s+month|each\s+month|every\s+month){_END}|每月|每个月|一个月",
    "quarter": rf"(?:quarterly|a\s+quarter|per\s+quarter|each\s+quarter|every\s+quarter){_END}|每季度|每个季度|每季",
    "year": r"(?:annually|yearly|annual|a\s+year|per\s+year|each\s+year|every\s+year|per\s+annum|p\.\s?a\.)"
            rf"{_END}|每年|一年",
}
"""Whole period phrases after an amount ("$500 monthly", "¥1.5M a year", "4万元每月")."""

_FLOW_ZH = r"(?:费|收益|收入|营收|成本|支出|开销|花费|消耗|预算|利润|薪|租|节省|产出|活|请求|调用|用量)"
"""Nouns of amounts that accrue over time: a period character right before one makes a rate (年费, 日活)."""

PERIOD_BEFORE: dict[str, str] = {
    "minute": rf"(?i:\b(?:per\s+minute|every\s+minute|each\s+minute){_END})|每分钟",
    "hour": rf"(?i:\b(?:hourly|per\s+hour|every\s+hour|each\s+hour){_END})|每小时|每个小时",
    "day": rf"(?i:\b(?:daily|per\s+day|every\s+day|each\s+day){_END})|每天|每日|日均|每一天|每个?工作日|日(?={_FLOW_ZH})",
    "week": rf"(?i:\b(?:weekly|per\s+week|every\s+week|each\s+week){_END})|每周|每星期|周均|周(?={_FLOW_ZH})",
    "month": rf"(?i:\b(?:monthly|per\s+month|every\s+month|each\s+month){_END})|每月|每个月|月均|月度|包月"
             rf"|月(?={_FLOW_ZH})",
    "quarter": rf"(?i:\b(?:quarterly|per\s+quarter|every\s+quarter|each\s+quarter){_END})|每季度|每个季度|季度(?={_FLOW_ZH})",
    "year": rf"(?i:\b(?:annual|annually|yearly|per\s+year|per\s+annum|every\s+year|each\s+year|this\s+year){_END})"
            rf"|每年|年均|年度|年化|包年|今年|全年|年(?={_FLOW_ZH})",
}
"""Period phrases that may precede the figure in its clause ("monthly spend: $12k", "每月服务器费用4万", and a
period character before a flow noun: 年费, 年收益, 日成本, 日活)."""

PERIOD_ADJECTIVES: dict[str, str] = {
    "hour": r"hourly", "day": r"daily", "week": r"weekly", "month": r"monthly", "quarter": r"quarterly",
    "year": r"yearly|annual",
}
"""A period adjective inside a counted noun phrase ("120k monthly active users", "10k daily requests")."""

PER_PERIOD_FACTOR: dict[str, float] = {
    "minute": 60 * 24 * 30, "hour": 24 * 30, "day": 30.0, "week": 30 / 7, "month": 1.0, "quarter": 1 / 3, "year": 1 / 12,
}
"""Factor from a rate per period to a rate per month (30-day month, round-the-clock hours)."""

# ---------------------------------------------------------------------------------------------------- counted things

_NOT_HOURS = r"(?![\s-]+(?:hours?|hrs?)\b)"  # "2,500 agent hours a month" is time, not 2,500 agents

THINGS_EN: dict[str, str] = {
    "gpu": rf"(?:{GPU_MODELS}s?(?:\s+(?:GPUs?|cards?))?|GPUs?|graphics\s+cards?|cards?|TPUs?|accelerators?){_END}",
    "token": rf"(?:tokens?|toks?){_END}",
    "engineer": rf"(?:engineers?|developers?|devs|SWEs?|MLEs?|programmers?){_END}{_NOT_HOURS}",
    "person": rf"(?:people|persons?|heads?|headcount|FTEs?|staff|team\s+members?|employees?|hires?|annotators?"
              rf"|labell?ers?|raters?|(?:data\s+)?scientists?|researchers?|analysts?|contractors?|consultants?"
              rf"|(?:human\s+|support\s+|service\s+)?agents?|reps?|representatives?|reviewers?|moderators?|operators?"
              rf"|specialists?|writers?|translators?|paralegals?|lawyers?|accountants?|clerks?|nurses?|workers?){_END}{_NOT_HOURS}",
    "user": rf"(?:users?|DAUs?|MAUs?|subscribers?){_END}",
    "customer": rf"(?:customers?|clients?|accounts?){_END}",
    "request": rf"(?:requests?|reqs?|calls?|queries|query|inferences?|invocations?){_END}",
    "ticket": rf"(?:tickets?){_END}",
    "sample": rf"(?:samples?|examples?|data\s?points?|records?|rows?|labels?|annotations?){_END}",
    "document": rf"(?:documents?|docs?|files?|PDFs?|articles?){_END}",
    "page": rf"(?:pages?){_END}",
    "conversation": rf"(?:conversations?|chats?|sessions?|dialog(?:ue)?s?){_END}",
    "message": rf"(?:messages?){_END}",
    "question": rf"(?:questions?|prompts?){_END}",
    "output": rf"(?:outputs?|responses?|completions?|generations?){_END}",
    "answer": rf"(?:answers?){_END}",
    "image": rf"(?:images?|pictures?|photos?){_END}",
    "seat": rf"(?:seats?|licen[cs]es?){_END}",
    "server": rf"(?:servers?|nodes?|machines?|instances?|VMs?){_END}",
    "feature": rf"(?:features?){_END}",
    "team": rf"(?:teams?){_END}",
    "language": rf"(?:languages?){_END}",
    "error": rf"(?:errors?|failures?|bugs?|hallucinations?|mistakes?){_END}",
}
"""Things a count may count, English, by canonical unit; "people", "heads" and annotators are persons."""

THINGS_ZH: dict[str, str] = {
    "gpu": rf"{GPU_MODELS}|GPU|显卡|加速卡|卡",
    "token": r"[Tt]okens?",
    "engineer": r"工程师|研发|开发人员|开发者|开发|程序员",
    "person": r"标注员|标注人员|人|员工|同学|成员|岗位|外包|全职|坐席|[\u4e00-\u9fff]{0,3}(?<!会)(?<!工程)(?<!程序)(?:员|师)(?!傅)",
    "user": r"用户|会员|日活|周活|月活",
    "customer": r"客户",
    "request": r"请求|调用|查询|咨询",
    "ticket": r"工单",
    "sample": r"样本|数据|语料|样例",
    "document": r"文档|文件|文章|报告",
    "page": r"页",
    "conversation": r"对话|会话",
    "question": r"问题",
    "answer": r"回答|答案",
    "output": r"输出|回复",
    "image": r"图片|图像",
    "server": r"服务器|机器|节点|实例",
    "error": r"错误",
}
"""Things a count may count, Chinese, by canonical unit."""

VOLUME_THINGS = ("user", "customer", "request", "ticket", "sample", "document", "page", "token", "conversation",
                 "message", "question", "answer", "output", "image", "error")
"""Things whose name right before a bare number makes it their count ("注册用户10万", "请求量约12万"). Resources
(GPUs, servers, people) are left out: named before an amount they usually head its cost ("服务器4万/月")."""

CLASSIFIERS_ZH = r"个|名|位|张|块|台|条|次|份|篇|家|套|件|例|组|道"
"""Chinese measure words between a number and its noun ("25名工程师", "2张A100", "10万次请求")."""

CLASSIFIER_THINGS: dict[str, str] = {"person": "名|位", "request": "次", "sample": "条", "document": "篇|份"}
"""What a measure word counts when no noun follows it ("提问4次" → requests, "标500条" → samples)."""

THING_BEFORE_GAP_ZH = r"(?:量|数|数量|总数|总量|规模|人数)?(?:\s|约|大约|达到?|为|是|有|共有?|超过|近|：|:)*"
"""What may sit between a Chinese noun and the number that counts it ("注册用户10万", "每日请求量约12万")."""

MODIFIER_EN = (
    r"(?:[\s-]+(?!(?:of|per|a|an|the|to|in|into|for|from|and|or|with|by|at|on|is|are|was|were|be|each|every"
    r"|than|over|under|about|out|as)\b)[A-Za-z][A-Za-z'-]*+)"
)
"""One English word that may sit between a count and its noun ("200 labelled samples", "10 support tickets");
prepositions and verbs of being end the noun phrase."""

# ---------------------------------------------------------------------------------------------------- other words
FACTOR_WORDS: dict[str, float] = {
    "double": 2, "triple": 3, "quadruple": 4, "halve": 0.5, "doubles": 2, "doubled": 2, "doubling": 2, "triples": 3, "tripled": 3, "tripling": 3,
    "quadruples": 4, "quadrupled": 4, "quadrupling": 4, "halves": 0.5, "halved": 0.5, "halving": 0.5,
    "翻倍": 2, "翻番": 2, "翻一番": 2, "翻一倍": 2, "翻两番": 4, "减半": 0.5, "砍半": 0.5,
}
"""Factors written as words, with no digits ("usage doubles", "costs halve", "成本减半"); a hyphenated use is
not one ("double-check", "triple-digit")."""

SHARE_WORDS: dict[str, float] = {
    "half": 1 / 2, "a third": 1 / 3, "one third": 1 / 3, "two thirds": 2 / 3, "two-thirds": 2 / 3,
    "a quarter": 1 / 4, "one quarter": 1 / 4, "three quarters": 3 / 4, "three-quarters": 3 / 4,
    "a fifth": 1 / 5, "one fifth": 1 / 5, "a tenth": 1 / 10, "one tenth": 1 / 10, "一半": 1 / 2,
}
"""Shares written as words ("a third of tickets", "half of the traffic", 一半的请求): percent quantities. An English one
counts only before "of" ("a quarter" alone is a period, "half the price" a comparison); 三成, 七成五 are read from their numerals."""

MODEL_NAMES = (
    r"(?:llama|qwen|gpt|claude|gemini|gemma|mistral|mixtral|phi|deepseek|glm|chatglm|ernie|baichuan|yi"
    r"|sonnet|opus|haiku|python|ios|android|windows|macos|ubuntu|java|node|version|release|v|iphone|pixel"
    r"|galaxy|rtx|gtx|level|step|phase|stage|chapter|section|figure|fig|table|page|line|issue|pr|id|no\.|option|tier"
    r"|part|round|sprint|milestone|item|rule)"
)
"""Words after which a spaced number names something rather than measuring it ("Llama 3", "Python 3.11",
"version 2", "step 4", "issue 10"). The reader checks them case-insensitively."""
