"""Cue tables about the form of a question, shared by the router and the question reader, in English and Chinese.

`DEFINITION`: asks what something is ("what are the seven RAG failure points?", 什么是逆向工作法), not why a system
fails or what to do. `FIGURE_REQUEST`: asks for a figure a calculator produces ("how much", "what's the payback",
"score this", 多少, 多久, 算一下, 选哪个, 投资回报怎么样), as opposed to asking what to do or how a method works.
"""

from __future__ import annotations

import re

DEFINITION = re.compile(r"^\s*(?:what(?:'s| is| are)|define|explain|describe|list|name|tell me about|"
                        r"give me (?:an? )?(?:overview|summary))\b|什么是|是什么|指什么|是啥|什么叫", re.IGNORECASE)

_RESULTS = (r"(?:payback|roi|return|cost|bill|spend|savings?|recall|precision|f1|accuracy|score|priority|total|budget|"
            r"threshold|winner|tokens?|break-?even|net benefit|hallucination rate|rate)")
FIGURE_REQUEST = re.compile(
    r"\bhow (?:much|many|long|soon|quickly|fast)\b|\bwhen (?:do|does|will|would|can)\b[^?]{0,50}"
    r"\b(?:break even|pay|recoup)|^\s*(?:the |our |an? )?(?:[\w'-]+ )?" + _RESULTS + r"\s+(?:for|of|on)\b|\b(?:what(?:'s| is| are| would be| will be| was)|give me|tell me|show me|pick|find|choose|get)\s+"
    r"(?:the |our |my |its |a |an )?(?:[\w'-]+ ){0,3}?" + _RESULTS + r"\b"
    r"|^\s*(?:(?:can|could|would|will) you\s+|please\s+|help me\s+(?:to\s+)?)*(?:calculate|compute|estimate|work out|"
    r"score|rate|rank|prioriti[sz]e|compare|count|place|tokeni[sz]e)\b|\ban? (?:rough |quick |ballpark )?estimate of\b"
    r"|\bwhat (?:would|will|does|do|did|might) [^?]{0,40}\bcosts?\b"
    r"|\bwhich\b[^?]{0,60}\b(?:should (?:we|i) (?:go with|pick|choose|select)|wins?|won|is (?:the )?(?:best|cheapest))\b"
    r"|\bis (?:our|my|the|a|an|this|that)\b[^?]{0,50}\b" + _RESULTS + r"\b[^?]{0,30}\b(?:ok|okay|good enough|"
    r"acceptable|fine|too high|too low)\b|\bwhich priority\b|\bP0\b[^?]{0,12}\bP1\b"
    r"|\b(?:within|over|under) (?:the |our )?(?:budget|threshold|target)\b|\b(?:roi|payback)\s*\?"
    r"|\b(?:pays?|paid) (?:back|off|for itself)\b|\bbreaks? even\b|回本|回收期"
    r"|\bhow(?:'s| is| are| does| do| would)\s+(?:the |our |my |its )?(?:[\w'-]+ ){0,2}?" + _RESULTS + r"\b"
    r"|多少|多久|几个月|几年|几天|算一下|算算|帮我算|计算|怎么算|如何算|打分|评分|哪个(?:方案)?(?:胜出|达标|更好)|"
    r"[选用挑](?:哪个|哪一个|哪家)|达标吗|超标|怎么样[？?]?\s*$",
    re.IGNORECASE,
)
