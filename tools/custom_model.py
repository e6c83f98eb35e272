"""One-off cost of building a custom model: labelled data + GPU compute + people."""

from __future__ import annotations

from pydantic import Field, model_validator

from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import Count, Currency, Money, Quantity, ToolInput, examples, slot
from pm_assistant.tools.fmt import money, num, round_money, round_ratio
from pm_assistant.tools.spec import calculator

_LUMPS = {  # a part given as one sum, and the inputs it stands for
    "data_cost": ("labeled_samples", "price_per_sample"),
    "compute_cost": ("gpus", "gpu_hourly_rate", "gpu_hours", "gpu_days"),
    "labor_cost": ("people", "day_rate", "days"),
}


class CustomModelCostInput(ToolInput):
    """Arguments of custom_model_cost."""

    model_config = examples(
        {
            "labeled_samples": 5000,
            "price_per_sample": 2,
            "gpus": 8,
            "gpu_hourly_rate": 10,
            "gpu_days": 7,
            "people": 2,
            "day_rate": 800,
            "days": 7,
            "currency": "¥",
        },
        cues="custom own train training fine-tune fine-tuning build in-house labelled annotated 定制 自研 训练 微调 专属 标注",
    )

    labeled_samples: Count = Field(default=0, description="Number of labelled training samples to buy or make.",
        json_schema_extra=slot("count", unit="sample image document page conversation ticket question answer", en="labelled labeled annotated samples examples data records", zh="标注 样本 数据 条", ask_en="what the model needs: labelled samples (how many, price each), GPUs (how many, hourly rate, training time) and/or people (how many, day rate, days)", ask_zh="定制模型需要的投入：标注样本（数量、单价）、GPU（数量、每小时价格、训练时长）和/或人力（人数、日薪、天数）"),
    )
    price_per_sample: Money | None = Field(default=None, description="Cost of labelling one sample.",
        json_schema_extra=slot("money", per="sample", en="each per sample label labelling annotation apiece", zh="每条 每个 标注 单价", ask_en="the cost of labelling one sample", ask_zh="每条样本的标注价格"),
    )
    gpus: Count | None = Field(
        default=None,
        description="Number of GPUs used for training. Default: 1 when gpu_hours or gpu_days is given (then "
        "they are the total GPU time), else none.",
        json_schema_extra=slot("count", unit="gpu", en="gpus gpu cards", zh="GPU 显卡 卡", ask_en="how many GPUs train it", ask_zh="用多少张 GPU 训练"),
    )
    gpu_hourly_rate: Money | None = Field(default=None, description="Cost of one GPU for one hour.",
        json_schema_extra=slot("money", period="hour", unit="gpu", en="gpu hour hourly rate per hour rent rental compute", zh="每小时 GPU 租金 单价 算力", ask_en="the cost of one GPU hour", ask_zh="每 GPU 小时的价格"),
    )
    gpu_hours: Quantity | None = Field(default=None, description="Training hours per GPU. Or give gpu_days.",
        json_schema_extra=slot("duration", unit="hour", concept="gpu_time", en="gpu hours training train compute run", zh="GPU 小时 训练 卡时 算力", ask_en="how long the GPUs train (hours or days)", ask_zh="GPU 训练时长（小时或天）"),
    )
    gpu_days: Quantity | None = Field(
        default=None, description="Training days per GPU; each day counts gpu_hours_per_day hours.",
        json_schema_extra=slot("duration", unit="day", concept="gpu_time", en="gpu days training train compute run", zh="GPU 训练 天 算力"),
    )
    gpu_hours_per_day: float = Field(
        default=24, gt=0, le=24, allow_inf_nan=False, description="GPU hours in a training day (default 24).",
        json_schema_extra=slot("duration", period="day", unit="hour", needs="gpu_days", en="hours a day per day each day", zh="每天 小时"),
    )
    people: Count = Field(default=0, description="Number of people (engineers, annotators' leads) on the work.",
        json_schema_extra=slot("count", unit="engineer person", en="engineers people staff team developers annotators scientists researchers", zh="工程师 人 员工 团队 研发", ask_en="how many people work on it", ask_zh="投入多少人"),
    )
    day_rate: Money | None = Field(default=None, description="Cost of one person for one day.",
        json_schema_extra=slot("money", period="day", unit="engineer person", requires="people", en="day rate per day daily each person engineer salary cost", zh="每人 每天 日薪 人天 工资", ask_en="the cost of one person for one day", ask_zh="每人每天的成本"),
    )
    days: Quantity | None = Field(default=None, description="Working days per person.",
        json_schema_extra=slot("duration", unit="day", concept="people_time", en="days work working engineers people staff for", zh="天 工作 工程师 人 工期", ask_en="how many working days each person spends", ask_zh="每人投入多少个工作日"),
    )
    data_cost: Money | None = Field(default=None, description="The labelled data as one sum, when the sample count "
        "and price are not known (instead of labeled_samples and price_per_sample)."
    )
    compute_cost: Money | None = Field(default=None, description="The GPU compute as one sum, when the GPU count, "
        "rate and time are not known (instead of gpus, gpu_hourly_rate and gpu_hours/gpu_days)."
    )
    labor_cost: Money | None = Field(default=None, description="The people's cost as one sum, when head count, day "
        "rate and days are not known (instead of people, day_rate and days)."
    )
    currency: Currency

    @model_validator(mode="after")
    def _check_groups(self) -> CustomModelCostInput:
        timed = self.gpu_hours is not None or self.gpu_days is not None
        if self.gpus is None and timed:
            self.gpus = 1  # "500 GPU hours" is total GPU time: one GPU's worth
        if self.gpus == 0 and timed:
            raise FieldProblem("gpus", "must be at least 1 with gpu_hours or gpu_days (or leave it out for 1)")
        for lump, parts in _LUMPS.items():
            if getattr(self, lump) is not None and any(getattr(self, part) for part in parts):
                raise FieldProblem(lump, f"give either {lump} or {', '.join(parts)}, not both")
        if self.gpu_hourly_rate is not None and not self.gpus:
            raise FieldProblem("gpu_hours", "give the GPU time (gpu_hours or gpu_days) that gpu_hourly_rate pays for")
        if not (self.labeled_samples or self.gpus or self.people) and all(getattr(self, k) is None for k in _LUMPS):
            raise FieldProblem("labeled_samples", "give at least one of labeled_samples, gpus or people "
                                                  "(or data_cost, compute_cost, labor_cost as sums)")
        if self.labeled_samples and self.price_per_sample is None:
            raise FieldProblem("price_per_sample", "is required with labeled_samples")
        if self.gpus:
            if self.gpu_hourly_rate is None:
                raise FieldProblem("gpu_hourly_rate", "is required with gpus")
            if (self.gpu_hours is None) == (self.gpu_days is None):
                raise FieldProblem("gpu_hours", "give exactly one of gpu_hours or gpu_days with gpus")
        if self.people:
            if self.day_rate is None:
                raise FieldProblem("day_rate", "is required with people")
            if self.days is None:
                raise FieldProblem("days", "is required with people")
        return self


def _shown(given: float | None, working: str, currency: str | None) -> str:
    """A part's working line, or its sum as the user gave it."""
    return f"{money(given, currency)} (given as one sum)" if given is not None else working


@calculator
def custom_model_cost(inp: CustomModelCostInput) -> dict:
    """One-off cost of building a custom model: data + compute + people.

    data_cost = labeled_samples x price_per_sample; compute_cost = gpus x gpu_hourly_rate x hours per GPU
    (gpu_hours, or gpu_days x gpu_hours_per_day, 24 by default; gpus defaults to 1 when only the GPU time is
    given, which then is the total GPU time); labor_cost = people x day_rate x days; a part known only as one
    sum is given as data_cost, compute_cost or labor_cost instead of its inputs;
    total = data_cost + compute_cost + labor_cost, in the user's currency. Example: 5,000 samples x 2 +
    8 GPUs x 10/h x 7 days x 24 h + 2 people x 800/day x 7 days = 10,000 + 13,440 + 11,200 = 34,640.
    """
    cur = inp.currency
    hours_per_gpu = 0.0
    if inp.gpus:
        hours_per_gpu = inp.gpu_hours if inp.gpu_hours is not None else (inp.gpu_days or 0.0) * inp.gpu_hours_per_day
    gpus = inp.gpus or 0
    data_cost = inp.data_cost if inp.data_cost is not None else inp.labeled_samples * (inp.price_per_sample or 0.0)
    compute_cost = (inp.compute_cost if inp.compute_cost is not None
                    else gpus * (inp.gpu_hourly_rate or 0.0) * hours_per_gpu)
    labor_cost = inp.labor_cost if inp.labor_cost is not None else inp.people * (inp.day_rate or 0.0) * (inp.days or 0.0)
    total = data_cost + compute_cost + labor_cost

    hours_text = f"{num(hours_per_gpu)} h"
    if inp.gpu_days is not None:
        hours_text = f"{num(inp.gpu_days)} days x {num(inp.gpu_hours_per_day)} h"
    data_text = _shown(inp.data_cost, f"{num(inp.labeled_samples)} samples x "
                       f"{money(inp.price_per_sample or 0, cur)} = {money(data_cost, cur)}", cur)
    compute_text = _shown(inp.compute_cost, f"{gpus} GPUs x {money(inp.gpu_hourly_rate or 0, cur)}/h x {hours_text} "
                          f"= {money(compute_cost, cur)}", cur)
    labor_text = _shown(inp.labor_cost, f"{inp.people} people x {money(inp.day_rate or 0, cur)}/day x "
                        f"{num(inp.days or 0)} days = {money(labor_cost, cur)}", cur)
    formula = f"data = {data_text}; compute = {compute_text}; labor = {labor_text}; total = {money(total, cur)}"
    shares = {"data": 0.0, "compute": 0.0, "labor": 0.0}
    if total > 0:
        shares = {
            "data": round_ratio(data_cost / total),
            "compute": round_ratio(compute_cost / total),
            "labor": round_ratio(labor_cost / total),
        }
    return {
        "total": round_money(total),
        "data_cost": round_money(data_cost),
        "compute_cost": round_money(compute_cost),
        "labor_cost": round_money(labor_cost),
        "shares": shares,
        "gpu_hours_total": round(gpus * hours_per_gpu, 2),
        "person_days": round(inp.people * (inp.days or 0.0), 2),
        "currency": cur,
        "formula": formula,
    }
