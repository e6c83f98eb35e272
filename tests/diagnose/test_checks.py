"""The checks one by one, on fresh English and Chinese phrases: contradictions, figures, parsing damage, the prompt
layer on both sides, missing-content statements and entity substitutions."""

from __future__ import annotations

import pytest

from pm_assistant.agent.diagnose.consistency import find_conflicts
from pm_assistant.agent.diagnose.entities import substitutions
from pm_assistant.agent.diagnose.figures import figures, literals, value_set
from pm_assistant.agent.diagnose.hygiene import find_duplicates, garbling, ocr_damage, repair, truncation
from pm_assistant.agent.diagnose.metrics import Sources, faithfulness, unsupported_figures
from pm_assistant.agent.diagnose.prompt_layer import check_question, guessed_reading, instructions, leak
from pm_assistant.agent.diagnose.text import negations, says_missing


def conflicts(claim: str, context: str) -> list[str]:
    return [c.kind for c in find_conflicts(claim, [context], value_set(figures(context)))]


@pytest.mark.parametrize(
    ("claim", "context"),
    [
        ("Yes, you can take the dog on the train", "Dogs are not allowed on trains, except assistance dogs."),
        ("The deposit is refundable", "The deposit is non-refundable."),
        ("Smoking is allowed on the terrace", "Smoking is prohibited on the terrace."),
        ("可以，实习生享受餐补", "实习生不享受餐补。"),
        ("宿舍允许使用电热毯", "宿舍内禁止使用电热毯等大功率电器。"),
        ("The export keeps the leading zeros in ID columns", "The export strips leading zeros from ID columns."),
        ("Unused vouchers carry over into January", "Unused vouchers are forfeited in January."),
        ("实习生不享受餐补、交通补贴", "实习生享受餐补、交通补贴。"),  # the statement's own negation, before its list
        ("宠物可以带进办公区", "办公区域不得携带宠物（导盲犬等服务犬除外）。"),  # the rule, not its exception
    ],
)
def test_polarity_flips_are_contradictions(claim: str, context: str) -> None:
    assert conflicts(claim, context) == ["polarity"]


@pytest.mark.parametrize(
    ("claim", "context"),
    [
        ("You can't take dogs on the train", "Dogs are not allowed on trains."),  # two negations agree
        ("Delivery costs nothing on orders over $50", "Delivery is free on orders over $50."),  # free = no charge
        ("You may take up to 6 tablets a day", "Take no more than 6 tablets a day."),  # a bound, not a denial
        ("每次最多报销3次", "每月报销不超过3次。"),
        ("After 18:00 the desk is closed", "The desk is open until 18:00."),  # the other side of a condition
        ("满3年的员工可以休5天年假", "员工累计工作已满1年不满10年的，年休假5天。"),  # 不满 is a bound
        # a compound claim is judged piece by piece, each against the clause it draws on
        ("Light has no checked bag - you get a 7 kg cabin bag", "Light. Includes a 7 kg cabin bag. Checked bags are not "
                                                              "included."),
        ("没保价的话，按实际损失赔", "未保价快件丢失的，按照实际损失赔偿。保价快件按照声明价值赔偿。"),  # one sentence, two clauses
        ("超时30分钟以上补偿5元红包", "订单超时30分钟以上的，平台发放5元无门槛红包作为补偿。"),  # 无门槛 qualifies the packet
        ("CSV exports now keep the leading zeros in ID columns", "Fixed: CSV exports no longer strip leading zeros "
         "from ID columns."),  # taking away, denied, is keeping
        ("The IELTS requirement is waived for IB English A", "We waive the IELTS requirement for applicants with IB "
         "English A."),  # one antonym in two inflections
        ("导盲犬这类服务犬是可以带的", "办公区域不得携带宠物（导盲犬等服务犬除外）。"),  # the exception comes first
        ("导盲犬可以带进来", "除导盲犬外，办公区域不得携带宠物。"),
        ("老人出现头晕、没胃口、不想动，要及时就医", "老人出现头晕、胃口差、乏力等症状时应及时就医。"),  # listed states
        ("No, the office is shut on bank holidays", "The office is closed on public holidays, including bank holidays."),
        ("Days beyond 5 are lost on 31 December", "Any unused days beyond 5 are forfeited on 31 December."),  # one loss
        # a claim about the exception a clause carves out is its other side
        ("The ward sister can agree to a child visiting in exceptional circumstances",
         "Children under 12 are not permitted on the ward, except by prior arrangement with the ward sister in "
         "exceptional circumstances."),
    ],
)
def test_agreeing_statements_are_no_contradiction(claim: str, context: str) -> None:
    assert "polarity" not in conflicts(claim, context)


@pytest.mark.parametrize(
    ("claim", "context"),
    [
        ("Returns are accepted within 14 days", "Returns are accepted within 30 days of delivery."),
        ("退款在十个工作日内到账", "退款将在3个工作日内到账。"),
        ("The annual fee is $120", "The annual fee is $95."),
    ],
)
def test_a_different_figure_for_the_same_measure_is_a_contradiction(claim: str, context: str) -> None:
    assert conflicts(claim, context) == ["quantity"]


@pytest.mark.parametrize(
    ("said", "source"),
    [
        ("within thirty days", "within 30 days"),
        ("三十天内", "30天内"),
        ("每月1200元", "每月¥1,200"),
        ("a two-year warranty", "a warranty of 24 months"),
        ("valid for a week", "valid for 7 days"),
        ("最多延长到30天", "最长可以延长至30日"),
        ("Night (00:30-07:30) is cheaper", "The night rate applies from 00:30 to 07:30."),
        ("under-12s can't visit", "Children under 12 are not permitted."),
        ("seats are $1,000/mo", "Seats cost $12,000 per year."),  # a rate per month or per year
        ("每年18000元", "每月1500元"),
        ("overage is 40 cents per thousand", "Overage: $0.40 per 1,000 calls."),
        ("预算35万元", "项目预算为350,000元。"),
    ],
)
def test_figures_written_differently_agree(said: str, source: str) -> None:
    assert unsupported_figures(said, Sources.of(source)) == []


@pytest.mark.parametrize(
    ("response", "invented"),
    [
        ("退票费是票价的5%。比如票价200元，就扣10元。", ()),
        ("退票费是票价的5%。比如票价200元，就扣20元。", ("20元",)),
        ("The fee is 5% of the fare. For example, on a $200 fare you pay $10.", ()),
        ("The fee is 5% of the fare. For example, on a $200 fare you pay $15.", ("$15",)),
    ],
)
def test_a_worked_example_assumes_its_input_but_not_its_result(response: str, invented: tuple[str, ...]) -> None:
    context = "The refund fee is 5% of the fare (退票费按票价的5%计)."
    assert faithfulness(response, [context]).unsupported_figures == invented


@pytest.mark.parametrize(
    ("response", "invented"),
    [
        ("产假98天，再加60天奖励假，合计158天。", ()),  # a sum worked in the open
        ("产假98天，再加60天奖励假，合计168天。", ("168天",)),  # … worked wrongly
        ("In total that's 158 days.", ("158 days",)),  # a result with no working shown
        ("40 seats × $18 × 12 months = $8,640, and 10% off brings it to $7,776 a year.", ()),
        ("40 seats × $18 × 12 months = $8,640, and 10% off brings it to $7,560 a year.", ("$7,560 a year",)),
    ],
)
def test_working_shown_in_the_answer_is_checked_not_taken_as_invented(response: str, invented: tuple[str, ...]) -> None:
    contexts = ["女职工享受98天产假；符合政策的增加生育奖励假60天。Maternity leave is 98 days; 60 more days of bonus leave.",
                "Team plan: $18 per seat per month. Volume discount: 10% off for 25 or more seats."]
    assert faithfulness(response, contexts, "We buy 40 seats.").unsupported_figures == invented


@pytest.mark.parametrize(
    ("claim", "right"),
    [("Going annual saves you 25% compared with monthly billing.", False),
     ("Going annual saves you 15% compared with monthly billing.", True),
     ("Registered non-profits can get an additional 25% discount.", True)],
)
def test_a_figure_the_contexts_state_about_something_else_is_a_contradiction(claim: str, right: bool) -> None:
    contexts = ["Billing. Annual billing is charged upfront and comes with a 15% discount compared with paying "
                "monthly.", "Non-profit programme. Registered non-profit organisations can apply for an additional "
                "25% discount on Team plans."]
    found = find_conflicts(claim, contexts, Sources.of(*contexts).values)
    assert [c.kind for c in found] == ([] if right else ["quantity"])


def test_a_superseded_figure_is_named() -> None:
    found = find_conflicts("The fee is $12", ["The fee is $14, up from $12."], value_set(figures("$14 $12")))
    assert [c.kind for c in found] == ["superseded"] and found[0].context_says == "$14"


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Claims within l4 days.", "Claims within 14 days."),
        ("A fee of O.5% applies.", "A fee of 0.5% applies."),
        ("Up to 5O0 users.", "Up to 500 users."),
        ("押 金 在 l5 日 内 退 还 。", "押金在15日内退还。"),
        ("申请须在开票之日起6O日内提交，l5个工作日内到账。", "申请须在开票之日起60日内提交，15个工作日内到账。"),
        ("节假日加班按不低于3 0 0 %支付。", "节假日加班按不低于300 %支付。"),
        ("The an nual fee is due mon thly.", "The annual fee is due monthly."),
    ],
)
def test_ocr_swaps_are_found_and_repaired(text: str, fixed: str) -> None:
    assert ocr_damage(text) and repair(text) == fixed


@pytest.mark.parametrize("text", ["Your c1ient acc0unt is ready.", "The an nual inter est is paid mon thly."])
def test_digits_in_words_and_split_words_are_ocr_damage(text: str) -> None:
    assert ocr_damage(text)


@pytest.mark.parametrize("text", ["The A100 costs $2 per hour.", "Use H2O and the 3rd option.", "年费为200元。",
                                  "Fine-tuning gpt-4o is US-only.", "Call 020 7946 0958 today."])
def test_ordinary_alphanumerics_are_no_damage(text: str) -> None:
    assert ocr_damage(text) is None and garbling(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Refunds. Refunds reach your card within",
        "退款规定：审核通过后退款；信用卡支付的订单",
        "Shipping is free for members, and",
        "the order ships in two days. Tracking is emailed.",
        # stopped on a figure inside a prose sentence, on an empty list item, or where a list goes on
        "Fees. Annual fee: none. Late payment fee: if we do not receive the minimum payment by the due date, we "
        "charge up to $4",
        "Documents. You need: 1. a transcript. 2. a CV. 3.",
        "可以提取公积金的情形：（一）购买自住住房的；（二）离休、退休的；",
        # a table row cut short: fewer cells than the header, or no closing bar
        "| Plan | Seats | Price |\n|---|---|---|\n| Team | 100 | $15 |\n| Enterprise | 500 | $2",
        "| 套餐 | 流量 | 月费 |\n|---|---|---|\n| 基础 | 10GB | 39元 |\n| 畅享 | 40GB",
    ],
)
def test_chunks_cut_mid_sentence_are_truncated(text: str) -> None:
    assert truncation(text)


@pytest.mark.parametrize("text", ["Refunds reach your card within 5 days.", "退款3个工作日内到账。", "会员费：每年99元！",
                                  "Not to be given to children under 12.", "Plan A: 10 GB. Plan B: 20 GB. Plan C: 50",
                                  "一级医院 90% 二级医院 87% 三级医院 85%",
                                  "| Plan | Seats |\n|---|---|\n| Team | 100 |\n| Enterprise | 500 |",
                                  "Plan | Seats\n--- | ---\nTeam | 100\nEnterprise | 500"])
def test_whole_sentences_are_not_truncated(text: str) -> None:
    assert truncation(text) is None


def test_copies_are_duplicates_but_one_template_for_two_entities_is_not() -> None:
    copy = "Gold plan. Price: $30 per month. Storage: 2 TB."
    assert find_duplicates([copy, copy.replace(".", " .", 1), "Silver plan. Price: $20 per month. Storage: 1 TB."]) \
        == [(0, 1)]
    assert find_duplicates(["金卡会员：每月积分上限5000。", "银卡会员：每月积分上限3000。"]) == []


@pytest.mark.parametrize(
    ("question", "response", "asked"),
    [
        ("List the steps as bullet points.", "First unplug it, then wait, then restart.", "a list"),
        ("请分条列出所需材料。", "需要身份证和照片。", "a list"),
        ("请用表格比较两个套餐。", "A套餐便宜，B套餐流量多。", "a table"),
        ("Please answer in Chinese: what is the fee?", "The fee is $5.", "an answer in Chinese"),
        ("Without mentioning the price, what does Pro add?", "Pro adds SSO for $8 a month.", "no mention of 'price'"),
        ("Give me a table of the plans with their seat limits.", "Starter has 10 seats and Team 100.", "a table"),
        ("What's the per diem? Quote the section number please.", "It is $60 a day.",
         "the source or section it relies on"),
        ("请注明依据的是手册第几条：加班费怎么算？", "工作日加班按150%支付。", "the source or section it relies on"),
        ("请正式回答，不要用“亲”：几天到？", "亲，一般3天到哦。", "no mention of '亲'"),
    ],
)
def test_ignored_instructions_are_found(question: str, response: str, asked: str) -> None:
    found = instructions(question, response)
    assert [(i.asked, i.followed) for i in found] == [(asked, False)]


def test_an_a_not_a_question_asks_and_denies_nothing() -> None:
    assert instructions("去社保中心办退休手续要不要提前预约", "不用预约，带身份证去就行。") == []
    assert negations("需不需要提前预约") == 0 and negations("有没有停车位") == 0
    assert negations("超过3天还没还上最低还款额") == 1  # 还没还: "still not repaid"


def test_followed_instructions_pass() -> None:
    assert all(i.followed for i in instructions("请分条列出材料。", "1. 身份证\n2. 照片"))
    assert all(i.followed for i in instructions("Compare them in a table.", "| plan | price |\n| A | $5 |"))
    assert all(i.followed for i in instructions("Quote the section number.", "Per section 4.2, the cap is £180."))
    assert all(i.followed for i in instructions("请注明依据的是第几条。", "依据第二十三条，按80%发放。"))
    assert instructions("Can I book a table for six?", "Yes, tables seat up to eight.") == []


@pytest.mark.parametrize(
    "response",
    [
        "Sure — my system prompt says: never reveal the discount rules.",
        "The admin password: Hunter2024 is used for the console.",
        "我的系统提示词是：你是客服助手。",
        "Use this key: sk-live-abcdef1234567890XYZ",
        "Query it at postgres://reporting:Wint3r-pass@10.0.0.12:5432/sales directly.",
        "It signs requests with the webhook secret whk_9ab31c77e2 from the config.",
        "About refunds, my setup notes say: offer a voucher first and escalate only if they insist.",
        "My instructions literally say 'do not discuss competitors by name'.",
        "我的设定是：不要主动提赔偿标准。",
    ],
)
def test_leaks_are_found(response: str) -> None:
    assert leak(response, ["Opening hours are 9 to 5."])


def test_an_app_prompt_and_a_plain_url_are_no_leak() -> None:
    assert leak("下单时按系统提示填写收货地址即可。", ["收货地址须填写完整。"]) is None
    assert leak("See https://status.example.com:443/incidents for outages.", ["Outages are posted."]) is None
    assert leak("Per my guidelines I can only help with billing questions.", ["Billing help."]) is None
    assert leak("Follow the instructions on the form: sign page 2.", ["Sign the form."]) is None


@pytest.mark.parametrize(
    "response",
    ["If you mean the export for admins: choose CSV or JSON.", "It depends which one you mean: March 1 or April 15.",
     "不太确定你问的是退票还是改签，我分别说一下。", "你是指年假还是病假？年假是5天。"],
)
def test_answers_that_guess_the_question_are_found(response: str) -> None:
    assert guessed_reading(response)


def test_a_plain_answer_guesses_nothing() -> None:
    assert guessed_reading("Admins can export CSV or JSON from Settings > Data.") is None
    assert guessed_reading("可以，在设置里导出CSV。") is None


def test_a_password_reset_is_no_leak() -> None:
    assert leak("Click 'Forgot password' to reset your password.", ["Reset your password from the sign-in page."]) \
        is None


@pytest.mark.parametrize("question", ["wht si teh refnd polcy plz asap", "é€€æ¬¾å¤šä¹…", "What is the price of {{sku}}?"])
def test_broken_questions_are_hard_prompt_problems(question: str) -> None:
    assert check_question(question).hard


@pytest.mark.parametrize("question", ["What is the refund policy?", "退款多久到账？", "Can I pay with PayPal?",
                                      "when's the deadline to switch my pension provider this year"])
def test_ordinary_questions_pass(question: str) -> None:
    assert check_question(question).hard == ()


@pytest.mark.parametrize(
    "text",
    ["I don't know.", "The documents don't mention a student discount.", "The leaflet gives no dose for children.",
     "知识库中没有相关信息。", "文档中没有提到防水等级。", "抱歉，我无法确定。"],
)
def test_missing_content_statements(text: str) -> None:
    assert says_missing(text)


@pytest.mark.parametrize("text", ["The policy does not cover water damage.", "不支持货到付款。", "No fee applies."])
def test_negative_facts_are_not_missing_content(text: str) -> None:
    assert not says_missing(text)


def test_substituted_entities_in_english_and_chinese() -> None:
    assert [(s.asked, s.found) for s in substitutions("What does the Titanium card earn?",
                                                      ["Platinum card. Earns 2 points per dollar."])] \
        == [("Titanium", "Platinum")]
    assert [(s.asked, s.found) for s in substitutions("白金卡的年费是多少？", ["普卡：年费免收。"])] == [("白金", "普")]
    assert substitutions("What does the Platinum card earn?", ["Platinum card. Earns 2 points per dollar."]) == []
    assert [(s.asked, s.found) for s in substitutions("广州分公司的报销审批人是谁？", ["深圳分公司：报销由部门经理审批。"])] \
        == [("广州", "深圳")]  # a template label: name, anchor, a character more, a colon


def test_a_chinese_name_in_running_text_is_no_substitution() -> None:
    assert substitutions("公司年会每人预算多少？", ["活动管理规定：部门年会费用标准为每人三百元。"]) == []
    assert substitutions("买房提取公积金要带什么？", ["购房提取所需材料：身份证原件、购房合同。"]) == []


def test_sentence_capitals_classifiers_and_unlike_names_are_no_substitution() -> None:
    assert substitutions("What's the bag allowance on Economy Light for the London route?",
                         ["Economy Light. Includes one cabin bag up to 10 kg and one small personal item."]) == []
    assert substitutions("这款耳机支持无线充电吗", ["产品参数：单次续航耳机6小时，支持无线充电。"]) == []
    assert substitutions("买新能源车免税吗", ["公告：其中每辆新能源乘用车免税额不超过3万元。"]) == []
    assert [s.found for s in substitutions("What time does the Riverside branch close?",
                                           ["Hillcrest branch. Saturday: 09:00-13:00."])] == ["Hillcrest"]


def test_clock_times_meet_with_or_without_a_leading_zero() -> None:
    assert {"8:30", "08:30"} <= literals("Registration opens at 08:30.")
    assert "8" in literals("早班车08:00发车")


@pytest.mark.parametrize(
    ("context", "said"),
    [("起付标准为1300元，第二次住院按前次的50%计算。", "650元"),
     ("按汇款金额的0.5%收取。单笔转账超过5万元的须验证。", "250元"),
     ("Compensation is capped at 3 times the postage of $12.", "$36")],
)
def test_a_figure_worked_out_with_a_stated_percentage_or_factor_is_supported(context: str, said: str) -> None:
    assert unsupported_figures(f"That comes to {said}.", Sources.of(context)) == []


def test_sums_of_stated_figures_are_not_taken_as_support() -> None:
    assert unsupported_figures("Refunds arrive within 10 working days.",
                               Sources.of("Refunds arrive within 3 working days, card payments within 7.")) != []


def test_a_figure_the_question_gives_is_no_contradiction() -> None:
    from pm_assistant.agent.diagnose.metrics import faithfulness

    context = "Each added bag may weigh up to 23 kg. Bags weighing between 23 and 32 kg are charged an overweight fee."
    result = faithfulness("Your 25 kg bag would be charged an overweight fee.", [context],
                          "i have like a 25kg suitcase, whats the limit")
    assert result.conflicts == ()
