"""Build the four .docx proposals of this set from the text below (python-docx).

Run from any folder:  python make_docx.py
The files are written next to this script; the text here is the source, the .docx files are the output.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import docx
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
FIXED = datetime.datetime(2024, 9, 1, 9, 0, 0)


def build(name: str, blocks: list[tuple]) -> None:
    """blocks: ("h", level, text) heading, ("p", text) paragraph, ("b", text) bullet, ("t", rows) table."""
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(10.5)
    props = d.core_properties
    props.author = "proposal author"
    props.last_modified_by = "proposal author"
    props.created = props.modified = FIXED
    props.revision = 1
    for block in blocks:
        kind = block[0]
        if kind == "h":
            d.add_heading(block[2], level=block[1])
        elif kind == "p":
            d.add_paragraph(block[1])
        elif kind == "b":
            d.add_paragraph(block[1], style="List Bullet")
        elif kind == "t":
            rows = block[1]
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
            d.add_paragraph("")
        else:
            raise ValueError(kind)
    d.save(HERE / name)


REVIEWBUDDY = [
    ("h", 0, "ReviewBuddy: LLM comments on pull requests"),
    ("p", "Developer Productivity team. Proposal for the Engineering leadership budget round."),
    ("h", 1, "Summary"),
    (
        "p",
        "Pull requests wait too long for a first review. Median time to first review comment is 19 working "
        "hours across the monorepo, and senior engineers spend a large part of their review time on issues a "
        "machine could flag: missing null checks, unhandled errors, forgotten feature-flag clean-up, "
        "inconsistent logging. ReviewBuddy posts a first-pass review on every pull request within minutes, so "
        "that human reviewers can concentrate on design and correctness.",
    ),
    ("h", 1, "Approach"),
    (
        "p",
        "We will fine-tune CodeLlama-34B on four years of our own review history, about 210,000 review "
        "comments that were resolved with a code change. The model is self-hosted because source code may "
        "not leave our network under the security policy, and because a model trained on our comments picks "
        "up house conventions that a general model misses. The bot only comments; it cannot approve or block "
        "a merge.",
    ),
    ("h", 1, "Build cost"),
    ("p", "Build is phased over five months:"),
    (
        "t",
        [
            ["Month", "Work", "Cost (USD)"],
            ["1", "Data extraction, cleaning of review history", "40,000"],
            ["2", "Fine-tuning runs, evaluation harness", "40,000"],
            ["3", "GitHub app, comment formatting, suppression rules", "50,000"],
            ["4", "Pilot with two teams, tuning", "50,000"],
            ["5", "Rollout to all repositories", "40,000"],
            ["Total", "", "220,000"],
        ],
    ),
    ("h", 1, "Running cost options"),
    (
        "t",
        [
            ["Option", "Monthly cost (USD)", "Notes"],
            ["A. Copilot Enterprise add-on, 400 seats at $39", "15,600", "No fine-tuning on our history"],
            ["B. Self-hosted CodeLlama-34B on 2 x L40S, incl. on-call", "9,800", "Selected"],
            ["C. Hosted frontier API, billed per pull request", "12,500", "Code leaves the network; not allowed"],
        ],
    ),
    ("h", 1, "Benefit"),
    (
        "p",
        "Benefit is reviewer time. On a replay, senior reviewers said they would have skipped about 20 "
        "minutes of mechanical checking on one pull request in six. Valued at loaded senior-engineer cost:",
    ),
    (
        "t",
        [
            ["Measure", "Value"],
            ["Pull requests per quarter", "about 5,400"],
            ["Reviewer time saved per quarter", "about 300 hours"],
            ["Benefit per quarter (USD)", "27,000"],
        ],
    ),
    (
        "p",
        "There are also benefits we have not priced: fewer production incidents from the error-handling "
        "classes the bot catches, and faster onboarding for new hires, who get feedback sooner.",
    ),
    ("h", 1, "Quality"),
    (
        "p",
        "We replayed the bot on 1,200 merged pull requests from last quarter. Two senior engineers graded "
        "every comment. 4.1% of bot comments were wrong or misleading (for example, flagging a null check "
        "that the type system already guarantees). Most of the rest were correct but minor.",
    ),
    ("h", 1, "Limits and load"),
    (
        "b",
        "Very large diffs (over 2,000 changed lines) are slow to process and the comments get vaguer; the bot "
        "will say so and skip files beyond a size limit.",
    ),
    (
        "b",
        "Release weeks reach about 600 pull requests a day. Requests go through a queue; if a review would "
        "start more than 30 minutes after the pull request opened, the bot skips it rather than arrive late.",
    ),
    ("h", 1, "Decision requested"),
    ("p", "Approve the USD 220,000 build and option B for running."),
]

CASEFINDER = [
    ("h", 0, "Business case: CaseFinder AI for the Litigation Practice Group"),
    ("p", "Prepared by Knowledge Management and Practice Innovation for the Management Committee."),
    ("h", 1, "1. Background"),
    (
        "p",
        "Associates in the Litigation group spend a large share of their first two years on legal research: "
        "finding controlling authority, checking whether cases are still good law and drafting research "
        "memos. Clients increasingly refuse to pay for junior research time, and write-offs on research "
        "hours rose again last year. CaseFinder AI is a research assistant that answers a research question "
        "with a short memo, every proposition linked to the authority it relies on.",
    ),
    ("h", 1, "2. How it works"),
    (
        "p",
        "Retrieval-augmented generation over our licensed case-law and statute database. The language model "
        "may only cite documents returned by the search step, and a citation check then runs each cited "
        "authority through the citator and rejects the answer if a case is missing, overruled or misquoted. "
        "We chose this design over a general-purpose chatbot because general models invent citations, and "
        "a court will sanction a fabricated citation whatever the cause.",
    ),
    ("h", 1, "3. Costs and benefits"),
    (
        "t",
        [
            ["Item", "Amount (USD)", "Basis"],
            ["One-off investment", "1,100,000", "Vendor implementation, integration with DMS, training, validation"],
            ["Running cost", "18,000 per month", "Vendor platform licence, 120 seats"],
            ["Gross benefit", "900,000 per year", "Associate research hours freed, at standard rates"],
            ["Net benefit", "540,000 per year", "Gross x 60% realisation: only the freed hours that convert to billable work"],
        ],
    ),
    (
        "p",
        "Because freed hours only turn into revenue when associates bill them elsewhere, the committee should "
        "assess the case on the net benefit. Building an equivalent tool in-house was estimated informally at "
        "roughly twice the vendor cost and was not pursued.",
    ),
    ("h", 1, "4. Evaluation"),
    (
        "t",
        [
            ["Test", "Result"],
            ["Blind test: 500 research questions set by senior associates", "3 answers contained a fabricated or mis-cited authority"],
            ["Recall of controlling authority, federal questions", "93%"],
            ["Recall of controlling authority, state unpublished opinions", "74%"],
            ["Target for go-live, fabricated or mis-cited authority", "below 0.5%"],
        ],
    ),
    (
        "p",
        "State-court unpublished opinions are the weak spot; the memo flags any question in that area for "
        "extra manual research.",
    ),
    ("h", 1, "5. Keeping it current"),
    (
        "p",
        "The citator updates daily. Knowledge Management (owner: R. Alvarez) reviews every answer flagged by "
        "an associate each week, adds confirmed errors to the evaluation set and re-runs the full blind test "
        "before each vendor model update.",
    ),
    ("h", 1, "6. Professional responsibility"),
    (
        "b",
        "Every memo is marked as a research aid; the supervising attorney remains responsible for every "
        "authority cited in work product.",
    ),
    ("b", "Associates must open and read each cited authority before it goes into a filing."),
    ("h", 1, "7. Recommendation"),
    ("p", "Approve the investment and a firm-wide rollout in the Litigation group from January."),
]

KEFU_ZHAIYAO = [
    ("h", 0, "客服通话自动摘要项目方案"),
    ("p", "客户服务中心 · 智能化项目组"),
    ("h", 1, "一、现状"),
    (
        "p",
        "客服中心共有坐席 800 人，日均接听约 4.5 万通电话。每通电话结束后，坐席需要手工填写服务小结"
        "（来电原因、处理结果、是否需要回访），平均耗时 2 分半，占用了大量可接听时间，且小结质量参差不齐，"
        "二线处理人员经常需要回听录音。",
    ),
    ("h", 1, "二、方案"),
    (
        "p",
        "通话结束后，录音先经语音识别（Paraformer）转写，再由 Qwen2.5-14B 生成结构化小结，自动填入工单，"
        "坐席确认或修改后提交。两个模型均在本地机房私有化部署：通话中常出现身份证号、银行卡号、住址，"
        "不适合调用外部接口。",
    ),
    ("h", 1, "三、成本对比"),
    (
        "t",
        [
            ["方案", "一次性投入", "每月运行成本", "备注"],
            ["方案一：自建 ASR + 大模型，私有化部署", "60万元", "2.8万元", "采用"],
            ["方案二：采购外部智能客服 SaaS 摘要模块", "10万元", "7.5万元", "需上传录音至厂商云端"],
        ],
    ),
    ("h", 1, "四、收益测算"),
    (
        "t",
        [
            ["项目", "数值"],
            ["每通电话话后处理时间缩短", "约 1.5 分钟"],
            ["折合每月释放坐席工时", "约 2,200 小时"],
            ["每月节省人力成本", "11万元"],
        ],
    ),
    ("h", 1, "五、试点质量"),
    (
        "t",
        [
            ["指标", "结果"],
            ["人工抽检摘要数量", "500 条"],
            ["关键信息错误（来电原因、处理结果、回访要求写错或遗漏）", "9 条"],
            ["坐席直接采纳、未作修改的比例", "71%"],
            ["方言通话（粤语、闽南语为主）摘要准确率", "78%"],
        ],
    ),
    ("p", "方言通话是目前最薄弱的环节，这部分摘要会标黄，提示坐席重点核对。"),
    ("h", 1, "六、后续优化"),
    ("p", "质检组日常抽检的结果可以用于后续模型优化。"),
    ("h", 1, "七、需要决策的事项"),
    ("b", "批准方案一及 60 万元一次性投入；"),
    ("b", "试点由两个班组扩大到全部坐席，分三批上线。"),
]

CANGKU_QUEXIAN = [
    ("h", 0, "仓储入库外观缺陷视觉检测项目建议书"),
    ("p", "华东一号仓 · 质量部 / 自动化部"),
    ("h", 1, "1 背景"),
    (
        "p",
        "入库质检目前靠人工目检：质检员在输送线旁逐件查看外包装破损、压痕、污渍和标签错贴。"
        "大促期间人手不足，抽检比例被迫降低，破损件流入库存后在出库或客户签收时才被发现，"
        "造成退货、赔付和客诉。",
    ),
    ("h", 1, "2 技术方案"),
    (
        "p",
        "在 6 条入库输送线上加装工业相机，采用 YOLOv8 目标检测模型识别外包装缺陷，推理部署在线边的边缘计算盒子上。"
        "选用检测模型而不是大模型，是因为单件判定需要在 150 毫秒内完成，且缺陷类别固定、样本充足，"
        "已有 6 万张标注图片。模型判为可疑的件自动分流到复检工位，由质检员人工确认。",
    ),
    ("h", 1, "3 投资与运行"),
    (
        "t",
        [
            ["投资项", "金额"],
            ["相机、光源与边缘计算盒子", "35万元"],
            ["模型开发与标注", "45万元"],
            ["与 WMS 及分拣线集成", "15万元"],
            ["合计", "95万元"],
        ],
    ),
    (
        "t",
        [
            ["运行方案", "每月成本", "说明"],
            ["边缘盒子本地推理", "1.1万元", "选定；含设备维保与电费"],
            ["图片上传云端推理", "2.6万元", "按调用量计费，依赖专线带宽"],
        ],
    ),
    ("h", 1, "4 收益"),
    (
        "t",
        [
            ["收益项", "每季度"],
            ["质检人力（减少 4 个外包质检岗）", "21万元"],
            ["破损件流出导致的退货、赔付减少", "15万元"],
            ["合计", "36万元"],
        ],
    ),
    ("h", 1, "5 试点结果"),
    (
        "p",
        "3 号线试点两周，共检测 12,000 件，以复检工位和人工全检结果为准，误判率实测 3.2%（漏检与误检合计）。",
    ),
    (
        "p",
        "最薄弱的是透明塑封包装上的细微划痕，检出率为 81%；这一类商品暂时保留人工全检。",
    ),
    ("h", 1, "6 高峰"),
    (
        "p",
        "大促期间单线入库峰值约每小时 3,000 件。每个边缘盒子实测处理能力为每小时 5,000 件，"
        "超出时图片进入本地缓存队列；若队列积压超过 5 分钟，该线自动切回人工目检模式。",
    ),
    ("h", 1, "7 数据与迭代"),
    (
        "p",
        "复检工位的人工确认结果每天自动回流为新标注样本；质量部王工负责每月复核样本并重训模型，"
        "新模型先在单条线上验证一周再全线替换。",
    ),
    ("h", 1, "8 请示事项"),
    ("p", "批准 95 万元投资，10 月起分两批覆盖 6 条入库线。"),
]


def main() -> None:
    build("reviewbuddy.docx", REVIEWBUDDY)
    build("casefinder-business-case.docx", CASEFINDER)
    build("kefu-tonghua-zhaiyao.docx", KEFU_ZHAIYAO)
    build("cangku-quexian-jiance.docx", CANGKU_QUEXIAN)


if __name__ == "__main__":
    main()
