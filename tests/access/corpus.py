"""A small plant with a restricted HR folder: distinctive facts and rows only ``hr`` may read.

Every restricted fact is a string no public document contains, so a leak anywhere (a hit, a
quote, a count, a facet, a briefing line) shows up as that string or as a restricted chunk id.
"""

from __future__ import annotations

from pathlib import Path

from tests.fixtures_plant import write_plant

# What only the hr label may read (each appears in no public document).
SECRETS = ("ZEBRA-7731", "4417", "SAFE-99", "WO-99-", "PAYROLL", "Salary data", "8265",
           "WI-HR-900", "WI-HR-901", "OP90", "금고")

HR_WI = """# Server room night access

Document No.: WI-HR-900
Title: Server room night access
Revision: A
Effective date: 2025-01-10
Station: OP90

## 1. Purpose
Night-shift access to the server room and the payroll server.

## 4. Procedure
WARNING: Only the night-shift lead may open the server room.
1. Enter door code 4417 at the server room door.
2. The VPN password for the night shift is ZEBRA-7731; never write it down.
3. Restart PAYROLL server SAFE-99 with the key switch and log the restart.
"""

HR_WI_KO = """# 인사 금고 관리

Document No.: WI-HR-901
Title: 인사 금고 관리
Revision: A
Effective date: 2025-02-01
Station: OP90

## 4. 작업 절차
1. 인사 금고 비밀번호는 8265 입니다. 야간 책임자만 금고를 엽니다.
2. 금고를 연 뒤 급여 서류 대장에 서명합니다.
"""

# Restricted work orders at a public station (OP30): counts and sums there must not move.
HR_CMMS = """WO Number,Date Opened,Asset ID,Station,Failure Code,Short Text,Downtime (h)
WO-99-00001,2024-05-02,SAFE-99,OP30,SRV-DOWN,PAYROLL SERVER REBOOT AFTER POWER DIP,9.5
WO-99-00002,2024-06-14,SAFE-99,OP30,SRV-DOWN,PAYROLL SERVER DISK FULL,4.0
WO-99-00003,2024-07-21,SAFE-99,OP30,SRV-DOWN,PAYROLL SERVER FAN NOISE,2.5
"""

HR_PFMEA = """Process Step,Failure Mode,Failure Effect,Severity,Failure Cause,Occurrence,Detection Control,Detection,AP
OP30 Bolt tightening,Salary data exposure,Payroll leak,10,Shared night-shift login,5,Quarterly access review,6,H
"""


def write_corpus(root: Path) -> Path:
    """The public plant (tests/fixtures_plant.py) and ``hr/`` labelled by its access file."""
    write_plant(root)
    hr = root / "hr"
    hr.mkdir()
    (hr / ".copilotaccess").write_text("# read by HR only\nhr\n", encoding="utf-8")
    (hr / "WI-HR-900_Server_Room.md").write_text(HR_WI, encoding="utf-8")
    (hr / "WI-HR-901_금고.md").write_text(HR_WI_KO, encoding="utf-8")
    (hr / "hr_cmms.csv").write_text(HR_CMMS, encoding="utf-8")
    (hr / "hr_pfmea.csv").write_text(HR_PFMEA, encoding="utf-8")
    return root
