"""The domain risk library: loaded from YAML, matched by trigger words in both languages, regulations named by
jurisdiction, and risks the proposal already answers marked covered."""

from __future__ import annotations

from pm_assistant.agent.review.risk_library import domain_risks, jurisdiction, library, match_domains
from pm_assistant.agent.review.sections import read_structure


def test_every_library_risk_has_why_and_ask_in_both_languages() -> None:
    risks = [r for d in library()["domains"].values() for r in d["risks"]] + library()["general"]
    assert len(risks) >= 25
    for risk in risks:
        for key in ("risk", "why", "ask"):
            assert risk[key]["en"] and risk[key]["zh"], (risk["id"], key)


def test_a_chinese_lending_proposal_gets_pipl_and_adverse_reasons() -> None:
    reading = read_structure("# 信贷审批助手\n\n信贷员整理征信材料。\n\n模型给出贷款风险等级建议。\n")
    domains = match_domains(reading)
    assert [d.id for d in domains] == ["lending_insurance"] and domains[0].domain_class == "high-risk"
    risks = {r.id: r for r in domain_risks(reading, domains, "zh")}
    assert "拒绝理由" in risks["adverse-reasons"].risk
    assert "《个人信息保护法》" in risks["sensitive-data"].ask


def test_eu_hiring_gets_the_ai_act_and_gdpr() -> None:
    text = "# Shortlisting\n\nWe hire staff at our German sites.\n\nThe model ranks each candidate and applicant.\n"
    reading = read_structure(text)
    assert jurisdiction(reading, "en") == "eu"
    risks = {r.id: r for r in domain_risks(reading, match_domains(reading), "en")}
    assert "ai-act-high-risk" in risks and "GDPR" in risks["applicant-data"].ask


def test_a_passing_mention_does_not_make_a_domain_and_covered_risks_quote_the_proposal() -> None:
    reading = read_structure("# Notes bot\n\nWe summarise meetings for managers.\n\nOne lawyer asked about it.\n")
    assert match_domains(reading) == []
    code = read_structure("# IDE assistant\n\nDevelopers get code suggestions.\n\nA secrets scanner runs on every commit.\n")
    risks = {r.id: r for r in domain_risks(code, match_domains(code), "en")}
    assert risks["secrets"].covered_by == "A secrets scanner runs on every commit."
    assert risks["code-licence"].covered_by is None
