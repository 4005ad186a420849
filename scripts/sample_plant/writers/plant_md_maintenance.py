"""PLANT.md maintenance part: CMMS counts per type/code/asset, recurring problems, quirks, the
Korean log's counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

from ..area_log_gen import LogEntry
from ..cmms_gen import WorkOrder
from ..common import md_table
from ..maintenance_model import MaintenanceData

Orders = Mapping[int, Sequence[WorkOrder]]


def _count_table(cmms: Orders, label: str, key: Callable[[WorkOrder], str | None]) -> list[str]:
    """Counts per key for 2024, 2025 and both; orders whose key is None are left out."""
    by_year = {y: Counter(k for e in cmms[y] if (k := key(e)) is not None) for y in cmms}
    y24, y25 = by_year[2024], by_year[2025]
    rows: list[list[object]] = [[k, y24[k], y25[k], y24[k] + y25[k]] for k in sorted(y24 | y25)]
    total = [sum(y24.values()), sum(y25.values())]
    rows.append(["**total**", *total, sum(total)])
    return md_table([label, "2024 (CSV)", "2025 (XLSX)", "total"], rows)


def cmms_lines(cmms: Orders, ko_rows: Sequence[LogEntry], data: MaintenanceData) -> list[str]:
    all_cmms = [*cmms[2024], *cmms[2025]]
    lines = [
        "### Maintenance logs",
        "",
        f"- CMMS exports: {len(cmms[2024])} work orders in 2024 "
        f"(`CMMS_WO_export_2024.csv`), {len(cmms[2025])} in 2025 (`CMMS_WO_export_2025.xlsx`, "
        f"sheet `WorkOrders`); Korean area log `정비일지_2025_OP20-OP40.csv`: {len(ko_rows)} "
        f"entries (numbers L2-25-xxxx, downtime in minutes). The Korean log is a separate "
        f"record kept by the OP20-OP40 area team; its entries are not duplicated in the CMMS "
        f"export. Grand total {len(all_cmms) + len(ko_rows)} records.",
        "",
        "**CMMS work orders per WO type**",
        "",
        *_count_table(cmms, "WO type", lambda e: e.wo_type),
        "",
        "**CMMS work orders per failure code** (PM orders carry no failure code)",
        "",
        *_count_table(cmms, "failure code", _code_label),
        "",
        "**CMMS work orders per asset (all types)**",
        "",
        *_count_table(cmms, "asset", lambda e: e.asset),
        "",
        "**CMMS corrective + emergency work orders (CM + EM) per asset**",
        "",
        *_count_table(cmms, "asset", lambda e: e.asset if e.wo_type != "PM" else None),
        "",
        "**CMMS work orders per asset and failure code**",
        "",
        *_count_table(
            cmms, "asset + failure code", lambda e: f"{e.asset} {e.code}" if e.code else None
        ),
        "",
    ]
    return lines + _recurring(cmms) + _quirks(cmms) + _downtime_and_cost(cmms, data)


def _code_label(e: WorkOrder) -> str:
    return e.code or ("(PM, no code)" if e.wo_type == "PM" else "(blank)")


def _recurring(cmms: Orders) -> list[str]:
    def cnt(pred: Callable[[WorkOrder], bool]) -> tuple[int, int]:
        return (sum(1 for e in cmms[2024] if pred(e)), sum(1 for e in cmms[2025] if pred(e)))

    ovht = cnt(lambda e: e.asset == "PRS-02" and e.code == "BRG-OVHT")
    ovht_em = cnt(lambda e: e.asset == "PRS-02" and e.code == "BRG-OVHT" and e.wo_type == "EM")
    trq = cnt(lambda e: e.asset == "NR-30" and e.code == "TRQ-DRIFT")
    sp3 = cnt(lambda e: e.asset == "NR-30" and e.code == "TRQ-DRIFT" and e.spindle == 3)
    lkt25 = Counter(
        e.opened.month for e in cmms[2025] if e.asset == "LKT-40" and e.code == "LEAK-CLT"
    )
    pm_prs02 = cnt(lambda e: e.asset == "PRS-02" and e.wo_type == "PM")
    return [
        "**Recurring problems (CMMS)**",
        "",
        f"- PRS-02 spindle bearing overheating (BRG-OVHT): {ovht[0]} in 2024, {ovht[1]} in "
        f"2025, {sum(ovht)} in total; of these {sum(ovht_em)} EM bearing replacements (one per "
        f"year, spindle bearing pair 7014 ACD/P4A). Mostly June-September (chiller load).",
        f"- NR-30 torque drift (TRQ-DRIFT): {trq[0]} in 2024, {trq[1]} in 2025; on spindle 3: "
        f"{sp3[0]} in 2024, {sp3[1]} in 2025 ({sum(sp3)} total; transducer replaced in Oct "
        f"2025). Monthly spindle 3 calibration PM from May 2025.",
        "- LKT-40 coolant-leak work orders (LEAK-CLT) in 2025 by month: "
        + ", ".join(f"{dt.date(2025, m, 1):%b} {n}" for m, n in sorted(lkt25.items()))
        + f" (cluster April-June: {sum(n for m, n in lkt25.items() if 4 <= m <= 6)}).",
        f"- PRS-02 monthly PM (regrease + temperature check): {pm_prs02[0]} in 2024, "
        f"{pm_prs02[1]} in 2025.",
        "",
    ]


def _listed(orders: Sequence[WorkOrder]) -> str:
    return ", ".join(f"{e.wo} ({e.asset})" for e in orders)


def _quirks(cmms: Orders) -> list[str]:
    all_cmms = [*cmms[2024], *cmms[2025]]
    open_wo = [e for e in cmms[2025] if e.closed is None]
    blank_dt = [e for e in all_cmms if e.downtime is None]
    no_code = [e for e in all_cmms if e.wo_type != "PM" and not e.code]
    return [
        "**Data quirks (intentional)**",
        "",
        f"- Open work orders (blank Date Closed and Cost): {_listed(open_wo)}.",
        f"- Blank Downtime (h): {_listed(blank_dt)}.",
        f"- CM work order without failure code: {_listed(no_code)}.",
        "- 2024: one technician field with two people (`JHK/SYP`), one Short Text in lower "
        "case; work order numbers have gaps (range shared with other lines).",
        "",
    ]


def _downtime_and_cost(cmms: Orders, data: MaintenanceData) -> list[str]:
    down: dict[int, defaultdict[str, float]] = {y: defaultdict(float) for y in cmms}
    cost = dict.fromkeys(cmms, 0)
    for y in cmms:
        for e in cmms[y]:
            if e.wo_type != "PM" and e.downtime is not None:
                down[y][e.asset] += e.downtime
            cost[y] += e.cost or 0
    rows = [[a, f"{down[2024][a]:.2f}", f"{down[2025][a]:.2f}"] for a in data.assets]
    return [
        "**CM + EM downtime (h) per asset** (blank downtimes ignored)",
        "",
        *md_table(["asset", "2024", "2025"], rows),
        "",
        f"Total maintenance cost (KRW, closed orders): 2024 {cost[2024]:,}; 2025 {cost[2025]:,}.",
        "",
    ]


def area_log_lines(ko_rows: Sequence[LogEntry]) -> list[str]:
    def per(counter: Counter[str]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))

    ko_lkt = sum(
        1
        for r in ko_rows
        if r.asset == "LKT-40" and r.code == "LEAK-CLT" and 4 <= r.date.month <= 6
    )
    return [
        "**Korean area log 2025 (정비일지_2025_OP20-OP40.csv)**",
        "",
        "- per asset: " + per(Counter(r.asset for r in ko_rows)),
        "- per 작업구분: " + per(Counter(r.kind for r in ko_rows)),
        "- per 고장코드: " + per(Counter(r.code or "(예방정비, no code)" for r in ko_rows)),
        "- per asset + code: " + per(Counter(f"{r.asset} {r.code}" for r in ko_rows if r.code)),
        f"- NR-30 spindle 3 torque drift entries: "
        f"{sum(1 for r in ko_rows if r.spindle == 3)}; LKT-40 LEAK-CLT in April-June: "
        f"{ko_lkt}; total downtime {sum(r.minutes for r in ko_rows)} min.",
        '- Contains the note "스핀들 베어링 과열 알람 - 그리스 보충 후 정상" (PRS-02).',
        "",
    ]
