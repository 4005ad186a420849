"""The Ask tab as a person sees it, in headless Chromium at the four screens of issue 19.

Each test checks positions on the rendered page (``getBoundingClientRect``), not the HTML sent:
the answer's key line and the question box on screen at 1280x800 and 1280x657, a citation
opening the source at the cited step, every safety note of the cited instruction in the banner,
one feedback verdict per answer, the portrait tablet and the wide screen. Screenshots go to
``test-artifacts/ui/`` (``ask-*.png``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.fakes import ScriptedGenerator, citing
from tests.fixtures_plant import write_plant
from tests.ui.test_browser import (  # noqa: F401 - fixtures
    OffMachineGuard,
    browser,
    guard,
    serving,
    shot,
    text_of,
    wait,
)

pytestmark = pytest.mark.integration

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

QUESTION = "How long do I cure the seal bead at OP35?"
KEY = "Cure the seal bead at 80 °C for 15 minutes in oven OV-35"
REPLY = KEY + " [{n}]. Start the oven timer only when the door is closed [{n}]."

# A work instruction whose steps carry a DANGER, a WARNING and a CAUTION, the cited step (6)
# far enough down that the source panel must scroll to it.
WI_OP35 = """# Seal press and cure

Document No.: WI-OP35-001
Title: Seal press and cure
Revision: A
Effective date: 2025-01-10
Station: OP35

## 4. Procedure
1. Put on cut-resistant gloves and safety glasses before you open the guard of seal press \
SP-35. Check that the two-hand control and the light curtain are working: break the light \
curtain with your hand and confirm that the ram does not move.
2. Open the guard of seal press SP-35 and take the finished housing out of the nest. Put it on \
the outgoing conveyor with the seal facing up so that the visual check at OP36 can see the bead.
DANGER: The SP-35 ram can drop when the hydraulic pressure is released. Insert the ram block \
before you reach under the ram.
3. Insert the red ram block into the SP-35 ram guide until it clicks. The block must stay in \
place for all work under the ram, including cleaning of the nest and changing the mandrel.
4. Load a new seal onto the mandrel with the sealing lip facing up. Check the seal for cuts, \
flash and dirt; a damaged seal goes into the red scrap box and is booked as scrap.
WARNING: The heated mandrel is at 180 °C. Touch it only with the insulated loading tool and \
keep your sleeves clear.
5. Press the seal with 12 kN for 8 seconds. The press display shows the force curve; a curve \
outside the green window stops the cycle and the part goes to the red rework rack.
CAUTION: Curing sealant gives off fumes. Keep the extraction hood of oven OV-35 switched on \
while the door is open.
6. Cure the seal bead at 80 °C for 15 minutes in oven OV-35. Start the oven timer only when \
the door is closed and the temperature display is steady.
7. Take the housing out of oven OV-35 with the heat-resistant gloves and let it cool on rack \
R-35 for at least 10 minutes before the leak test.
8. Record the press force, the cure time and the oven temperature in the shift log, with the \
housing serial number from the label.
"""
NOTES = ("DANGER: The SP-35 ram can drop", "WARNING: The heated mandrel is at 180 °C",
         "CAUTION: Curing sealant gives off fumes")


LOTO_PDF = (Path(__file__).resolve().parents[2] / "sample_docs" / "work_instructions"
            / "WI-MNT-001_LOTO_Press_Maintenance_RevB.pdf")
DC_BUS = "The PRS-02 servo drive DC bus can hold up to 560 V DC for up to 10 minutes [{n}]."


def _reply(prompt: str) -> str:
    """The model's answer: the DC bus sentence to the lockout question, else the cure step."""
    if "DC bus hold" in prompt:
        return citing(DC_BUS, "560 V")(prompt)
    return citing(REPLY, "15 minutes")(prompt)


@pytest.fixture(scope="module")
def served_ask(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder,
               guard: OffMachineGuard) -> Iterator[tuple[str, Copilot]]:  # noqa: F811
    """The real app over the fixture plant plus WI-OP35-001; the model cites the cure step."""
    root = tmp_path_factory.mktemp("ask-plant")
    plant = write_plant(root / "plant")
    (plant / "wi" / "WI-OP35-001_RevA.md").write_text(WI_OP35, encoding="utf-8")
    settings = load_settings(env={"COPILOT_HOME": str(root / "home")})
    shutil.copy(LOTO_PDF, plant / "wi" / LOTO_PDF.name)
    copilot = Copilot(settings, embedder=embedder, generator=ScriptedGenerator(_reply))
    report = copilot.ingest([plant])
    assert not report.errors, report.errors
    with serving(copilot) as url:
        yield url, copilot


def open_at(driver: Any, url: str, width: int, height: int) -> Any:
    """The page loaded on a screen of ``width`` x ``height`` CSS pixels."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.get(url)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-question textarea"))
    return driver


@pytest.fixture
def screen(browser: Any, served_ask: tuple[str, Copilot]) -> Iterator[Any]:  # noqa: F811
    """Sets the screen size per test; back to the 1280x800 terminal afterwards."""
    yield lambda w, h: open_at(browser, served_ask[0], w, h)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})


def ask(driver: Any, question: str = QUESTION) -> None:
    """Ask and wait for the finished answer with its source open."""
    box = driver.find_element(By.CSS_SELECTOR, "#fc-question textarea")
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-chips label"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR,
                                           "#fc-answer .fc-card-answer[data-state=done]"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-source .fc-cited"))


RECT_JS = """
const e = document.querySelector(arguments[0]);
if (!e) return null;
const r = e.getBoundingClientRect();
return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width,
        height: r.height, vh: window.innerHeight, vw: window.innerWidth};
"""


def rect(driver: Any, css: str) -> dict[str, float]:
    box = driver.execute_script(RECT_JS, css)
    assert box is not None, f"{css} is not on the page"
    return dict(box)


def on_screen(box: dict[str, float]) -> bool:
    """Wholly inside the viewport (and not collapsed)."""
    return (box["height"] > 0 and box["top"] >= 0 and box["bottom"] <= box["vh"]
            and box["left"] >= 0 and box["right"] <= box["vw"])


# what is drawn at the middle of an element: itself (or a child), not something over it
UNCOVERED_JS = """
const e = document.querySelector(arguments[0]);
const r = e.getBoundingClientRect();
const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 200), r.top + r.height / 2);
return !!hit && (hit === e || e.contains(hit));
"""


@pytest.mark.parametrize("height", [800, 657])
def test_key_line_and_question_box_are_on_screen_after_each_answer(screen: Any,
                                                                   height: int) -> None:
    page = screen(1280, height)
    ask(page)
    key = ".fc-card-answer .fc-key"
    assert KEY in text_of(page, key)
    assert on_screen(rect(page, key)), rect(page, key)
    assert page.execute_script(UNCOVERED_JS, key)  # no scroll button or banner over it
    assert on_screen(rect(page, "#fc-question textarea"))
    shot(page, f"ask-1280x{height}-answer")
    # the reader opens the whole conversation and scrolls down in it, away from the key line;
    # the next answer's key line comes back into view
    page.find_element(By.CSS_SELECTOR, "#fc-history-box .label-wrap").click()
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#fc-history").is_displayed())
    page.execute_script("const c = document.querySelector('#fc-chat');"
                        "c.scrollTop = c.scrollHeight; window.scrollTo(0, 10000);")
    assert not page.execute_script(UNCOVERED_JS, key)  # out of sight now
    ask(page, "And the cure temperature at OP35?")
    wait(page, lambda d: "cure temperature" in text_of(d, ".fc-asked"))
    wait(page, lambda d: on_screen(rect(d, key)) and d.execute_script(UNCOVERED_JS, key))
    assert on_screen(rect(page, "#fc-question textarea"))
    assert page.execute_script("return document.documentElement.scrollHeight") <= height
    shot(page, f"ask-1280x{height}-next-answer")


IN_PANEL_JS = """
const panel = document.querySelector('#fc-source');
const cited = panel.querySelector('.fc-cited');
const p = panel.getBoundingClientRect(), c = cited.getBoundingClientRect();
return {inside: c.top >= p.top - 1 && c.top < p.bottom - 40, focused: document.activeElement === cited,
        background: getComputedStyle(cited).backgroundColor, tab: panel.tabIndex,
        role: panel.getAttribute('role'), scrollable: panel.scrollHeight > panel.clientHeight};
"""


def test_a_citation_opens_the_source_at_the_cited_step(screen: Any) -> None:
    page = screen(1280, 657)
    ask(page)
    wait(page, lambda d: d.execute_script(IN_PANEL_JS)["inside"])  # opened with the answer
    shown = page.execute_script(IN_PANEL_JS)
    assert shown["scrollable"], "the panel fits its steps: this test would prove nothing"
    assert shown["tab"] == 0 and shown["role"] == "region"  # arrow keys scroll it
    assert shown["background"] not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")  # highlighted
    page.execute_script("document.querySelector('#fc-source').scrollTop = 0")
    assert not page.execute_script(IN_PANEL_JS)["inside"]  # the cited step 6 is out of view
    page.find_element(By.CSS_SELECTOR, "#fc-answer a.fc-cite[data-cite]").click()
    wait(page, lambda d: d.execute_script(IN_PANEL_JS)["inside"])
    assert page.execute_script(IN_PANEL_JS)["focused"]  # the keyboard is at the cited step
    assert "15 minutes" in text_of(page, "#fc-source .fc-cited")
    shot(page, "ask-1280x657-citation-opened")


def test_the_safety_banner_lists_every_note_of_the_cited_instruction(screen: Any) -> None:
    page = screen(1280, 800)
    ask(page)
    notes = page.find_elements(By.CSS_SELECTOR, "#fc-notice .fc-safety .fc-note")
    texts = [n.text for n in notes]
    assert len(notes) == 3, texts
    for note in NOTES:
        assert any(note in x for x in texts), (note, texts)
    # the cure step's own warning in red, the instruction's other two after it
    cited = page.find_elements(By.CSS_SELECTOR, "#fc-notice .fc-danger .fc-note")
    assert [n.text.split(":")[0] for n in cited] == ["CAUTION"]
    assert len(page.find_elements(By.CSS_SELECTOR, "#fc-notice .fc-warn .fc-note")) == 2
    shot(page, "ask-1280x800-safety")


def _verdicts(log: Path, question: str) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    entries = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    return [e for e in entries if e["question"] == question]


def test_feedback_confirms_and_keeps_one_verdict_per_answer(
        screen: Any, served_ask: tuple[str, Copilot]) -> None:
    page = screen(1280, 800)
    question = "What is the cure time in oven OV-35?"
    ask(page, question)
    log = served_ask[1].settings.log_dir / "feedback.jsonl"
    page.find_element(By.CSS_SELECTOR, "#fc-up").click()
    wait(page, lambda d: "Saved: helpful" in text_of(d, "#fc-fb-status"))
    page.find_element(By.CSS_SELECTOR, "#fc-up").click()  # a second tap: still one verdict
    page.find_element(By.CSS_SELECTOR, "#fc-down").click()  # changed
    wait(page, lambda d: "Saved: wrong" in text_of(d, "#fc-fb-status"))
    # the saved verdict's button is the marked one
    wait(page, lambda d: "stop" in (d.find_element(By.ID, "fc-down").get_attribute("class") or "")
         and "primary" not in (d.find_element(By.ID, "fc-up").get_attribute("class") or ""))
    wait(page, lambda d: d.execute_script(
        "return getComputedStyle(document.getElementById('fc-down')).opacity") == "1")
    shot(page, "ask-1280x800-feedback")
    wait(page, lambda _: len(_verdicts(log, question)) == 2)
    entries = _verdicts(log, question)
    assert [e["verdict"] for e in entries] == ["up", "down"]
    assert entries[1]["replaces"] == "up"  # the log says the first one is withdrawn
    standing = [e for i, e in enumerate(entries)
                if not any(later.get("replaces") for later in entries[i + 1:])]
    assert [e["verdict"] for e in standing] == ["down"]


VISIBLE_JS = """
const r = document.querySelector(arguments[0]).getBoundingClientRect();
return r.height > 0 && r.top >= 0 && r.top < window.innerHeight - 60;
"""


def test_portrait_tablet_shows_answer_safety_and_source(screen: Any) -> None:
    page = screen(800, 1280)
    ask(page)
    page.execute_script("document.querySelector('#fc-answer').scrollIntoView({block: 'start'})")
    shot(page, "ask-800x1280-portrait")
    for css in ("#fc-answer .fc-key", "#fc-notice .fc-safety", "#fc-source .fc-cited"):
        wait(page, lambda d, css=css: d.execute_script(VISIBLE_JS, css))
    order = [rect(page, css)["top"] for css in ("#fc-answer", "#fc-notice", "#fc-source")]
    assert order == sorted(order)  # answer, then safety, then source
    assert on_screen(rect(page, "#fc-question textarea"))


def test_wide_screen_puts_a_tall_conversation_beside_the_source(screen: Any) -> None:
    page = screen(1920, 1080)
    ask(page)
    shot(page, "ask-1920x1080-wide")
    chat, source = rect(page, "#fc-chat"), rect(page, "#fc-source")
    assert chat["height"] > 600
    assert source["left"] >= chat["right"] and source["top"] < chat["bottom"]  # beside it
    assert rect(page, "#fc-ask-main")["width"] > 1700  # the width is used
    assert on_screen(rect(page, ".fc-card-answer .fc-key"))



PAGE_JS = """
const img = document.querySelector('#fc-source .fc-page img');
const marks = [...document.querySelectorAll('#fc-source .fc-page-mark')];
if (!img || !img.complete) return null;
const i = img.getBoundingClientRect();
return {natural: img.naturalWidth, marks: marks.length,
        inside: marks.every((m) => { const r = m.getBoundingClientRect();
          return r.top >= i.top && r.bottom <= i.bottom && r.width > 20; })};
"""


def test_a_pdf_source_shows_its_page_with_the_passage_marked(screen: Any) -> None:
    page = screen(1280, 800)
    ask(page, "How long can the PRS-02 servo drive DC bus hold 560 V after switch-off?")
    assert "560 V" in text_of(page, "#fc-source .fc-cited")  # the text, highlighted
    shown = wait(page, lambda d: d.execute_script(PAGE_JS))
    assert shown["natural"] >= 800 and shown["marks"] >= 1 and shown["inside"], shown
    page.execute_script("document.querySelector('#fc-source .fc-page-mark')"
                        ".scrollIntoView({block: 'center'})")
    shot(page, "ask-1280x800-pdf-page")


def test_a_work_order_shows_readable_dates_and_chips_stay_on_one_line(screen: Any) -> None:
    page = screen(1280, 800)
    ask(page, "Which work orders were opened for NR-30 at OP30?")
    fields = text_of(page, "#fc-source .fc-fields")
    assert "11 Apr 2024" in fields and "2024-04-11" not in fields, fields
    tops = {round(rect(page, f"#fc-chips label:nth-of-type({i + 1})")["top"])
            for i in range(len(page.find_elements(By.CSS_SELECTOR, "#fc-chips label")))}
    assert len(tops) == 1  # one row of chips, however many
    shot(page, "ask-1280x800-work-order")
