"""Deterministic intent scoring for the offline planner: weighted keyword patterns, explainable by name.

Each intent has a list of `(pattern, weight)` rules; a question's score for an intent is the sum of the
weights of the rules that match. Calculator intents are named after their tool. The winner is the highest
score (ties broken by `INTENTS` order); `Route.matched` says which rules fired, so a routing decision can
always be explained. No model and no I/O: classifying one question takes well under a millisecond.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pm_assistant.agent.offline.cues import DEFINITION
from pm_assistant.agent.offline.diagnosis import EVIDENCE_RULE

CALCULATORS = (
    "roi_payback", "ai_cost_estimate", "custom_model_cost", "investment_score", "risk_cost_matrix",
    "classification_metrics", "poc_compare", "hallucination_budget", "cache_savings",
    "differentiation_matrix", "token_count",
)
MIN_EVIDENCE = 2.0  # score a calculator needs to win (and a diagnosis to win without its cards' support)
# Order matters only for ties: more specific intents first.
INTENTS = ("help", "out_of_scope", "review", "rag_diagnosis", *CALCULATORS, "framework")

_RULES: dict[str, list[tuple[str, float]]] = {
    "roi_payback": [
        (r"\bpay\s?-?back\b|\bpays? (?:itself |for itself )?back\b|\bpays? for itself\b", 3),
        (r"\broi\b|return on (?:the )?investment|break[- ]?even|\brecoup", 2.5),
        (r"\b(?:get|make|earn|win|see) (?:the |our |my |it |them )?(?:money |investment |spend |costs? )?back\b"
         r"|\b(?:comes?|coming|came) back\b"
         r"|\brecover\w* (?:the |our |its |their )?(?:it|them|costs?|investment|spend|money|outlay)\b"
         r"|\bpays? off\b", 3),
        (r"\binvest(?:ment|ing|ed|s)?\b|\bbudget\b|\bspend(?:ing)?\b|\bcosts? us\b|\bup-?front\b", 1),
        (r"\bsav(?:e|es|ing|ings)\b|\bbenefits?\b|\brevenue\b|\bprofit\b|\bgain\b|\bcut\w*\b|\breduc\w*", 1),
        (r"回本|回收期|投资回报|收回(?:成本|投资)|盈亏平衡", 3),
        (r"\bworth (?:it|spending|investing|the (?:money|spend|investment))\b|值不值|值得投", 2),
        (r"投资|投入|节省|收益", 1),
    ],
    "ai_cost_estimate": [
        (r"\b(?:gpt|llm|api|openai|model|token|inference|ai)\s+(?:bill|spend|invoice)\b", 3),
        (r"\btokens?\b.{0,40}\b(?:price|cost|per 1,?000|per 1k|per thousand|/1k)\b", 2.5),
        (r"\b(?:running|monthly|inference|operating) (?:cost|bill|spend)\b|\bcost (?:us )?per month\b", 2),
        (r"\busage (?:triples|doubles|quadruples|grows|goes up|increases|rises|x\s?\d)"
         r"|\b\d+\s?[x×] (?:usage|traffic|volume)", 2.5),
        (r"\b(?:triples?|doubles?|quadruples?)\b|\b\d+\s?[x×]\b", 1),
        (r"\bgpu[- ]hours?\b", 1.5),
        (r"\bgpu[- ]hours?\b.{0,40}[¥$€£]\s?\d", 1),
        (r"\btokens?\b", 1),
        (r"\btokens? (?:a|per) (?:month|day)\b|\bmillion tokens\b", 2),
        (r"\bcost\w* (?:us )?(?:to run|to serve|per month|a month|each month|monthly)\b", 2),
        (r"\b(?:llm|gpt|api|ai|inference|model|token)s? (?:spend|bill|costs?)\b", 2),
        (r"(?:每月|月度?|运行|推理|调用|token|API)\s?(?:成本|费用|账单|花费)|账单", 2.5),
        (r"成本|费用|花费", 1),
    ],
    "custom_model_cost": [
        (r"定制模型|自研模型|专属模型|自有模型|自己训练|训练.{0,8}模型|微调", 3),
        (r"标注(?:数据|样本)|(?:工程师|人).{0,12}每(?:人|天)", 1.5),
        (r"\bcustom(?:ised|ized)? model\b|\b(?:train|build|fine-?tun)\w* (?:our|a|an|its|my) own\b", 3),
        (r"\b(?:specialty|domain|proprietary|in-house) model\b|\bfine-?tun(?:e|ing) cost", 2),
        (r"\b(?:labell?ed|annotated) (?:samples|examples|items|records)\b|\bsamples? at\b|\blabell?ing cost", 2),
        (r"\bengineers?\b.{0,40}\b(?:per day|/day|a day|daily)\b|\bengineer-days?\b", 1.5),
        (r"\bgpus?\b.{0,40}\b(?:per hour|/hour|/h|an hour|hourly)\b", 1.5),
    ],
    "investment_score": [
        (r"打分|评分|商业价值|技术成熟度|资源需求|优先级", 2),
        (r"\bscor(?:e|ing)\b.{0,30}\b(?:project|initiative|idea|bet|investment)s?\b", 2.5),
        (r"\bbusiness value\b", 1.5),
        (r"\b(?:technical|tech|technology) maturity\b|\bmaturity\b", 1.5),
        (r"\bresource (?:demand|need|needs|requirement|requirements|cost)\b|\bresources\b", 1),
        (r"\bscoring card\b|\bP0\b|\bP1\b|\bP2\b|\bprioriti[sz]", 1.5),
        (r"\b(?:score|rate)\b.{0,40}\bon the (?:investment |technology-investment )?scoring card\b", 2),
        (r"\b(?:score|rate) (?:our|my|this|the|a|an)\b", 2),
        (r"\bpriority\b.{0,60}\bscoring card\b|\bscoring card\b.{0,60}\bpriority\b", 1.5),
        (r"\bP0\b.{0,20}\bP1\b", 1),
    ],
    "risk_cost_matrix": [
        (r"风险成本矩阵|风险-成本矩阵|缓解成本", 3),
        (r"风险", 1),
        (r"\brisk[- ]cost matrix\b", 3),
        (r"\brisks?\b.{0,60}\bmitigat\w*|\bmitigation cost\b|\bsafeguards?\b", 2.5),
        (r"\brisks?\b", 1),
        (r"\b(?:high|low|medium) (?:risk|cost|impact)\b", 1),
    ],
    "classification_metrics": [
        (r"误报|漏报|识别对了|(?:精确率|召回率|准确率).{0,20}(?:精确率|召回率|F1|准确率)", 2),
        (r"精确率|召回率|真阳性|假阳性|假阴性|真阴性|混淆矩阵|F1", 2.5),
        (r"\bprecision\b|\brecall\b|\bf1\b|\bf-score\b", 2.5),
        (r"\btrue (?:positives?|negatives?)\b|\bfalse (?:positives?|negatives?)\b|\bconfusion matrix\b", 3),
        (r"\bTP\b|\bFP\b|\bFN\b|\bTN\b", 1.5),
        (r"\b(?:tp|fp|fn|tn)\b\s*[=:]?\s*\d.{0,30}\b(?:tp|fp|fn|tn)\b\s*[=:]?\s*\d", 3),
    ],
    "poc_compare": [
        (r"[A-E]\s?方案|方案\s?[一二三四1-5]|哪个(?:方案|胜出|更好|好)", 2.5),
        (r"方案\s?[A-E一二三]|选哪个|哪个方案|概念验证|PoC", 2.5),
        (r"\boption [a-e1-5]\b|\b(?:solution|candidate|model|vendor) [a-e]\b", 2.5),
        (r"(?-i:(?:^|[\s(])[A-E]:\s.+[\s(;,][B-E]:\s)", 2.5),
        (r"\bwhich (?:option|one|model|candidate|vendor|solution)s? (?:wins|is best|should we|to pick|qualif)", 2),
        (r"\b(?:poc|proof[- ]of[- ]concept|bake-?off|shoot-?out)\b", 2),
        (r"\bcompare\b.{0,40}\b(?:options|candidates|models|vendors)\b|\bwhich wins\b", 1.5),
        (r"\blatency\b|\baccuracy\b", 0.5),
        (r"(?:\d+(?:\.\d+)?\s?%[^%]{0,30}?\d+(?:\.\d+)?\s?(?:ms|s|secs?|seconds)\b[^%]*){2}", 2.5),
    ],
    "hallucination_budget": [
        (r"\b(?:makes? (?:things|stuff) up|made[- ]up|fabricat\w*)\b.{0,40}\d(?:\.\d+)?\s*%"
         r"|\d(?:\.\d+)?\s*%.{0,60}\b(?:acceptable|ok|okay|within (?:the )?budget)\b", 3),
        (r"出错率|错误率|编造", 1.5),
        (r"\d(?:\.\d+)?\s*%.{0,12}(?:是编的|瞎编|胡编|胡说|编出来)", 3),
        (r"\bhallucinat\w*\b.{0,30}\b(?:rate|budget|threshold|ok|okay|acceptable|tolerable|allowed)\b", 3),
        (r"\b(?:acceptable|tolerable|allowed|max(?:imum)?) hallucinat", 3),
        (r"\bhallucinat\w*", 1),
        (r"\bhallucinat\w*\b.{0,40}\d(?:\.\d+)?\s*%|\d(?:\.\d+)?\s*%.{0,40}\bhallucinat", 3),
        (r"\b(?:within|inside|under|over|outside|above|below) (?:the |our |its )?budget\b", 1.5),
        (r"幻觉率|幻觉.{0,10}(?:可以接受|可接受|阈值|预算|多少)", 3),
        (r"幻觉", 1),
        (r"\b(?:legal|medical|finance|financial|healthcare|clinical|banking)\b", 0.5),
    ],
    "cache_savings": [
        (r"\bcache[- ]hit(?: rate| ratio)?\b|\bhit rate\b", 3.5),
        (r"\bcach(?:e|ing|ed|eable)\b", 2),
        (r"\bcach\w*.{0,40}\d(?:\.\d+)?\s*%.{0,30}\d(?:\.\d+)?\s*%", 1.5),
        (r"命中率", 3.5),
        (r"缓存", 2),
    ],
    "differentiation_matrix": [
        (r"差异化矩阵|模仿成本|护城河|差异化", 3),
        (r"\bdifferentiation\b|\bimitation cost\b|\bhard (?:for rivals )?to (?:copy|imitate|replicate)\b", 3),
        (r"\bmoats?\b|\bcompetitive advantage\b|\buser value\b|\beasy to copy\b", 1.5),
    ],
    "token_count": [
        (r"\btoken count (?:for|of)\b|有多少\s?token", 4),
        (r"多少个?\s?token|token\s?数", 4),
        (r"\bhow many tokens\b|\bcount (?:the )?tokens\b|\btoken count\b|\bnumber of tokens\b", 4),
        (r"\btokeni[sz]", 1.5),
    ],
    "rag_diagnosis": [
        (r"\b(?:rag|retrieval|chat\s?bot|bot|assistant|copilot|q&a|search)\b.{0,80}\b(?:wrong|incorrect|"
         r"hallucinat\w*(?! rate)|made[- ]up|makes? (?:things|stuff) up|invent\w*|fail\w*|broken|outdated|irrelevant|"
         r"nonsense|garbage|misses|missing|can'?t find|doesn'?t find|ignores?|inaccurate|off)\b", 3),
        (r"\bwhy (?:is|does|do|are) (?:my|our|the)\b.{0,60}\b(?:fail\w*|wrong|hallucinat\w*|bad|broken)", 2.5),
        (r"\b(?:answers?|replies|responds?|quotes?|cites?)\b.{0,30}\b(?:wrong|incorrect|old|outdated|"
         r"made[- ]up|invented)\b", 2),
        (r"\b(?:my|our)\b.{0,30}\b(?:rag|bot|chatbot|assistant|copilot|llm app)\b", 1),
        (r"\bdebug\w*\b|\bdiagnos\w*|\btroubleshoot\w*|\bwhat'?s wrong with\b", 1),
        (r"\b(?:says?|answers?|replies|claims?|tells?)\b.{0,60}\b(?:when|but|while|whereas|although)\b.{0,40}"
         r"\b(?:handbook|docs?|documentation|policy|manual|source|knowledge base|wiki|contract)\b", 3),
        (EVIDENCE_RULE, 3),  # retrieval evidence in the user's words: rank, top-k, "retrieved but …"
    ],
    "review": [
        (r"\breview\b.{0,40}\b(?:proposal|prd|spec|plan|design doc|business case|pitch|one-pager|document|doc)\b", 4),
        (r"\b(?:proposal|prd|business case|design doc)\b.{0,40}"
         r"\b(?:review|feedback|critique|check|look at|approve)", 3),
        (r"\b(?:look at|critique|feedback on|thoughts on|comments on|opinion on|assess|evaluate|check)\b.{0,20}"
         r"\b(?:my|our|this|the|a)\b.{0,30}\b(?:proposal|prd|spec|business case|design doc)\b", 3),
    ],
    "out_of_scope": [
        (r"\bweather\b|\bforecast for (?:today|tomorrow)\b|\brain(?:ing)? tomorrow\b|天气|下雨|气温", 4),
        (r"\brecipes?\b|\bcook(?:ing)?\b|\bbake (?:a|some)\b|\bdinner\b|\blasagn|\bpasta\b|菜谱|食谱|做饭|晚饭|午饭", 4),
        (r"\bfootball\b|\bsoccer\b|\bbasketball\b|\bnba\b|\bworld cup\b|\bwho won\b|\bmatch score\b|足球|篮球|世界杯|比分", 4),
        (r"\bmovies?\b|\bsongs?\b|\blyrics\b|\bjoke\b|\bhoroscope\b|\bpoem\b|\bnovel\b|电影|歌词|笑话|星座|写首诗|小说", 3),
        (r"\bflights?\b|\bhotels?\b|\bvacation\b|\bholiday\b|\btravel (?:plans?|tips|itinerary|to)\b|机票|酒店|度假|旅游", 3),
        (r"\bstock price\b|\bbitcoin\b|\blottery\b|\bcapital of\b|\bpresident of\b|股价|比特币|彩票|首都", 3),
        (r"\bheadache\b|\bsymptoms?\b|\bmy (?:dog|cat)\b|\bgarden\b", 3),
    ],
    "help": [
        (r"^\s*(?:hi|hello|hey|yo|hiya|good (?:morning|afternoon|evening))(?: there| all| team| again)?[\s!.?]*$", 5),
        (r"^\s*(?:help|\?|what can you do|who are you|what do you do|how do i use (?:you|this))[\s!.?]*$", 5),
        (r"\bwhat can you (?:do|help)\b|\bwhat (?:are|is) your (?:capabilities|commands)\b"
         r"|\b(?:what|which) commands\b|\blist (?:the |your |all )?commands\b", 3),
    ],
}
_COMPILED = {intent: [(re.compile(p, re.IGNORECASE), w, p) for p, w in rules] for intent, rules in _RULES.items()}

# Vocabulary of the assistant's domain; a question with none of it and no other signal is out of scope.
_DOMAIN = re.compile(
    r"\b(?:ai|ml|llm|gpt|models?|products?|pm|pms|features?|users?|customers?|data|dataset|metrics?|kpis?|"
    r"rag|retrieval|prompts?|roadmap|launch|mvp|poc|teams?|hir\w+|interview\w*|costs?|budget|roi|projects?|"
    r"strategy|stakeholders?|engineer\w*|annotat\w*|label\w*|fine-?tun\w*|tokens?|chat\s?bots?|bots?|"
    r"assistants?|hallucinat\w*|embeddings?|vectors?|market\w*|pric\w+|business|onboarding|ethic\w*|bias|"
    r"privacy|compliance|trends?|learn\w*|skills?|careers?|resume|résumé|prd|requirements?|executives?|"
    r"agents?|automation|inference|gpus?|latency|accuracy|precision|recall|evaluation|experiment\w*|"
    r"a/b|adoption|retention|churn|moat|competitors?|copilot|prototyp\w*|framework|method|checklist|"
    r"fit|pmf|tpf|expectations?|trust|workflow|vendor|build|buy|scor\w+|priorit\w+|risks?|cache|"
    r"savings?|payback|invest\w*|monetiz\w*|subscription|license|api|transformers?|nlp|ocr|vision|review\w*|"
    r"technical|technology|tech|proposals?|release|sprint|backlog|okrs?|feedback|survey|personas?|ux|ui|funnel|"
    r"conversion|growth|go-to-market|gtm|saas|startup|founders?|managers?|management|decisions?|"
    r"questions?|copilots?|summari\w+|classifier|options?|vendors?)\b",
    re.IGNORECASE,
)
# The same vocabulary in Chinese (no word boundaries: "投资80万元" runs words and figures together).
_DOMAIN_ZH = re.compile(r"人工智能|模型|产品|用户|数据|成本|费用|投资|回本|收益|节省|幻觉|缓存|命中率|风险|指标|准确率|"
                        r"召回率|精确率|项目|预算|大模型|智能体|知识库|检索")
# Asking how a method works rather than asking for a figure ("what is the payback formula?").
_EXPLANATORY = re.compile(
    r"^\s*(?:what (?:is|are|does|do)|what's (?:a|an|the)\b|how (?:does|do|should|can|would|many|much|long|often)|"
    r"why (?:does|do|should|would)|explain|describe|tell me about|when should|which (?:metrics|steps|questions)|"
    r"walk me through|give me (?:an? )?(?:overview|summary)|summari[sz]e|list)\b"
    r"|\b(?:framework|method|checklist|steps|formula|in general|best practice|how it works|mean|acceptable|"
    r"tolerable|typical|recommended|usual|normal)\b",
    re.IGNORECASE,
)

# About the asker's own case, or asking for a specific amount: a calculation, not an explanation.
_PERSONAL = re.compile(r"\b(?:our|my|we|we're|us|i'm|i am|this project)\b|\btotal (?:cost|bill|spend)\b|\bhow much\b"
                       r"|\bwhat (?:would|will) (?:it|this|that) cost\b", re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    """The routing decision for one question: the intent, every intent's score, and the rules that fired."""

    intent: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)
    matched: dict[str, list[str]] = field(default_factory=dict)
    explanatory: bool = False
    in_domain: bool = True
    personal: bool = False

    def ranked(self) -> list[tuple[str, float]]:
        """Intents with a positive score, best first (ties in `INTENTS` order)."""
        order = {name: i for i, name in enumerate(INTENTS)}
        return sorted(((i, s) for i, s in self.scores.items() if s > 0), key=lambda t: (-t[1], order[t[0]]))


def score_intents(question: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    """The score of every intent for `question`, and which rule patterns matched."""
    scores: dict[str, float] = {}
    matched: dict[str, list[str]] = {}
    for intent, rules in _COMPILED.items():
        hits = [(w, p) for regex, w, p in rules if regex.search(question)]
        scores[intent] = sum(w for w, _ in hits)
        if hits:
            matched[intent] = [p for _, p in hits]
    return scores, matched


_LUMP_AND_FLOW = re.compile(
    r"[¥$€£]\s?\d[\d,.]*+\s?(?:k|m|million|万)?(?![\w,.])(?!\s*(?:a|per|/|every|each)\s*(?:year|month))"
    r".{0,120}?\b(?:sav\w*|cut\w*|brings?|returns?|earns?|generat\w*)\b.{0,30}?[¥$€£]?\s?\d[\d,.]*\s?"
    r"(?:k|m|million|万)?\s*(?:a|per|/|every|each|in)\s*(?:year|month|quarter|annual)",
    re.IGNORECASE,
)


def classify(question: str) -> Route:
    """Route a question to one intent by rule scores; falls back to `framework` or `out_of_scope`."""
    scores, matched = score_intents(question)
    if _LUMP_AND_FLOW.search(question):  # a one-off sum and a recurring benefit: the shape of a payback question
        scores["roi_payback"] += 2
        matched.setdefault("roi_payback", []).append("lump sum + recurring benefit")
    explanatory = bool(_EXPLANATORY.search(question))
    in_domain = bool(_DOMAIN.search(question) or _DOMAIN_ZH.search(question))
    personal = bool(_PERSONAL.search(question))
    route = Route("framework", 0.0, scores, matched, explanatory, in_domain, personal)
    ranked = route.ranked()
    if not ranked:
        intent = "framework" if in_domain else "out_of_scope"
        return Route(intent, 0.0, scores, matched, explanatory, in_domain, personal)
    best, best_score = ranked[0]
    if best == "out_of_scope":
        in_scope = max((s for i, s in ranked if i not in ("out_of_scope", "help")), default=0.0)
        if in_scope >= best_score:  # "a recipe-recommendation AI product" is still product work
            best, best_score = next((i, s) for i, s in ranked if i not in ("out_of_scope", "help"))
    elif best in CALCULATORS and best_score < MIN_EVIDENCE:
        best = "framework" if in_domain else "out_of_scope"  # a stray keyword is not a calculation request
    elif best == "rag_diagnosis" and not personal and DEFINITION.search(question):
        best = "framework"  # asks what the failure points are, not why a system fails
    return Route(best, best_score, scores, matched, explanatory, in_domain, personal)
