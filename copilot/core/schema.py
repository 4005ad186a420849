"""The typed tables behind exact answers: PFMEA rows and work orders, with their vocabulary.

Each column has a SQL type, a role the planner reasons with (number, date, category, text, id)
and the words people use for it in English and Korean. Converters' record fields map 1:1 onto
column names; fields a converter emits that no column knows are kept in ``extra`` (JSON).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Role = Literal["number", "date", "category", "text", "id"]
SqlType = Literal["INTEGER", "REAL", "TEXT"]


@dataclass(frozen=True)
class Column:
    name: str
    sql: SqlType
    role: Role
    label: str  # how answers name it
    synonyms: tuple[str, ...] = ()  # lower-case words/phrases (EN + KO) that mean this column
    unit: str = ""
    rating: bool = False  # 1-10 FMEA rating (S/O/D)
    base: bool = False  # stored by every table (document, sheet), not a record field


@dataclass(frozen=True)
class TableSpec:
    name: str
    kind: str  # the chunk kind whose records land here
    label: str  # singular noun for answers ("failure mode row", "work order")
    plural: str
    nouns: tuple[str, ...]  # words that point at this table
    columns: tuple[Column, ...]
    title_column: str  # what a listed row is called by
    text_columns: tuple[str, ...]  # searched by semantic filters

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.columns)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def nouns_in(self, q: str) -> list[str]:
        """The table's nouns that a (lower-cased) question uses, as whole words."""
        return [n for n in self.nouns
                if (re.search(rf"(?<![a-z0-9_-]){re.escape(n)}(?![a-z0-9_-])", q)
                    if n.isascii() else n in q)]

    @property
    def field_columns(self) -> tuple[Column, ...]:
        """Columns filled from record fields (not the shared document/sheet columns)."""
        return tuple(c for c in self.columns if not c.base)


def _c(name: str, sql: SqlType, role: Role, label: str, *syn: str, unit: str = "",
       rating: bool = False) -> Column:
    return Column(name, sql, role, label, tuple(syn), unit, rating)


_BASE_COLUMNS = (
    Column("doc_id", "TEXT", "category", "document", ("document", "file", "export", "log",
                                                       "sheet file", "문서"), base=True),
    Column("sheet", "TEXT", "category", "sheet", ("sheet", "tab", "시트"), base=True),
)


PFMEA = TableSpec(
    name="pfmea", kind="pfmea", label="failure mode row", plural="failure mode rows",
    nouns=("failure mode", "failure modes", "fmea", "pfmea", "line item", "line items",
           "fmea row", "fmea rows", "rows", "entries", "items", "item", "고장형태", "고장모드",
           "항목"),
    columns=(
        _c("station", "TEXT", "category", "station", "station", "op", "공정"),
        _c("process_step", "TEXT", "category", "process step", "process step", "process",
           "step", "공정단계", "공정명"),
        _c("subsystem", "TEXT", "category", "subsystem", "subsystem", "sub-system", "system",
           "하위시스템", "시스템"),
        _c("component", "TEXT", "category", "component", "component", "components", "구성품"),
        _c("sub_component", "TEXT", "category", "sub-component", "sub-component",
           "sub-components", "subcomponent", "subcomponents", "sub component", "part",
           "하위부품", "세부부품"),
        _c("function", "TEXT", "text", "function", "function", "requirement", "기능"),
        _c("failure_mode", "TEXT", "text", "failure mode", "failure mode", "failure modes",
           "fm", "고장형태", "고장모드"),
        _c("effect", "TEXT", "text", "effect", "effect", "effects", "영향", "고장영향"),
        _c("severity", "INTEGER", "number", "severity", "severity", "sev", "s", "심각도",
           "s rating", "sev rating", "severity rating",
           rating=True),
        _c("cause", "TEXT", "text", "cause", "cause", "causes", "원인", "고장원인"),
        _c("occurrence", "INTEGER", "number", "occurrence", "occurrence", "occ", "o",
           "o rating", "occ rating", "occurrence rating",
           "발생도", rating=True),
        _c("prevention_control", "TEXT", "text", "prevention control", "prevention control",
           "prevention controls", "prevention", "예방관리"),
        _c("detection_control", "TEXT", "text", "detection control", "detection control",
           "detection controls", "검출관리"),
        _c("current_controls", "TEXT", "text", "current controls", "current controls",
           "controls", "control", "현 관리"),
        _c("detection", "INTEGER", "number", "detection", "detection", "det", "d",
           "d rating", "det rating", "detection rating",
           "detectability", "검출도", rating=True),
        _c("rpn", "INTEGER", "number", "RPN", "rpn", "risk priority number", "위험우선순위"),
        _c("ap", "TEXT", "category", "AP", "ap", "action priority", "조치우선순위"),
        _c("recommended_action", "TEXT", "text", "recommended action", "recommended action",
           "recommended actions", "action", "actions", "권고조치", "개선조치", "권장조치"),
        _c("responsibility", "TEXT", "category", "responsibility", "responsible", "owner",
           "담당자"),
        _c("target_date", "TEXT", "date", "target date", "target date", "due date", "목표일"),
        _c("status", "TEXT", "category", "action status", "action status", "status", "상태"),
        _c("action_taken", "TEXT", "text", "action taken", "action taken", "조치결과"),
        *_BASE_COLUMNS,
    ),
    title_column="failure_mode",
    text_columns=("failure_mode", "effect", "cause", "function", "process_step",
                  "prevention_control", "detection_control", "current_controls",
                  "recommended_action", "component", "sub_component"),
)

WORK_ORDERS = TableSpec(
    name="work_orders", kind="maintenance_log", label="work order", plural="work orders",
    nouns=("work order", "work orders", "wo", "wos", "maintenance", "repair", "repairs",
           "job", "jobs", "breakdown", "breakdowns", "orders", "records", "entries",
           "작업지시", "정비", "정비이력", "수리", "고장수리", "건수", "작업 목록", "작업 내역",
           "작업 이력", "작업이력"),
    columns=(
        _c("work_order", "TEXT", "id", "work order", "work order number", "wo number",
           "wo no", "작업번호"),
        _c("date", "TEXT", "date", "date", "date", "opened", "날짜", "일자"),
        _c("date_closed", "TEXT", "date", "close date", "closed", "date closed", "완료일"),
        _c("asset", "TEXT", "category", "asset", "asset", "assets", "machine", "machines",
           "equipment", "excavator", "excavators", "설비", "굴착기", "장비"),
        _c("asset_description", "TEXT", "text", "asset description", "asset description"),
        _c("station", "TEXT", "category", "station", "station", "stations", "op", "공정"),
        _c("wo_type", "TEXT", "category", "type", "wo type", "order type", "pm type", "type",
           "유형", "정비유형"),
        _c("failure_code", "TEXT", "category", "failure code", "failure code",
           "failure codes", "code", "고장코드"),
        _c("failure_mode", "TEXT", "category", "failure mode", "failure mode",
           "failure modes", "fm", "고장형태", "고장모드"),
        _c("short_text", "TEXT", "text", "description", "short text", "description",
           "problem", "내용"),
        _c("action", "TEXT", "text", "action", "action taken", "action", "조치"),
        _c("technician", "TEXT", "category", "technician", "technician", "technicians",
           "tech", "작업자", "담당"),
        _c("downtime_h", "REAL", "number", "downtime", "downtime", "down time", "hours down",
           "hours", "hrs",
           "비가동", "비가동시간", "정지시간", unit="h"),
        _c("cost", "REAL", "number", "cost", "cost", "costs", "costing", "costed", "spend",
           "spent", "money", "expensive", "costly", "cheapest", "비용", "금액"),
        _c("labor_h", "REAL", "number", "labour hours", "labour hours", "labor hours",
           "labour", "labor", "man hours", "man-hours", "manhours", "공수", "작업공수", unit="h"),
        _c("priority", "TEXT", "category", "priority", "priority", "priorities", "우선순위"),
        _c("currency", "TEXT", "category", "currency", "currency"),
        _c("running_time", "REAL", "number", "running time", "running time", "run time",
           "running hours", "가동시간"),
        _c("major_system", "TEXT", "category", "major system", "major system", "system",
           "systems"),
        _c("part", "TEXT", "category", "part", "part", "parts", "부품"),
        _c("functional_location", "TEXT", "category", "functional location",
           "functional location", "location"),
        *_BASE_COLUMNS,
    ),
    title_column="short_text",
    text_columns=("short_text", "action", "failure_code", "failure_mode", "major_system",
                  "part", "functional_location"),
)

TABLES: tuple[TableSpec, ...] = (PFMEA, WORK_ORDERS)


def table_named(name: str) -> TableSpec:
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)


def table_for_kind(kind: str) -> TableSpec | None:
    return next((t for t in TABLES if t.kind == kind), None)
