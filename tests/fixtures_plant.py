"""Small plant documents written on the fly for pipeline/CLI tests (real files, real formats)."""

from __future__ import annotations

from pathlib import Path

WI_OP30_REV_B = """# Housing joining and bolt tightening

Document No.: WI-OP30-001
Title: Housing joining and bolt tightening
Revision: B
Effective date: 2024-02-01
Station: OP30

## 1. Purpose
Join the gearbox housing halves and tighten the M8 housing bolts.

## 4. Procedure
WARNING: Keep hands clear of the clamp while it closes.
1. Place the housing on fixture FX-30.
2. Tighten the M8x25 housing bolts to 23 Nm in a star pattern with nutrunner NR-30.
3. Mark each bolt with the torque paint pen.
"""

WI_OP30_REV_C = WI_OP30_REV_B.replace("Revision: B", "Revision: C").replace(
    "2024-02-01", "2025-06-02").replace("23 Nm", "25 Nm").replace(
    "Station: OP30", "Station: OP30\nSupersedes: Rev B")

MAINT_CSV = """WO Number,Date Opened,Asset ID,Station,Failure Code,Short Text,Downtime (h)
WO-24-00017,2024-03-05,PRS-02,OP20,BRG-OVHT,L/H BRG HOT SPDL 2 - REGREASED,1.5
WO-24-00018,2024-03-09,LKT-40,OP40,LEAK-CLT,COOLANT JACKET LEAK AT FITTING,0.5
WO-24-00019,2024-04-11,NR-30,OP30,TRQ-DRIFT,NR SPDL 3 TRQ DRIFT - RECAL,2.0
"""

PFMEA_CSV = """Process Step,Failure Mode,Failure Effect,Severity,Failure Cause,Occurrence,Detection Control,Detection,AP
OP20 Gear press-fit,Spindle bearing overheating,Press stops; gear not seated,7,Insufficient grease,4,Spindle temperature sensor alarm,3,M
OP30 Bolt tightening,Bolt under-torque,Housing leak,8,Nutrunner spindle torque drift,3,Torque monitoring,4,M
"""


def write_plant(root: Path) -> Path:
    """A small plant folder: two WI revisions, a CMMS CSV and a PFMEA CSV."""
    (root / "wi").mkdir(parents=True, exist_ok=True)
    (root / "maint").mkdir(exist_ok=True)
    (root / "pfmea").mkdir(exist_ok=True)
    (root / "wi" / "WI-OP30-001_RevB.md").write_text(WI_OP30_REV_B, encoding="utf-8")
    (root / "wi" / "WI-OP30-001_RevC.md").write_text(WI_OP30_REV_C, encoding="utf-8")
    (root / "maint" / "cmms.csv").write_text(MAINT_CSV, encoding="utf-8")
    (root / "pfmea" / "pfmea.csv").write_text(PFMEA_CSV, encoding="utf-8")
    return root
