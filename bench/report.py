"""The results of a run: a table on the console, JSON and Markdown under var/bench/.

The JSON holds everything needed to compare two runs (commit, machine,
options, seed, per-page stats); the Markdown is the same for people, and
var/bench/latest.md is always the last run. docs/bench.md says how to read them.
"""

import json
from datetime import datetime
from pathlib import Path

HEADER = ("page", "req/s", "p50 ms", "p95 ms", "server p95 ms", "KB", "errors", "ratio")


def table_rows(results: dict) -> list[tuple[str, ...]]:
    def number(value: float | None, spec: str) -> str:
        return "n/a" if value is None else format(value, spec)

    return [
        (
            page["name"],
            number(page["rps"], ",.1f"),
            number(page["p50_ms"], ".1f"),
            number(page["p95_ms"], ".1f"),
            number(page.get("server_p95_ms"), ".1f"),
            number(page["bytes"] / 1000 if page.get("bytes") is not None else None, ".1f"),
            str(page["errors"]),
            number(page["ratio"], ".2f"),
        )
        for page in results["pages"]
    ]


def text_table(results: dict) -> str:
    rows = [HEADER, *table_rows(results)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER))]
    lines = [
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def scenarios_text(scenarios: list[dict]) -> str:
    """One line per scenario: its figures as `key=value`, in the order the scenario gave them."""
    return "\n".join(
        scenario["name"] + ": " + ", ".join(f"{k}={v}" for k, v in scenario.items() if k != "name")
        for scenario in scenarios
    )


def markdown(results: dict) -> str:
    run = results["run"]
    git = results["git"]
    machine = results["machine"]
    lines = [
        f"# Bench of {results['started_at']}",
        "",
        f"- commit: `{git['commit']}`" + (" with uncommitted changes" if git["dirty"] else ""),
        f"- server: gunicorn, {run['workers']} sync workers on 127.0.0.1, bench.settings (DEBUG off)",
        f"- load: {run['concurrency']} connections, {run['duration']:g} s per page"
        f" after {run['warmup']:g} s of warm-up, at most {run['max_requests']:,} requests,"
        f" {run['rounds']} round(s) (the median one kept)",
        f"- machine: {machine['cpus']} CPUs, load average {machine['load_average_before']:g} before"
        f" and {machine['load_average_after']:g} after, Python {machine['python']},"
        f" Django {machine['django']}",
        "- data set: "
        + (
            ", ".join(
                f"{seed['name']} {seed['rows']:,} rows at scale {seed['scale']:g} ({seed['status']})"
                for seed in results["seed"]
            )
            or "nothing seeded"
        ),
        "",
        "| " + " | ".join(HEADER) + " |",
        "| --- " + "| ---: " * (len(HEADER) - 1) + "|",
        *("| " + " | ".join(row) + " |" for row in table_rows(results)),
        "",
        f"`ratio` is the page's requests/s divided by {results['baseline_rps']:,.1f}, the mean of the"
        f" two plain list rows, the reference page (they differ by {(results['baseline_drift'] or 0):.0%});"
        " how to read it all: docs/bench.md.",
    ]
    errors = [page for page in results["pages"] if page["errors"]]
    if errors:
        lines += ["", "Errors:"]
        lines += [f"- {page['name']} ({page['url']}): {page['error_kinds']}" for page in errors]
    if results.get("scenarios"):
        lines += [
            "",
            "Scenarios:",
            "",
            *(f"- {line}" for line in scenarios_text(results["scenarios"]).splitlines()),
        ]
    return "\n".join(lines) + "\n"


def write(results: dict, directory: Path) -> tuple[Path, Path]:
    """var/bench/<timestamp>.json and .md, and a copy of the Markdown as latest.md."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = datetime.fromisoformat(results["started_at"]).strftime("%Y%m%d-%H%M%S")
    json_path = directory / f"{stem}.json"
    markdown_path = directory / f"{stem}.md"
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    text = markdown(results)
    markdown_path.write_text(text)
    (directory / "latest.md").write_text(text)
    return json_path, markdown_path
