"""Word tables the diagnosis reads text with, English and Chinese side by side: one table per signal.

Each table is data, shared by every rule that needs it, so a new phrasing is one more entry rather than one more
rule: negation cues and the phrases that look negative but bound a figure ("no more than", 不超过); antonym
cues that deny without a negation word ("prohibited", "closed", 禁止); statements that the
answer is not available ("I don't know", 知识库中没有相关信息); leak markers; version and time markers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first (so "no longer" wins over "no")."""
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


NEGATION_EN = (
    "not", "no", "never", "none", "nor", "neither", "without", "cannot", "can't", "don't", "doesn't", "didn't",
    "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "shouldn't", "mustn't", "hasn't", "haven't",
    "no longer", "nothing", "nobody", "unable", "non",
)
"""English negation words (after "n't" forms are matched whole); "non-" prefixes count through "non"."""

NEGATION_ZH = ("不", "没", "未", "无", "非", "否", "勿", "别", "禁止", "严禁", "不得", "毋")
"""Chinese negation characters and words (they need no word boundary)."""

NOT_NEGATION = (
    # bounds on a figure read as limits, not as denials
    "no more than", "no later than", "no less than", "not more than", "not less than", "not later than",
    "not exceeding", "no fewer than", "not only", "no matter", "non-stop", "not to exceed",
    "不超过", "不多于", "不少于", "不低于", "不高于", "不迟于", "不晚于", "不早于", "不足", "不等", "不满", "未满", "不到",
    # Chinese words that merely contain a negation character
    "非常", "未来", "无论", "不仅", "不过", "不断", "不久", "不少", "不错", "无线", "除非", "是否", "能否",
    "可否", "否则", "不管", "毫不", "无理由", "别的", "别人", "区别", "类别", "级别", "特别", "分别", "差别", "无忧",
)
"""Phrases that contain a negation cue but do not deny the statement; they are removed before counting cues."""

NEGATIVE_TERMS = (
    "prohibited", "forbidden", "banned", "disallowed", "refused", "rejected", "declined", "ineligible", "closed",
    "excluded", "optional", "voluntary", "free of charge", "free", "waived", "unavailable", "unsupported",
    "nonrefundable", "expired", "denied", "shut", "forfeited", "forfeit", "forfeits", "void", "voided", "lapsed", "lose", "loses", "lost", "strip", "strips", "stripped", "removes", "removed", "deletes", "deleted",
    "waive", "waives", "prohibits", "forbids", "refuses", "rejects", "denies", "excludes",
    "禁止", "严禁", "拒绝", "关闭", "停业", "免费", "免收", "免除", "可选", "自愿", "作废", "失效", "暂停", "拒付",
    "去掉", "删除", "删掉", "移除", "丢掉",
)
"""Antonym cues: words that carry a denial without a negation word ("prohibited" = not allowed, "closed" = not
open, "free" = no charge, 免收 = 不收, "forfeited" = "lost" = 作废 = no longer yours). They count like negations, so "prohibited" against "not allowed" agrees
and "prohibited" against "allowed" contradicts; a verb that takes something away ("strips", 删除) denies keeping
it, so "no longer strips leading zeros" agrees with "keeps leading zeros"."""

FREE_OF_CHARGE = (
    "free of charge", "free", "waived", "waive", "waives", "no cost", "at no cost", "no charge", "no fee", "no fees", "without charge",
    "costs nothing", "免费", "免收", "免除", "不收费", "不收取费用", "无需付费", "免手续费", "免运费", "免年费", "免服务费",
    "免押金",
)
"""One denial said many ways (no charge): these cues agree with each other whatever words follow them."""

EXCLUSIONS = ("except", "excluding", "other than", "apart from", "with the exception of", "exception of", "除外")
"""Cues that carve an exception out of a statement: alone they deny ("refunded, except for marketplace sellers" =
"does not apply to marketplace sellers"); beside a denial they only qualify it ("not permitted, except baby food")."""

PERMISSION = (
    "can", "may", "allowed", "permitted", "able", "accepted", "ok to", "prohibited", "forbidden", "banned",
    "disallowed", "可以", "能", "允许", "准许", "可", "禁止", "严禁", "不得",
)
"""Words of permission or ability, and their antonyms: "not permitted" and "prohibited" deny what "you can" grants,
though they share no word with it."""

MISSING_CONTENT = (
    "i don't know", "i do not know", "not enough information", "no information", "there is no mention",
    "not mentioned", "isn't mentioned", "is not mentioned", "not specified", "not stated",
    "not provided", "not included in the", "doesn't say", "does not say", "doesn't mention", "does not mention",
    "do not mention", "don't mention", "doesn't specify", "does not specify",
    "no details", "no data on", "cannot find", "can't find", "could not find", "couldn't find", "unable to find",
    "cannot answer", "can't answer", "unable to answer", "cannot determine", "can't determine", "cannot confirm",
    "can't confirm", "not sure", "no relevant", "nothing about", "not available in",
    "不知道", "不清楚", "无法回答", "无法确定", "无法找到", "没有找到", "未找到", "没有相关", "无相关", "未提及",
    "没有提及", "没有提到", "未提到", "未说明", "没有说明", "没有关于", "没有涉及", "未涉及", "暂无", "无法提供",
    "不确定", "没有记载", "未记载", "查不到", "找不到", "没有这方面", "没有该", "没有此",
)
"""Statements that the answer is not available (abstentions), in both languages, lower-cased."""

PROMPT_LEAK = (
    "system prompt", "my instructions are", "my prompt is", "i was instructed to", "i am instructed to",
    "you are a helpful", "you are an ai", "never reveal", "do not reveal", "don't reveal", "internal note",
    "internal use only", "<|im_start|>", "<|system|>", "[system]", "### system", "<<sys>>",
    "提示词", "系统指令", "内部规则", "内部资料", "仅限内部", "不得透露", "不要透露", "风控规则",
)
"""Markers of a leaked system prompt or internal instructions in a response (lower-cased); 提示词 rather than 系统提示,
which also means the hints an app shows ("按系统提示选择")."""

SELF_REFERENCE = ("my", "i was given", "i've been given", "i have been given", "i was told", "i've been told",
                  "i was set up with", "我的", "我收到的", "我被设定的", "给我的")
INSTRUCTION_NOUNS = ("instructions", "instruction", "setup notes", "setup note", "guidelines", "system message",
                     "prompt", "configuration", "directives", "briefing", "operating rules", "指令", "设定", "指示",
                     "配置", "规则", "工作说明")
"""A self-reference followed closely by an instruction noun ("my setup notes say", "my instructions literally
say", 我的设定是): the answer is quoting how it was configured."""

SECRET_NOUNS = (
    "password", "passcode", "api key", "api_key", "secret key", "access token", "private key", "discount code",
    "token", "credentials", "secret", "密码", "密钥", "口令", "账号", "验证码", "令牌",
)
"""Nouns that leak a secret when a value follows them ("password: Test@2024", 密码为Test@2024)."""

SECRET_SHAPES = re.compile(
    r"\b(?:sk|pk|rk)[-_](?:live|test|proj)?[-_]?[A-Za-z0-9]{12,}\b|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{20,}\b"
    r"|\bxox[abpr]-[A-Za-z0-9-]{10,}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|\b[a-z][a-z0-9+.-]*://[^\s:/@]+:[^\s:/@]+@"
)
"""Shapes of credentials (provider key prefixes, private-key blocks, a password inside a URL)."""

VERSION_EN = (
    "updated", "revised", "amended", "effective", "as of", "from now on", "latest", "previous", "previously",
    "former", "formerly", "used to", "no longer", "superseded", "replaced", "deprecated", "legacy", "outdated",
    "edition", "version", "up from", "down from", "changed", "new policy", "old policy", "new rules", "currently",
    "at present", "this year",
)
VERSION_ZH = (
    "调整为", "修订", "更新", "生效", "截至", "最新", "新版", "新规", "现行", "此前", "以前", "原为", "原来", "旧版",
    "旧规", "已废止", "废止", "作废", "改为", "版本", "年版", "起施行", "起执行", "目前", "当前", "现阶段",
)
"""Words that mark a text as one version of a document or a figure as valid from a date (years count too)."""

NEW_VERSION = (
    "new policy", "new rules", "current policy", "current version", "latest version", "updated policy", "as of",
    "since the", "under the new", "新规", "新版", "最新", "现行", "新政策", "新标准", "调整后",
)
"""Words that say a text follows a newer version than another."""

OLD_MARKERS = (
    "previous", "previously", "old", "former", "formerly", "used to", "up from", "down from", "was", "legacy",
    "superseded", "deprecated", "outdated", "此前", "以前", "原来", "原", "旧", "曾", "由", "已废止", "作废",
)
"""Words that mark a figure as the superseded one ("up from $12", "由每月3500元调整为…")."""

ADVICE = (
    "you may want to", "you might want to", "i recommend", "i suggest", "we recommend", "it's best to",
    "it is best to", "please note", "feel free to", "don't hesitate", "check with", "contact hr", "consult",
    "建议", "如有疑问", "可以咨询", "请咨询", "请联系", "请注意", "需要注意",
)
"""Advice to the user rather than a statement about the documents ("you may want to check with HR", 建议咨询…):
not a claim to check."""

QUANTITY_QUESTION = (
    "how many", "how much", "how long", "how often", "how far", "how old", "how big", "how large", "what time",
    "when", "what is the price", "what's the price", "what percentage", "what rate", "what fee", "what is the fee",
    "how soon", "by when", "what date", "which day", "hours", "price", "cost", "fee", "fees", "rate", "limit",
    "deadline", "allowance", "budget", "amount", "percentage", "duration",
    "多少", "几", "多久", "多长", "多大", "多高", "多远", "什么时候", "何时", "几点", "多少钱", "费用", "价格",
    "比例", "期限", "时限", "时间", "金额", "额度", "上限", "标准",
)
"""Question phrases that ask for a figure (an amount, a time, a date or a count)."""

LIST_REQUEST = (
    "bullet", "bullets", "bulleted", "bullet points", "as a list", "in a list", "numbered list", "list the", "list all",
    "step by step", "step-by-step", "one per line", "分条", "逐条", "列出", "列表", "分点", "要点形式", "条目",
    "一条一条", "分步骤", "按步骤",
)
TABLE_REQUEST = (
    "in a table", "as a table", "into a table", "table comparing", "comparison table", "tabular", "table:",
    "a table of", "a table with", "make a table", "give me a table", "表格", "列表对比", "做成表", "列个表",
)
JSON_REQUEST = ("json",)
YES_NO_REQUEST = ("yes or no", "yes/no", "是或否", "是还是否", "回答是或否")
ONE_WORD_REQUEST = ("in one word", "one word", "a single word", "一个词", "一个字", "用一个词")
ONE_SENTENCE_REQUEST = ("in one sentence", "one-sentence", "in a single sentence", "一句话", "用一句话")
ENGLISH_REQUEST = ("in english", "用英文", "用英语", "英文回答", "英语回答")
CHINESE_REQUEST = ("in chinese", "in mandarin", "用中文", "用汉语", "中文回答")
AVOID_REQUEST = ("without mentioning", "don't mention", "do not mention", "without including", "leave out",
                 "exclude", "don't use", "do not use", "不要提", "不要提到", "不要包含", "不要说", "别提", "不提", "不要用",
                 "别用")
CITE_REQUEST = ("cite the source", "cite your source", "with sources", "with citations", "cite the section",
                "quote the section", "section number", "clause number", "which section", "注明出处", "引用来源", "标注来源",
                "注明依据", "注明条款", "第几条", "哪一条")
"""Requests to name the source or the section an answer relies on."""

SOURCE_NOUNS = (
    "document", "documents", "docs", "documentation", "leaflet", "page", "pages", "policy", "manual", "guide",
    "handbook", "knowledge base", "context", "contexts", "sources", "source", "text", "faq", "article", "articles",
    "information", "records", "files", "文档", "资料", "知识库", "手册", "说明书", "文件", "上下文", "材料", "信息",
    "内容", "记录",
)
TELLING_WORDS = (
    "say", "says", "said", "mention", "mentions", "mentioned", "state", "states", "stated", "specify", "specifies",
    "list", "lists", "listed", "give", "gives", "provide", "provides",
    "information", "details", "info", "answer", "提及", "提到", "说明", "记载", "信息", "内容", "资料", "相关", "规定",
    "介绍", "描述", "写明", "列出",
)
"""A negated statement that names a source and a telling word says the answer is not available ("the leaflet
gives no dose", 文档中没有防水等级的信息), unlike a negative fact ("the policy does not cover water damage")."""

YES_NO_QUESTION = ("do", "does", "did", "is", "are", "was", "were", "can", "could", "will", "would", "should",
                   "may", "has", "have", "must")
"""First words of an English yes/no question (Chinese ones end in 吗 or ask 是否/能否/可否)."""

ASKING_WORDS = (
    "what", "what's", "how", "when", "where", "which", "who", "whom", "whose", "why", "whether", "tell me",
    "explain", "describe", "list", "give me", "show me",
    "什么", "怎么", "怎样", "如何", "多少", "多久", "多长", "几", "哪", "谁", "为什么", "何时", "吗", "呢", "是否", "能否",
    "可否", "请问", "介绍一下", "说一下", "讲一下", "列出",
)
"""Words that make a part of a question ask something (a question word or a request), in both languages: "I lost
my phone" tells the situation, "how do I get back in" asks."""

OPPOSITE_QUALIFIERS = (
    (("under", "less than", "shorter", "below", "before", "until", "within", "up to", "以下", "以内", "之前", "不超过",
      "低于"),
     ("over", "more than", "longer", "above", "after", "beyond", "exceeding", "以上", "之后", "超过", "高于")),
)
"""Qualifiers on the two sides of a threshold: a statement about one side is the complement of a statement about
the other ("required for flights under six hours" / "not required for longer flights"), not a contradiction."""

GUESSED_READING = (
    "if you mean", "if you meant", "if you're asking about", "if you are asking about", "if you're asking",
    "i think you're asking", "i think you are asking", "depends which one you mean", "which one you mean",
    "not sure which", "not sure what you mean", "not sure what you're asking", "did you mean", "do you mean",
    "let me know which", "不太确定你问的是", "不确定你问的是", "不太清楚你问的是", "你问的是哪", "你是指", "你是想问",
    "如果你问的是", "如果你指的是", "如果你是问", "不知道你问的是", "你说的是哪",
)
"""An answer saying it had to guess what the question means: the question was too garbled or vague to answer."""

AMBIGUOUS_REFERENCES = ("it", "this", "that", "they", "them", "those", "these", "这个", "那个", "它", "这", "那")
"""Pronouns that need something to refer to: a short question built on them is ambiguous."""

YES = ("yes", "yeah", "sure", "correct", "可以", "是的", "是", "能", "支持", "会", "有", "对")
NO = ("no", "nope", "不可以", "不行", "不能", "不是", "不支持", "不会", "没有", "否", "不用", "不需要", "不必")
"""How an answer to a yes/no question starts."""

ILLUSTRATION = ("for example", "for instance", "e.g.", "suppose", "let's say", "say your", "say you", "比如", "比方说",
                "例如", "举个例子", "举例", "假如", "假设", "譬如")
"""Cues that introduce the answer's own worked example ("say the ticket is 200元, you pay 10元"): the figure right
after one is an assumption the user can check, not a claim about the documents."""
