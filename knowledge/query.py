"""Query preparation for retrieval: spell out product-management acronyms and spot questions about the
user's own organisation.

The cards mostly use full words ("product requirements document", "proof of concept") where people type
acronyms ("PRD", "POC"); neither BM25 nor the small embedding model links the two, so an acronym in the
query gets its expansion appended (measured on the benchmark questions: the PRD question moves its card
from rank 5 to 1, and no other question loses). Questions that say "we", "our" or "us" are about the user's
own organisation, which only ingested documents can answer; `knowledge.search` gives those a modest boost.
Chinese questions say it with 我们 / 咱们 / 我司 / 本公司 / 我的团队.
"""

from __future__ import annotations

import re

ACRONYMS: dict[str, str] = {
    "cac": "customer acquisition cost",
    "ctr": "click-through rate",
    "dau": "daily active users",
    "kpi": "key performance indicator",
    "kpis": "key performance indicators",
    "llm": "large language model",
    "llms": "large language models",
    "ltv": "lifetime value",
    "mau": "monthly active users",
    "mvp": "minimum viable product",
    "nps": "net promoter score",
    "okr": "objectives and key results",
    "okrs": "objectives and key results",
    "pmf": "product-market fit",
    "poc": "proof of concept",
    "pocs": "proofs of concept",
    "prd": "product requirements document",
    "prds": "product requirements documents",
    "rag": "retrieval-augmented generation",
    "rca": "root cause analysis",
    "roi": "return on investment",
    "sft": "supervised fine-tuning",
    "sla": "service level agreement",
    "sop": "standard operating procedure",
    "sops": "standard operating procedures",
    "tco": "total cost of ownership",
    "tpf": "technology-product fit",
}
_WORD = re.compile(r"[A-Za-z]+")
_OWN_ORGANISATION = re.compile(
    r"\b(?:we|we're|we've|we'd|we'll|our|ours|ourselves)\b"
    r"|\bmy (?:team|company|org|organi[sz]ation|startup|department|group)\b",
    re.IGNORECASE,
)
_US = re.compile(r"\b[Uu]s\b")  # "us", not "US" (the country)
_OWN_ORGANISATION_ZH = re.compile(r"我们|咱们|我司|本公司|我(?:的)?(?:团队|公司|部门)")


def expand_acronyms(query: str) -> str:
    """The query with the expansion of each known acronym appended once, e.g. 'a PRD?' → 'a PRD? (product
    requirements document)'; unchanged when it has none or already spells them out."""
    lowered = query.lower()
    expansions: list[str] = []
    for word in _WORD.findall(query):
        expansion = ACRONYMS.get(word.lower())
        if expansion and expansion not in lowered and expansion not in expansions:
            expansions.append(expansion)
    return f"{query} ({'; '.join(expansions)})" if expansions else query


def about_own_organisation(query: str) -> bool:
    """Whether the question is about the asker's own organisation ("we", "our", "us", "my team", "我们", ...)."""
    return bool(_OWN_ORGANISATION.search(query) or _US.search(query) or _OWN_ORGANISATION_ZH.search(query))
