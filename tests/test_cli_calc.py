"""`pm-assistant tools` and `pm-assistant calc`: output, exit codes, one-line errors and light imports."""

import json
import subprocess
import sys

import pytest

from pm_assistant.agent.cli.app import main
from pm_assistant.tools.registry import TOOLS

ROI = '{"investment": 800000, "annual_benefit": 1500000, "currency": "¥"}'


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_calc_json_prints_the_result_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "calc", "roi_payback", "--args", ROI, "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["payback_months"] == 6.4
    assert result["currency"] == "¥"


def test_calc_readable_output_shows_figures_and_working(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "calc", "roi_payback", "--args", ROI)
    assert code == 0
    assert "payback_months" in out and "6.4" in out
    assert "formula:" in out and "¥800,000" in out


def test_calc_readable_output_renders_item_tables(capsys: pytest.CaptureFixture[str]) -> None:
    args = json.dumps(TOOLS["poc_compare"].input_model.model_json_schema()["examples"][0])
    code, out, _ = run_cli(capsys, "calc", "poc_compare", "--args", args)
    assert code == 0
    assert "ranking" in out and "rejected" in out and "accuracy 72% < required 85%" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["calc", "roi_payback", "--args", '{"investment": -1, "annual_benefit": 5}'],
         "pm-assistant: roi_payback: investment: must be greater than 0"),
        (["calc", "roi_payback", "--args", '{"investment": "800000", "annual_benefit": 5}'],
         "pm-assistant: roi_payback: investment: must be a valid number (got str '800000')"),
        (["calc", "roi_payback", "--args", '{"investment": NaN, "annual_benefit": 5}'],
         "pm-assistant: roi_payback: investment: must be a finite number"),
        (["calc", "roi_payback", "--args", '{"investment": Infinity, "annual_benefit": 5}'],
         "pm-assistant: roi_payback: investment: must be a finite number"),
        (["calc", "roi_payback", "--args", '{"investment": 0, "annual_benefit": 5}'],
         "pm-assistant: roi_payback: investment: must be greater than 0"),
        (["calc", "roi_payback"], "pm-assistant: roi_payback: investment: is required (or give investment_breakdown)"),
        (["calc", "hallucination_budget", "--args", '{"rate": 8, "domain": "legal"}'],
         "pm-assistant: hallucination_budget: rate: must be less than or equal to 1"),
        (["calc", "nope", "--args", "{}"], "pm-assistant: unknown calculator 'nope'"),
        (["calc", "roi_payback", "--args", "{investment: 1}"], "pm-assistant: --args is not valid JSON"),
        (["calc", "roi_payback", "--args", "[1, 2]"], "pm-assistant: --args must be a JSON object"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1 and "Traceback" not in err


def test_tools_table_lists_every_calculator(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "tools")
    assert code == 0
    for name in TOOLS:
        assert name in out
    assert "business_value*" in out  # required arguments are marked


def test_tools_json_has_names_descriptions_and_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "tools", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [t["name"] for t in listed] == list(TOOLS)
    for entry in listed:
        spec = TOOLS[entry["name"]]
        assert entry["description"] == spec.description
        assert entry["parameters"] == spec.input_model.model_json_schema()
        assert entry["parameters"]["type"] == "object" and entry["parameters"]["examples"]


def test_light_commands_do_not_import_heavy_libraries() -> None:
    code = (
        "import sys, pm_assistant.agent.cli.app, pm_assistant.agent.cli.commands.calc, pm_assistant.agent.cli.commands.tools_list, pm_assistant.tools.registry\n"
        "from pm_assistant.agent.cli.app import main\n"
        "main(['calc', 'roi_payback', '--args', '{\"investment\": 1, \"monthly_benefit\": 2}', '--json'])\n"
        "main(['tools'])\n"
        "heavy = ('langchain', 'langchain_core', 'chromadb', 'onnxruntime', 'tiktoken')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_console_entry_point_end_to_end() -> None:
    ok = subprocess.run([sys.executable, "-m", "pm_assistant.agent.cli.app", "calc", "cache_savings", "--json", "--args",
                         '{"monthly_cost_without_cache": 210000, "hit_rate_before": 0.45, "hit_rate_after": 0.65}'],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and json.loads(ok.stdout)["monthly_savings"] == 42000
    bad = subprocess.run([sys.executable, "-m", "pm_assistant.agent.cli.app", "calc", "cache_savings", "--args",
                          '{"monthly_cost_without_cache": -1, "hit_rate_before": 0.45, "hit_rate_after": 0.65}'],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == (
        "pm-assistant: cache_savings: monthly_cost_without_cache: must be greater than or equal to 0\n"
    )


def test_readable_output_shows_user_text_literally(capsys: pytest.CaptureFixture[str]) -> None:
    args = '{"options": [{"name": "[red]A", "accuracy": 0.8}, {"name": "B [beta]", "accuracy": 0.9}]}'
    code, out, _ = run_cli(capsys, "calc", "poc_compare", "--args", args)
    assert code == 0
    assert "[red]A" in out and "B [beta] wins" in out
