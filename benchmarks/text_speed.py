"""Benchmark the shared text primitives: quantities read and sentences split per second, English and Chinese.

The corpus is generated: short PM sentences with random figures, each made unique by a random tag of letters so
the reader's cache never answers. "dense" has 1.8 figures per sentence and one sentence in five without any (the
hard case); "trace-like" has half its sentences without a figure, as in answers and retrieved passages. Then the
dense sentences repeated (the cached case), and paragraphs of them for the splitter. Rates are per CPU second of this process (one core), so other load on
the machine does not lower them. The diagnosis reads quantities in millions of sentences: the target is at
least 20,000 short sentences per second. Run: python benchmarks/text_speed.py [--sentences N]
"""

from __future__ import annotations

import argparse
import random
import string
import time
from collections.abc import Callable

from pm_assistant.core.text.quantities import read_quantities
from pm_assistant.core.text.sentences import split_sentences

EN_TEMPLATES = [
    "We pay ${a}k/mo for inference on {b} A100s.",
    "Latency dropped from {a}0 ms to {b} ms after caching.",
    "The pilot needs {b} engineers for {c} weeks at ${a}0 per hour.",
    "Accuracy rose from {c}{b}% to {b}{c}% on {a},{a}00 labelled samples.",
    "Input costs ${b}.{c} per million tokens, output ${c}.{a} per million.",
    "{b} of {a}00 outputs were hallucinated in the last audit.",
    "Usage triples if we onboard {c} more teams by FY2026.",
    "Retrieval quality depends on chunking, not on the embedding model alone.",
    "The reviewer asked for a clearer rollout plan and an owner for each risk.",
    "Annual savings are estimated at $1.{a}M with a payback of {c} months.",
]
EN_PROSE = [
    "Retrieval quality depends on chunking, not on the embedding model alone.",
    "The reviewer asked for a clearer rollout plan and an owner for each risk.",
    "Customers can return items through the self-service portal.",
    "The answer cites the refund policy but not the warranty section.",
    "Escalate to a human agent when the model is unsure.",
]
ZH_PROSE = [
    "检索效果主要取决于切分策略和重排序模型。",
    "用户反馈集中在响应速度和答案准确性两个方面。",
    "回答引用了退款政策，但没有提到保修条款。",
    "模型不确定时应转人工客服处理。",
    "评审建议补充上线计划并明确每个风险的负责人。",
]
ZH_TEMPLATES = [
    "每月服务器费用{a}万元，一次性投入{b}0万。",
    "两张A100每天跑{c}小时，单价{b}.{a}元/GPU小时。",
    "准确率从{c}{b}%提升到{b}{c}%，召回率提高了{a}个百分点。",
    "日活{a}万，每人每天提问{b}次，每次成本0.0{c}元。",
    "{a}00条回答里错了{b}条，需要{c}名标注员复核。",
    "每百万token {b}.{c}美元，预计每年节省{a}00万。",
    "检索效果主要取决于切分策略和重排序模型。",
    "项目周期{c}个月，需要{b}到{a}名工程师。",
    "用户反馈集中在响应速度和答案准确性两个方面。",
    "预算八十万元，成本翻倍后需要重新评估。",
]


def sentences(templates: list[str], count: int, rng: random.Random) -> list[str]:
    """`count` sentences from the templates with random digits filled in."""
    return [rng.choice(templates).format(a=rng.randint(1, 9), b=rng.randint(1, 9), c=rng.randint(1, 9))
            for _ in range(count)]


def tag(rng: random.Random) -> str:
    """A random word of letters: it makes a sentence unique without adding anything the reader would read."""
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(8))


def rate(label: str, items: list[str], work: Callable[[str], int], unit: str) -> None:
    """Run `work` over every item and print items/s and what the work counted per second."""
    start = time.process_time()
    counted = sum(work(item) for item in items)
    elapsed = time.process_time() - start
    print(f"{label:<32} {len(items) / elapsed:>10,.0f} texts/s   {counted / elapsed:>10,.0f} {unit}/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=50_000, help="sentences per language (default 50,000)")
    args = parser.parse_args()
    rng = random.Random(7)
    read_quantities("warm-up: $1.5M, 八十万, twenty-five engineers")  # first use loads cn2an
    for lang, templates, prose in (("en", EN_TEMPLATES, EN_PROSE), ("zh", ZH_TEMPLATES, ZH_PROSE)):
        corpus = sentences(templates, args.sentences, rng)
        unique = [f"{text} ({tag(rng)})" for text in corpus]
        trace_like = [text if rng.random() < 0.5 else f"{rng.choice(prose)} ({tag(rng)})" for text in unique]
        rate(f"read_quantities {lang} dense", unique, lambda t: len(read_quantities(t)), "quantities")
        rate(f"read_quantities {lang} trace-like", trace_like, lambda t: len(read_quantities(t)), "quantities")
        rate(f"read_quantities {lang} repeated", corpus, lambda t: len(read_quantities(t)), "quantities")
        paragraphs = [" ".join(corpus[i : i + 8]) for i in range(0, len(corpus), 8)]
        rate(f"split_sentences {lang} (8 per text)", paragraphs, lambda t: len(split_sentences(t)), "sentences")


if __name__ == "__main__":
    main()
