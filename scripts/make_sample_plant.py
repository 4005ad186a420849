#!/usr/bin/env python3
"""Generate the realistic sample plant document set for Floor Copilot.

Hanbit Drive Systems, Changwon plant, Line 2 (EDU-200 e-axle assembly), as fixed in
``sample_docs/PLANT.md``.  Writes into ``sample_docs/``:

* ``work_instructions/``  11 work instructions (.docx, .pdf, .md, .html, .txt; 3 in Korean)
* ``pfmea/``              2 PFMEA workbooks (.xlsx, AIAG-VDA 2019 columns, computed AP/RPN)
* ``maintenance/``        CMMS exports 2024 (.csv) and 2025 (.xlsx) + Korean area log (CP949 .csv)
* ``PLANT.md``            the generated section listing the files and the facts they contain

Deterministic: a fixed random seed, fixed document dates and normalised zip containers, so
re-running produces byte-identical files (for a given python-docx / openpyxl / fpdf2 / zlib).

Needs python-docx, openpyxl and fpdf2 (e.g. ``python3 -m venv /tmp/genvenv &&
/tmp/genvenv/bin/pip install python-docx openpyxl fpdf2``), then::

    /tmp/genvenv/bin/python scripts/make_sample_plant.py
"""

# ruff: noqa: N802  (upper-case block constructors P/BL/ST/WARNING/... form a small DSL)
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import random
import re
import textwrap
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sample_docs"
SEED = 20250602
FIXED_DOC_TIME = dt.datetime(2025, 6, 30, 8, 0, 0)
ZIP_TIME = (2025, 6, 30, 8, 0, 0)
COMPANY = "Hanbit Drive Systems Co., Ltd."
PLANT = "Changwon Plant - Line 2 (EDU-200 e-axle assembly)"

# --------------------------------------------------------------------------------------
# AIAG-VDA FMEA Handbook (1st ed., 2019): Action Priority table, valid for DFMEA and PFMEA.
# Rows: severity band x occurrence band; columns: detection bands D 7-10, 5-6, 2-4, 1.
# --------------------------------------------------------------------------------------
_S_BANDS = ((9, 10), (7, 8), (4, 6), (2, 3), (1, 1))
_O_BANDS = ((8, 10), (6, 7), (4, 5), (2, 3), (1, 1))
_D_BANDS = ((7, 10), (5, 6), (2, 4), (1, 1))
_AP_TABLE: dict[tuple[int, int], str] = {
    # S 9-10
    (0, 0): "HHHH",
    (0, 1): "HHHH",
    (0, 2): "HHHM",
    (0, 3): "HMLL",
    (0, 4): "LLLL",
    # S 7-8
    (1, 0): "HHHH",
    (1, 1): "HHHM",
    (1, 2): "HMMM",
    (1, 3): "MMLL",
    (1, 4): "LLLL",
    # S 4-6
    (2, 0): "HHMM",
    (2, 1): "MMML",
    (2, 2): "MLLL",
    (2, 3): "LLLL",
    (2, 4): "LLLL",
    # S 2-3
    (3, 0): "MMLL",
    (3, 1): "LLLL",
    (3, 2): "LLLL",
    (3, 3): "LLLL",
    (3, 4): "LLLL",
    # S 1
    (4, 0): "LLLL",
    (4, 1): "LLLL",
    (4, 2): "LLLL",
    (4, 3): "LLLL",
    (4, 4): "LLLL",
}


def _band(value: int, bands: tuple[tuple[int, int], ...]) -> int:
    for i, (lo, hi) in enumerate(bands):
        if lo <= value <= hi:
            return i
    raise ValueError(f"rating {value} outside 1..10")


def action_priority(s: int, o: int, d: int) -> str:
    """AIAG-VDA 2019 action priority (H/M/L) for severity, occurrence, detection."""
    return _AP_TABLE[(_band(s, _S_BANDS), _band(o, _O_BANDS))][_band(d, _D_BANDS)]


def _check_ap_table() -> None:
    rank = {"L": 0, "M": 1, "H": 2}
    for s in range(1, 11):
        for o in range(1, 11):
            for d in range(1, 11):
                ap = rank[action_priority(s, o, d)]
                if s < 10:
                    assert ap <= rank[action_priority(s + 1, o, d)]
                if o < 10:
                    assert ap <= rank[action_priority(s, o + 1, d)]
                if d < 10:
                    assert ap <= rank[action_priority(s, o, d + 1)]
    assert action_priority(9, 4, 5) == "H" and action_priority(9, 4, 1) == "M"
    assert action_priority(10, 2, 3) == "L" and action_priority(8, 6, 5) == "H"


# --------------------------------------------------------------------------------------
# Determinism helpers
# --------------------------------------------------------------------------------------
def normalize_zip(path: Path) -> None:
    """Rewrite an OOXML zip with fixed timestamps and fixed core-property dates."""
    with zipfile.ZipFile(path) as zin:
        items = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    stamp = FIXED_DOC_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    text,
                )
                data = text.encode("utf-8")
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="\n") as fh:
        fh.write(text)


# --------------------------------------------------------------------------------------
# Work-instruction content model
#   blocks: ("p", text) | ("bullets", [text]) | ("step", text) |
#           ("safety", KIND, text)  KIND in DANGER/WARNING/CAUTION/NOTE (placed before its step)
#           ("table", caption, headers, rows)
# --------------------------------------------------------------------------------------
def P(text: str) -> tuple:
    return ("p", text)


def BL(*items: str) -> tuple:
    return ("bullets", list(items))


def ST(text: str) -> tuple:
    return ("step", text)


def DANGER(text: str) -> tuple:
    return ("safety", "DANGER", text)


def WARNING(text: str) -> tuple:
    return ("safety", "WARNING", text)


def CAUTION(text: str) -> tuple:
    return ("safety", "CAUTION", text)


def NOTE(text: str) -> tuple:
    return ("safety", "NOTE", text)


def TB(caption: str, headers: list[str], rows: list[list[str]]) -> tuple:
    return ("table", caption, headers, rows)


KO_SAFETY = {"DANGER": "위험", "WARNING": "경고", "CAUTION": "주의", "NOTE": "참고"}


def hdr(doc_no: str, title: str, rev: str, eff: str, station: str, **extra: str) -> list:
    rows = [
        ("Document No.", doc_no),
        ("Title", title),
        ("Revision", rev),
        ("Effective date", eff),
        ("Station", station),
    ]
    names = {
        "equipment": "Equipment",
        "product": "Product",
        "supersedes": "Supersedes",
        "change": "Reason for change",
        "prepared": "Prepared by",
        "approved": "Approved by",
    }
    for key in ("equipment", "product", "supersedes", "change", "prepared", "approved"):
        if key in extra:
            rows.append((names[key], extra[key]))
    return rows


def hdr_ko(
    doc_no: str,
    title: str,
    rev: str,
    eff: str,
    station: str,
    equipment: str,
    prepared: str,
    approved: str,
) -> list:
    return [
        ("문서번호", doc_no),
        ("제목", title),
        ("개정", rev),
        ("시행일", eff),
        ("공정", station),
        ("설비", equipment),
        ("작성", prepared),
        ("승인", approved),
    ]


PPE_OP30 = BL(
    "Safety shoes (S3) and safety glasses are mandatory at OP30.",
    "Cut-resistant gloves (EN 388 level C) when handling housings; nitrile gloves when there is "
    "a risk of contact with uncured sealant (see the sealant SDS on the OP30 board).",
    "Pinch points: lower the motor housing only with the lift assist LA-30 and keep fingers off "
    "the flange faces and dowel pins.",
    "The NR-30 reaction forces are taken by the fixture. Never hold a socket or a bolt by hand "
    "while the nutrunner runs.",
    "Maintenance on NR-30 only under lockout per WI-MNT-001 / the NR-30 LOTO sheet.",
)

ROTATION = [1, 7, 4, 10, 2, 8, 5, 11, 3, 9, 6, 12]


def _bolt_table_rows() -> list[list[str]]:
    rows = []
    for bolt in range(1, 13):
        index = "A" if bolt % 2 else "B"
        spindle = (bolt + 1) // 2
        rows.append([str(bolt), index, str(spindle), str(ROTATION.index(bolt) + 1)])
    return rows


WORK_INSTRUCTIONS: list[dict] = [
    # ------------------------------------------------------------------ OP10 (PDF)
    {
        "file": "WI-OP10-001_Output_Bearing_Press-Fit_RevD.pdf",
        "lang": "en",
        "step_style": "step",
        "header": hdr(
            "WI-OP10-001",
            "Output bearing press-fit into gearbox housing",
            "D",
            "2024-09-16",
            "OP10",
            equipment="PRS-01 hydraulic press (40 kN)",
            product="EDU-200 e-axle, all variants",
            supersedes="Rev C (2024-01-15)",
            prepared="S. Park, Process Engineering",
            approved="H. Lee, Production Manager Line 2",
        ),
        "sections": [
            (
                "Purpose",
                [
                    P(
                        "This instruction defines how the output bearing EDU-200-BRG-01 is cold-pressed "
                        "into the output bearing bore of the gearbox housing EDU-200-HSG-01 on the "
                        "hydraulic press PRS-01, so that the bearing is fully seated against the bore "
                        "shoulder, square to the bore axis and free of raceway damage."
                    ),
                    P(
                        "It applies to set-up, normal production and rework at OP10 for all EDU-200 "
                        "variants built on Line 2. The press parameters are listed in Table 1. Any "
                        "deviation needs a written deviation approved by Process Engineering and "
                        "Quality."
                    ),
                ],
            ),
            (
                "Safety and PPE",
                [
                    BL(
                        "Safety shoes (S3) and safety glasses are mandatory at OP10.",
                        "Cut-resistant gloves (EN 388 level C) when handling housings. No loose cuffs "
                        "or jewellery near the press tooling.",
                        "PRS-01 is guarded by a light curtain and a two-hand control. Never bypass, "
                        "bridge or mute the light curtain.",
                        "Only operators released for OP10 (training matrix level 2 or higher) may run "
                        "the station. Tool changes and set-up are done by set-up technicians under "
                        "lockout per WI-MNT-001.",
                        "Housing mass approx. 9.5 kg: use the balancer arm for loading and unloading.",
                    ),
                    P("Hit the emergency stop if anybody enters the tooling area during a cycle."),
                ],
            ),
            (
                "Tools and materials",
                [
                    BL(
                        "PRS-01 hydraulic press, 40 kN, with force-displacement monitor; press "
                        "program P10-06",
                        "Press mandrel PT-10-01 (pushes on the bearing outer ring only; face Ø84.5 mm, "
                        "hardened)",
                        "Housing fixture FX-10-02 with 3 rest pads, 2 locating pins and air seat check",
                        "Dial indicator DI-10-01 (resolution 0.001 mm) on runout base RG-10-01",
                        "Feeler gauge 0.03 mm, IR thermometer IR-10",
                        "Output bearing EDU-200-BRG-01 (deep-groove ball bearing 6209-2RS C3, "
                        "45 x 85 x 19 mm)",
                        "Gearbox housing EDU-200-HSG-01, washed (washer WSH-05)",
                        "Assembly fluid: EF-3 e-axle fluid (EDU-200-OIL-EF3), thin film applied with "
                        "a brush; no grease",
                        "Master housing MH-10-01, lint-free wipes, red NOK bin, check sheet QF-10-01",
                    ),
                ],
            ),
            (
                "Procedure",
                [
                    NOTE(
                        "Steps 1 to 3 are done at the start of every shift and after every tool "
                        "change; steps 4 to 14 for every part."
                    ),
                    ST(
                        "Check PRS-01 readiness: hydraulic pressure on gauge PG-01 = 140 ± 10 bar, "
                        "hydraulic oil temperature on the HMI 30-50 °C, program P10-06 selected."
                    ),
                    ST(
                        "Run the shift-start master check with master housing MH-10-01: the HMI must "
                        "show a final force within 18-24 kN and an end position of 32.50 ± 0.10 mm. If "
                        "not, do not start production and call the set-up technician."
                    ),
                    ST(
                        "Check the face of press mandrel PT-10-01 for chips, pick-up and wear marks. A "
                        "damaged mandrel is replaced before production starts."
                    ),
                    CAUTION(
                        "Cold press only. Do not heat the housing and do not cool the bearing. A "
                        "housing that is still warm from the washer gives a low press force and a "
                        "loose bearing fit after it cools down."
                    ),
                    ST(
                        "Measure the temperature of the bore area with IR thermometer IR-10. Housing "
                        "and bearing must both be at 15-35 °C. Housings above 35 °C stay on the cooling "
                        "buffer for at least 20 minutes and are measured again."
                    ),
                    ST(
                        "Inspect the bearing bore: no burrs, chips, dents or porosity on the bore "
                        "surface or on the shoulder. Wipe the bore and the bearing outer ring with a "
                        "lint-free wipe."
                    ),
                    ST(
                        "Apply a thin film of EF-3 fluid to the bore with the brush (one stroke around "
                        "the circumference). Do not use grease."
                    ),
                    ST(
                        "Scan the housing DMC and the bearing box label. The pick-to-light must confirm "
                        "bearing EDU-200-BRG-01."
                    ),
                    ST(
                        "Place the housing flange-down in fixture FX-10-02. It must rest on all 3 rest "
                        "pads and on both locating pins; the HMI seat check must turn green. Close the "
                        "clamps."
                    ),
                    CAUTION(
                        "Place the bearing by hand, square on the bore chamfer, seal markings "
                        "facing up. A tilted bearing cocks in the bore during pressing and damages "
                        "bearing and housing."
                    ),
                    ST(
                        "Place bearing EDU-200-BRG-01 on the bore chamfer and check from two "
                        "directions that it sits square."
                    ),
                    WARNING(
                        "Keep hands and arms out of the light-curtain field while the ram moves. "
                        "Start the press with the two-hand control only and never hold the "
                        "bearing during the stroke."
                    ),
                    ST(
                        "Start the cycle with the two-hand control. The press approaches at 50 mm/s to "
                        "5 mm above the bearing, presses at 5 mm/s to the end position 32.50 ± 0.10 mm "
                        "and holds for 1.0 s."
                    ),
                    ST(
                        "Read the result on the HMI: final press force 18-24 kN, force-displacement "
                        "curve inside the envelope, end position in tolerance. Green OK: continue. "
                        "Red NOK: follow section 5."
                    ),
                    ST(
                        "Check the seating: a 0.03 mm feeler gauge must not enter between the bearing "
                        "outer ring and the bore shoulder at 4 points (every 90°)."
                    ),
                    ST(
                        "On the first part after set-up, on every 50th part and after every NOK, "
                        "measure the axial runout of the outer-ring face with DI-10-01: max. 0.03 mm. "
                        "Record the value on QF-10-01."
                    ),
                    ST(
                        "Open the clamps, unload the housing with the balancer and place it on the "
                        "CNV-01 pallet to OP20."
                    ),
                    TB(
                        "Table 1 - PRS-01 press parameters (program P10-06)",
                        ["Parameter", "Set value", "Tolerance / limit"],
                        [
                            ["Final press force (at end position)", "-", "18-24 kN"],
                            ["Approach speed", "50 mm/s", "-"],
                            ["Pressing speed", "5 mm/s", "± 0.5 mm/s"],
                            ["End position (from fixture datum)", "32.50 mm", "± 0.10 mm"],
                            ["Dwell at end position", "1.0 s", "± 0.1 s"],
                            ["Hydraulic system pressure (PG-01)", "140 bar", "± 10 bar"],
                            ["Press force software limit", "30 kN", "press stops"],
                            ["Part temperature (housing and bearing)", "-", "15-35 °C"],
                            ["Axial runout, outer-ring face", "-", "max. 0.03 mm"],
                            ["Seating gap (feeler gauge)", "-", "< 0.03 mm"],
                        ],
                    ),
                ],
            ),
            (
                "Quality checks and reaction plan",
                [
                    P(
                        "Every NOK part gets a red NOK tag, goes into the red bin and is entered in the "
                        "shift log. A bearing is never pressed twice and never re-used: bearings "
                        "removed from a housing are scrapped."
                    ),
                    TB(
                        "Table 2 - Reaction plan OP10",
                        ["Result", "Probable cause", "Reaction"],
                        [
                            [
                                "Force < 18 kN",
                                "Bore oversize, warm housing, bearing OD undersize",
                                "NOK. Measure housing temperature and bore diameter. Inform Quality; "
                                "housing to MRB.",
                            ],
                            [
                                "Force > 24 kN or curve outside envelope",
                                "Cocked bearing, chip in bore, worn or chipped mandrel, bore undersize",
                                "NOK. Check mandrel PT-10-01 and the fixture rest pads. Inform the set-up "
                                "technician.",
                            ],
                            [
                                "End position not reached",
                                "Cocked bearing, force limit 30 kN reached",
                                "NOK. Do not re-press. Inform the set-up technician.",
                            ],
                            [
                                "Runout > 0.03 mm",
                                "Cocked bearing, dirt on the shoulder",
                                "NOK. Re-check the parts back to the last good runout check.",
                            ],
                            [
                                "3 NOK in a row, or 2 NOK of the same type within 10 parts",
                                "Process or machine problem",
                                "Stop OP10. Call the team leader and maintenance; CMMS work order with "
                                "failure code PRS-FORCE (force) or MECH (tooling/fixture).",
                            ],
                        ],
                    ),
                ],
            ),
            (
                "Records",
                [
                    BL(
                        "Press force, end position and curve are stored automatically in MES against "
                        "the housing serial number.",
                        "Runout checks on QF-10-01 (kept for 3 years).",
                        "NOK parts: shift log and MRB tag.",
                    ),
                ],
            ),
            (
                "Revision history",
                [
                    TB(
                        "Table 3 - Revision history",
                        ["Rev", "Date", "Change", "Author"],
                        [
                            ["A", "2022-11-07", "First issue for SOP of Line 2", "S. Park"],
                            [
                                "B",
                                "2023-05-22",
                                "Force window changed from 16-24 kN to 18-24 kN after "
                                "the PPAP capability study",
                                "S. Park",
                            ],
                            [
                                "C",
                                "2024-01-15",
                                "Runout check every 50th part; reaction plan table added",
                                "S. Park",
                            ],
                            [
                                "D",
                                "2024-09-16",
                                "Cold-press rule and housing temperature check (Step 4) "
                                "added; force-displacement envelope added",
                                "S. Park",
                            ],
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ OP20 (PDF)
    {
        "file": "WI-OP20-001_Gear_Rotor-Shaft_Press-Fit_RevC.pdf",
        "lang": "en",
        "step_style": "dotted",
        "header": hdr(
            "WI-OP20-001",
            "Gear and rotor-shaft press-fit and runout check",
            "C",
            "2025-03-10",
            "OP20",
            equipment="PRS-02 servo press (60 kN) with spindle bearing temperature monitoring",
            product="EDU-200 e-axle, all variants",
            supersedes="Rev B (2024-04-08)",
            prepared="J. Kim, Process Engineering",
            approved="H. Lee, Production Manager Line 2",
        ),
        "sections": [
            (
                "Purpose",
                [
                    P(
                        "This instruction defines the press-fit of the reduction gear EDU-200-GR-01 and "
                        "of the shaft bearing EDU-200-BRG-02 onto the rotor shaft EDU-200-SFT-01 on the "
                        "servo press PRS-02, the runout check of the shaft assembly, and the reaction "
                        "to the PRS-02 spindle bearing temperature warning and alarm."
                    ),
                ],
            ),
            (
                "Safety and PPE",
                [
                    BL(
                        "Safety shoes (S3), safety glasses and cut-resistant gloves (EN 388 level C).",
                        "Heat-resistant gloves (EN 407) are kept at the station for any contact with "
                        "the spindle housing.",
                        "PRS-02 is guarded by an interlocked sliding door. In manual mode the servo "
                        "press can move without warning: only set-up technicians use manual mode.",
                        "Any work inside the press guarding only under lockout per WI-MNT-001.",
                    ),
                ],
            ),
            (
                "Tools and materials",
                [
                    BL(
                        "PRS-02 servo press, 60 kN, programs P20-GR (gear) and P20-BR (bearing)",
                        "Shaft fixture FX-20-01 (vertical V-block), gear press sleeve PT-20-02, "
                        "bearing press sleeve PT-20-03",
                        "Runout station with 2 LVDT probes (resolution 0.001 mm), master shaft "
                        "MS-20-01",
                        "IR thermometer IR-05 and vibration pen VP-01 (maintenance)",
                        "Rotor shaft EDU-200-SFT-01, reduction gear EDU-200-GR-01 (helical, 71 teeth), "
                        "shaft bearing EDU-200-BRG-02 (6207 C3)",
                        "EF-3 e-axle fluid, thin film on the shaft seats",
                    ),
                ],
            ),
            (
                "Procedure",
                [
                    ST(
                        "At shift start check the PRS-02 HMI status page: spindle bearing temperature "
                        "below 55 °C, no active alarm, CHL-01 supply temperature 20 ± 2 °C, coolant "
                        "flow on indicator FI-02 (PRS-02 manifold) at least 8 L/min."
                    ),
                    ST(
                        "Run master shaft MS-20-01 through the runout station. Both LVDT readings must "
                        "be within ± 0.003 mm of the master values on the master tag."
                    ),
                    ST(
                        "Inspect the rotor shaft seats and the gear bore: no scratches, burrs or "
                        "dents. Wipe clean and apply a thin film of EF-3 fluid on the gear seat."
                    ),
                    ST(
                        "Scan the shaft DMC and the gear label; the HMI checks the gear variant "
                        "against the production order."
                    ),
                    ST(
                        "Load the rotor shaft vertically into fixture FX-20-01, splined end down. Place "
                        "the gear on the shaft with the hub collar facing up."
                    ),
                    WARNING(
                        "Close the interlocked door before starting. Never reach into the press "
                        "area while the door is open and the press is in manual mode."
                    ),
                    ST(
                        "Start program P20-GR. The press moves sleeve PT-20-02 at 3 mm/s to the end "
                        "position 118.40 ± 0.05 mm. The final press force must be within 28-42 kN."
                    ),
                    ST(
                        "Place the bearing EDU-200-BRG-02 on the shaft and start program P20-BR "
                        "(sleeve PT-20-03): press speed 5 mm/s, end position 22.00 ± 0.05 mm, final "
                        "force 8-14 kN."
                    ),
                    ST(
                        "The shaft assembly is transferred to the runout station automatically. "
                        "Radial runout at the gear reference diameter max. 0.02 mm; axial runout of "
                        "the gear face max. 0.03 mm."
                    ),
                    ST(
                        "OK assemblies continue to OP30 on CNV-01. NOK assemblies are unloaded by the "
                        "operator into the red bin (section 5)."
                    ),
                    TB(
                        "Table 1 - PRS-02 press parameters",
                        ["Parameter", "Gear press-fit (P20-GR)", "Bearing press-fit (P20-BR)"],
                        [
                            ["Final press force window", "28-42 kN", "8-14 kN"],
                            ["Press speed", "3 mm/s", "5 mm/s"],
                            ["End position", "118.40 ± 0.05 mm", "22.00 ± 0.05 mm"],
                            ["Dwell", "0.5 s", "0.5 s"],
                            ["Software force limit", "50 kN", "20 kN"],
                            ["Radial runout, gear reference diameter", "max. 0.02 mm", "-"],
                            ["Axial runout, gear face", "max. 0.03 mm", "-"],
                        ],
                    ),
                    TB(
                        "Table 2 - PRS-02 spindle bearing temperature limits",
                        ["Spindle bearing temperature", "Status", "Press behaviour"],
                        [
                            ["up to 55 °C", "Normal", "Production"],
                            [
                                "55-60 °C",
                                "Elevated",
                                "Production; inform maintenance at end of shift",
                            ],
                            [
                                "60 °C",
                                "Warning W-216 (yellow)",
                                "Production continues; maintenance checks within 1 hour",
                            ],
                            [
                                "70 °C",
                                "Alarm A-217 SPINDLE BRG TEMP HIGH (red)",
                                "Press stops after the current stroke and returns home",
                            ],
                            [
                                "Restart",
                                "below 50 °C and cause found",
                                "Maintenance sign-off required",
                            ],
                        ],
                    ),
                ],
            ),
            (
                "Quality checks and reaction plan",
                [
                    P(
                        "NOK assemblies (force, end position or runout out of tolerance) get a red tag "
                        "and go into the red bin. A gear is never pressed off for re-use; the complete "
                        "shaft assembly goes to MRB."
                    ),
                    BL(
                        "Force or end position out of window: check sleeve and fixture for chips. Two "
                        "NOK of the same type within 10 parts: stop and call the set-up technician "
                        "(failure code PRS-FORCE).",
                        "Runout above 0.02 mm: measure once more; if confirmed, check the last 10 parts "
                        "and run the master shaft.",
                        "Any NOK during or after a spindle temperature warning: see section 6.",
                    ),
                ],
            ),
            (
                "Spindle temperature alarm A-217 - reaction",
                [
                    P(
                        "The PRS-02 spindle runs on a pair of angular-contact bearings, cooled by the "
                        "CHL-01 coolant loop. When these bearings overheat, the spindle grows "
                        "thermally and the end position drifts, so gears may not be fully seated. The "
                        "steps below apply when warning W-216 (60 °C) or alarm A-217 (70 °C) appears."
                    ),
                    WARNING(
                        "Do not acknowledge alarm A-217 and restart the press again and again. A "
                        "hot spindle can destroy its bearings within minutes and produces parts "
                        "with the wrong press depth."
                    ),
                    ST(
                        "When A-217 appears, let the press finish the stroke and return home. Set the "
                        "station to STOP and switch the andon to maintenance (blue)."
                    ),
                    ST(
                        "Tag the part in the press as suspect. All parts pressed since warning W-216 "
                        "(at least the last 10 parts) get a 100% runout and end-position re-check; "
                        "failing parts go to the red bin."
                    ),
                    ST(
                        "Call maintenance (extension 2240) and open a CMMS work order with failure "
                        "code BRG-OVHT. Write the peak temperature from the HMI trend into the order."
                    ),
                    ST(
                        "Maintenance checks the CHL-01 coolant supply: supply temperature 20 ± 2 °C on "
                        "the chiller display and flow of at least 8 L/min on FI-02. If the flow is low, "
                        "clean the Y-strainer of the PRS-02 loop and vent the loop per WI-MNT-003."
                    ),
                    ST(
                        "Maintenance checks the lubrication per WI-MNT-002: date of the last "
                        "regreasing on the PM tag and grease condition at the purge port. Regrease only "
                        "with the specified quantity (2 g per nipple); over-greasing also causes "
                        "overheating."
                    ),
                    CAUTION(
                        "The spindle housing can be hotter than 60 °C. Wear heat-resistant gloves "
                        "and do not touch the housing with bare hands."
                    ),
                    ST(
                        "Measure the spindle housing vibration with vibration pen VP-01 at the marked "
                        "point: up to 2.8 mm/s RMS normal; 2.8-4.5 mm/s plan a bearing replacement; "
                        "above 4.5 mm/s do not restart, the bearings must be replaced."
                    ),
                    ST(
                        "Restart only when the spindle temperature is below 50 °C and the cause has "
                        "been found and corrected. Run 10 dry cycles at 50% speed; the temperature "
                        "must stay below 60 °C."
                    ),
                    ST(
                        "Maintenance signs the restart in the shift log. Run master shaft MS-20-01 and "
                        "check the runout of the first production part before releasing the station."
                    ),
                ],
            ),
            (
                "Revision history",
                [
                    TB(
                        "Table 3 - Revision history",
                        ["Rev", "Date", "Change", "Author"],
                        [
                            ["A", "2022-11-07", "First issue", "J. Kim"],
                            [
                                "B",
                                "2024-04-08",
                                "Bearing press-fit with program P20-BR added",
                                "J. Kim",
                            ],
                            [
                                "C",
                                "2025-03-10",
                                "Section 6 (reaction to spindle temperature alarm A-217) "
                                "and temperature limit table added after recurring BRG-OVHT work orders",
                                "J. Kim",
                            ],
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ OP30 Rev B (DOCX)
    {
        "file": "WI-OP30-001_Housing_Joining_Bolt_Tightening_Rev_B.docx",
        "lang": "en",
        "step_style": "dotted",
        "header": hdr(
            "WI-OP30-001",
            "Housing joining and M8 bolt tightening",
            "B",
            "2024-02-01",
            "OP30",
            equipment="NR-30 6-spindle nutrunner, torque wrench TW-08",
            product="EDU-200 e-axle, all variants",
            supersedes="Rev A (2022-11-07)",
            prepared="S. Park, Process Engineering",
            approved="H. Lee, Production Manager Line 2",
        ),
        "sections": [
            (
                "Purpose",
                [
                    P(
                        "This instruction defines how the motor housing EDU-200-HSG-02 is joined onto "
                        "the gearbox housing EDU-200-HSG-01 after sealant dispensing (WI-OP30-002) and "
                        "how the 12 housing flange bolts M8x25 10.9 are tightened with the nutrunner "
                        "NR-30."
                    ),
                ],
            ),
            ("Safety and PPE", [PPE_OP30]),
            (
                "Tools and materials",
                [
                    BL(
                        "NR-30 6-spindle nutrunner, tightening program P-23B",
                        "Lift assist LA-30, joining fixture with 2 dowel-pin guides",
                        "Torque wrench TW-08 (digital, 5-60 Nm, calibrated every 6 months)",
                        "12 bolts EDU-200-BLT-825 per unit: hexalobular flange bolt M8x25 10.9, "
                        "zinc-flake coated",
                        "Motor housing EDU-200-HSG-02, yellow paint marker",
                    ),
                ],
            ),
            (
                "Procedure",
                [
                    ST(
                        "Check on the OP30 screen that the sealant bead was applied less than 10 minutes "
                        "ago (MES timer). If the timer is red, do not join: the housing goes back to "
                        "sealant rework per WI-OP30-002."
                    ),
                    ST(
                        "Lower the motor housing EDU-200-HSG-02 with the lift assist LA-30 straight "
                        "onto the two dowel pins. Do not slide the housing over the sealant bead."
                    ),
                    ST(
                        "Start the 12 bolts M8x25 10.9 by hand, 2-3 turns each. A bolt that does not "
                        "turn freely by hand is removed and replaced by a new bolt."
                    ),
                    ST(
                        "Move the pallet into NR-30 and start program P-23B. NR-30 tightens in one "
                        "pass to 23 Nm ± 2.0 Nm: index A (bolts 1, 3, 5, 7, 9, 11), the fixture turns "
                        "30°, index B (bolts 2, 4, 6, 8, 10, 12)."
                    ),
                    ST(
                        "Check the NR-30 result screen: all 12 bolts green. For any red bolt follow "
                        "section 5."
                    ),
                    ST("Mark all bolt heads with the yellow paint marker after an OK result."),
                    ST(
                        "Residual torque audit: 5 housings per shift with TW-08, acceptance "
                        "21.0-26.5 Nm. Record on QF-30-02."
                    ),
                    TB(
                        "Table 1 - Tightening specification (Rev B)",
                        ["Joint", "Bolt", "Qty", "Target torque", "Tolerance", "Tool / program"],
                        [
                            [
                                "Housing flange",
                                "M8x25 10.9 (EDU-200-BLT-825)",
                                "12",
                                "23 Nm",
                                "± 2.0 Nm",
                                "NR-30 / P-23B",
                            ],
                            [
                                "Manual rework",
                                "M8x25 10.9",
                                "1 per hole",
                                "23 Nm",
                                "± 2.0 Nm",
                                "TW-08",
                            ],
                            [
                                "Residual torque audit",
                                "M8x25 10.9",
                                "5 housings/shift",
                                "-",
                                "21.0-26.5 Nm",
                                "TW-08",
                            ],
                        ],
                    ),
                ],
            ),
            (
                "Quality checks and reaction plan",
                [
                    BL(
                        "NOK bolt (torque or angle): remove the bolt, scrap it, start a new bolt by "
                        "hand and tighten with TW-08 to 23 Nm. Only one rework per bolt hole; a "
                        "damaged thread goes to MRB.",
                        "Two NOK on the same spindle in one shift: call maintenance, CMMS work order "
                        "with failure code TRQ-DRIFT.",
                        "Residual torque audit outside 21.0-26.5 Nm: quarantine all housings since "
                        "the last OK audit and inform Quality.",
                    ),
                ],
            ),
            (
                "Revision history",
                [
                    TB(
                        "Table 2 - Revision history",
                        ["Rev", "Date", "Change", "Author"],
                        [
                            ["A", "2022-11-07", "First issue (final torque 21 Nm)", "S. Park"],
                            [
                                "B",
                                "2024-02-01",
                                "Final torque raised from 21 Nm to 23 Nm; residual torque "
                                "audit added",
                                "S. Park",
                            ],
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ OP30 Rev C (DOCX)
    {
        "file": "WI-OP30-001_Housing_Joining_Bolt_Tightening_Rev_C.docx",
        "lang": "en",
        "step_style": "dotted",
        "header": hdr(
            "WI-OP30-001",
            "Housing joining and M8 bolt tightening",
            "C",
            "2025-06-02",
            "OP30",
            equipment="NR-30 6-spindle nutrunner, torque wrench TW-08",
            product="EDU-200 e-axle, all variants",
            supersedes="Rev B",
            change="ECR ENG-CR-2025-014 (clamp-load loss from FIPG relaxation)",
            prepared="S. Park, Process Engineering",
            approved="H. Lee, Production Manager Line 2",
        ),
        "sections": [
            (
                "Purpose",
                [
                    P(
                        "This instruction defines how the motor housing EDU-200-HSG-02 is joined onto "
                        "the gearbox housing EDU-200-HSG-01 after sealant dispensing (WI-OP30-002) and "
                        "how the 12 housing flange bolts M8x25 10.9 are tightened with the nutrunner "
                        "NR-30."
                    ),
                    P(
                        "Rev C raises the final torque from 23 Nm to 25 Nm and introduces tightening in "
                        "two passes in a cross pattern (see the revision history)."
                    ),
                ],
            ),
            ("Safety and PPE", [PPE_OP30]),
            (
                "Tools and materials",
                [
                    BL(
                        "NR-30 6-spindle nutrunner, tightening program P-25C (two passes)",
                        "Lift assist LA-30, joining fixture with 2 dowel-pin guides",
                        "Torque wrench TW-08 (digital, 5-60 Nm, calibrated every 6 months)",
                        "12 bolts EDU-200-BLT-825 per unit: hexalobular flange bolt M8x25 10.9, "
                        "zinc-flake coated",
                        "Motor housing EDU-200-HSG-02, yellow paint marker",
                    ),
                ],
            ),
            (
                "Procedure",
                [
                    ST(
                        "Check on the OP30 screen that the sealant bead was applied less than 10 minutes "
                        "ago (MES timer). If the timer is red, do not join: the housing goes back to "
                        "sealant rework per WI-OP30-002."
                    ),
                    ST(
                        "Lower the motor housing EDU-200-HSG-02 with the lift assist LA-30 straight "
                        "onto the two dowel pins. Do not slide the housing over the sealant bead."
                    ),
                    CAUTION(
                        "Start every bolt by hand, square to the hole. A bolt started at an angle "
                        "cross-threads in the aluminium housing, and the nutrunner does not always "
                        "detect it."
                    ),
                    ST(
                        "Start the 12 bolts M8x25 10.9 by hand, 2-3 turns each. A bolt that does not "
                        "turn freely by hand is removed and replaced by a new bolt."
                    ),
                    ST(
                        "Move the pallet into NR-30 and start program P-25C. Pass 1 (snug): all 12 "
                        "bolts to 10 Nm ± 1.0 Nm in the cross pattern. Pass 2 (final): all 12 bolts to "
                        "25 Nm ± 1.5 Nm in the same cross pattern. The angle from 10 Nm to final torque "
                        "is monitored (window 20-60°)."
                    ),
                    ST(
                        "Check the NR-30 result screen: all 12 bolts green in both passes. For any red "
                        "bolt follow section 5."
                    ),
                    ST("Mark all bolt heads with the yellow paint marker after an OK result."),
                    ST(
                        "Residual torque audit: 5 housings per shift with TW-08, acceptance "
                        "23.5-28.5 Nm. Record on QF-30-02."
                    ),
                    NOTE(
                        "NR-30 runs all six spindles synchronously, which gives the cross pattern "
                        "automatically (index A, then index B). Manual tightening must copy it."
                    ),
                    ST(
                        "Manual rework with TW-08: always use the sequence 1-7-4-10-2-8-5-11-3-9-6-12, "
                        "first all bolts at 10 Nm, then all bolts at 25 Nm."
                    ),
                    TB(
                        "Table 1 - Tightening specification (Rev C)",
                        [
                            "Step",
                            "Bolts",
                            "Target torque",
                            "Tolerance",
                            "Angle monitoring",
                            "Tool / program",
                        ],
                        [
                            [
                                "Pass 1 (snug)",
                                "1-12, cross pattern",
                                "10 Nm",
                                "± 1.0 Nm",
                                "-",
                                "NR-30 / P-25C",
                            ],
                            [
                                "Pass 2 (final)",
                                "1-12, cross pattern",
                                "25 Nm",
                                "± 1.5 Nm",
                                "20-60° from 10 Nm",
                                "NR-30 / P-25C",
                            ],
                            [
                                "Manual rework",
                                "single bolt, sequence as Table 2",
                                "10 Nm, then 25 Nm",
                                "± 1.5 Nm",
                                "-",
                                "TW-08",
                            ],
                            [
                                "Residual torque audit",
                                "5 housings/shift",
                                "-",
                                "23.5-28.5 Nm",
                                "-",
                                "TW-08",
                            ],
                        ],
                    ),
                    TB(
                        "Table 2 - Bolt positions, NR-30 spindles and manual sequence",
                        ["Bolt", "NR-30 index", "NR-30 spindle", "Manual sequence position"],
                        _bolt_table_rows(),
                    ),
                ],
            ),
            (
                "Quality checks and reaction plan",
                [
                    BL(
                        "NOK bolt (torque or angle): remove the bolt, scrap it, start a new bolt by "
                        "hand and tighten with TW-08 to 10 Nm and then 25 Nm. Only one rework per bolt "
                        "hole; a damaged thread goes to MRB.",
                        "Angle below 20° on a bolt: suspect cross-threading or a wrong bolt; remove and "
                        "inspect the thread.",
                        "Two NOK on the same spindle in one shift: call maintenance, CMMS work order "
                        "with failure code TRQ-DRIFT. Spindle 3 (bolts 5 and 6) is under increased "
                        "monitoring after repeated torque drift.",
                        "Residual torque audit outside 23.5-28.5 Nm: quarantine all housings since "
                        "the last OK audit and inform Quality.",
                    ),
                ],
            ),
            (
                "Records",
                [
                    BL(
                        "Torque and angle of every bolt are stored in MES against the housing serial.",
                        "Residual torque audit on QF-30-02; TW-08 calibration certificate in the "
                        "gauge database.",
                    ),
                ],
            ),
            (
                "Revision history",
                [
                    TB(
                        "Table 3 - Revision history",
                        ["Rev", "Date", "Change", "Author"],
                        [
                            ["A", "2022-11-07", "First issue (final torque 21 Nm)", "S. Park"],
                            [
                                "B",
                                "2024-02-01",
                                "Final torque raised from 21 Nm to 23 Nm; residual torque "
                                "audit added",
                                "S. Park",
                            ],
                            [
                                "C",
                                "2025-06-02",
                                "Final torque 23 Nm -> 25 Nm ± 1.5 Nm; two passes in a "
                                "cross pattern (snug 10 Nm); angle monitoring 20-60°; audit window "
                                "23.5-28.5 Nm (ECR ENG-CR-2025-014)",
                                "S. Park",
                            ],
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ OP30-002 Korean (DOCX)
    {
        "file": "WI-OP30-002_실런트(FIPG)_도포_작업표준_개정B.docx",
        "lang": "ko",
        "step_style": "paren",
        "header": hdr_ko(
            "WI-OP30-002",
            "실런트(FIPG) 도포 작업표준",
            "B",
            "2025-04-01",
            "OP30",
            "DSP-30 실런트 도포기, VIS-30 비드 검사 카메라",
            "박성진 (생산기술팀)",
            "이현우 (제조2팀장)",
        ),
        "sections": [
            (
                "목적",
                [
                    P(
                        "본 작업표준은 OP30 공정에서 기어박스 하우징(EDU-200-HSG-01) 플랜지면에 FIPG "
                        "실런트를 도포하는 방법과 기준을 정한다. 끊김 없이 일정한 폭의 비드를 형성하여 "
                        "하우징 접합부의 오일 누유를 방지하는 것을 목적으로 한다."
                    ),
                    P("도포 후 하우징 접합 및 볼트 체결은 WI-OP30-001에 따른다."),
                ],
            ),
            (
                "안전 및 보호구",
                [
                    BL(
                        "안전화와 보안경은 OP30 구역에서 항상 착용한다.",
                        "실런트를 취급할 때는 니트릴 장갑을 착용한다. 피부에 묻으면 즉시 비눗물로 "
                        "씻어낸다.",
                        "드럼 교체 시 팔로워 플레이트가 내려오는 구간에 손을 넣지 않는다.",
                        "도포 로봇 작업 영역은 안전 펜스와 도어 인터록으로 보호된다. 인터록을 해제하거나 "
                        "우회하는 행위는 금지한다.",
                        "실런트 MSDS는 OP30 게시판에 비치되어 있다.",
                    ),
                ],
            ),
            (
                "공구 및 자재",
                [
                    BL(
                        "DSP-30 실런트 도포기 (도포 프로그램 S30-01, 3축 도포 로봇)",
                        "노즐 NZ-30-20 (토출구 Ø2.0 mm)",
                        "VIS-30 비드 검사 카메라 (비드 폭 및 끊김 자동 검사)",
                        "비드 게이지 BG-30-01, 버니어 캘리퍼스, 테스트 플레이트",
                        "실런트 EDU-200-SLT-01 (1액형 RTV 실리콘, 회색, 200 L 드럼)",
                        "탈지제 IPA, 무진 와이퍼, 스크레이퍼",
                    ),
                ],
            ),
            (
                "작업순서",
                [
                    ST(
                        "작업 시작 전 DSP-30 화면에서 토출 압력 4.5 ± 0.3 bar, 실런트 온도 20~30 °C, "
                        "도포 프로그램 S30-01 선택 여부를 확인한다."
                    ),
                    ST(
                        "노즐 끝단에 경화된 실런트가 붙어 있는지 확인한다. 경화물이 있으면 노즐 "
                        "NZ-30-20을 신품으로 교체한다."
                    ),
                    ST(
                        "퍼지 컵에 실런트 20 g을 토출(퍼지)하여 노즐 안의 공기와 표면 경화물을 "
                        "제거한다."
                    ),
                    ST(
                        "초품 확인: 테스트 플레이트에 도포한 후 비드 게이지 BG-30-01로 비드 폭 "
                        "3.0 ± 0.5 mm, 높이 1.2~1.8 mm를 측정하여 초·중·종물 점검표(QF-30-01)에 "
                        "기록한다."
                    ),
                    CAUTION(
                        "플랜지면을 맨손으로 만지지 않는다. 손의 유분이 남으면 실런트가 접착되지 "
                        "않아 누유가 발생한다."
                    ),
                    ST(
                        "하우징 플랜지면을 IPA로 탈지하고 1분 이상 건조시킨다. 기름, 수분, 이물이 "
                        "남아 있으면 접착 불량의 원인이 된다."
                    ),
                    WARNING(
                        "도포 중에는 안전 도어를 열지 않는다. 로봇이 움직이는 동안 작업 영역에 "
                        "들어가면 협착 위험이 있다."
                    ),
                    ST(
                        "하우징을 도포 지그에 안착시키고 클램프한 뒤 도포 사이클을 시작한다. 로봇 도포 "
                        "속도는 40 mm/s이다."
                    ),
                    ST(
                        "도포가 끝나면 VIS-30 판정을 확인한다. 비드 폭 2.5~3.5 mm, 끊김 없음이면 "
                        "합격(OK)이다. 시작점과 종료점은 5~10 mm 겹쳐야 한다."
                    ),
                    ST(
                        "볼트 구멍 주변(보스부)에서 비드가 구멍 안쪽을 지나가는지 육안으로 확인한다. "
                        "보스부는 비전 검사 영역에서 일부 제외되어 있으므로 작업자 육안 확인이 "
                        "필수이다."
                    ),
                    ST(
                        "도포 후 10분 이내에 하우징 접합(WI-OP30-001)을 완료한다. 10분이 지나면 실런트 "
                        "표면이 경화되기 시작하여 접착 불량이 생기므로 MES가 접합을 차단한다."
                    ),
                    NOTE("드럼 교체 후에는 반드시 퍼지 50 g과 초품 확인을 다시 실시한다."),
                    ST(
                        "실런트 드럼 교체 시 팔로워 플레이트를 올리고 신품 드럼을 장착한 후 에어 벤트 "
                        "밸브로 공기를 빼고, 퍼지 50 g 후 4)항의 초품 확인을 실시한다."
                    ),
                    TB(
                        "표 1 - 도포 조건",
                        ["항목", "기준", "비고"],
                        [
                            ["비드 폭", "3.0 ± 0.5 mm", "VIS-30 전수 검사"],
                            ["비드 높이", "1.2~1.8 mm", "초·중·종물 측정"],
                            ["끊김(갭)", "허용 안 함", "시작/종료 겹침 5~10 mm"],
                            ["토출 압력", "4.5 ± 0.3 bar", "DSP-30 화면"],
                            ["도포 속도", "40 mm/s", "프로그램 S30-01"],
                            ["노즐", "NZ-30-20 (Ø2.0 mm)", "2교대마다 교체"],
                            ["실런트 온도", "20~30 °C", "-"],
                            ["오픈 타임 (도포 후 접합까지)", "10분 이내", "MES 인터록"],
                        ],
                    ),
                ],
            ),
            (
                "품질 확인 및 이상 시 조치",
                [
                    BL(
                        "VIS-30 불합격(비드 끊김, 폭 미달 또는 초과): 자동 배출된다. 스크레이퍼로 "
                        "비드를 완전히 제거하고 IPA로 세척한 뒤 재도포한다 (재도포는 1회만 허용).",
                        "같은 위치에서 2회 연속 끊김이 발생하면 노즐 막힘을 점검하고 노즐을 교체한 뒤 "
                        "설비보전을 호출한다 (고장코드 SEAL-GAP).",
                        "토출 압력이 4.2 bar 미만이거나 4.8 bar를 초과하면 생산을 중지하고 설비보전을 "
                        "호출한다.",
                        "오픈 타임(10분)을 초과한 하우징은 실런트를 제거한 후 재도포한다.",
                        "OP40 누설시험에서 접합부 누설이 확인되면 OP40 반장이 즉시 OP30에 통보한다.",
                    ),
                ],
            ),
            (
                "기록",
                [
                    BL(
                        "초·중·종물 점검표 QF-30-01",
                        "노즐 교체 및 드럼 교체 이력: OP30 설비 점검표",
                        "VIS-30 검사 결과: MES 자동 저장 (하우징 시리얼 기준)",
                    ),
                ],
            ),
            (
                "개정 이력",
                [
                    TB(
                        "표 2 - 개정 이력",
                        ["개정", "일자", "내용", "작성"],
                        [
                            ["A", "2023-08-14", "최초 제정", "박성진"],
                            [
                                "B",
                                "2025-04-01",
                                "비드 폭 공차 ±0.7 mm → ±0.5 mm 변경, 노즐 2교대 교체 "
                                "주기 신설, 볼트 구멍 보스부 육안 확인 추가",
                                "박성진",
                            ],
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ OP40 (MD)
    {
        "file": "WI-OP40-001_Leak_Test_Housing_Coolant_Jacket.md",
        "lang": "en",
        "step_style": "dotted",
        "header": hdr(
            "WI-OP40-001",
            "Air-decay leak test of housing and coolant jacket",
            "C",
            "2024-11-04",
            "OP40",
            equipment="LKT-40 air-decay leak tester (2 channels)",
            product="EDU-200 e-axle, all variants",
            supersedes="Rev B (2023-09-18)",
            prepared="J. Kim, Process Engineering",
            approved="H. Lee, Production Manager Line 2",
        ),
        "sections": [
            (
                "Purpose",
                [
                    P(
                        "This instruction defines the leak test of the joined EDU-200 housing on "
                        "LKT-40. Channel 1 tests the coolant jacket of the motor housing, channel 2 "
                        "tests the gearbox/motor cavity (housing joint with FIPG seal, plugs, shaft "
                        "seal area). Only housings that pass both channels go on to oil fill at OP50."
                    ),
                ],
            ),
            (
                "Safety and PPE",
                [
                    BL(
                        "Safety shoes (S3) and safety glasses are mandatory at OP40.",
                        "The test circuits are pressurised up to 2.0 bar. Parts and adapters store "
                        "compressed air until the tester has vented.",
                        "Venting is loud for a short time; hearing protection is available at the "
                        "station.",
                        "Maintenance on LKT-40 only with the air supply isolated and locked.",
                    ),
                ],
            ),
            (
                "Tools and materials",
                [
                    BL(
                        "LKT-40 two-channel air-decay leak tester, programs L40-CJ (coolant jacket) "
                        "and L40-HC (housing cavity)",
                        "Coolant adapters TA-40-01 (inlet) and TA-40-02 (outlet) with O-rings "
                        "EDU-T40-OR-22 (22 x 2.5 mm, FKM); cavity adapter TA-40-03 (breather port)",
                        "Leak masters CLM-40-30 (calibrated orifice 3.0 cc/min at 2.0 bar) and "
                        "CLM-40-60 (6.0 cc/min at 0.5 bar); OK master housing MH-40-01",
                        "IR thermometer IR-40; bubble test tank in the rework area",
                    ),
                ],
            ),
            (
                "Procedure",
                [
                    ST(
                        "At the start of each shift run the master check. The OK master housing "
                        "MH-40-01 must pass both channels (coolant jacket below 1.0 cc/min). With leak "
                        "master CLM-40-30 on channel 1 the tester must reject with a reading of "
                        "2.7-3.3 cc/min; with CLM-40-60 on channel 2 the tester must reject. Record "
                        "the results on QF-40-01."
                    ),
                    ST(
                        "Check the adapter O-rings EDU-T40-OR-22 for cuts, flattening and sealant "
                        "residue. Replace damaged O-rings at once and all adapter O-rings every "
                        "20,000 cycles (counter on the HMI)."
                    ),
                    ST(
                        "Check the housing temperature with IR-40: 15-35 °C and within 5 °C of the "
                        "station temperature on the HMI. Warmer housings wait on the buffer."
                    ),
                    ST(
                        "Load the housing into the fixture and close the clamps. Push the coolant "
                        "adapters TA-40-01/02 on until they click. The cavity adapter TA-40-03 "
                        "connects automatically."
                    ),
                    WARNING(
                        "Never disconnect an adapter or open the clamps while the circuit is "
                        "pressurised (green PRESSURE lamp on). A released adapter can hit your "
                        "face or hands."
                    ),
                    ST(
                        "Start the test. LKT-40 tests channel 1 (coolant jacket) and then channel 2 "
                        "(housing cavity) with the parameters in Table 1. Cycle time about 55 s."
                    ),
                    ST(
                        "Read the result: both channels OK (green) - remove the adapters, the housing "
                        "goes to OP50. Any channel NOK (red) - follow section 5."
                    ),
                    TB(
                        "Table 1 - LKT-40 test parameters",
                        [
                            "Parameter",
                            "Channel 1 coolant jacket (L40-CJ)",
                            "Channel 2 housing cavity (L40-HC)",
                        ],
                        [
                            ["Test pressure (gauge)", "2.0 bar", "0.5 bar"],
                            ["Fill time", "8 s", "10 s"],
                            ["Stabilisation time", "10 s", "12 s"],
                            ["Test time", "6 s", "8 s"],
                            ["Reject limit", "3.0 cc/min", "6.0 cc/min"],
                            ["Pressure window during fill", "1.9-2.1 bar", "0.45-0.55 bar"],
                            ["Leak master", "CLM-40-30 (3.0 cc/min)", "CLM-40-60 (6.0 cc/min)"],
                        ],
                    ),
                ],
            ),
            (
                "Quality checks and reaction plan",
                [
                    ST(
                        "First NOK on a housing: check the adapter O-rings and the adapter seat faces "
                        "for sealant residue, clean them and test the housing once more."
                    ),
                    ST(
                        "Second NOK on the same housing: the housing is NOK. Red tag, red bin, rework "
                        "area: bubble test at the same pressure to find the leak (coolant jacket "
                        "casting porosity, FIPG joint, plug)."
                    ),
                    CAUTION(
                        "Repeated NOK on good housings (false rejects) usually means a worn "
                        "adapter O-ring or a leaking quick coupler, not a bad part. Never test "
                        "the same housing more than twice."
                    ),
                    ST(
                        "3 NOK housings in a row, or a failed master check: stop OP40, call "
                        "maintenance and open a CMMS work order (failure code LEAK-CLT for the "
                        "coolant-jacket channel, SENS for the pressure transducer)."
                    ),
                    ST(
                        "Housings that leak at the FIPG joint in the bubble test are reported to the "
                        "OP30 team leader immediately."
                    ),
                ],
            ),
            (
                "Records",
                [
                    BL(
                        "Leak rates of both channels are stored in MES against the housing serial.",
                        "Master checks on QF-40-01; O-ring changes in the OP40 equipment check sheet.",
                    ),
                ],
            ),
            (
                "Revision history",
                [
                    TB(
                        "Table 2 - Revision history",
                        ["Rev", "Date", "Change", "Author"],
                        [
                            ["A", "2022-11-07", "First issue", "J. Kim"],
                            ["B", "2023-09-18", "Channel 2 (housing cavity) added", "J. Kim"],
                            [
                                "C",
                                "2024-11-04",
                                "O-ring change interval 20,000 cycles; false-reject "
                                "caution; part temperature check",
                                "J. Kim",
                            ],
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ OP50 (HTML)
    {
        "file": "WI-OP50-001_Oil_Fill_and_EOL_Test.html",
        "lang": "en",
        "step_style": "dotted",
        "header": hdr(
            "WI-OP50-001",
            "Oil fill and end-of-line test",
            "B",
            "2025-01-20",
            "OP50",
            equipment="OFL-50 oil filler, EOL-50 EOL test bench",
            product="EDU-200 e-axle, all variants",
            supersedes="Rev A (2022-11-07)",
            prepared="J. Kim, Process Engineering",
            approved="H. Lee, Production Manager Line 2",
        ),
        "sections": [
            (
                "Purpose",
                [
                    P(
                        "This instruction defines the vacuum oil fill of the EDU-200 gearbox with "
                        "e-axle fluid EF-3 on OFL-50, the tightening of the fill plug, and the automatic "
                        "end-of-line test on EOL-50 (insulation test, run-in, NVH, drag torque)."
                    ),
                ],
            ),
            (
                "Safety and PPE",
                [
                    BL(
                        "Safety shoes (S3), safety glasses and nitrile gloves when handling oil.",
                        "Oil on the floor is a slip hazard: use the spill kit at OP50 at once.",
                        "EOL-50 applies high voltage to the motor (up to 450 V DC from the test "
                        "inverter and 1,000 V DC during the insulation test). Only the interlocked "
                        "test cell may energise the unit. Only HV-qualified staff may open the HV "
                        "cabinet.",
                        "Rotating shafts up to 12,000 rpm inside the EOL cell: never defeat the door "
                        "interlock.",
                    ),
                ],
            ),
            (
                "Tools and materials",
                [
                    BL(
                        "OFL-50 vacuum oil filler, fill program F50-EF3, fill nozzle seal FN-50-01",
                        "E-axle fluid EF-3 (EDU-200-OIL-EF3) from the bulk supply",
                        "Fill plug EDU-200-PLG-18 (M18x1.5) with a new sealing washer EDU-200-WSH-18 "
                        "(aluminium)",
                        "Torque wrench TW-12 (click type, 20-100 Nm) set to 35 Nm",
                        "EOL-50 bench with dynamometer, HV adapter HVA-50, microphone and "
                        "accelerometer; golden unit GU-50-01",
                    ),
                ],
            ),
            (
                "Procedure",
                [
                    ST(
                        "At shift start check OFL-50: oil level in the day tank above MIN, oil "
                        "temperature 20-40 °C, the volume check with the calibration beaker done "
                        "within the last 7 days (label on the machine)."
                    ),
                    ST(
                        "Position the unit under the fill head; the fill nozzle seals on the fill "
                        "port M18x1.5."
                    ),
                    ST(
                        "Start program F50-EF3: evacuate to 5 mbar abs or less, hold 10 s (pressure rise "
                        "max. 2 mbar = vacuum leak check), then fill 1.20 L ± 0.03 L of EF-3."
                    ),
                    ST(
                        "Check the OFL-50 result: fill volume and vacuum check OK (green). NOK: see "
                        "section 5."
                    ),
                    CAUTION(
                        "Always use a new sealing washer EDU-200-WSH-18. A re-used aluminium "
                        "washer does not seal and the gearbox loses oil in the field."
                    ),
                    ST(
                        "Fit the fill plug with a new washer and tighten it to 35 Nm ± 3 Nm with TW-12. "
                        "Apply the yellow torque mark."
                    ),
                    ST(
                        "Wipe any oil off the housing. Oil left on the housing leads to false "
                        "oil-leak complaints at the customer."
                    ),
                    DANGER(
                        "High voltage. Never connect or disconnect the HV adapter HVA-50 while the "
                        "EOL cell shows HV ACTIVE (red lamp). Wait for the green HV FREE lamp."
                    ),
                    ST(
                        "Move the unit into EOL-50, connect the HV adapter HVA-50 and the output shaft "
                        "couplings, close the cell door and start test program E50-EDU200."
                    ),
                    ST(
                        "EOL-50 runs automatically (about 95 s): insulation resistance at least "
                        "100 MΩ at 1,000 V DC, run-in at 1,000 rpm for 20 s, speed sweep up to "
                        "12,000 rpm motor speed in both directions, NVH order analysis against the "
                        "limit curves, drag torque at 100 rpm max. 1.2 Nm. The oil temperature at test "
                        "start must be 25-45 °C."
                    ),
                    ST(
                        "OK units receive the EOL OK label and go to OP60. NOK units: see section 5."
                    ),
                    TB(
                        "Table 1 - OP50 parameters",
                        ["Parameter", "Value"],
                        [
                            ["Oil type", "EF-3 e-axle fluid (EDU-200-OIL-EF3)"],
                            ["Fill volume", "1.20 L ± 0.03 L"],
                            ["Vacuum before fill", "max. 5 mbar abs, hold 10 s, rise max. 2 mbar"],
                            ["Fill plug torque", "35 Nm ± 3 Nm (M18x1.5, new washer)"],
                            ["Insulation resistance", "min. 100 MΩ at 1,000 V DC"],
                            ["Drag torque at 100 rpm", "max. 1.2 Nm"],
                            ["Max. test speed", "12,000 rpm (motor)"],
                            ["Oil temperature at EOL start", "25-45 °C"],
                            ["EOL cycle time", "about 95 s"],
                        ],
                    ),
                ],
            ),
            (
                "Quality checks and reaction plan",
                [
                    BL(
                        "Fill volume NOK: never top up by hand. Drain the unit completely at the drain "
                        "station and refill on OFL-50.",
                        "Vacuum leak check NOK: check the fill nozzle seal FN-50-01 and repeat once; a "
                        "second NOK sends the unit back to OP40 for a leak test.",
                        "EOL NOK (NVH, drag torque): re-test once; a second NOK means red tag and EOL "
                        "analysis area.",
                        "Insulation NOK: do not re-test. The unit is quarantined for HV fault analysis "
                        "by an HV-qualified technician.",
                        "Golden unit GU-50-01 runs at the start of every shift; if it fails, stop EOL "
                        "and call maintenance (failure code SENS or ELEC).",
                    ),
                ],
            ),
            (
                "Records",
                [
                    BL(
                        "Fill volume, vacuum check and all EOL results are stored in MES.",
                        "Weekly fill volume check with the calibration beaker: OFL-50 check sheet.",
                    ),
                ],
            ),
            (
                "Revision history",
                [
                    TB(
                        "Table 2 - Revision history",
                        ["Rev", "Date", "Change", "Author"],
                        [
                            ["A", "2022-11-07", "First issue", "J. Kim"],
                            [
                                "B",
                                "2025-01-20",
                                "Fill volume changed from 1.15 L to 1.20 L (EF-3 fluid "
                                "change); insulation test at 1,000 V DC added",
                                "J. Kim",
                            ],
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ OP60 (TXT)
    {
        "file": "WI-OP60-001_Laser_Marking_and_Packing.txt",
        "lang": "en",
        "step_style": "step",
        "header": hdr(
            "WI-OP60-001",
            "Laser marking and packing",
            "A",
            "2024-06-03",
            "OP60",
            equipment="LSR-60 laser marker, ROB-60 palletizing robot",
            product="EDU-200 e-axle, all variants",
            prepared="M. Choi, Production Line 2",
            approved="H. Lee, Production Manager Line 2",
        ),
        "sections": [
            (
                "Purpose",
                [
                    P(
                        "This instruction defines the laser marking of the traceability code on the "
                        "EDU-200 housing with LSR-60, the verification of the code, and the packing of "
                        "finished units onto returnable pallets with ROB-60."
                    ),
                ],
            ),
            (
                "Safety and PPE",
                [
                    BL(
                        "Safety shoes (S3) and safety glasses are mandatory at OP60.",
                        "LSR-60 is a Class 4 fibre laser inside a Class 1 enclosure. Never open or "
                        "defeat the enclosure interlock. The fume extraction must be running.",
                        "ROB-60 cell: enter only through the cell door, after the robot has stopped, "
                        "with the safety key taken out and kept on you.",
                        "Maintenance on LSR-60 or ROB-60 only under lockout.",
                    ),
                ],
            ),
            (
                "Tools and materials",
                [
                    BL(
                        "LSR-60 30 W fibre laser, marking program M60-EDU200; marking fixture FX-60-01",
                        "DMC reader RD-60 with code grading",
                        "ROB-60 palletizing robot with gripper GR-60",
                        "Returnable pallet PAL-EDU-08 (8 units), dunnage EDU-PK-DN-01, VCI bag "
                        "EDU-PK-VCI-01, lid, 2 straps, pallet label from MES",
                    ),
                ],
            ),
            (
                "Procedure",
                [
                    ST(
                        "Check LSR-60 at shift start: fume extraction running (green lamp), program "
                        "M60-EDU200 selected, test mark on the test plate reads grade A or B."
                    ),
                    ST(
                        "Check that the unit has the EOL OK label from OP50 and the MES status EOL OK. "
                        "Units without EOL OK must not be marked."
                    ),
                    ST(
                        "Load the unit into fixture FX-60-01 with the marking pad facing the laser "
                        "window and close the enclosure door."
                    ),
                    WARNING(
                        "Do not look into the laser window and never open the enclosure during "
                        "marking. The interlock must switch the laser off when the door opens; "
                        "report a damaged interlock immediately."
                    ),
                    ST(
                        "Start marking. LSR-60 marks an ECC200 DataMatrix (22 x 22 modules, "
                        "10 x 10 mm) and the plain-text serial EDU200-YYDDD-NNNNN. Parameters: power "
                        "80% (24 W), speed 600 mm/s, pulse frequency 40 kHz, 2 passes."
                    ),
                    ST(
                        "Reader RD-60 grades the code (ISO/IEC TR 29158). Grade A or B: OK. Grade C: "
                        "OK only after Quality release; clean the laser lens at the next break. Grade "
                        "D or F: NOK."
                    ),
                    ST("Place the marked unit on the outfeed conveyor; ROB-60 picks it up."),
                    WARNING(
                        "Never enter the ROB-60 cell while the robot is in automatic mode. Open "
                        "the cell door only after the robot has stopped, take the safety key out "
                        "and keep it with you while you are inside."
                    ),
                    ST(
                        "Prepare pallet PAL-EDU-08: bottom dunnage layer in place, VCI bag open. Put "
                        "the empty pallet on the ROB-60 pallet station and confirm on the HMI."
                    ),
                    ST(
                        "ROB-60 places 8 units per pallet, 2 layers of 4, with dunnage between the "
                        "layers. Unit mass about 78 kg; full pallet about 680 kg."
                    ),
                    ST(
                        "Close the VCI bag, fit the lid, strap the pallet with 2 straps and attach the "
                        "pallet label printed from MES. Scan the label to close the pallet."
                    ),
                    TB(
                        "Table 1 - LSR-60 marking parameters (M60-EDU200)",
                        ["Parameter", "Value"],
                        [
                            ["Laser source", "30 W fibre laser, 1064 nm"],
                            ["Power", "80% (24 W)"],
                            ["Marking speed", "600 mm/s"],
                            ["Pulse frequency", "40 kHz"],
                            ["Passes", "2"],
                            ["Code", "ECC200 DataMatrix 22 x 22 modules, 10 x 10 mm"],
                            ["Serial format", "EDU200-YYDDD-NNNNN"],
                            ["Minimum code grade", "B (C only with Quality release)"],
                        ],
                    ),
                ],
            ),
            (
                "Quality checks and reaction plan",
                [
                    BL(
                        "Code grade D or F: unit NOK, red tag. Marking over an existing code is not "
                        "allowed; Quality decides on housing rework.",
                        "Two units in a row with grade C: clean the lens and check the focus distance "
                        "with the test plate. Still grade C: call maintenance.",
                        "Unit dropped or hit by the robot: stop, red tag, unit back to OP40 for a leak "
                        "re-test and a visual inspection by Quality.",
                        "Pallet label scan fails: do not ship; reprint the label from MES.",
                    ),
                ],
            ),
            (
                "Records",
                [
                    BL(
                        "Serial number, code grade and pallet number are stored in MES.",
                        "Lens cleaning in the LSR-60 check sheet.",
                    ),
                ],
            ),
            (
                "Revision history",
                [
                    TB(
                        "Table 2 - Revision history",
                        ["Rev", "Date", "Change", "Author"],
                        [
                            [
                                "A",
                                "2024-06-03",
                                "First issue (OP60 split from the OP50 instruction)",
                                "M. Choi",
                            ]
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ MNT-001 LOTO (PDF)
    {
        "file": "WI-MNT-001_LOTO_Press_Maintenance_RevB.pdf",
        "lang": "en",
        "step_style": "step",
        "header": hdr(
            "WI-MNT-001",
            "Lockout/tagout (LOTO) for press maintenance - PRS-01 and PRS-02",
            "B",
            "2024-05-13",
            "OP10 / OP20 (maintenance)",
            equipment="PRS-01 hydraulic press, PRS-02 servo press",
            supersedes="Rev A (2022-10-17)",
            prepared="D. Lee, Maintenance Engineering",
            approved="Y. Jung, EHS Manager",
        ),
        "sections": [
            (
                "Purpose",
                [
                    P(
                        "This instruction defines how all hazardous energy of the presses PRS-01 and "
                        "PRS-02 is isolated, locked, tagged, released and verified before anybody does "
                        "maintenance, repair, tool changes, cleaning or troubleshooting inside the "
                        "press guarding. It applies to maintenance technicians, set-up technicians and "
                        "contractors."
                    ),
                ],
            ),
            (
                "Safety and PPE",
                [
                    BL(
                        "Every person working inside the guarding applies a personal red lock and "
                        "tag. No lock, no work.",
                        "Safety shoes, safety glasses and gloves. For hydraulic work on PRS-01 also a "
                        "face shield and oil-resistant gloves.",
                        "Electrical verification only by a qualified electrician with a CAT III "
                        "1000 V voltage tester.",
                        "Locks, tags and group hasps are taken from the LOTO station at OP10.",
                        "Heat-resistant gloves for work on the PRS-02 spindle (housing can exceed "
                        "60 °C).",
                    ),
                ],
            ),
            (
                "Energy sources and isolation points",
                [
                    TB(
                        "Table 1 - Energy sources, isolation and verification",
                        ["Energy", "PRS-01", "PRS-02", "Isolation / release", "Verification"],
                        [
                            [
                                "Electrical 400 V AC",
                                "Main switch Q0-PRS01",
                                "Main switch Q0-PRS02",
                                "Switch off and lock the main switch",
                                "Try-start; 0 V at incoming terminals",
                            ],
                            [
                                "Control 24 V DC",
                                "Supplied via Q0",
                                "Supplied via Q0",
                                "Isolated with the main switch",
                                "HMI dark, no lamps lit",
                            ],
                            [
                                "Stored electrical",
                                "-",
                                "Servo DC bus up to 560 V DC",
                                "Wait at least 10 min after switch-off",
                                "Below 50 V DC at DC+ / DC-",
                            ],
                            [
                                "Hydraulic",
                                "Pump and accumulator, 140 bar",
                                "-",
                                "Lock pump; open dump valve V-HY-03",
                                "Gauge PG-01 reads 0 bar",
                            ],
                            [
                                "Pneumatic 6 bar",
                                "Clamps FX-10-02",
                                "Clamps FX-20-01, tool changer",
                                "Close and lock LV-AIR-10 / LV-AIR-20, exhaust",
                                "Gauge 0 bar, clamps loose",
                            ],
                            [
                                "Gravity",
                                "Ram and tooling approx. 85 kg",
                                "Ram and tooling approx. 60 kg",
                                "Ram block RB-01 / RB-02",
                                "Ram block in place, pin locked",
                            ],
                            [
                                "Coolant",
                                "-",
                                "CHL-01 spindle loop, 3 bar",
                                "Close and lock CV-02a / CV-02b",
                                "Manifold gauge 0 bar",
                            ],
                            [
                                "Thermal",
                                "Hydraulic oil up to 50 °C",
                                "Spindle housing up to 70 °C",
                                "Let it cool down",
                                "IR thermometer",
                            ],
                        ],
                    ),
                ],
            ),
            (
                "Procedure",
                [
                    ST(
                        "Prepare: identify all energy sources from Table 1, tell the OP10/OP20 "
                        "operators and the team leader that the press will be shut down, and enter "
                        "the LOTO on the LOTO board (name, time, CMMS work order number)."
                    ),
                    ST(
                        "Stop the press with the normal stop sequence: finish the cycle, ram to top "
                        "position (to bottom position for hydraulic work on PRS-01), mode selector to "
                        "MANUAL."
                    ),
                    DANGER(
                        "Never work under the ram with only the control stopped. A hydraulic or "
                        "servo ram can drop under its own weight. Insert the mechanical ram block "
                        "before you reach into the tooling area."
                    ),
                    ST(
                        "For work in the tooling area insert ram block RB-01 (PRS-01) or RB-02 "
                        "(PRS-02) and secure it with the locking pin."
                    ),
                    ST(
                        "Switch off the main switch (Q0-PRS01 / Q0-PRS02) and apply your personal lock "
                        "and tag. With more than one person use the group hasp: every person adds a "
                        "personal lock."
                    ),
                    DANGER(
                        "The PRS-01 accumulator holds up to 140 bar after the pump has stopped. "
                        "Opening a hydraulic line under pressure can cause oil injection "
                        "injuries."
                    ),
                    ST(
                        "PRS-01: open the accumulator dump valve V-HY-03 slowly and wait until gauge "
                        "PG-01 reads 0 bar. Lock the dump valve in the open position."
                    ),
                    ST(
                        "Close and lock the compressed-air ball valve (LV-AIR-10 for PRS-01, LV-AIR-20 "
                        "for PRS-02), exhaust the air and check that the gauge reads 0 bar."
                    ),
                    ST(
                        "PRS-02 spindle work: close and lock the coolant valves CV-02a and CV-02b and "
                        "release the loop pressure at the drain cock into a drip tray."
                    ),
                    DANGER(
                        "The PRS-02 servo drive DC bus can hold up to 560 V DC for up to 10 minutes "
                        "after switch-off. Do not open the drive cabinet before the voltage has "
                        "been measured."
                    ),
                    ST(
                        "PRS-02: wait at least 10 minutes after switch-off, then measure the DC bus "
                        "voltage at DC+ / DC- (test the tester on a known source before and after). "
                        "It must be below 50 V DC."
                    ),
                    ST(
                        "Verify zero energy: press the start button and try both manual jog "
                        "directions - nothing may move. The HMI must be dark and all gauges must read "
                        "0 bar. Return the selectors to OFF."
                    ),
                    ST(
                        "Do the work. Your lock stays on when you leave the area (break, end of "
                        "shift). At shift change the incoming person applies a lock before the "
                        "outgoing person removes theirs, with both present."
                    ),
                    ST(
                        "Restore: remove tools and material, refit the guards, remove the ram block and "
                        "count everybody out. Every person removes only their own lock. Tell the "
                        "operators before switching on."
                    ),
                    ST(
                        "Re-energise in reverse order: coolant, air, main switch, hydraulic pump. Run "
                        "3 dry cycles in manual mode, then the station master check (WI-OP10-001 or "
                        "WI-OP20-001) before releasing the press for production."
                    ),
                ],
            ),
            (
                "Special cases and checks",
                [
                    BL(
                        "A lock of an absent person may be removed only by the maintenance manager, "
                        "after the person has been contacted and the area checked (form LOTO-03).",
                        "Troubleshooting with energy on (for example measuring) is allowed only for "
                        "qualified electricians with a written permit and a second person present.",
                        "Contractors follow the same procedure with locks issued by EHS.",
                        "EHS audits LOTO at OP10/OP20 once a month.",
                    ),
                ],
            ),
            (
                "Revision history",
                [
                    TB(
                        "Table 2 - Revision history",
                        ["Rev", "Date", "Change", "Author"],
                        [
                            ["A", "2022-10-17", "First issue", "D. Lee"],
                            [
                                "B",
                                "2024-05-13",
                                "PRS-02 DC bus waiting time increased from 5 to 10 min; "
                                "coolant energy added for spindle work",
                                "D. Lee",
                            ],
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ MNT-002 (MD)
    {
        "file": "WI-MNT-002_Spindle_Bearing_Temperature_Check_Regreasing.md",
        "lang": "en",
        "step_style": "dotted",
        "header": hdr(
            "WI-MNT-002",
            "Spindle bearing temperature check and regreasing - PRS-02 and NR-30",
            "B",
            "2025-03-10",
            "OP20 / OP30 (maintenance)",
            equipment="PRS-02 servo press spindle, NR-30 nutrunner spindles 1-6",
            supersedes="Rev A (2024-07-01)",
            prepared="D. Lee, Maintenance Engineering",
            approved="H. Lee, Production Manager Line 2",
        ),
        "sections": [
            (
                "Purpose",
                [
                    P(
                        "This instruction defines the periodic temperature and vibration check and the "
                        "regreasing of the PRS-02 spindle bearings and of the NR-30 spindle gear heads, "
                        "and the checks after a spindle temperature alarm. It is the instruction for "
                        "the CMMS preventive maintenance orders PM PRS-02 SPDL REGREASE + TEMP CHK and "
                        "PM NR-30 TRANSDUCER CAL / SPDL REGREASE."
                    ),
                ],
            ),
            (
                "Safety and PPE",
                [
                    BL(
                        "Lockout per WI-MNT-001 before any work inside the PRS-02 guarding or on the "
                        "NR-30 spindles.",
                        "Heat-resistant gloves: the spindle housing can be hotter than 60 °C.",
                        "Nitrile gloves when handling grease; safety glasses.",
                    ),
                ],
            ),
            (
                "Tools and materials",
                [
                    BL(
                        "Grease Isoflex NBU 15 (stock no. MRO-GRS-015). Never mix with other greases.",
                        "Grease gun GG-05 (0.5 g per stroke), dedicated to NBU 15 and labelled",
                        "IR thermometer IR-05, vibration pen VP-01",
                        "Lint-free rags, PM tag",
                    ),
                ],
            ),
            (
                "Procedure",
                [
                    TB(
                        "Table 1 - Intervals and limits",
                        ["Item", "PRS-02 spindle", "NR-30 spindles 1-6"],
                        [
                            ["Temperature and vibration check", "weekly", "weekly"],
                            [
                                "Regreasing interval",
                                "every 4 weeks",
                                "every 250,000 cycles or 3 months",
                            ],
                            [
                                "Grease quantity",
                                "2 g per nipple, 2 nipples (front, rear) = 4 strokes "
                                "GG-05 per nipple",
                                "1 g per gear head = 2 strokes GG-05",
                            ],
                            ["Normal running temperature", "up to 55 °C", "up to 55 °C"],
                            ["Warning", "60 °C (W-216)", "65 °C (gear head, IR)"],
                            ["Alarm / stop", "70 °C (A-217)", "75 °C"],
                            ["Vibration (RMS)", "up to 2.8 mm/s normal; above 4.5 mm/s stop", "-"],
                            [
                                "Coolant flow (CHL-01)",
                                "min. 8 L/min (FI-02)",
                                "min. 12 L/min (FI-03)",
                            ],
                        ],
                    ),
                    ST(
                        "Read the spindle bearing temperature on the PRS-02 HMI (page DIAG > SPINDLE) "
                        "while the press is in production and write it on the PM order. Measure the "
                        "spindle housing at the marked point with IR-05. HMI and IR values must agree "
                        "within 5 °C; otherwise open a work order for the temperature sensor (failure "
                        "code SENS)."
                    ),
                    ST(
                        "Measure the vibration with VP-01 at the marked point on the spindle housing "
                        "(radial, horizontal) and record the RMS value."
                    ),
                    ST(
                        "Check the coolant flow on FI-02 (PRS-02 loop, min. 8 L/min) and FI-03 (NR-30 "
                        "loop, min. 12 L/min)."
                    ),
                    ST(
                        "Stop PRS-02 and apply lockout per WI-MNT-001. The coolant valves may stay "
                        "open for regreasing."
                    ),
                    CAUTION(
                        "Use only Isoflex NBU 15 with grease gun GG-05 and never more than the "
                        "specified quantity. Over-greasing makes the bearings churn the grease "
                        "and overheat."
                    ),
                    ST(
                        "Clean the front and rear grease nipples and open the purge screws on the "
                        "opposite side. Apply 4 strokes (2 g) per nipple, slowly, about 5 s per "
                        "stroke."
                    ),
                    ST(
                        "Check the purged old grease: dark or hard grease, metal particles or water "
                        "must be noted on the PM order and reported to the maintenance planner "
                        "(bearing inspection)."
                    ),
                    ST(
                        "Remove the lockout. Run-in: 10 dry cycles at 50% speed, then 20 cycles at "
                        "100%. Close the purge screws after 10 minutes of running. The temperature may "
                        "rise to 65 °C during run-in and must fall below 55 °C within 30 minutes; "
                        "otherwise do not release the press and open a CM work order (failure code "
                        "BRG-OVHT)."
                    ),
                    ST(
                        "NR-30: with lockout on NR-30, clean the nipple on each spindle gear head "
                        "(spindles 1-6) and apply 2 strokes (1 g) per gear head. Run 5 cycles on the "
                        "test joint, check the gear-head temperatures with IR-05 (max. 55 °C) and do a "
                        "torque audit with TW-08 on spindle 3."
                    ),
                    ST(
                        "Fill in the PM tag (date, grease quantity, temperatures, vibration, initials) "
                        "and close the CMMS PM order with the measured values."
                    ),
                ],
            ),
            (
                "Reaction plan after a temperature warning or alarm",
                [
                    BL(
                        "Temperature 60 °C or more in production: check the coolant flow (FI-02) "
                        "first. Flow below 8 L/min: clean the Y-strainer and vent the loop per "
                        "WI-MNT-003.",
                        "Flow OK and regreasing interval exceeded: regrease per step 4.6.",
                        "Flow OK and grease applied less than one week ago: do not add grease. Check "
                        "for over-greasing (open purge screws, run 10 cycles) and measure vibration.",
                        "Vibration 2.8-4.5 mm/s: plan a bearing replacement within 4 weeks (CMMS "
                        "planned order). Above 4.5 mm/s: stop and replace the spindle bearing pair "
                        "(7014 ACD/P4A DB set, stock no. MRO-BRG-7014).",
                        "3 or more BRG-OVHT work orders within 4 weeks on the same spindle: report to "
                        "the maintenance manager for a root-cause analysis.",
                    ),
                ],
            ),
            (
                "Records",
                [
                    BL(
                        "PM tag on the machine; measured values in the CMMS PM order.",
                        "Vibration trend in the condition-monitoring sheet CM-L2-02.",
                    ),
                ],
            ),
            (
                "Revision history",
                [
                    TB(
                        "Table 2 - Revision history",
                        ["Rev", "Date", "Change", "Author"],
                        [
                            ["A", "2024-07-01", "First issue (PRS-02 only)", "D. Lee"],
                            [
                                "B",
                                "2025-03-10",
                                "NR-30 gear heads added; run-in criteria; over-greasing "
                                "caution; reaction plan aligned with WI-OP20-001 Rev C",
                                "D. Lee",
                            ],
                        ],
                    ),
                ],
            ),
        ],
    },
    # ------------------------------------------------------------------ MNT-003 Korean (MD)
    {
        "file": "WI-MNT-003_칠러_CHL-01_일상점검.md",
        "lang": "ko",
        "step_style": "paren",
        "header": hdr_ko(
            "WI-MNT-003",
            "냉각수 칠러(CHL-01) 일상점검 및 유량 저하 조치",
            "A",
            "2024-08-05",
            "LINE (공용 설비)",
            "CHL-01 냉각수 칠러",
            "이동욱 (설비보전팀)",
            "이현우 (제조2팀장)",
        ),
        "sections": [
            (
                "목적",
                [
                    P(
                        "라인 공용 냉각수 칠러 CHL-01의 일상점검 항목과 기준, 그리고 냉각수 유량이 "
                        "떨어졌을 때의 조치 방법을 정한다. CHL-01은 OP20 서보 프레스 PRS-02의 스핀들과 "
                        "OP30 너트러너 NR-30의 스핀들을 냉각한다. 유량이 부족하면 PRS-02 스핀들 베어링 "
                        "과열(알람 A-217)의 직접적인 원인이 된다."
                    ),
                ],
            ),
            (
                "안전 및 보호구",
                [
                    BL(
                        "안전화, 보안경, 내화학 장갑(부동액 취급 시)을 착용한다.",
                        "전기 판넬은 전기 자격자만 연다.",
                        "배관을 분해할 때는 WI-MNT-001에 따라 해당 밸브를 잠그고 잠금장치를 건다.",
                    ),
                ],
            ),
            (
                "공구 및 자재",
                [
                    BL(
                        "굴절계 RF-01, 적외선 온도계 IR-05",
                        "스트레이너 청소용 솔, 드레인 트레이",
                        "교체용 필터 카트리지 FLT-CHL-10 (10 μm)",
                        "보충액: 에틸렌글리콜계 부동액과 순수를 32 %로 희석한 것",
                    ),
                ],
            ),
            (
                "일상점검 순서",
                [
                    ST(
                        "매 교대 시작 시 CHL-01 표시창에서 공급 온도를 확인한다. 기준은 "
                        "20 ± 2 °C이다."
                    ),
                    ST("총 유량계 FI-01에서 총 유량이 25 L/min 이상인지 확인한다."),
                    ST(
                        "PRS-02 분기 유량계 FI-02는 8 L/min 이상, NR-30 분기 유량계 FI-03은 "
                        "12 L/min 이상이어야 한다."
                    ),
                    ST(
                        "탱크 수위 게이지가 MIN과 MAX 사이에 있는지 확인한다. MIN 이하이면 보충액을 "
                        "MAX 선까지 보충한다."
                    ),
                    ST(
                        "필터 차압계를 확인한다. 차압이 0.8 bar를 넘으면 필터 카트리지 FLT-CHL-10을 "
                        "교체한다."
                    ),
                    ST("주 1회 굴절계 RF-01로 부동액 농도를 측정한다. 기준은 30~35 %이다."),
                    ST(
                        "공급 압력 게이지가 2.5~3.5 bar 범위인지 확인하고 결과를 일상점검표 "
                        "CS-CHL-01에 기록한다."
                    ),
                    TB(
                        "표 1 - CHL-01 점검 기준",
                        ["항목", "기준", "주기"],
                        [
                            ["공급 온도", "20 ± 2 °C", "매 교대"],
                            ["총 유량 (FI-01)", "25 L/min 이상", "매 교대"],
                            ["PRS-02 분기 유량 (FI-02)", "8 L/min 이상", "매 교대"],
                            ["NR-30 분기 유량 (FI-03)", "12 L/min 이상", "매 교대"],
                            ["필터 차압", "0.8 bar 이하", "매 교대"],
                            ["부동액 농도", "30~35 %", "주 1회"],
                            ["공급 압력", "2.5~3.5 bar", "매 교대"],
                        ],
                    ),
                ],
            ),
            (
                "유량 저하 시 조치",
                [
                    CAUTION(
                        "스트레이너를 열기 전에 해당 분기 밸브(CV-02a/CV-02b 또는 CV-03a/CV-03b)를 "
                        "잠그고 압력을 빼야 한다. 압력이 남아 있으면 냉각수가 분출한다."
                    ),
                    ST(
                        "분기 밸브를 잠그고 드레인 콕으로 압력을 뺀 뒤 Y-스트레이너 캡을 열어 스크린을 "
                        "청소한다."
                    ),
                    ST(
                        "밸브를 천천히 열고 배관 최상단의 에어 벤트로 공기를 뺀다. 칠러 PM이나 배관 "
                        "작업 직후에는 에어 포켓 때문에 유량이 떨어지는 경우가 많다."
                    ),
                    ST(
                        "유량을 다시 확인한다. 기준에 못 미치면 펌프 P1의 토출 압력과 이상 소음을 "
                        "확인하고 CMMS 작업지시를 발행한다 (고장코드 FLOW-LOW)."
                    ),
                    WARNING(
                        "공급 온도가 25 °C를 넘으면 PRS-02 스핀들 과열 위험이 높다. OP20 반장에게 "
                        "즉시 알리고 스핀들 온도를 30분마다 확인한다."
                    ),
                    ST(
                        "공급 온도가 높으면 응축기 핀의 오염 여부를 확인하고 에어로 청소한다. 하절기"
                        "(6~9월)에는 월 1회 청소를 필수로 한다."
                    ),
                ],
            ),
            (
                "기록",
                [
                    BL(
                        "일상점검표 CS-CHL-01 (설비 옆 비치, 월말 설비보전팀 회수)",
                        "이상 조치 내역은 CMMS 작업지시에 입력한다.",
                    ),
                ],
            ),
            (
                "개정 이력",
                [
                    TB(
                        "표 2 - 개정 이력",
                        ["개정", "일자", "내용", "작성"],
                        [
                            [
                                "A",
                                "2024-08-05",
                                "최초 제정 (PRS-02 스핀들 과열 반복에 따른 일상점검 강화)",
                                "이동욱",
                            ]
                        ],
                    ),
                ],
            ),
        ],
    },
]


# --------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------
def _doc_meta(wi: dict) -> dict:
    h = dict(wi["header"])
    if wi["lang"] == "ko":
        return {
            "no": h["문서번호"],
            "title": h["제목"],
            "rev": h["개정"],
            "eff": h["시행일"],
            "author": h["작성"],
        }
    return {
        "no": h["Document No."],
        "title": h["Title"],
        "rev": h["Revision"],
        "eff": h["Effective date"],
        "author": h.get("Prepared by", ""),
    }


def iter_items(wi: dict):
    """Normalise a WI into numbered headings, labelled steps, labelled safety blocks."""
    ko = wi["lang"] == "ko"
    for sec_no, (title, blocks) in enumerate(wi["sections"], start=1):
        yield ("heading", f"{sec_no}. {title}")
        n = 0
        for block in blocks:
            kind = block[0]
            if kind == "step":
                n += 1
                style = wi["step_style"]
                label = {"dotted": f"{sec_no}.{n}", "step": f"Step {n}:", "paren": f"{n})"}[style]
                yield ("step", label, block[1])
            elif kind == "safety":
                label = KO_SAFETY[block[1]] if ko else block[1]
                yield ("safety", f"{label}:", block[2])
            else:
                yield block


def _title_line(wi: dict) -> str:
    meta = _doc_meta(wi)
    return (
        f"작업표준서 - {meta['title']}"
        if wi["lang"] == "ko"
        else f"WORK INSTRUCTION - {meta['title']}"
    )


def _company_line(wi: dict) -> str:
    if wi["lang"] == "ko":
        return "한빛드라이브시스템(주) 창원공장 2라인 (EDU-200 e-axle 조립)"
    return f"{COMPANY} - {PLANT}"


def render_md(wi: dict) -> str:
    out = [f"# {_title_line(wi)}", "", f"*{_company_line(wi)}*", ""]
    for label, value in wi["header"]:
        out.append(f"{label}: {value}  ")
    out.append("")
    out.append("---")
    out.append("")
    for item in iter_items(wi):
        kind = item[0]
        if kind == "heading":
            out += [f"## {item[1]}", ""]
        elif kind == "p":
            out += [item[1], ""]
        elif kind == "bullets":
            out += [f"- {b}" for b in item[1]] + [""]
        elif kind == "step" or kind == "safety":
            out += [f"{item[1]} {item[2]}", ""]
        elif kind == "table":
            _, caption, headers, rows = item
            out += [f"**{caption}**", ""]
            out.append("| " + " | ".join(headers) + " |")
            out.append("|" + "|".join("---" for _ in headers) + "|")
            for row in rows:
                out.append("| " + " | ".join(c.replace("|", "/") for c in row) + " |")
            out.append("")
    footer = (
        "인쇄본은 비관리 문서임. 최신본은 DMS에서 확인할 것."
        if wi["lang"] == "ko"
        else "Printed copies are uncontrolled. The valid revision is the one in the DMS."
    )
    out += ["---", "", f"*{footer}*", ""]
    return "\n".join(out)


def render_html(wi: dict) -> str:
    meta = _doc_meta(wi)
    e = html.escape
    css = (
        "body{font-family:Arial,Helvetica,sans-serif;font-size:14px;margin:0;color:#222}"
        ".topnav{background:#1f3a5f;color:#fff;padding:8px 16px}"
        ".topnav a{color:#cfe0f5;margin-right:14px;text-decoration:none}"
        ".crumbs{padding:6px 16px;font-size:12px;color:#666}"
        "main{max-width:960px;padding:8px 24px}"
        ".docmeta{border:1px solid #999;background:#f6f6f6;padding:6px 12px;margin:10px 0}"
        ".docmeta p{margin:2px 0}"
        ".step{margin:6px 0 6px 12px}"
        ".safety{border-left:6px solid;padding:6px 10px;margin:8px 0}"
        ".DANGER{border-color:#c00;background:#fde8e8}.WARNING{border-color:#e67e00;"
        "background:#fff1dd}.CAUTION{border-color:#d4b000;background:#fffbd6}"
        ".NOTE{border-color:#3a78c2;background:#eaf2fb}"
        "table{border-collapse:collapse;margin:6px 0 14px 0}"
        "td,th{border:1px solid #888;padding:4px 8px;text-align:left;vertical-align:top}"
        "th{background:#e3e8ef}footer{font-size:11px;color:#777;padding:16px 24px}"
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(meta['no'])} Rev {e(meta['rev'])} - {e(meta['title'])} | Hanbit DMS</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        '<div class="topnav"><b>Hanbit DMS</b> &nbsp; <a href="#">Home</a>'
        '<a href="#">Documents</a><a href="#">Line 2</a><a href="#">My tasks</a>'
        '<a href="#">Help</a></div>',
        '<div class="crumbs">Documents &gt; Changwon &gt; Line 2 &gt; Work instructions &gt; '
        f"{e(meta['no'])}</div>",
        "<main>",
        f"<h1>{e(_title_line(wi))}</h1>",
        f"<p><i>{e(_company_line(wi))}</i></p>",
        '<div class="docmeta">',
    ]
    for label, value in wi["header"]:
        out.append(f"<p>{e(label)}: {e(value)}</p>")
    out.append("</div>")
    for item in iter_items(wi):
        kind = item[0]
        if kind == "heading":
            out.append(f"<h2>{e(item[1])}</h2>")
        elif kind == "p":
            out.append(f"<p>{e(item[1])}</p>")
        elif kind == "bullets":
            out.append("<ul>" + "".join(f"<li>{e(b)}</li>" for b in item[1]) + "</ul>")
        elif kind == "step":
            out.append(f'<p class="step"><b>{e(item[1])}</b> {e(item[2])}</p>')
        elif kind == "safety":
            cls = item[1].rstrip(":")
            out.append(f'<div class="safety {e(cls)}"><b>{e(item[1])}</b> {e(item[2])}</div>')
        elif kind == "table":
            _, caption, headers, rows = item
            out.append(f"<table><caption><b>{e(caption)}</b></caption>")
            out.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in headers) + "</tr>")
            for row in rows:
                out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
            out.append("</table>")
    out += [
        "</main>",
        "<footer>Printed copies are uncontrolled. The valid revision is the one in the DMS. "
        f"Released {e(meta['eff'])} - Hanbit DMS 3.2 document viewer.</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def _ascii_table(headers: list[str], rows: list[list[str]], width: int = 78) -> list[str]:
    ncol = len(headers)
    natural = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(ncol)]
    avail = width - (3 * ncol + 1)
    widths = natural[:]
    while sum(widths) > avail:
        i = widths.index(max(widths))
        widths[i] -= 1
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [sep]
    for k, row in enumerate([headers, *rows]):
        cells = [
            textwrap.wrap(str(c), w, break_on_hyphens=False) or [""]
            for c, w in zip(row, widths, strict=True)
        ]
        for j in range(max(len(c) for c in cells)):
            parts = [
                (c[j] if j < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)
            ]
            lines.append("| " + " | ".join(parts) + " |")
        if k == 0:
            lines.append(sep.replace("-", "="))
    lines.append(sep)
    return lines


def _wrap(text: str, width: int, **kw) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False, **kw)


def render_txt(wi: dict) -> str:
    w = 78
    out = [_company_line(wi).upper(), "WORK INSTRUCTION", "=" * w]
    for label, value in wi["header"]:
        out.append(f"{label}: {value}")
    out.append("=" * w)
    out.append("")
    for item in iter_items(wi):
        kind = item[0]
        if kind == "heading":
            out += ["", item[1], "-" * len(item[1])]
        elif kind == "p":
            out += [*_wrap(item[1], w), ""]
        elif kind == "bullets":
            for b in item[1]:
                out += _wrap(b, w, initial_indent="  - ", subsequent_indent="    ")
            out.append("")
        elif kind in ("step", "safety"):
            first = f"{item[1]} "
            out += _wrap(item[2], w, initial_indent=first, subsequent_indent=" " * len(first))
            out.append("")
        elif kind == "table":
            _, caption, headers, rows = item
            out.append(caption)
            out += _ascii_table(headers, rows, w)
            out.append("")
    out += [
        "=" * w,
        "Printed copies are uncontrolled. The valid revision is the one in the DMS.",
        "",
    ]
    return "\n".join(out)


# ---- DOCX ------------------------------------------------------------------------------
def _docx_field(paragraph, instr: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instr
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _docx_shade(paragraph, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    ppr.append(shd)


SAFETY_COLOURS = {
    "DANGER": ("C00000", "FDE8E8"),
    "WARNING": ("C55A00", "FFF1DD"),
    "CAUTION": ("7F6000", "FFFBD6"),
    "NOTE": ("1F4E79", "EAF2FB"),
}
KO_TO_EN = {v: k for k, v in KO_SAFETY.items()}


def render_docx(wi: dict, path: Path) -> None:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    meta = _doc_meta(wi)
    ko = wi["lang"] == "ko"
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Malgun Gothic" if ko else "Calibri"
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), "Malgun Gothic")
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    sec.header.paragraphs[0].text = (
        "한빛드라이브시스템(주) 창원공장 2라인 | 관리본"
        if ko
        else f"{COMPANY} | Changwon Plant Line 2 | CONTROLLED DOCUMENT"
    )
    foot = sec.footer.paragraphs[0]
    foot.add_run(f"{meta['no']} Rev {meta['rev']}    " + ("쪽 " if ko else "Page "))
    _docx_field(foot, "PAGE")
    foot.add_run(" / " if ko else " of ")
    _docx_field(foot, "NUMPAGES")

    doc.add_heading(_title_line(wi), level=0)
    for label, value in wi["header"]:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    doc.add_paragraph()
    for item in iter_items(wi):
        kind = item[0]
        if kind == "heading":
            doc.add_heading(item[1], level=1)
        elif kind == "p":
            doc.add_paragraph(item[1])
        elif kind == "bullets":
            for b in item[1]:
                doc.add_paragraph(b, style="List Bullet")
        elif kind == "step":
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(1.0)
            p.paragraph_format.first_line_indent = Cm(-1.0)
            p.add_run(f"{item[1]} ").bold = True
            p.add_run(item[2])
        elif kind == "safety":
            key = item[1].rstrip(":")
            key = KO_TO_EN.get(key, key)
            fg, bg = SAFETY_COLOURS[key]
            p = doc.add_paragraph()
            _docx_shade(p, bg)
            r = p.add_run(f"{item[1]} ")
            r.bold = True
            r.font.color.rgb = RGBColor.from_string(fg)
            p.add_run(item[2])
        elif kind == "table":
            _, caption, headers, rows = item
            cap = doc.add_paragraph()
            cap.add_run(caption).bold = True
            table = doc.add_table(rows=1 + len(rows), cols=len(headers))
            table.style = "Table Grid"
            for j, h in enumerate(headers):
                cell = table.rows[0].cells[j]
                cell.text = ""
                cell.paragraphs[0].add_run(h).bold = True
            for i, row in enumerate(rows, start=1):
                for j, value in enumerate(row):
                    table.rows[i].cells[j].text = value
            doc.add_paragraph()
    cp = doc.core_properties
    cp.author = meta["author"]
    cp.title = f"{meta['no']} {meta['title']}"
    cp.subject = "작업표준서" if ko else "Work instruction"
    cp.keywords = f"{meta['no']}; Rev {meta['rev']}; Line 2; EDU-200"
    cp.last_modified_by = "Hanbit DMS"
    cp.comments = f"Effective {meta['eff']}"
    cp.revision = 1
    cp.created = FIXED_DOC_TIME
    cp.modified = FIXED_DOC_TIME
    cp.last_printed = FIXED_DOC_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    normalize_zip(path)


# ---- PDF -------------------------------------------------------------------------------
_PDF_SUBS = {
    "–": "-",
    "—": "-",
    "≤": "<=",
    "≥": ">=",
    "→": "->",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "Ω": "Ohm",
    "…": "...",
}


def pdf_text(s: str) -> str:
    for a, b in _PDF_SUBS.items():
        s = s.replace(a, b)
    s.encode("latin-1")  # raises on anything the core fonts cannot show
    assert "**" not in s and "__" not in s and "--" not in s, s
    return s


PDF_PAGES: dict[str, int] = {}


def render_pdf(wi: dict, path: Path) -> None:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    meta = _doc_meta(wi)

    class WIPdf(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "B", 8)
            self.cell(0, 4, pdf_text(f"{COMPANY} - {PLANT}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_font("Helvetica", "", 8)
            self.cell(
                0,
                4,
                pdf_text(f"{meta['no']} Rev {meta['rev']} - {meta['title']}"),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("Helvetica", "I", 8)
            self.cell(
                0,
                6,
                pdf_text(
                    f"Page {self.page_no()} of {{nb}}   |   {meta['no']} Rev "
                    f"{meta['rev']}   |   Printed copies are uncontrolled"
                ),
                align="C",
            )

    pdf = WIPdf(format="A4")
    pdf.set_margins(18, 15, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_creation_date(FIXED_DOC_TIME.replace(tzinfo=dt.UTC))
    pdf.set_title(pdf_text(f"{meta['no']} {meta['title']}"))
    pdf.set_author(pdf_text(meta["author"]))
    pdf.set_subject("Work instruction")
    pdf.set_creator("Hanbit DMS")
    pdf.set_producer("Hanbit DMS PDF export")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, pdf_text(_title_line(wi)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    for label, value in wi["header"]:
        pdf.multi_cell(
            0,
            5,
            f"**{pdf_text(label)}:** {pdf_text(value)}",
            markdown=True,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.ln(3)
    fills = {
        "DANGER": (253, 220, 220),
        "WARNING": (255, 235, 205),
        "CAUTION": (255, 250, 205),
        "NOTE": (228, 238, 250),
    }
    for item in iter_items(wi):
        kind = item[0]
        if kind == "heading":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.cell(0, 7, pdf_text(item[1]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font("Helvetica", "", 10)
        elif kind == "p":
            pdf.multi_cell(0, 5, pdf_text(item[1]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.5)
        elif kind == "bullets":
            for b in item[1]:
                pdf.set_x(pdf.l_margin + 4)
                pdf.multi_cell(0, 5, pdf_text(f"- {b}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.5)
        elif kind == "step":
            pdf.multi_cell(
                0,
                5,
                f"**{pdf_text(item[1])}** {pdf_text(item[2])}",
                markdown=True,
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            pdf.ln(1.5)
        elif kind == "safety":
            pdf.set_fill_color(*fills[item[1].rstrip(":")])
            pdf.multi_cell(
                0,
                5,
                f"**{pdf_text(item[1])}** {pdf_text(item[2])}",
                markdown=True,
                border=1,
                fill=True,
                padding=1.5,
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            pdf.ln(1.5)
        elif kind == "table":
            _, caption, headers, rows = item
            pdf.set_font("Helvetica", "B", 10)
            pdf.cell(0, 6, pdf_text(caption), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font("Helvetica", "", 8.5)
            with pdf.table(text_align="LEFT", line_height=4.5, padding=1) as table:
                for row in [headers, *rows]:
                    r = table.row()
                    for c in row:
                        r.cell(pdf_text(c))
            pdf.set_font("Helvetica", "", 10)
            pdf.ln(3)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    PDF_PAGES[path.name] = pdf.pages_count


def write_work_instructions() -> list[Path]:
    written = []
    folder = OUT / "work_instructions"
    for wi in WORK_INSTRUCTIONS:
        path = folder / wi["file"]
        suffix = path.suffix
        if suffix == ".md":
            write_text(path, render_md(wi))
        elif suffix == ".html":
            write_text(path, render_html(wi))
        elif suffix == ".txt":
            write_text(path, render_txt(wi))
        elif suffix == ".docx":
            render_docx(wi, path)
        elif suffix == ".pdf":
            render_pdf(wi, path)
        else:
            raise ValueError(suffix)
        written.append(path)
    return written


# --------------------------------------------------------------------------------------
# PFMEA workbooks
#   row: (failure mode, effect, S, cause, O, prevention, detection control, D,
#         recommended action, responsibility, target date, status)
# --------------------------------------------------------------------------------------
D = dt.date

PFMEA_A_GROUPS = [
    (
        "OP10 Bearing press-fit",
        "Press output bearing EDU-200-BRG-01 into the housing bore, fully seated and square "
        "(final force 18-24 kN, end position 32.50 ± 0.10 mm, axial runout ≤ 0.03 mm)",
        [
            (
                "Bearing misaligned/cocked during press-fit",
                "Outer ring and bore damaged; bearing noise at EOL; early bearing failure in the field "
                "(NVH complaint)",
                8,
                "Press mandrel PT-10-01 worn or face chipped",
                4,
                "Mandrel visual check at shift start (WI-OP10-001); mandrel in weekly PM",
                "Force-displacement envelope on PRS-01 (100%); runout check every 50th part",
                4,
                "Add mandrel cycle counter with change request at 180,000 cycles",
                "D. Lee (Maintenance)",
                D(2025, 4, 30),
                "Open",
            ),
            (
                "Bearing misaligned/cocked during press-fit",
                "Outer ring and bore damaged; bearing noise at EOL; early bearing failure in the field "
                "(NVH complaint)",
                8,
                "Housing not seated in fixture FX-10-02 (chip on rest pad)",
                3,
                "Fixture cleaning every shift; air blow-off on rest pads",
                "Air seat check on all 3 rest pads interlocks press start (added 2024-10)",
                3,
                "",
                "",
                None,
                "",
            ),
            (
                "Bearing misaligned/cocked during press-fit",
                "Outer ring and bore damaged; bearing noise at EOL; early bearing failure in the field "
                "(NVH complaint)",
                8,
                "Bearing placed tilted by the operator",
                4,
                "Bore chamfer 1.0 x 15°; placement rule in WI-OP10-001",
                "Force-displacement envelope on PRS-01 (100%)",
                4,
                "Evaluate a bearing pre-centering sleeve on the mandrel",
                "S. Park (Process Eng.)",
                D(2025, 6, 30),
                "Open",
            ),
            (
                "Press force out of window (> 24 kN)",
                "Raceway brinelling: bearing noise, reduced bearing life",
                7,
                "Housing bore undersize (supplier machining)",
                3,
                "Supplier SPC on bore diameter (Cpk ≥ 1.67); PPAP",
                "100% force window monitoring on PRS-01, NOK part locked",
                2,
                "",
                "",
                None,
                "",
            ),
            (
                "Press force out of window (< 18 kN)",
                "Insufficient interference: outer-ring creep, bore wear, gear whine",
                8,
                "Housing still warm from the washer (bore thermal expansion)",
                4,
                "Cold-press rule: housing ≤ 35 °C before pressing (WI-OP10-001 Rev D)",
                "100% force window monitoring on PRS-01",
                2,
                "Implemented: cold-press rule and temperature check in WI-OP10-001 Rev D",
                "S. Park (Process Eng.)",
                D(2024, 9, 16),
                "Closed",
            ),
            (
                "Press force out of window (< 18 kN or > 24 kN)",
                "Bearing creep or raceway brinelling: noise, reduced bearing life",
                8,
                "PRS-01 hydraulic pressure / proportional valve drift or load cell drift",
                5,
                "Quarterly hydraulic PM; load cell calibration every 6 months",
                "Shift-start master check with MH-10-01; 100% force window",
                4,
                "Add hydraulic pressure monitoring with alarm at 130 / 150 bar on the PRS-01 HMI",
                "D. Lee (Maintenance)",
                D(2025, 6, 30),
                "Open",
            ),
            (
                "Bearing not fully seated (end position short)",
                "Axial play of the output shaft, gear mesh misalignment, noise",
                7,
                "End position parameter changed without control",
                2,
                "Parameter change control; level 3 password on program P10-06",
                "100% end position check 32.50 ± 0.10 mm; feeler gauge check",
                3,
                "",
                "",
                None,
                "",
            ),
            (
                "Wrong bearing or bearing missing",
                "Gearbox seizure: loss of drive, possible wheel lock while driving",
                10,
                "Wrong part picked (two bearing variants in the area)",
                2,
                "Pick-to-light; one variant per rack position",
                "Barcode scan interlock and bearing presence sensor on the mandrel",
                3,
                "",
                "",
                None,
                "",
            ),
            (
                "Bearing contaminated (chips or dirt in the bore)",
                "Bearing noise, reduced bearing life",
                6,
                "Housing washing insufficient (washer WSH-05 nozzle blocked)",
                4,
                "Washer parameter monitoring; weekly cleanliness audit (residual dirt ≤ 4 mg)",
                "Operator visual check of the bore",
                7,
                "Add particle count to the monthly cleanliness audit",
                "J. Kim (Quality)",
                D(2025, 5, 31),
                "Open",
            ),
        ],
    ),
    (
        "OP20 Gear and rotor-shaft press-fit",
        "Press reduction gear EDU-200-GR-01 (28-42 kN, 118.40 ± 0.05 mm) and bearing EDU-200-BRG-02 "
        "(8-14 kN) onto rotor shaft EDU-200-SFT-01 on PRS-02; radial runout ≤ 0.02 mm",
        [
            (
                "Gear press force out of window",
                "Low interference: gear slips on the shaft under torque, loss of drive",
                9,
                "Shaft OD or gear bore out of tolerance (supplier)",
                3,
                "Supplier SPC; incoming inspection per lot",
                "100% force window on PRS-02, NOK part locked",
                2,
                "",
                "",
                None,
                "",
            ),
            (
                "Gear press force out of window",
                "Low interference: gear slips on the shaft under torque, loss of drive",
                9,
                "PRS-02 load cell calibration drift",
                3,
                "Load cell calibration every 6 months",
                "Shift-start master shaft check; 100% force window",
                4,
                "",
                "",
                None,
                "",
            ),
            (
                "Gear not fully seated (end position out of tolerance)",
                "Gear mesh misalignment: gear whine, edge loading, tooth breakage over life",
                8,
                "PRS-02 spindle bearing overheating: thermal growth of the spindle, end position drift",
                6,
                "Spindle regreasing every 4 weeks (WI-MNT-002); CHL-01 coolant to the spindle",
                "Spindle temperature alarm A-217 at 70 °C; 100% end position check; runout check",
                5,
                "Add temperature warning at 60 °C and root-cause study of recurring spindle "
                "overheating (6 BRG-OVHT work orders in 2024)",
                "D. Lee (Maintenance)",
                D(2025, 3, 31),
                "In progress",
            ),
            (
                "Gear not fully seated (end position out of tolerance)",
                "Gear mesh misalignment: gear whine, edge loading, tooth breakage over life",
                8,
                "Chip or burr on the shaft shoulder",
                3,
                "Shaft washing; operator visual check (WI-OP20-001)",
                "100% end position check on PRS-02",
                3,
                "",
                "",
                None,
                "",
            ),
            (
                "Shaft radial runout > 0.02 mm",
                "NVH (gear whine); seal wear leading to oil leak",
                7,
                "Press / fixture coaxiality worn (FX-20-01 V-block)",
                4,
                "Fixture alignment check every quarter",
                "100% runout measurement (2 LVDT) in station, NOK locked",
                3,
                "",
                "",
                None,
                "",
            ),
            (
                "Shaft radial runout > 0.02 mm",
                "NVH (gear whine); seal wear leading to oil leak",
                7,
                "Rotor shaft bent during handling",
                2,
                "Shaft trays with V-supports",
                "100% runout measurement in station",
                3,
                "",
                "",
                None,
                "",
            ),
            (
                "Spindle bearing overheating (PRS-02): press stops mid-stroke, part partially pressed",
                "Partially pressed gear if released: gear whine or gear slip; scrap of shaft assembly",
                8,
                "Insufficient or degraded grease on the spindle bearings",
                5,
                "Regreasing every 4 weeks, 2 g per nipple (WI-MNT-002)",
                "Spindle temperature sensor, alarm A-217 at 70 °C; interrupted-cycle NOK interlock",
                4,
                "",
                "",
                None,
                "",
            ),
            (
                "Spindle bearing overheating (PRS-02): press stops mid-stroke, part partially pressed",
                "Partially pressed gear if released: gear whine or gear slip; scrap of shaft assembly",
                8,
                "CHL-01 coolant flow to the PRS-02 loop low (strainer clogged, air lock after PM)",
                6,
                "CHL-01 monthly PM; daily check sheet CS-CHL-01 (WI-MNT-003)",
                "Spindle temperature alarm only; no flow monitoring on the PRS-02 loop",
                6,
                "Install flow switch FS-02 on the PRS-02 loop with interlock below 8 L/min",
                "D. Lee (Maintenance)",
                D(2025, 3, 31),
                "Open",
            ),
            (
                "Rotor shaft bearing seat damaged (scratch)",
                "Bearing noise",
                6,
                "Press sleeve contacts the seat",
                3,
                "Sleeve with plastic insert",
                "Operator visual check",
                6,
                "",
                "",
                None,
                "",
            ),
            (
                "Wrong gear variant pressed",
                "Wrong reduction ratio: speed signal mismatch, DTC at the customer",
                8,
                "Mixed parts at the line side",
                2,
                "Variant-specific bins",
                "Gear label scan interlock; EOL ratio check",
                2,
                "",
                "",
                None,
                "",
            ),
        ],
    ),
    (
        "OP30 Sealant (FIPG) dispensing",
        "Dispense a continuous FIPG bead 3.0 ± 0.5 mm wide on the gearbox housing flange with "
        "DSP-30; join within 10 min",
        [
            (
                "Sealant bead gap / bead too thin",
                "Oil leak at the housing joint; oil loss leading to gearbox damage; customer complaint",
                8,
                "Nozzle NZ-30-20 partly clogged by cured sealant",
                5,
                "Purge 20 g at shift start; nozzle check",
                "VIS-30 vision inspection 100% (width and gap); OP40 housing leak test",
                3,
                "Change nozzle every 2 shifts (time-based) and add to WI-OP30-002",
                "M. Choi (Production)",
                D(2025, 3, 31),
                "In progress",
            ),
            (
                "Sealant bead gap / bead too thin",
                "Oil leak at the housing joint; oil loss leading to gearbox damage; customer complaint",
                8,
                "Air in the material after a drum change",
                4,
                "Purge after drum change",
                "VIS-30 vision inspection 100%; OP40 housing leak test",
                3,
                "Increase purge quantity after drum change to 50 g",
                "M. Choi (Production)",
                D(2025, 3, 31),
                "In progress",
            ),
            (
                "Sealant bead gap at bolt-hole bosses not detected",
                "Oil leak at the joint; loss of lubrication leading to gearbox seizure and possible "
                "wheel lock",
                9,
                "VIS-30 region of interest excludes the bolt-hole bosses (masked for reflections)",
                4,
                "None specific",
                "OP40 housing cavity leak test (0.5 bar, 6.0 cc/min)",
                4,
                "",
                "",
                None,
                "",
            ),
            (
                "Bead too wide / sealant squeezed into the housing",
                "Sealant particles in the oil: filter and bearing contamination",
                6,
                "Dispense pressure too high",
                3,
                "Regulator locked at 4.5 ± 0.3 bar",
                "VIS-30 bead width check",
                3,
                "",
                "",
                None,
                "",
            ),
            (
                "Open time exceeded (> 10 min before joining)",
                "Skin formation on the bead: poor adhesion, leak",
                7,
                "Line stop after dispensing",
                4,
                "MES open-time timer (10 min)",
                "MES blocks joining after 10 min",
                2,
                "",
                "",
                None,
                "",
            ),
        ],
    ),
    (
        "OP30 Housing joining and M8 bolt tightening",
        "Join motor housing EDU-200-HSG-02 on the dowel pins and tighten 12 x M8x25 10.9 flange "
        "bolts with NR-30 (WI-OP30-001)",
        [
            (
                "Bolt under-torque",
                "Clamp-load loss: joint leak, bolt loosening; oil loss leading to gearbox seizure",
                9,
                "NR-30 spindle 3 torque transducer drift",
                5,
                "Transducer calibration every quarter",
                "NR-30 torque/angle monitoring (same transducer); residual torque audit 5 housings "
                "per shift with TW-08",
                5,
                "Shorten spindle 3 calibration to monthly; add redundant transducer check on NR-30",
                "D. Lee (Maintenance)",
                D(2025, 4, 30),
                "In progress",
            ),
            (
                "Bolt under-torque",
                "Clamp-load loss: joint leak, bolt loosening; oil loss leading to gearbox seizure",
                9,
                "Clamp-load loss from FIPG relaxation with single-pass tightening to 23 Nm",
                4,
                "None",
                "Residual torque audit (21.0-26.5 Nm)",
                6,
                "Clamp-load study ENG-CR-2025-014: evaluate 25 Nm with two-pass cross pattern; "
                "update WI-OP30-001 to Rev C",
                "S. Park (Process Eng.)",
                D(2025, 5, 30),
                "Open",
            ),
            (
                "Bolt cross-threaded",
                "Low clamp load and thread damage: leak; bolt can loosen",
                9,
                "Bolt started at an angle when placed by hand",
                4,
                "Operator training",
                "NR-30 angle window monitoring",
                5,
                "",
                "",
                None,
                "",
            ),
            (
                "Bolt missing or not tightened",
                "Joint leak; housing separation under load",
                9,
                "NR-30 spindle bypassed in manual mode after a fault; hand-tool rework not recorded",
                3,
                "Bypass needs the supervisor key",
                "Visual check of paint marks at OP40",
                7,
                "",
                "",
                None,
                "",
            ),
            (
                "Torque drift on NR-30 spindle 3 (bolts 5 and 6)",
                "Under-torque on two bolts: loosening, joint leak",
                8,
                "Transducer zero-offset drift with spindle gear-head temperature",
                5,
                "Quarterly calibration; weekly gear-head temperature check (WI-MNT-002)",
                "Residual torque audit 5 housings per shift",
                5,
                "Trend the spindle 3 torque mean on the NR-30 controller with an SPC alarm",
                "D. Lee (Maintenance)",
                D(2025, 4, 30),
                "In progress",
            ),
            (
                "Wrong bolt (M8x20 instead of M8x25)",
                "Insufficient thread engagement: thread strip, leak",
                8,
                "Mixed bolts in the feeder",
                2,
                "Dedicated feeder, only M8x25 at OP30",
                "NR-30 angle window",
                4,
                "",
                "",
                None,
                "",
            ),
            (
                "Over-torque (thread stripped in aluminium)",
                "Thread strip: leak, housing scrap",
                8,
                "Wrong tightening program selected",
                2,
                "Program selection by MES",
                "NR-30 torque window",
                2,
                "",
                "",
                None,
                "",
            ),
            (
                "Housing offset on the dowel pins",
                "Shaft misalignment: noise, high drag torque",
                7,
                "Dowel pin missing",
                2,
                "Dowel pin presence sensor",
                "EOL drag torque test",
                3,
                "",
                "",
                None,
                "",
            ),
        ],
    ),
]

PFMEA_B_SHEETS = {
    "OP40-OP50": [
        (
            "OP40 누설시험 (Leak test)",
            "Verify tightness: coolant jacket 2.0 bar / limit 3.0 cc/min; housing cavity 0.5 bar / "
            "limit 6.0 cc/min (LKT-40)",
            [
                (
                    "Leaking coolant jacket passed as OK",
                    "Coolant ingress into the motor: HV isolation fault, motor overheating and derating",
                    9,
                    "Test volume changed (new adapter TA-40-01 design) without revalidation of the "
                    "test program",
                    3,
                    "Change management for test adapters",
                    "Shift-start leak master check CLM-40-30",
                    7,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Leaking coolant jacket passed as OK",
                    "Coolant ingress into the motor: HV isolation fault, motor overheating and derating",
                    9,
                    "Leak master CLM-40-30 out of calibration",
                    2,
                    "Annual calibration of the leak masters",
                    "Shift-start master check with OK master MH-40-01 and CLM-40-30",
                    4,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "False reject on the coolant jacket (good part rejected)",
                    "Unneeded bubble test and rework; throughput loss at OP40",
                    5,
                    "Adapter O-ring EDU-T40-OR-22 worn or cut",
                    7,
                    "O-ring change every 20,000 cycles",
                    "Re-test after O-ring check; shift-start master check",
                    4,
                    "Change O-ring material to FKM 80 Shore and interval to 15,000 cycles",
                    "H. Oh (Maintenance)",
                    D(2025, 6, 30),
                    "Open",
                ),
                (
                    "False reject on the coolant jacket (good part rejected)",
                    "Unneeded bubble test and rework; throughput loss at OP40",
                    5,
                    "Quick coupler CPL-2 leaking",
                    5,
                    "Coupler check in the monthly PM",
                    "Shift-start master check",
                    4,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Housing cavity leak not detected",
                    "Oil leak at the customer",
                    8,
                    "Small FIPG gap that opens only at operating temperature",
                    3,
                    "FIPG process per WI-OP30-002",
                    "Cavity test 0.5 bar, limit 6.0 cc/min",
                    5,
                    "Evaluate the cavity test at 0.8 bar",
                    "J. Kim (Process Eng.)",
                    D(2025, 9, 30),
                    "Open",
                ),
                (
                    "Coolant jacket leak (casting porosity)",
                    "Coolant loss; motor overheating",
                    8,
                    "Casting porosity from the supplier",
                    4,
                    "Supplier vacuum impregnation",
                    "100% LKT-40 coolant jacket test",
                    2,
                    "Supplier 8D on jacket porosity (lots blocked Apr-Jun 2025)",
                    "J. Kim (Quality)",
                    D(2025, 7, 31),
                    "In progress",
                ),
                (
                    "Leak test skipped",
                    "Untested unit shipped",
                    9,
                    "Manual bypass of OP40",
                    2,
                    "MES route check",
                    "MES interlock at OP50",
                    2,
                    "",
                    "",
                    None,
                    "",
                ),
            ],
        ),
        (
            "OP50 오일 주입 (Oil fill)",
            "Vacuum fill 1.20 ± 0.03 L EF-3 with OFL-50; fill plug M18x1.5 35 ± 3 Nm with a new "
            "washer",
            [
                (
                    "Oil underfill",
                    "Insufficient lubrication: gear and bearing wear, seizure",
                    9,
                    "OFL-50 flowmeter drift",
                    3,
                    "Flowmeter calibration every 6 months; weekly beaker check",
                    "OFL-50 volume check 100%",
                    4,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Oil underfill",
                    "Insufficient lubrication: gear and bearing wear, seizure",
                    9,
                    "Vacuum not reached (fill nozzle seal FN-50-01 worn)",
                    4,
                    "Nozzle seal change every month",
                    "Vacuum leak-down check (rise ≤ 2 mbar in 10 s)",
                    3,
                    "Nozzle seal change every 2 weeks; add seal cycle counter",
                    "H. Oh (Maintenance)",
                    D(2025, 4, 30),
                    "In progress",
                ),
                (
                    "Oil overfill",
                    "Oil foaming, leak at the breather",
                    6,
                    "OFL-50 flowmeter drift",
                    3,
                    "Flowmeter calibration every 6 months",
                    "OFL-50 volume check 100%",
                    4,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Wrong oil type",
                    "Gear wear, seal swelling",
                    8,
                    "Wrong drum connected to the bulk system",
                    1,
                    "Dedicated coupling for EF-3",
                    "Oil ID check at delivery",
                    5,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Fill plug under-torque",
                    "Oil leak at the fill plug",
                    8,
                    "Torque wrench TW-12 out of calibration",
                    2,
                    "Calibration every 6 months",
                    "Click wrench and torque mark; weekly audit",
                    6,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Sealing washer missing or re-used",
                    "Oil leak at the fill plug",
                    8,
                    "Washer not changed by the operator",
                    3,
                    "Washer dispenser, one per cycle",
                    "Operator visual check",
                    7,
                    "Add washer presence check to the plug tool",
                    "J. Kim (Process Eng.)",
                    D(2025, 6, 30),
                    "Open",
                ),
                (
                    "Oil on the housing exterior",
                    "False oil-leak complaint",
                    4,
                    "Drip from the fill head",
                    5,
                    "Nozzle drip tray",
                    "Operator visual check",
                    5,
                    "",
                    "",
                    None,
                    "",
                ),
            ],
        ),
        (
            "OP50 EOL 시험 (EOL test)",
            "Run-in, NVH, drag torque ≤ 1.2 Nm at 100 rpm, insulation ≥ 100 MΩ at 1,000 V DC "
            "(EOL-50)",
            [
                (
                    "NVH defect not detected",
                    "Gear whine complaint",
                    7,
                    "Microphone or accelerometer fault",
                    3,
                    "Golden unit GU-50-01 every shift",
                    "Sensor self-check each cycle",
                    4,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Insulation fault not detected",
                    "HV isolation fault: vehicle shuts down; electric shock hazard",
                    10,
                    "HV probe contact worn",
                    2,
                    "Probe change every 50,000 tests",
                    "Self-check with reference resistor every cycle",
                    3,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "High drag torque not detected",
                    "Efficiency loss, reduced range",
                    5,
                    "Dyno torque sensor drift",
                    3,
                    "Annual calibration",
                    "Golden unit every shift",
                    4,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "EOL result not linked to the serial number",
                    "Traceability loss",
                    6,
                    "MES communication error",
                    3,
                    "MES buffer with retry",
                    "MES handshake check before release",
                    3,
                    "",
                    "",
                    None,
                    "",
                ),
            ],
        ),
    ],
    "OP60": [
        (
            "OP60 레이저 마킹 (Laser marking)",
            "Mark ECC200 DataMatrix and serial EDU200-YYDDD-NNNNN, grade ≥ B (LSR-60)",
            [
                (
                    "DMC unreadable or grade below C",
                    "Traceability loss; scan failure at the customer",
                    6,
                    "Lens contamination from marking fume",
                    4,
                    "Fume extraction; weekly lens cleaning",
                    "100% grading with RD-60",
                    2,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Duplicate serial marked",
                    "Traceability loss; recall scope unclear",
                    7,
                    "MES serial counter reset after server restart",
                    2,
                    "Counter stored in database",
                    "MES duplicate check",
                    3,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Mark on the wrong position (coolant jacket thin wall)",
                    "Wall damage: coolant leak",
                    8,
                    "Wrong fixture position after changeover",
                    2,
                    "Fixture poka-yoke pin",
                    "Operator visual check",
                    6,
                    "",
                    "",
                    None,
                    "",
                ),
            ],
        ),
        (
            "OP60 포장 (Packing)",
            "Place 8 units per returnable pallet PAL-EDU-08 with dunnage and VCI bag (ROB-60)",
            [
                (
                    "Unit dropped by ROB-60",
                    "Housing crack or coolant jacket damage: leak",
                    8,
                    "Gripper jaw wear or low air pressure",
                    3,
                    "Gripper PM every 6 months; air pressure switch",
                    "Gripper sensors; operator visual check",
                    6,
                    "Add gripper jaw wear check to the monthly PM",
                    "H. Oh (Maintenance)",
                    D(2025, 6, 30),
                    "Open",
                ),
                (
                    "Unit hit by the robot (collision with pallet)",
                    "External damage, connector damage",
                    7,
                    "Pallet position error",
                    3,
                    "Pallet locating pins",
                    "Robot collision detection",
                    5,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "VCI bag or dunnage missing",
                    "Corrosion in transport",
                    4,
                    "Operator forgets",
                    3,
                    "Packing checklist",
                    "Pallet audit",
                    6,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "Wrong pallet label",
                    "Wrong delivery",
                    6,
                    "Label reprint error",
                    2,
                    "Labels printed from MES only",
                    "Label scan when closing the pallet",
                    3,
                    "",
                    "",
                    None,
                    "",
                ),
                (
                    "NOK unit packed (not EOL OK)",
                    "Defective e-axle shipped to the customer",
                    9,
                    "Manual loading during ROB-60 breakdown bypasses the MES status check",
                    3,
                    "None",
                    "Pallet audit once per shift",
                    7,
                    "",
                    "",
                    None,
                    "",
                ),
            ],
        ),
    ],
}

PFMEA_COLS_EN = [
    "Process Step",
    "Process Function",
    "Failure Mode",
    "Failure Effect",
    "Severity (S)",
    "Failure Cause",
    "Occurrence (O)",
    "Prevention Control",
    "Detection Control",
    "Detection (D)",
    "AP",
    "RPN",
    "Recommended Action",
    "Responsibility",
    "Target Date",
    "Status",
]
PFMEA_COLS_KO = [
    "공정단계 (Process Step)",
    "공정기능 (Process Function)",
    "고장형태 (Failure Mode)",
    "고장영향 (Failure Effect)",
    "심각도 (S)",
    "고장원인 (Failure Cause)",
    "발생도 (O)",
    "예방관리 (Prevention Control)",
    "검출관리 (Detection Control)",
    "검출도 (D)",
    "조치우선순위 (AP)",
    "RPN",
    "권장조치 (Recommended Action)",
    "담당 (Responsibility)",
    "목표일 (Target Date)",
    "상태 (Status)",
]
PFMEA_WIDTHS = [22, 34, 30, 36, 9, 36, 9, 34, 34, 9, 7, 7, 38, 20, 12, 12]


def pfmea_rows(groups: list) -> list[list]:
    """Flatten groups into 16-column rows with computed AP and RPN."""
    rows = []
    for step, function, items in groups:
        for fm, fe, s, fc, o, pc, dc, d, action, resp, target, status in items:
            rows.append(
                [
                    step,
                    function,
                    fm,
                    fe,
                    s,
                    fc,
                    o,
                    pc,
                    dc,
                    d,
                    action_priority(s, o, d),
                    s * o * d,
                    action,
                    resp,
                    target,
                    status,
                ]
            )
    return rows


def _style_pfmea_sheet(ws, header_row: int, first_data: int, last_data: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    ap_fill = {
        "H": PatternFill("solid", fgColor="F4B6B6"),
        "M": PatternFill("solid", fgColor="FFE699"),
        "L": PatternFill("solid", fgColor="C6E0B4"),
    }
    for j, width in enumerate(PFMEA_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
        c = ws.cell(row=header_row, column=j)
        c.font = Font(bold=True)
        c.fill = head_fill
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        c.border = border
    for r in range(first_data, last_data + 1):
        for j in range(1, 17):
            c = ws.cell(row=r, column=j)
            c.alignment = Alignment(
                wrap_text=True,
                vertical="top",
                horizontal="center" if j in (5, 7, 10, 11, 12) else "left",
            )
            c.border = border
        ap = ws.cell(row=r, column=11)
        if ap.value in ap_fill:
            ap.fill = ap_fill[ap.value]
        ws.cell(row=r, column=15).number_format = "yyyy-mm-dd"
    ws.freeze_panes = ws.cell(row=first_data, column=3)


def _set_wb_props(wb, title: str) -> None:
    wb.properties.creator = "S. Park"
    wb.properties.lastModifiedBy = "S. Park"
    wb.properties.title = title
    wb.properties.created = FIXED_DOC_TIME
    wb.properties.modified = FIXED_DOC_TIME


def write_pfmea() -> dict:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    folder = OUT / "pfmea"
    folder.mkdir(parents=True, exist_ok=True)
    facts: dict = {}

    # ---- Workbook A: title block, merged cells ----
    wb = Workbook()
    ws = wb.active
    ws.title = "PFMEA OP10-OP30"
    titles = [
        f"{COMPANY} - Changwon Plant",
        "PFMEA – Line 2 e-axle assembly (EDU-200), OP10–OP30",
        "Core team: S. Park (Process Eng., lead), J. Kim (Quality), D. Lee (Maintenance), "
        "M. Choi (Production), Y. Jung (EHS)",
        "PFMEA No. PF-L2-EDU200-01 | PFMEA rev 7, last updated 2025-01-15 | Method: AIAG-VDA "
        "FMEA Handbook 2019 (AP) - RPN shown for information",
    ]
    for i, text in enumerate(titles, start=1):
        ws.cell(row=i, column=1, value=text)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=16)
        ws.cell(row=i, column=1).font = Font(bold=i <= 2, size=14 if i == 2 else 11)
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="left")
    header_row = 5
    for j, name in enumerate(PFMEA_COLS_EN, start=1):
        ws.cell(row=header_row, column=j, value=name)
    r = header_row + 1
    rows_a = pfmea_rows(PFMEA_A_GROUPS)
    for step, function, items in PFMEA_A_GROUPS:
        start = r
        for row in pfmea_rows([(step, function, items)]):
            for j, value in enumerate(row, start=1):
                if j in (1, 2) and r != start:
                    continue  # merged: only the top-left cell holds the value
                ws.cell(row=r, column=j, value=value if value != "" else None)
            r += 1
        if r - 1 > start:
            ws.merge_cells(start_row=start, start_column=1, end_row=r - 1, end_column=1)
            ws.merge_cells(start_row=start, start_column=2, end_row=r - 1, end_column=2)
    _style_pfmea_sheet(ws, header_row, header_row + 1, r - 1)
    _set_wb_props(wb, "PFMEA Line 2 Assembly OP10-OP30 rev 7")
    path_a = folder / "PFMEA_Line2_Assembly_OP10-OP30.xlsx"
    wb.save(path_a)
    normalize_zip(path_a)
    facts["A"] = {"path": path_a, "rows": rows_a, "header_row": header_row}

    # ---- Workbook B: bilingual header in row 1, two sheets, no merges ----
    wb = Workbook()
    wb.remove(wb.active)
    rows_b: dict[str, list] = {}
    for sheet_name, groups in PFMEA_B_SHEETS.items():
        ws = wb.create_sheet(sheet_name)
        for j, name in enumerate(PFMEA_COLS_KO, start=1):
            ws.cell(row=1, column=j, value=name)
        rows = pfmea_rows(groups)
        for i, row in enumerate(rows, start=2):
            for j, value in enumerate(row, start=1):
                ws.cell(row=i, column=j, value=value if value != "" else None)
        _style_pfmea_sheet(ws, 1, 2, len(rows) + 1)
        rows_b[sheet_name] = rows
    _set_wb_props(wb, "PFMEA Line 2 Test and Pack OP40-OP60 rev 4")
    path_b = folder / "PFMEA_Line2_Test_Pack_OP40-OP60.xlsx"
    wb.save(path_b)
    normalize_zip(path_b)
    facts["B"] = {"path": path_b, "rows": rows_b}
    return facts


# --------------------------------------------------------------------------------------
# Maintenance logs (CMMS exports + Korean area log)
# --------------------------------------------------------------------------------------
ASSETS = {
    "PRS-01": ("Hydraulic press 40 kN - output bearing press-fit", "OP10"),
    "PRS-02": ("Servo press 60 kN - gear/rotor shaft press-fit", "OP20"),
    "DSP-30": ("FIPG sealant dispenser", "OP30"),
    "NR-30": ("6-spindle nutrunner - housing bolts", "OP30"),
    "LKT-40": ("Air-decay leak tester 2-ch", "OP40"),
    "OFL-50": ("Vacuum oil filler", "OP50"),
    "EOL-50": ("EOL test bench", "OP50"),
    "LSR-60": ("Fibre laser marker", "OP60"),
    "ROB-60": ("Palletizing robot", "OP60"),
    "CHL-01": ("Coolant chiller (PRS-02/NR-30 spindles)", "LINE"),
    "CNV-01": ("Pallet conveyor", "LINE"),
}
ASSETS_KO = {
    "PRS-02": ("서보 프레스", "OP20"),
    "NR-30": ("6축 너트러너", "OP30"),
    "DSP-30": ("실런트 도포기", "OP30"),
    "LKT-40": ("누설시험기", "OP40"),
}
TECHS = ["JHK", "SYP", "DWL", "MSC", "HJO", "KTB"]
TECH_WEIGHTS = [5, 4, 2, 4, 4, 3]
TECH_KO = {
    "JHK": "김재현",
    "SYP": "박성용",
    "DWL": "이동욱",
    "MSC": "최민석",
    "HJO": "오현준",
    "KTB": "배경태",
}
RPT_CHANGE = dt.datetime(2025, 6, 2)  # WI-OP30-001 Rev C: 23 Nm -> 25 Nm

# key: (downtime h lo, hi, parts KRW lo, hi, [(short text, action taken), ...])
CM_TEMPLATES: dict[str, tuple] = {
    "prs02_ovht": (
        0.8,
        3.2,
        20_000,
        120_000,
        [
            (
                "PRS-02 SPDL BRG TEMP ALM {t}C",
                "A-217 at {t} C. CHL-01 flow PRS-02 loop {f} L/min (min 8). Cleaned Y-strainer, flow "
                "{f2} L/min. Regreased 2x2 g NBU 15. 10 dry cycles, temp settled {s} C.",
            ),
            (
                "L/H BRG HOT SPDL - REGREASE",
                "Front brg {t} C by IR-05, HMI same. Grease dry at front purge port, last PM 5 wks ago. "
                "Regreased 2 g front / 2 g rear per WI-MNT-002. Vib {v} mm/s OK. {s} C after 30 min.",
            ),
            (
                "SPDL BRG OVHT - CHL FLOW LOW",
                "PRS-02 loop {f} L/min. Air lock in return line after CHL-01 PM - vented at top bleed, "
                "flow {f2} L/min. No grease added. Spindle {s} C after cool-down.",
            ),
            (
                "PRS-02 A-217 SPDL TEMP HI REPEAT",
                "2nd alarm this week. Vib {vh} mm/s (plan limit 2.8). Flow {f2} L/min OK. Regreased "
                "2x2 g. Brg replacement to be planned - PM planner informed.",
            ),
            (
                "PRS-02 SPDL TEMP {tw}-{t}C INTERMITTENT",
                "Real temp (IR-05 {t} C). CHL-01 supply 24.6 C (high) - condenser fins blocked, cleaned "
                "with air. Supply back to 20.4 C. Spindle {s} C.",
            ),
            (
                "PRS-02 SPDL OVHT AFTER PM - OVERGREASED",
                "{t} C one day after PM. Purge screws opened, 20 cycles run, excess grease purged. "
                "Temp {s} C. Team reminded: max 2 g per nipple.",
            ),
        ],
    ),
    "prs02_brg_repl": (
        12.0,
        16.0,
        7_800_000,
        8_600_000,
        [
            (
                "PRS-02 SPDL BRG NOISE + OVHT - BRG REPL",
                "Vib {vbad} mm/s, temp {t} C. Front angular-contact brg pair 7014 ACD/P4A DB replaced "
                "(MRO-BRG-7014), preload set, run-in 2 h. Vib after {v} mm/s, temp {s} C. Master shaft "
                "MS-20-01 OK.",
            ),
        ],
    ),
    "prs02_force": (
        0.5,
        2.0,
        0,
        60_000,
        [
            (
                "PRS-02 GEAR PRESS FORCE OOW {kg} KN",
                "Force {kg} kN (window 28-42). Load cell recal with ref cell RC-60, offset {ok} kN "
                "corrected. Master shaft OK.",
            ),
            (
                "PRS-02 END POS DRIFT +0.07",
                "End position +0.07 mm vs master. Linear scale head dirty - cleaned, reference run. "
                "5 parts OK.",
            ),
        ],
    ),
    "prs02_sens": (
        0.5,
        2.5,
        40_000,
        260_000,
        [
            (
                "PRS-02 SPDL TEMP SENSOR FAULT",
                "PT100 reads -50 C (open circuit). Sensor cable damaged in drag chain - replaced. Reads "
                "{s} C = IR-05.",
            ),
            (
                "PRS-02 LVDT 2 ERR - RUNOUT STN",
                "LVDT 2 probe tip worn. Probe replaced, master MS-20-01 within 0.002 mm.",
            ),
        ],
    ),
    "prs02_elec": (
        0.7,
        3.0,
        0,
        180_000,
        [
            (
                "PRS-02 SERVO DRV FLT F7",
                "Drive fault F7 overcurrent. Motor cable shield clamp loose - refitted. Fault log "
                "cleared, 20 cycles OK.",
            ),
            (
                "PRS-02 SAFETY DOOR SW FLT",
                "Door switch S21 actuator bent. Switch + actuator replaced, safety function test OK.",
            ),
        ],
    ),
    "prs01_force": (
        0.5,
        2.5,
        0,
        450_000,
        [
            (
                "PRS-01 FORCE HIGH NOK x{n}",
                "Force {khi} kN (max 24). Mandrel PT-10-01 face chipped - replaced with spare. Load cell "
                "check vs ref cell RC-40 OK.",
            ),
            (
                "OP10 PRESS FORCE LOW",
                "Force {klo} kN (min 18). Hyd pressure {ph} bar - prop valve drift, readjusted to "
                "140 bar. Master MH-10-01 OK.",
            ),
            (
                "PRS-01 LOAD CELL DRIFT - CAL",
                "Master check {khi} kN vs 21.0 kN ref. Load cell recal with ref cell RC-40, offset "
                "corrected.",
            ),
        ],
    ),
    "prs01_mech": (
        0.5,
        2.0,
        0,
        380_000,
        [
            (
                "OP10 BRG COCKED - FIXTURE",
                "Chip under rest pad 2 of FX-10-02, housing tilted. Pads cleaned, air blow nozzle "
                "realigned. 5 parts runout max 0.012 mm.",
            ),
            (
                "PRS-01 MANDREL WORN - BRG TILT",
                "Mandrel PT-10-01 face worn 0.15 mm uneven. Replaced. Runout on 5 parts max 0.014 mm.",
            ),
        ],
    ),
    "prs01_hyd": (
        1.0,
        4.0,
        60_000,
        420_000,
        [
            (
                "PRS-01 HYD OIL LEAK CYL ROD",
                "Rod seal leaking. Seal kit replaced, 4 L HLP46 topped up. Press 140 bar OK.",
            ),
            (
                "HYD HOSE WEEP PRS-01 P-LINE",
                "Hose P3 weeping at fitting. Hose replaced, leak check at 150 bar OK.",
            ),
            (
                "PRS-01 HYD OIL TEMP HIGH 58C",
                "Oil cooler fan clogged with dust - cleaned. Oil 42 C after 1 h.",
            ),
        ],
    ),
    "prs01_hose_burst": (
        5.0,
        7.0,
        650_000,
        900_000,
        [
            (
                "PRS-01 HYD HOSE BURST - OIL SPILL",
                "Pressure hose P1 burst at crimp. Area isolated, spill cleaned (22 L). Hose set P1/P2 "
                "replaced, 25 L HLP46 filled, flushing 30 min. EHS informed.",
            ),
        ],
    ),
    "prs01_sens": (
        0.3,
        1.5,
        0,
        150_000,
        [
            (
                "PRS-01 LIGHT CURTAIN FLT",
                "Receiver misaligned after cleaning. Realigned, test rod check OK.",
            ),
            (
                "PRS-01 SEAT CHECK SENSOR FLT",
                "Air seat check on rest pad 3 always NOK. Air nozzle blocked - cleaned.",
            ),
        ],
    ),
    "dsp_gap": (
        0.5,
        2.0,
        30_000,
        160_000,
        [
            (
                "DSP-30 BEAD GAP VIS NOK",
                "Nozzle NZ-30-20 partly clogged (cured sealant at tip). Nozzle replaced, purge 50 g, "
                "bead width {w} mm OK.",
            ),
            (
                "SEALANT BEAD THIN - PRESS LOW",
                "Dispense pressure {p} bar (spec 4.5 +/-0.3). Follower plate seal worn - replaced, "
                "regulator set 4.5 bar. Bead {w} mm.",
            ),
            (
                "DSP-30 AIR IN MATL - BEAD BREAK",
                "Air pocket after drum change. Vented at bleed valve, purge 150 g. Test plate OK, bead "
                "{w} mm.",
            ),
            (
                "BEAD GAP AT BOLT BOSS - OP40 LEAK",
                "OP40 cavity leak at FIPG joint near bolt boss 7. Robot path point P14 offset 0.6 mm - "
                "re-taught. Note: VIS-30 ROI does not cover the bosses.",
            ),
        ],
    ),
    "dsp_sens": (
        0.3,
        1.2,
        0,
        50_000,
        [
            (
                "VIS-30 FALSE NOK - LENS DIRTY",
                "Sealant mist on camera window. Cleaned, ring light checked, golden part OK.",
            ),
        ],
    ),
    "nr_sp3": (
        0.5,
        2.0,
        0,
        80_000,
        [
            (
                "NR SPDL 3 TRQ DRIFT - RECAL",
                "Spdl 3 audit {a} Nm vs set {set} Nm (TW-08 residual). Transducer recal on bench, "
                "offset {o} Nm corrected. 5 audits OK.",
            ),
            (
                "NR-30 SP3 TORQUE LOW NOK x{n}",
                "{n} NOK on bolts 5/6 in one shift. Spdl 3 transducer zero offset {o} Nm. Re-zeroed + "
                "cal vs ref transducer. Quarantined housings re-audited, all OK.",
            ),
            (
                "NR SPDL 3 TRQ OUT OF CPK",
                "Cpk {cpk} (min 1.67) on spdl 3. Transducer cable connector loose at spindle 3 - "
                "re-terminated, recal, Cpk {cpk2} after 50 cycles.",
            ),
        ],
    ),
    "nr_sp3_repl": (
        2.0,
        3.0,
        1_450_000,
        1_650_000,
        [
            (
                "NR-30 SPDL 3 TRQ DRIFT - TRANSDUCER REPL",
                "Drift back 3 wks after recal. Spindle 3 transducer replaced (TR-50N), cal OK, gear head "
                "regreased 1 g. 10 audits {set} +/-0.6 Nm.",
            ),
        ],
    ),
    "nr_other": (
        0.5,
        1.5,
        0,
        50_000,
        [
            (
                "NR SPDL {sp} TRQ DRIFT",
                "Spdl {sp} audit {a} Nm vs set {set} Nm. Recal, offset {o} Nm corrected. 5 audits OK.",
            ),
        ],
    ),
    "nr_elec": (
        0.5,
        2.0,
        180_000,
        420_000,
        [
            (
                "NR-30 SPDL {sp} CABLE FLT",
                "Spindle {sp} cable broken at connector (E-402). Cable replaced, cal check OK.",
            ),
        ],
    ),
    "nr_ovht": (
        0.5,
        1.5,
        10_000,
        40_000,
        [
            (
                "NR SPDL {sp} L/H BRG HOT",
                "Gear head spdl {sp} {tn} C (IR-05, warn 65). Regreased 1 g per WI-MNT-002. CHL-01 NR "
                "loop {fn} L/min OK. {sn} C after 1 h.",
            ),
        ],
    ),
    "nr_mech": (
        0.3,
        1.0,
        40_000,
        120_000,
        [
            (
                "NR-30 SOCKET WORN SPDL {sp}",
                "Socket E10 worn, bit slipping on spindle {sp}. Socket replaced.",
            ),
        ],
    ),
    "lkt_leak": (
        0.5,
        2.5,
        20_000,
        260_000,
        [
            (
                "LKT-40 FALSE REJ - SEAL O-RING REPL",
                "Clt jacket ch1 rejects {cc} cc/min on good parts. Adapter O-ring 22x2.5 cut - replaced. "
                "Master check OK ({m} cc/min on CLM-40-30).",
            ),
            (
                "LKT-40 CLT JACKET NOK RATE HIGH",
                "{n} NOK/shift on ch1. Quick coupler CPL-2 leaking - replaced. Bubble test of 3 NOK "
                "housings: 1 real leak (casting porosity, housing lot {lot}), QA informed.",
            ),
            (
                "OP40 CLT ADAPTER LEAK TA-40-02",
                "Adapter TA-40-02 seat face scored. Adapter replaced with spare, O-rings new. Master OK.",
            ),
            (
                "LKT-40 MASTER FAIL CH1",
                "CLM-40-30 read {mbad} cc/min (exp 2.7-3.3). Test valve V3 seat leaking - cleaned, "
                "recal. Master {m} cc/min.",
            ),
            (
                "LKT-40 CLT JACKET REJ - POROSITY LOT",
                "Rejects {cc} cc/min confirmed by bubble test - porosity at jacket boss. Not a tester "
                "fault. Supplier lot {lot} blocked by QA.",
            ),
        ],
    ),
    "lkt_sens": (
        0.5,
        1.5,
        250_000,
        420_000,
        [
            (
                "LKT-40 P-TRANSDUCER CH2 DRIFT",
                "Ch2 pressure reads 0.58 bar at 0.50 set. Transducer replaced, cal OK.",
            ),
        ],
    ),
    "ofl_leak": (
        0.3,
        1.5,
        20_000,
        90_000,
        [
            (
                "OFL-50 FILL HEAD DRIP",
                "Fill nozzle seal FN-50-01 worn. Replaced. No drip after 20 cycles.",
            ),
            (
                "OFL-50 VAC CHECK NOK",
                "Vacuum leak at nozzle seal. Seal replaced, vacuum 3 mbar abs OK.",
            ),
        ],
    ),
    "ofl_sens": (
        0.5,
        1.5,
        0,
        60_000,
        [
            ("OFL-50 VOLUME OOT 1.25L", "Flowmeter drift +0.05 L. Recal, beaker check 1.20 L."),
        ],
    ),
    "eol_sens": (
        0.5,
        2.0,
        0,
        300_000,
        [
            (
                "EOL-50 NVH MIC FAULT",
                "Microphone M2 no signal. Cable connector replaced. Golden unit GU-50-01 OK.",
            ),
            ("EOL-50 GOLDEN UNIT FAIL", "Drag torque sensor offset 0.3 Nm. Recal. Golden unit OK."),
        ],
    ),
    "eol_elec": (
        0.5,
        2.5,
        0,
        200_000,
        [
            (
                "EOL-50 HV INTERLOCK FLT",
                "Door switch S12 misaligned. Adjusted, HV interlock test OK.",
            ),
            (
                "EOL-50 DYNO DRIVE TRIP",
                "Dyno inverter overtemp - cabinet filter blocked. Filter replaced.",
            ),
        ],
    ),
    "lsr_mech": (
        0.3,
        1.0,
        0,
        40_000,
        [
            (
                "LSR-60 DMC GRADE C",
                "Lens dirty (fume). Lens cleaned, focus checked, test plate grade A.",
            ),
        ],
    ),
    "lsr_elec": (
        0.5,
        1.5,
        90_000,
        180_000,
        [
            ("LSR-60 FUME EXTR FLT", "Fume extractor dP alarm, filter full. Filter replaced."),
        ],
    ),
    "lsr_sens": (
        0.3,
        1.0,
        50_000,
        120_000,
        [
            ("RD-60 NO READ", "Reader RD-60 ring light off. Light cable replaced, grading OK."),
        ],
    ),
    "rob_mech": (
        0.5,
        2.0,
        30_000,
        250_000,
        [
            (
                "ROB-60 GRIPPER JAW LOOSE",
                "Jaw screws loose on GR-60. Tightened with Loctite 243, jaw pads replaced.",
            ),
            (
                "ROB-60 SRVO-050 COLL DETECT",
                "Collision detect on J2, no damage. Payload data checked, reset, 10 cycles OK.",
            ),
        ],
    ),
    "rob_collision": (
        3.0,
        5.0,
        350_000,
        700_000,
        [
            (
                "ROB-60 COLLISION PALLET - UNIT DAMAGED",
                "Pallet not in position, robot hit pallet corner with unit. Pallet stop re-adjusted, "
                "TCP check OK, gripper finger replaced. Unit to OP40 re-test (OK).",
            ),
        ],
    ),
    "chl_flow": (
        0.5,
        2.0,
        40_000,
        400_000,
        [
            (
                "CHL-01 FLOW LOW",
                "Total flow {ft} L/min (min 25). Filter dP {dp} bar - cartridge FLT-CHL-10 replaced. "
                "Flow {ft2} L/min.",
            ),
            (
                "CHL-01 FLOW LOW ALM - PUMP P1",
                "Pump P1 mech seal leaking, flow {ft} L/min. Seal replaced. Flow {ft2} L/min.",
            ),
            (
                "CHL-01 FLOW LOW PRS-02 LOOP",
                "FI-02 {f} L/min. Y-strainer PRS-02 loop clogged with scale. Cleaned, {f2} L/min.",
            ),
        ],
    ),
    "chl_leak": (
        0.5,
        1.5,
        30_000,
        90_000,
        [
            (
                "CHL-01 HOSE LEAK NR-30 LOOP",
                "Return hose NR-30 loop leaking at clamp. Hose + clamp replaced, topped up 6 L coolant "
                "32%.",
            ),
        ],
    ),
    "chl_elec": (
        1.0,
        3.0,
        0,
        150_000,
        [
            (
                "CHL-01 COMPRESSOR TRIP",
                "Compressor overload trip, condenser fins blocked. Cleaned, reset. Supply 20 C.",
            ),
        ],
    ),
    "cnv_mech": (
        0.3,
        1.5,
        0,
        300_000,
        [
            (
                "CNV-01 PALLET JAM AT OP30 STOP",
                "Stopper ST-30 cylinder slow. Flow control readjusted.",
            ),
            (
                "CNV-01 CHAIN STRETCH",
                "Chain stretched 1.8%. Tensioner adjusted, replacement planned.",
            ),
            ("CNV-01 PALLET GUIDE WORN OP20", "Guide rail wear strip replaced."),
        ],
    ),
    "cnv_elec": (
        0.5,
        1.5,
        0,
        120_000,
        [
            (
                "CNV-01 MOTOR M3 OVLD TRIP",
                "Gearmotor M3 overload. Chain tight at curve, adjusted. Motor current 2.1 A OK.",
            ),
        ],
    ),
    "cnv_sens": (
        0.2,
        0.8,
        20_000,
        60_000,
        [
            ("CNV-01 PROX SW OP40 IN FLT", "Prox switch B40-1 damaged. Replaced."),
        ],
    ),
}

# (asset, failure code, WO type, template key, months in 2024, months in 2025, tag)
CM_PLAN = [
    ("PRS-02", "BRG-OVHT", "CM", "prs02_ovht", [3, 6, 7, 7, 9], [1, 5, 6, 6, 8, 8, 9], ""),
    ("PRS-02", "BRG-OVHT", "EM", "prs02_brg_repl", [8], [7], ""),
    ("PRS-02", "PRS-FORCE", "CM", "prs02_force", [4, 11], [3, 10], ""),
    ("PRS-02", "SENS", "CM", "prs02_sens", [2, 10], [6], ""),
    ("PRS-02", "ELEC", "CM", "prs02_elec", [5], [2, 11], ""),
    ("PRS-01", "PRS-FORCE", "CM", "prs01_force", [1, 5, 10], [3, 9], ""),
    ("PRS-01", "MECH", "CM", "prs01_mech", [2, 8], [6], ""),
    ("PRS-01", "HYD", "CM", "prs01_hyd", [3, 7, 12], [4], ""),
    ("PRS-01", "HYD", "EM", "prs01_hose_burst", [], [8], ""),
    ("PRS-01", "SENS", "CM", "prs01_sens", [6], [11], ""),
    ("DSP-30", "SEAL-GAP", "CM", "dsp_gap", [2, 4, 8, 11], [1, 3, 3, 7, 10], ""),
    ("DSP-30", "SENS", "CM", "dsp_sens", [6], [5], ""),
    ("NR-30", "TRQ-DRIFT", "CM", "nr_sp3", [3, 6, 9, 11], [2, 4, 7, 9], "spindle 3"),
    ("NR-30", "TRQ-DRIFT", "CM", "nr_sp3_repl", [], [10], "spindle 3"),
    ("NR-30", "TRQ-DRIFT", "CM", "nr_other", [5, 12], [8], "other spindle"),
    ("NR-30", "ELEC", "CM", "nr_elec", [4, 10], [6], ""),
    ("NR-30", "BRG-OVHT", "CM", "nr_ovht", [7], [8], ""),
    ("NR-30", "MECH", "CM", "nr_mech", [9], [1, 12], ""),
    ("LKT-40", "LEAK-CLT", "CM", "lkt_leak", [2, 10], [1, 4, 4, 5, 5, 5, 6, 6, 11], ""),
    ("LKT-40", "SENS", "CM", "lkt_sens", [8], [9], ""),
    ("OFL-50", "LEAK-OIL", "CM", "ofl_leak", [3, 9], [2, 7], ""),
    ("OFL-50", "SENS", "CM", "ofl_sens", [11], [5], ""),
    ("EOL-50", "SENS", "CM", "eol_sens", [1, 7], [4, 10, 12], ""),
    ("EOL-50", "ELEC", "CM", "eol_elec", [5], [8], ""),
    ("LSR-60", "MECH", "CM", "lsr_mech", [3, 9], [6], ""),
    ("LSR-60", "ELEC", "CM", "lsr_elec", [12], [4], ""),
    ("LSR-60", "SENS", "CM", "lsr_sens", [], [11], ""),
    ("ROB-60", "MECH", "CM", "rob_mech", [2, 6, 10], [3, 9], ""),
    ("ROB-60", "MECH", "EM", "rob_collision", [], [10], ""),
    ("CHL-01", "FLOW-LOW", "CM", "chl_flow", [6, 7, 8], [5, 6, 7, 8], ""),
    ("CHL-01", "LEAK-CLT", "CM", "chl_leak", [4], [10], ""),
    ("CHL-01", "ELEC", "CM", "chl_elec", [8], [], ""),
    ("CNV-01", "MECH", "CM", "cnv_mech", [1, 4, 7, 11], [2, 6, 9, 12], ""),
    ("CNV-01", "ELEC", "CM", "cnv_elec", [3, 10], [7], ""),
    ("CNV-01", "SENS", "CM", "cnv_sens", [9], [4], ""),
]

# (asset, months, short text, action, downtime h, labour h, parts KRW lo-hi)
PM_PLAN = [
    (
        "PRS-02",
        list(range(1, 13)),
        "PM PRS-02 SPDL REGREASE + TEMP CHK",
        "Regreased 2x2 g NBU 15 per WI-MNT-002. Temp before {s} C, vib {v} mm/s, FI-02 {f2} L/min. "
        "OK.",
        0.5,
        1.0,
        (15_000, 25_000),
    ),
    (
        "PRS-01",
        list(range(1, 13)),
        "PM PRS-01 SAFETY CHK (LIGHT CURTAIN / 2-HAND)",
        "Light curtain test rod OK, two-hand control simultaneity OK, E-stop OK.",
        0.0,
        0.5,
        (0, 0),
    ),
    (
        "PRS-01",
        [1, 4, 7, 10],
        "PM PRS-01 HYD FILTER/OIL CHK Q{q}",
        "Return filter replaced, oil sample sent (NAS {nas}). Press 140 bar OK. Mandrel PT-10-01 "
        "checked.",
        1.0,
        2.0,
        (90_000, 140_000),
    ),
    (
        "NR-30",
        [1, 4, 7, 10],
        "PM NR-30 TRANSDUCER CAL + SPDL REGREASE Q{q}",
        "All 6 spindles cal vs ref transducer. Max dev spdl 3 {dev}% (limit 2%). Gear heads 1 g "
        "each.",
        1.5,
        3.0,
        (10_000, 20_000),
    ),
    (
        "LKT-40",
        [1, 4, 7, 10],
        "PM LKT-40 CAL + ADAPTER SEALS Q{q}",
        "Transducers cal, leak masters CLM-40-30/60 verified, all adapter O-rings replaced.",
        1.0,
        2.0,
        (60_000, 90_000),
    ),
    (
        "CHL-01",
        list(range(1, 13)),
        "PM CHL-01 MONTHLY",
        "Filter dP {dpok} bar, concentration {conc}%, supply {sup} C, total flow {ft2} L/min. "
        "Condenser fins cleaned.",
        0.0,
        1.0,
        (0, 30_000),
    ),
    (
        "DSP-30",
        list(range(1, 13)),
        "PM DSP-30 PUMP/FOLLOWER PLATE + NOZZLE",
        "Follower plate seal checked, pump packing OK, nozzle holder cleaned, VIS-30 golden part "
        "OK.",
        0.5,
        1.0,
        (20_000, 60_000),
    ),
    (
        "OFL-50",
        [2, 5, 8, 11],
        "PM OFL-50 FLOWMETER CAL Q{q}",
        "Flowmeter cal, beaker check 1.20 L, nozzle seal FN-50-01 replaced.",
        1.0,
        1.5,
        (30_000, 50_000),
    ),
    (
        "EOL-50",
        [2, 5, 8, 11],
        "PM EOL-50 CAL Q{q}",
        "Dyno torque cal, HV tester self-check, microphone check, golden unit OK.",
        2.0,
        3.0,
        (0, 80_000),
    ),
    (
        "LSR-60",
        [3, 6, 9, 12],
        "PM LSR-60 OPTICS CLEAN Q{q}",
        "Lens + protective window cleaned, fume filter changed, test plate grade A.",
        0.5,
        1.0,
        (90_000, 130_000),
    ),
    (
        "ROB-60",
        [3, 9],
        "PM ROB-60 6M GREASE/BATT",
        "J1-J6 greased, encoder batteries replaced, gripper jaws checked.",
        3.0,
        4.0,
        (150_000, 220_000),
    ),
    (
        "CNV-01",
        [2, 5, 8, 11],
        "PM CNV-01 CHAIN LUBE/TENSION Q{q}",
        "Chain lubricated, tension checked, stoppers checked.",
        0.0,
        1.5,
        (20_000, 40_000),
    ),
]
# PFMEA action (spindle 3 calibration monthly) implemented from May 2025
PM_PLAN_2025_EXTRA = [
    (
        "NR-30",
        [5, 6, 7, 8, 9, 10, 11, 12],
        "PM NR-30 SPDL 3 MONTHLY CAL",
        "Spdl 3 cal vs ref transducer, dev {dev}% (limit 2%). Audit bolts 5/6 OK.",
        0.3,
        0.5,
        (0, 0),
    ),
]
LABOUR_KRW_H = 55_000


def _values(rng: random.Random, when: dt.datetime) -> dict:
    set_nm = 25 if when >= RPT_CHANGE else 23
    return {
        "t": rng.randint(70, 74),
        "tw": rng.randint(61, 66),
        "f": round(rng.uniform(4.6, 7.2), 1),
        "f2": round(rng.uniform(8.8, 10.6), 1),
        "s": rng.randint(46, 54),
        "v": round(rng.uniform(1.3, 2.5), 1),
        "vh": round(rng.uniform(3.0, 4.2), 1),
        "vbad": round(rng.uniform(5.1, 6.8), 1),
        "kg": round(rng.choice([rng.uniform(42.4, 45.0), rng.uniform(25.0, 27.6)]), 1),
        "ok": round(rng.uniform(0.8, 2.2), 1),
        "khi": round(rng.uniform(24.4, 27.5), 1),
        "klo": round(rng.uniform(15.2, 17.8), 1),
        "ph": rng.randint(123, 129),
        "set": set_nm,
        "a": round(set_nm - rng.uniform(1.8, 3.4), 1),
        "o": round(rng.uniform(0.6, 1.9), 1),
        "n": rng.randint(2, 5),
        "cpk": round(rng.uniform(0.9, 1.4), 2),
        "cpk2": round(rng.uniform(1.8, 2.4), 2),
        "sp": rng.choice([1, 2, 4, 5, 6]),
        "tn": rng.randint(66, 71),
        "fn": round(rng.uniform(12.5, 14.5), 1),
        "sn": rng.randint(48, 54),
        "w": round(rng.uniform(2.9, 3.2), 1),
        "p": round(rng.uniform(3.8, 4.1), 1),
        "cc": round(rng.uniform(3.4, 5.8), 1),
        "m": round(rng.uniform(2.9, 3.1), 2),
        "mbad": round(rng.uniform(3.6, 4.4), 1),
        "lot": f"C{when:%y%m}-{rng.randint(11, 48)}",
        "ft": round(rng.uniform(17.0, 23.0), 1),
        "ft2": round(rng.uniform(27.0, 31.0), 1),
        "dp": round(rng.uniform(0.9, 1.3), 2),
        "dpok": round(rng.uniform(0.2, 0.6), 1),
        "conc": rng.randint(30, 35),
        "sup": round(rng.uniform(19.2, 21.4), 1),
        "dev": round(rng.uniform(0.3, 1.6), 1),
        "nas": rng.choice([6, 7, 7, 8]),
        "q": (when.month - 1) // 3 + 1,
        "s2": 0,
        "wlo": round(rng.uniform(2.1, 2.4), 1),
    }


# plant shutdown days (New Year, Seollal, Labour Day, Chuseok, Christmas)
HOLIDAYS = {
    dt.date(2024, 1, 1),
    dt.date(2024, 2, 9),
    dt.date(2024, 2, 10),
    dt.date(2024, 2, 12),
    dt.date(2024, 5, 1),
    dt.date(2024, 9, 16),
    dt.date(2024, 9, 17),
    dt.date(2024, 9, 18),
    dt.date(2024, 12, 25),
    dt.date(2025, 1, 1),
    dt.date(2025, 1, 28),
    dt.date(2025, 1, 29),
    dt.date(2025, 1, 30),
    dt.date(2025, 5, 1),
    dt.date(2025, 10, 6),
    dt.date(2025, 10, 7),
    dt.date(2025, 10, 8),
    dt.date(2025, 12, 25),
}


def _random_dt(
    rng: random.Random, year: int, month: int, day_range: tuple = (1, 28), hours: tuple = (6, 22)
) -> dt.datetime:
    while True:
        day = rng.randint(*day_range)
        d = dt.datetime(
            year, month, day, rng.randint(*hours), rng.choice([0, 10, 15, 20, 30, 40, 45, 50])
        )
        if d.weekday() < 6 and d.date() not in HOLIDAYS:  # Line 2 runs Monday-Saturday
            return d


def generate_cmms(rng: random.Random) -> dict[int, list[dict]]:
    events: dict[int, list[dict]] = {2024: [], 2025: []}
    for year in (2024, 2025):
        yi = 0 if year == 2024 else 1
        for asset, code, wotype, key, m24, m25, tag in CM_PLAN:
            dlo, dhi, plo, phi, texts = CM_TEMPLATES[key]
            for month in (m24, m25)[yi]:
                late = year == 2025 and month == 12  # still open at export time
                opened = _random_dt(rng, year, month, (22, 30) if late else (1, 28))
                vals = _values(rng, opened)
                if key == "nr_sp3":
                    vals["sp"] = 3
                short, action = rng.choice(texts)
                downtime = round(rng.uniform(dlo, dhi) * 4) / 4
                cost = (
                    round(
                        (downtime * LABOUR_KRW_H * rng.choice([1, 1, 2]) + rng.uniform(plo, phi))
                        / 1000
                    )
                    * 1000
                )
                events[year].append(
                    {
                        "opened": opened,
                        "asset": asset,
                        "type": wotype,
                        "code": code,
                        "short": short.format(**vals),
                        "action": action.format(**vals),
                        "downtime": downtime,
                        "cost": int(cost),
                        "tag": tag,
                        "spindle": 3
                        if key.startswith("nr_sp3")
                        else (vals["sp"] if asset == "NR-30" else None),
                    }
                )
        plans = PM_PLAN + (PM_PLAN_2025_EXTRA if year == 2025 else [])
        for asset, months, short, action, down, labour, (plo, phi) in plans:
            for month in months:
                opened = _random_dt(rng, year, month, (1, 12), (7, 9))
                vals = _values(rng, opened)
                cost = round((labour * LABOUR_KRW_H + rng.uniform(plo, phi)) / 1000) * 1000
                events[year].append(
                    {
                        "opened": opened,
                        "asset": asset,
                        "type": "PM",
                        "code": "",
                        "short": short.format(**vals),
                        "action": action.format(**vals),
                        "downtime": down,
                        "cost": int(cost),
                        "tag": "",
                        "spindle": None,
                    }
                )
    for year, rows in events.items():
        rows.sort(key=lambda e: (e["opened"], e["asset"], e["short"]))
        number = 17
        for e in rows:
            e["wo"] = f"WO-{year % 100:02d}-{number:05d}"
            number += rng.randint(1, 9)  # the number range is shared with Line 1 and Line 3
            e["tech"] = rng.choices(TECHS, TECH_WEIGHTS)[0]
            if e["type"] == "PM":
                closed = e["opened"] + dt.timedelta(hours=max(e["downtime"], 1.0))
            else:
                closed = e["opened"] + dt.timedelta(hours=e["downtime"] + rng.uniform(0.2, 1.5))
                if rng.random() < 0.2:  # technician closed the order the next working day(s)
                    closed += dt.timedelta(days=rng.randint(1, 3))
            e["closed"] = closed.replace(second=0, microsecond=0, minute=(closed.minute // 5) * 5)
    # realistic messiness
    y24 = events[2024]
    repl = next(e for e in y24 if e["short"].startswith("PRS-02 SPDL BRG NOISE"))
    repl["tech"] = "JHK/SYP"
    next(e for e in y24 if e["asset"] == "CNV-01" and e["type"] == "CM")["downtime"] = None
    y24_lower = next(e for e in y24 if e["asset"] == "LSR-60" and e["type"] == "CM")
    y24_lower["short"] = y24_lower["short"].lower()
    y25 = events[2025]
    next(e for e in y25 if e["asset"] == "ROB-60" and e["type"] == "CM")["code"] = ""
    for e in y25:
        if e["opened"] >= dt.datetime(2025, 12, 22):
            e["closed"] = None
            e["cost"] = None
            e["action"] = "In progress - " + e["action"].split(". ")[0].rstrip(".") + "."
    open_cm = [e for e in y25 if e["closed"] is None and e["type"] != "PM"]
    if open_cm:
        open_cm[-1]["downtime"] = None
    return events


CMMS_COLUMNS = [
    "WO Number",
    "Date Opened",
    "Date Closed",
    "Asset ID",
    "Asset Description",
    "Station",
    "WO Type",
    "Failure Code",
    "Short Text",
    "Action Taken",
    "Technician",
    "Downtime (h)",
    "Cost (KRW)",
]


def _cmms_row(e: dict) -> list:
    desc, station = ASSETS[e["asset"]]
    return [
        e["wo"],
        e["opened"],
        e["closed"],
        e["asset"],
        desc,
        station,
        e["type"],
        e["code"],
        e["short"],
        e["action"],
        e["tech"],
        e["downtime"],
        e["cost"],
    ]


def write_cmms(events: dict[int, list[dict]]) -> tuple[Path, Path]:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    folder = OUT / "maintenance"
    folder.mkdir(parents=True, exist_ok=True)
    path_csv = folder / "CMMS_WO_export_2024.csv"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CMMS_COLUMNS)
    for e in events[2024]:
        row = _cmms_row(e)
        row[1] = row[1].strftime("%Y-%m-%d %H:%M")
        row[2] = row[2].strftime("%Y-%m-%d %H:%M") if row[2] else ""
        row[11] = "" if row[11] is None else f"{row[11]:g}"
        row[12] = "" if row[12] is None else str(row[12])
        w.writerow(row)
    path_csv.write_bytes(buf.getvalue().encode("utf-8"))

    wb = Workbook()
    ws = wb.active
    ws.title = "WorkOrders"
    ws.append(CMMS_COLUMNS)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    for e in events[2025]:
        ws.append(_cmms_row(e))
    for row in ws.iter_rows(min_row=2):
        row[1].number_format = "yyyy-mm-dd hh:mm"
        row[2].number_format = "yyyy-mm-dd hh:mm"
        row[11].number_format = "0.00"
        row[12].number_format = "#,##0"
    for col, width in zip(
        "ABCDEFGHIJKLM", [13, 17, 17, 9, 40, 8, 8, 11, 42, 70, 10, 12, 12], strict=True
    ):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.properties.creator = "CMMS export service"
    wb.properties.lastModifiedBy = "CMMS export service"
    wb.properties.title = "CMMS work order export 2025 - Line 2"
    wb.properties.created = FIXED_DOC_TIME
    wb.properties.modified = FIXED_DOC_TIME
    path_xlsx = folder / "CMMS_WO_export_2025.xlsx"
    wb.save(path_xlsx)
    normalize_zip(path_xlsx)
    return path_csv, path_xlsx


# ---- Korean area maintenance log (CP949) ----------------------------------------------
KO_TEMPLATES: dict[str, tuple] = {
    "k_prs02_ovht": (
        30,
        180,
        [
            (
                "스핀들 베어링 과열 알람(A-217) 발생, {t}℃",
                "칠러 PRS-02 라인 유량 {f} L/min 확인 → Y스트레이너 청소 후 {f2} L/min 회복. 그리스 "
                "보충(전/후 각 2 g) 후 공운전 10회, {s}℃에서 안정. 정상",
            ),
            (
                "스핀들 베어링 과열 알람 (A-217, {t}℃)",
                "스핀들 베어링 과열 알람 - 그리스 보충 후 정상 (전/후 각 2 g, 30분 후 {s}℃)",
            ),
            (
                "야간조 스핀들 온도 {t}℃ 알람, 설비 정지",
                "칠러 공급온도 24.8℃로 높음. 응축기 핀 먼지 막힘 - 에어 청소 후 20.6℃. 스핀들 {s}℃ "
                "확인 후 재가동",
            ),
            (
                "스핀들 과열 재발 (금주 2회째), {t}℃",
                "진동 {vh} mm/s 측정 (2.8 초과) - 베어링 열화 의심. 그리스 보충 후 임시 가동, 베어링 "
                "교체 계획 수립 요청 (CMMS 계획정비)",
            ),
            (
                "스핀들 온도 상승 {tw}℃ 경고(W-216)",
                "PRS-02 라인 에어 포켓 확인. 최상단 벤트로 에어 빼기 후 유량 {f2} L/min. 그리스는 "
                "보충하지 않음. 30분 후 {s}℃",
            ),
        ],
    ),
    "k_prs02_pm": (
        0,
        0,
        [
            (
                "스핀들 주간 온도/진동 점검",
                "HMI {s}℃, IR {s2}℃, 진동 {v} mm/s, FI-02 {f2} L/min - 이상 없음",
            ),
        ],
    ),
    "k_prs02_sens": (
        40,
        90,
        [
            (
                "스핀들 온도 표시 이상 (-50℃ 표시)",
                "PT100 센서 케이블 단선 (케이블베어 내부). 케이블 교체 후 정상 표시 확인",
            ),
        ],
    ),
    "k_prs02_mech": (
        60,
        120,
        [
            (
                "런아웃 NG 증가, V블록 마모 의심",
                "FX-20-01 V블록 마모 0.02 mm 확인. 예비품으로 교체, 마스터 샤프트 MS-20-01 확인 OK",
            ),
        ],
    ),
    "k_nr_sp3": (
        20,
        90,
        [
            (
                "3번 스핀들 토크 편차 발생 (감사토크 {a} Nm / 설정 {set} Nm)",
                "3번 스핀들 트랜스듀서 영점 재설정 및 검교정. 감사토크 5회 OK",
            ),
            (
                "3번 스핀들 토크 NG {n}회 (볼트 5, 6번)",
                "트랜스듀서 커넥터 접촉 불량 - 커넥터 재체결 및 검교정. 격리품 재감사 결과 이상 없음",
            ),
            (
                "3번 스핀들 토크 산포 증가 (Cpk {cpk})",
                "기어헤드 온도 {tn}℃ 확인, 그리스 1 g 보충 후 검교정. Cpk {cpk2}로 회복",
            ),
        ],
    ),
    "k_nr_sp1": (
        20,
        60,
        [
            (
                "1번 스핀들 토크 낮음 (감사토크 {a} Nm / 설정 {set} Nm)",
                "1번 스핀들 검교정, 오프셋 {o} Nm 보정. 감사토크 5회 OK",
            ),
        ],
    ),
    "k_nr_elec": (
        30,
        90,
        [
            ("2번 스핀들 통신 에러 (E-402)", "스핀들 케이블 커넥터 핀 휨 - 케이블 교체"),
        ],
    ),
    "k_nr_mech": (
        10,
        30,
        [
            ("{sp}번 스핀들 소켓 마모, 비트 미끄러짐", "소켓 E10 교체"),
        ],
    ),
    "k_nr_ovht": (
        20,
        60,
        [
            (
                "{sp}번 스핀들 기어헤드 과열 {tn}℃",
                "그리스 1 g 보충, 칠러 NR-30 라인 유량 {fn} L/min 정상. 1시간 후 {sn}℃",
            ),
        ],
    ),
    "k_nr_pm": (
        0,
        0,
        [
            (
                "너트러너 분기 검교정",
                "6개 스핀들 기준 트랜스듀서 대비 검교정. 3번 스핀들 편차 {dev}% (기준 2% 이내)",
            ),
        ],
    ),
    "k_dsp_gap": (
        20,
        90,
        [
            (
                "실런트 비드 끊김 (비전 NG), 볼트 보스부",
                "노즐 끝단 경화물 막힘 - 노즐 교체, 퍼지 50 g 후 비드 폭 {w} mm 확인",
            ),
            (
                "비드 폭 미달 {wlo} mm 연속 발생",
                "토출 압력 {p} bar로 저하. 레귤레이터 4.5 bar 재조정, 팔로워 플레이트 씰 점검",
            ),
            ("드럼 교체 후 비드 끊김", "에어 혼입. 벤트 밸브로 에어 빼기, 퍼지 150 g 후 정상"),
            (
                "OP40 누설 NG 하우징 - 접합부 실런트 갭 확인",
                "로봇 도포 경로 P14 포인트 0.5 mm 틀어짐 - 티칭 보정, 초품 확인 OK",
            ),
        ],
    ),
    "k_dsp_sens": (
        15,
        40,
        [
            (
                "VIS-30 오판정 (양품 NG)",
                "카메라 보호창 실런트 미스트 오염 - 청소, 조명 점검 후 골든 샘플 OK",
            ),
        ],
    ),
    "k_dsp_mech": (
        40,
        80,
        [
            ("드럼 팔로워 플레이트 씰 누설", "씰 교체, 드럼 주변 실런트 청소"),
        ],
    ),
    "k_dsp_pm": (
        0,
        0,
        [
            (
                "노즐 및 노즐 홀더 정기 청소",
                "노즐 홀더 분해 청소, 퍼지 50 g, 초품 비드 폭 {w} mm OK",
            ),
        ],
    ),
    "k_lkt_leak": (
        20,
        120,
        [
            (
                "냉각수 재킷 누설 NG 연속 3회 ({cc} cc/min)",
                "테스트 어댑터 O링 찢어짐 확인, 교체 후 마스터 확인 OK. 재검사 결과 양품",
            ),
            (
                "냉각수 재킷 채널 NG 다발 (교대당 {n}건)",
                "퀵커플러 CPL-2 누설 - 교체. NG품 버블 테스트 결과 1건 실제 누설 (주조 기공), "
                "품질팀 통보",
            ),
            (
                "마스터 점검 NG (CLM-40-30 {mbad} cc/min)",
                "테스트 밸브 V3 시트 이물 - 청소 후 재교정, 마스터 {m} cc/min OK",
            ),
            ("TA-40-02 어댑터 시트면 손상, 누설", "어댑터 예비품 교체, O링 신품 적용. 마스터 OK"),
        ],
    ),
    "k_lkt_sens": (
        30,
        60,
        [
            ("2채널 압력 표시 0.58 bar (설정 0.5 bar)", "압력 트랜스듀서 교체 및 교정"),
        ],
    ),
    "k_lkt_mech": (
        15,
        40,
        [
            ("지그 클램프 실린더 동작 느림", "스피드 컨트롤러 조정, 실린더 패킹 점검"),
        ],
    ),
    "k_lkt_pm": (
        0,
        0,
        [
            (
                "누설시험기 마스터 및 어댑터 정기 점검",
                "어댑터 O링 전수 교체, 마스터 확인 OK ({m} cc/min)",
            ),
        ],
    ),
}

# (asset, work type, failure code, template key, months in 2025)
KO_PLAN = [
    ("PRS-02", "고장수리", "BRG-OVHT", "k_prs02_ovht", [6, 7, 7, 8, 9]),
    ("PRS-02", "예방정비", "", "k_prs02_pm", [1, 3, 5, 10]),
    ("PRS-02", "고장수리", "SENS", "k_prs02_sens", [4]),
    ("PRS-02", "고장수리", "MECH", "k_prs02_mech", [11]),
    ("NR-30", "고장수리", "TRQ-DRIFT", "k_nr_sp3", [2, 5, 7, 10]),
    ("NR-30", "고장수리", "TRQ-DRIFT", "k_nr_sp1", [9]),
    ("NR-30", "고장수리", "ELEC", "k_nr_elec", [3]),
    ("NR-30", "고장수리", "MECH", "k_nr_mech", [6, 12]),
    ("NR-30", "고장수리", "BRG-OVHT", "k_nr_ovht", [8]),
    ("NR-30", "예방정비", "", "k_nr_pm", [1, 4]),
    ("DSP-30", "고장수리", "SEAL-GAP", "k_dsp_gap", [1, 2, 3, 5, 7, 9, 11]),
    ("DSP-30", "고장수리", "SENS", "k_dsp_sens", [4, 10]),
    ("DSP-30", "고장수리", "MECH", "k_dsp_mech", [6]),
    ("DSP-30", "예방정비", "", "k_dsp_pm", [8]),
    ("LKT-40", "고장수리", "LEAK-CLT", "k_lkt_leak", [4, 4, 5, 5, 6, 6, 11]),
    ("LKT-40", "고장수리", "SENS", "k_lkt_sens", [9]),
    ("LKT-40", "고장수리", "MECH", "k_lkt_mech", [2]),
    ("LKT-40", "예방정비", "", "k_lkt_pm", [3, 12]),
]
KO_COLUMNS = [
    "작업지시번호",
    "일자",
    "설비번호",
    "설비명",
    "공정",
    "작업구분",
    "고장코드",
    "작업내용",
    "조치내용",
    "비가동시간(분)",
    "작업자",
]


def generate_ko_log(rng: random.Random) -> list[dict]:
    rows = []
    for asset, kind, code, key, months in KO_PLAN:
        lo, hi, texts = KO_TEMPLATES[key]
        for i, month in enumerate(months):
            when = _random_dt(rng, 2025, month)
            vals = _values(rng, when)
            vals["s2"] = vals["s"] + rng.randint(-2, 3)
            if key == "k_nr_mech":
                vals["sp"] = rng.choice([2, 4, 5])
            work, action = texts[i % len(texts)]
            rows.append(
                {
                    "date": when,
                    "asset": asset,
                    "kind": kind,
                    "code": code,
                    "work": work.format(**vals),
                    "action": action.format(**vals),
                    "minutes": 0 if kind == "예방정비" else rng.randint(lo, hi) // 5 * 5,
                    "tech": TECH_KO[rng.choices(TECHS, TECH_WEIGHTS)[0]],
                    "spindle": 3 if key == "k_nr_sp3" else None,
                }
            )
    rows.sort(key=lambda r: (r["date"], r["asset"], r["work"]))
    # the repeat overheating on PRS-02 was escalated as an emergency job
    next(r for r in rows if r["work"].startswith("스핀들 과열 재발"))["kind"] = "긴급"
    number = 1
    for r in rows:
        r["no"] = f"L2-25-{number:04d}"
        number += rng.randint(1, 3)  # numbers also used for OP10/OP50/OP60 area jobs
    return rows


def write_ko_log(rows: list[dict]) -> Path:
    path = OUT / "maintenance" / "정비일지_2025_OP20-OP40.csv"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(KO_COLUMNS)
    for r in rows:
        name, station = ASSETS_KO[r["asset"]]
        w.writerow(
            [
                r["no"],
                r["date"].strftime("%Y-%m-%d"),
                r["asset"],
                name,
                station,
                r["kind"],
                r["code"],
                r["work"],
                r["action"],
                r["minutes"],
                r["tech"],
            ]
        )
    path.write_bytes(buf.getvalue().encode("cp949"))
    return path


# --------------------------------------------------------------------------------------
# PLANT.md generated section
# --------------------------------------------------------------------------------------
BEGIN = "<!-- BEGIN GENERATED by scripts/make_sample_plant.py (do not edit by hand) -->"
END = "<!-- END GENERATED -->"

WI_FACTS = {
    "WI-OP10-001": [
        "Rev D, effective 2024-09-16, supersedes Rev C; PRS-01 hydraulic press (40 kN), program "
        "P10-06; cold press only (no heating/cooling), housing and bearing 15-35 °C",
        "Final press force window 18-24 kN (Rev B changed it from 16-24 kN); pressing speed "
        "5 mm/s, approach 50 mm/s; end position 32.50 ± 0.10 mm; dwell 1.0 s; hydraulic "
        "pressure 140 ± 10 bar (PG-01); software force limit 30 kN",
        "Axial runout of the outer-ring face max. 0.03 mm (first part, every 50th part, after "
        "NOK) with dial indicator DI-10-01; seating gap < 0.03 mm (feeler gauge)",
        "Parts: housing EDU-200-HSG-01, bearing EDU-200-BRG-01 (6209-2RS C3); mandrel PT-10-01; "
        "fixture FX-10-02; reaction: 3 NOK in a row -> stop, failure code PRS-FORCE / MECH",
        "Tables: press parameters (Table 1), reaction plan (Table 2), revision history",
    ],
    "WI-OP20-001": [
        "Rev C, effective 2025-03-10; PRS-02 servo press 60 kN; gear press-fit 28-42 kN at "
        "3 mm/s to 118.40 ± 0.05 mm (P20-GR); bearing EDU-200-BRG-02 8-14 kN at 5 mm/s to "
        "22.00 ± 0.05 mm (P20-BR)",
        "Radial runout ≤ 0.02 mm at the gear reference diameter; axial runout of the gear face "
        "≤ 0.03 mm",
        "Spindle bearing temperature: normal ≤ 55 °C, warning W-216 at 60 °C, alarm A-217 at "
        "70 °C (press stops after the stroke), restart only below 50 °C with maintenance "
        "sign-off",
        "Alarm reaction (section 6): do not reset repeatedly; re-check parts since W-216 (at "
        "least last 10); CMMS WO failure code BRG-OVHT; check CHL-01 supply 20 ± 2 °C and flow "
        "≥ 8 L/min on FI-02; grease per WI-MNT-002 (2 g per nipple); vibration VP-01 ≤ 2.8 mm/s "
        "normal, 2.8-4.5 plan replacement, > 4.5 mm/s stop; 10 dry cycles at 50% speed, "
        "temperature must stay < 60 °C",
    ],
    "WI-OP30-001": [
        "Two revisions present. Rev B (effective 2024-02-01, docx): 12 bolts M8x25 10.9 "
        "(EDU-200-BLT-825), one pass to 23 Nm ± 2.0 Nm, NR-30 program P-23B, residual audit "
        "21.0-26.5 Nm",
        "Rev C (effective 2025-06-02, 'Supersedes: Rev B', ECR ENG-CR-2025-014): two passes in a "
        "cross pattern - pass 1 snug 10 Nm ± 1.0 Nm, pass 2 final 25 Nm ± 1.5 Nm, angle window "
        "20-60° from 10 Nm, program P-25C; residual audit 23.5-28.5 Nm (5 housings/shift, "
        "TW-08); manual sequence 1-7-4-10-2-8-5-11-3-9-6-12",
        "NR-30 spindle n tightens bolts 2n-1 (index A) and 2n (index B): spindle 3 = bolts 5 "
        "and 6; open time of the sealant before joining max. 10 min",
    ],
    "WI-OP30-002": [
        "Korean (개정 B, 시행일 2025-04-01, 공정 OP30, DSP-30): 비드 폭 3.0 ± 0.5 mm (VIS-30 합격 "
        "2.5~3.5 mm), 높이 1.2~1.8 mm, 끊김 불허, 시작/종료 겹침 5~10 mm",
        "토출 압력 4.5 ± 0.3 bar, 도포 속도 40 mm/s, 노즐 NZ-30-20 (Ø2.0 mm) 2교대마다 교체, "
        "실런트 온도 20~30 °C, 오픈 타임 10분 이내, 드럼 교체 후 퍼지 50 g",
        "볼트 보스부는 VIS-30 검사 영역에서 일부 제외 -> 작업자 육안 확인 (개정 B에서 추가); "
        "Rev A 공차는 ±0.7 mm",
    ],
    "WI-OP40-001": [
        "Rev C, effective 2024-11-04, LKT-40; channel 1 coolant jacket: 2.0 bar, fill 8 s, "
        "stabilise 10 s, test 6 s, reject limit 3.0 cc/min; channel 2 housing cavity: 0.5 bar, "
        "reject limit 6.0 cc/min",
        "Shift-start master check: OK master MH-40-01 < 1.0 cc/min; leak master CLM-40-30 must "
        "reject (2.7-3.3 cc/min); adapter O-rings EDU-T40-OR-22 replaced every 20,000 cycles; "
        "part temperature 15-35 °C",
        "Reaction: re-test once after O-ring check; 2nd NOK -> bubble test; 3 NOK in a row -> "
        "stop, CMMS failure code LEAK-CLT (coolant channel) or SENS",
    ],
    "WI-OP50-001": [
        "Rev B, effective 2025-01-20 (HTML); oil EF-3 (EDU-200-OIL-EF3), fill volume "
        "1.20 L ± 0.03 L (Rev A: 1.15 L); vacuum ≤ 5 mbar abs, hold 10 s, rise ≤ 2 mbar",
        "Fill plug M18x1.5 with new washer EDU-200-WSH-18: 35 Nm ± 3 Nm with TW-12",
        "EOL-50: insulation ≥ 100 MΩ at 1,000 V DC, run-in 1,000 rpm 20 s, sweep to 12,000 rpm, "
        "drag torque ≤ 1.2 Nm at 100 rpm, oil temperature at start 25-45 °C, cycle ~95 s; "
        "DANGER block before connecting HVA-50",
    ],
    "WI-OP60-001": [
        "Rev A, effective 2024-06-03 (TXT); LSR-60 30 W fibre laser, program M60-EDU200: power "
        "80% (24 W), 600 mm/s, 40 kHz, 2 passes; ECC200 DataMatrix 22x22, 10 x 10 mm; serial "
        "EDU200-YYDDD-NNNNN; minimum grade B (C only with Quality release)",
        "ROB-60 packs 8 units per pallet PAL-EDU-08 (2 layers of 4); unit ~78 kg, pallet ~680 kg",
    ],
    "WI-MNT-001": [
        "Rev B, effective 2024-05-13 (PDF); LOTO for PRS-01 and PRS-02; energy table: "
        "400 V AC (Q0-PRS01/Q0-PRS02), PRS-02 servo DC bus up to 560 V DC (wait ≥ 10 min, "
        "verify < 50 V DC), PRS-01 accumulator 140 bar (dump valve V-HY-03, PG-01 = 0 bar), "
        "air 6 bar (LV-AIR-10/20), gravity (ram blocks RB-01/RB-02; rams ~85 kg / ~60 kg), "
        "coolant 3 bar (CV-02a/b)",
        "3 DANGER blocks (ram block before Step 3, accumulator before Step 5, DC bus before "
        "Step 8); 12 steps; lock removal of an absent person only by the maintenance manager "
        "(form LOTO-03)",
    ],
    "WI-MNT-002": [
        "Rev B, effective 2025-03-10; PRS-02 spindle: check weekly, regrease every 4 weeks, "
        "2 g per nipple x 2 nipples (4 strokes of GG-05 at 0.5 g), grease Isoflex NBU 15 "
        "(MRO-GRS-015); NR-30 gear heads: 1 g each every 250,000 cycles or 3 months",
        "Limits: normal ≤ 55 °C, warning 60 °C (W-216), alarm 70 °C (A-217); NR-30 gear head "
        "warning 65 °C, stop 75 °C; run-in 10 dry cycles at 50% + 20 at 100%, may peak 65 °C, "
        "must be < 55 °C within 30 min; CHL-01 flow ≥ 8 L/min (FI-02) / ≥ 12 L/min (FI-03); "
        "spare bearing set 7014 ACD/P4A DB (MRO-BRG-7014)",
    ],
    "WI-MNT-003": [
        "Korean (개정 A, 시행일 2024-08-05): CHL-01 공급 온도 20 ± 2 °C, 총 유량 ≥ 25 L/min, "
        "PRS-02 분기 ≥ 8 L/min, NR-30 분기 ≥ 12 L/min, 필터 차압 ≤ 0.8 bar, 부동액 30~35 %, "
        "공급 압력 2.5~3.5 bar; 유량 저하 시 고장코드 FLOW-LOW; 공급 온도 25 °C 초과 시 경고",
    ],
}


def _md_table(headers: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def _count_table(counter_by_year: dict[int, Counter], label: str) -> list[str]:
    keys = sorted(set().union(*[set(c) for c in counter_by_year.values()]))
    rows = [
        [
            k,
            counter_by_year[2024][k],
            counter_by_year[2025][k],
            counter_by_year[2024][k] + counter_by_year[2025][k],
        ]
        for k in keys
    ]
    rows.append(
        [
            "**total**",
            sum(counter_by_year[2024].values()),
            sum(counter_by_year[2025].values()),
            sum(counter_by_year[2024].values()) + sum(counter_by_year[2025].values()),
        ]
    )
    return _md_table([label, "2024 (CSV)", "2025 (XLSX)", "total"], rows)


def plant_section(
    files: list[Path], pfmea: dict, cmms: dict[int, list[dict]], ko_rows: list[dict]
) -> str:
    lines: list[str] = [
        BEGIN,
        "",
        "## Generated sample document set",
        "",
        "Written by `scripts/make_sample_plant.py` (seeded, deterministic). All counts "
        "below are computed from the generated data.",
        "",
        "### Files",
        "",
    ]
    rows = []
    for p in files:
        rel = p.relative_to(OUT).as_posix()
        fmt = p.suffix.lstrip(".").upper()
        note = ""
        if p.name.startswith("정비일지"):
            fmt += " (CP949)"
        elif fmt == "CSV":
            fmt += " (UTF-8)"
        if p.parent.name == "work_instructions":
            wi = next(w for w in WORK_INSTRUCTIONS if w["file"] == p.name)
            meta = _doc_meta(wi)
            note = f"{meta['no']} Rev {meta['rev']}, effective {meta['eff']}" + (
                ", Korean" if wi["lang"] == "ko" else ""
            )
            if p.name in PDF_PAGES:
                note += f", {PDF_PAGES[p.name]} pages ('Page X of Y' footer)"
        elif p.parent.name == "pfmea":
            note = "PFMEA, see below"
        elif p.parent.name == "maintenance":
            note = "maintenance log, see below"
        rows.append([f"`{rel}`", fmt, note])
    lines += _md_table(["file", "format", "document"], rows)

    lines += ["", "### Work instructions - key facts", ""]
    for doc_no, facts in WI_FACTS.items():
        lines.append(f"**{doc_no}**")
        lines += [f"- {f}" for f in facts]
        lines.append("")

    lines += [
        "### PFMEA workbooks",
        "",
        "AP is computed with the AIAG-VDA FMEA Handbook (2019) action-priority table "
        "(`action_priority()` in the generator); RPN = S x O x D.",
        "",
    ]
    a_rows = pfmea["A"]["rows"]
    b_rows = [r for rs in pfmea["B"]["rows"].values() for r in rs]

    def ap_counts(rows: list[list]) -> str:
        c = Counter(r[10] for r in rows)
        return f"H {c['H']}, M {c['M']}, lines {c['lines']}"

    def flagged(rows: list[list]) -> list[list]:
        return [r for r in rows if r[4] >= 9 and r[10] == "H" and not r[12]]

    lines += [
        f"- `PFMEA_Line2_Assembly_OP10-OP30.xlsx`: sheet `PFMEA OP10-OP30`, 4 merged title "
        f'rows ("PFMEA rev 7, last updated 2025-01-15"), header in row 5, {len(a_rows)} '
        f"failure-cause rows (rows 6-{5 + len(a_rows)}); Process Step and Process Function "
        f"merged vertically per step ({len(PFMEA_A_GROUPS)} steps). AP: {ap_counts(a_rows)}.",
        "- `PFMEA_Line2_Test_Pack_OP40-OP60.xlsx`: bilingual header in row 1, sheets "
        + ", ".join(f"`{k}` ({len(v)} rows)" for k, v in pfmea["B"]["rows"].items())
        + f", no merged cells. AP: {ap_counts(b_rows)}.",
        "- Rows with S ≥ 9, AP = H and an empty Recommended Action (review findings):",
    ]
    for name, rows_ in (("A", a_rows), ("B", b_rows)):
        for r in flagged(rows_):
            lines.append(
                f'  - {name}: {r[0]} - "{r[2]}" / cause "{r[5]}" (S {r[4]}, O {r[6]}, '
                f"D {r[9]}, RPN {r[11]})"
            )
    top = max(a_rows + b_rows, key=lambda r: r[11])
    lines.append(f'- Highest RPN: {top[11]} - {top[0]} "{top[2]}" / "{top[5]}" (AP {top[10]}).')
    hi_a = [r for r in a_rows if r[10] == "H"]
    lines.append(
        f"- Workbook A AP=H rows: {len(hi_a)}; of those with an action, status: "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r[15] for r in hi_a if r[12]).items()))
        + "."
    )
    lines.append("")

    lines += ["### Maintenance logs", ""]
    all_cmms = cmms[2024] + cmms[2025]
    lines += [
        f"- CMMS exports: {len(cmms[2024])} work orders in 2024 "
        f"(`CMMS_WO_export_2024.csv`), {len(cmms[2025])} in 2025 (`CMMS_WO_export_2025.xlsx`, "
        f"sheet `WorkOrders`); Korean area log `정비일지_2025_OP20-OP40.csv`: {len(ko_rows)} "
        f"entries (numbers L2-25-xxxx, downtime in minutes). The Korean log is a separate "
        f"record kept by the OP20-OP40 area team; its entries are not duplicated in the CMMS "
        f"export. Grand total {len(all_cmms) + len(ko_rows)} records.",
        "",
    ]
    by_type = {y: Counter(e["type"] for e in cmms[y]) for y in cmms}
    lines += ["**CMMS work orders per WO type**", "", *_count_table(by_type, "WO type"), ""]
    by_code = {
        y: Counter(
            e["code"] or ("(PM, no code)" if e["type"] == "PM" else "(blank)") for e in cmms[y]
        )
        for y in cmms
    }
    lines += ["**CMMS work orders per failure code** (PM orders carry no failure code)", ""]
    lines += [*_count_table(by_code, "failure code"), ""]
    by_asset = {y: Counter(e["asset"] for e in cmms[y]) for y in cmms}
    lines += ["**CMMS work orders per asset (all types)**", ""]
    lines += [*_count_table(by_asset, "asset"), ""]
    by_asset_cm = {y: Counter(e["asset"] for e in cmms[y] if e["type"] != "PM") for y in cmms}
    lines += ["**CMMS corrective + emergency work orders (CM + EM) per asset**", ""]
    lines += [*_count_table(by_asset_cm, "asset"), ""]
    pair = {y: Counter(f"{e['asset']} {e['code']}" for e in cmms[y] if e["code"]) for y in cmms}
    lines += ["**CMMS work orders per asset and failure code**", ""]
    lines += [*_count_table(pair, "asset + failure code"), ""]

    def cnt(pred) -> tuple[int, int]:
        return (sum(1 for e in cmms[2024] if pred(e)), sum(1 for e in cmms[2025] if pred(e)))

    ovht = cnt(lambda e: e["asset"] == "PRS-02" and e["code"] == "BRG-OVHT")
    ovht_em = cnt(
        lambda e: e["asset"] == "PRS-02" and e["code"] == "BRG-OVHT" and e["type"] == "EM"
    )
    sp3 = cnt(lambda e: e["asset"] == "NR-30" and e["code"] == "TRQ-DRIFT" and e["spindle"] == 3)
    trq = cnt(lambda e: e["asset"] == "NR-30" and e["code"] == "TRQ-DRIFT")
    lkt25 = Counter(
        e["opened"].month for e in cmms[2025] if e["asset"] == "LKT-40" and e["code"] == "LEAK-CLT"
    )
    pm_prs02 = cnt(lambda e: e["asset"] == "PRS-02" and e["type"] == "PM")
    lines += [
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
    open_wo = [e for e in cmms[2025] if e["closed"] is None]
    blank_dt = [e for e in all_cmms if e["downtime"] is None]
    no_code = [e for e in all_cmms if e["type"] != "PM" and not e["code"]]
    lines += [
        "**Data quirks (intentional)**",
        "",
        "- Open work orders (blank Date Closed and Cost): "
        + ", ".join(f"{e['wo']} ({e['asset']})" for e in open_wo)
        + ".",
        "- Blank Downtime (h): " + ", ".join(f"{e['wo']} ({e['asset']})" for e in blank_dt) + ".",
        "- CM work order without failure code: "
        + ", ".join(f"{e['wo']} ({e['asset']})" for e in no_code)
        + ".",
        "- 2024: one technician field with two people (`JHK/SYP`), one Short Text in lower "
        "case; work order numbers have gaps (range shared with other lines).",
        "",
    ]
    down = {y: defaultdict(float) for y in cmms}
    cost = {y: 0 for y in cmms}
    for y in cmms:
        for e in cmms[y]:
            if e["type"] != "PM" and e["downtime"] is not None:
                down[y][e["asset"]] += e["downtime"]
            cost[y] += e["cost"] or 0
    rows = [[a, f"{down[2024][a]:.2f}", f"{down[2025][a]:.2f}"] for a in ASSETS]
    lines += ["**CM + EM downtime (h) per asset** (blank downtimes ignored)", ""]
    lines += _md_table(["asset", "2024", "2025"], rows)
    lines += [
        "",
        f"Total maintenance cost (KRW, closed orders): 2024 {cost[2024]:,}; 2025 {cost[2025]:,}.",
        "",
    ]

    ko_asset = Counter(r["asset"] for r in ko_rows)
    ko_code = Counter(r["code"] or "(예방정비, no code)" for r in ko_rows)
    ko_kind = Counter(r["kind"] for r in ko_rows)
    ko_pair = Counter(f"{r['asset']} {r['code']}" for r in ko_rows if r["code"])
    ko_lkt = sum(
        1
        for r in ko_rows
        if r["asset"] == "LKT-40" and r["code"] == "LEAK-CLT" and 4 <= r["date"].month <= 6
    )
    lines += [
        "**Korean area log 2025 (정비일지_2025_OP20-OP40.csv)**",
        "",
        "- per asset: " + ", ".join(f"{k} {v}" for k, v in sorted(ko_asset.items())),
        "- per 작업구분: " + ", ".join(f"{k} {v}" for k, v in sorted(ko_kind.items())),
        "- per 고장코드: " + ", ".join(f"{k} {v}" for k, v in sorted(ko_code.items())),
        "- per asset + code: " + ", ".join(f"{k} {v}" for k, v in sorted(ko_pair.items())),
        f"- NR-30 spindle 3 torque drift entries: "
        f"{sum(1 for r in ko_rows if r['spindle'] == 3)}; LKT-40 LEAK-CLT in April-June: "
        f"{ko_lkt}; total downtime {sum(r['minutes'] for r in ko_rows)} min.",
        '- Contains the note "스핀들 베어링 과열 알람 - 그리스 보충 후 정상" (PRS-02).',
        "",
        END,
        "",
    ]
    return "\n".join(lines)


def update_plant_md(section: str) -> None:
    path = OUT / "PLANT.md"
    text = path.read_text(encoding="utf-8")
    if BEGIN in text:
        head = text[: text.index(BEGIN)]
        tail = text[text.index(END) + len(END) :].lstrip("\n")
    else:
        head, tail = text.rstrip("\n") + "\n\n", ""
    write_text(path, head + section + tail)


def main() -> None:
    _check_ap_table()
    rng = random.Random(SEED)
    files = write_work_instructions()
    pfmea = write_pfmea()
    files += [pfmea["A"]["path"], pfmea["B"]["path"]]
    cmms = generate_cmms(rng)
    files += list(write_cmms(cmms))
    ko_rows = generate_ko_log(rng)
    files.append(write_ko_log(ko_rows))
    update_plant_md(plant_section(files, pfmea, cmms, ko_rows))
    for p in files:
        size = p.stat().st_size
        assert size < 300_000, p
        print(f"{size:>8}  {p.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
