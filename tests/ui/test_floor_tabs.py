"""What a person sees on the PFMEA, Learn and Documents tabs (real app, headless Chromium).

Each test acts as an engineer, trainee or admin would at the 1280x800 floor terminal and then
checks with the elements' bounding boxes that what they need is on screen; screenshots go to
``test-artifacts/ui/`` (named ``2x-...``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from copilot.pfmea.ap import action_priority
from copilot.service import Copilot
from tests.ui.test_browser import (  # noqa: F401  (fixtures)
    browser,
    guard,
    open_documents,
    page,
    served,
    shot,
    text_of,
    wait,
)

pytestmark = pytest.mark.integration

By = pytest.importorskip("selenium.webdriver.common.by").By

BOX_JS = """
const e = document.querySelector(arguments[0]);
if (!e) return null;
const r = e.getBoundingClientRect();
return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width,
        height: r.height, vw: window.innerWidth, vh: window.innerHeight};
"""


def box(driver: Any, css: str) -> dict[str, float]:
    found = driver.execute_script(BOX_JS, css)
    assert found is not None, f"nothing matches {css}"
    return dict(found)


def in_view(driver: Any, css: str) -> bool:
    """The element's box is non-empty and inside the viewport (both directions)."""
    b = box(driver, css)
    return (b["width"] > 0 and b["height"] > 0 and b["left"] >= 0 and b["top"] >= 0
            and b["right"] <= b["vw"] and b["bottom"] <= b["vh"])


def content(driver: Any, css: str) -> str:
    """Text of the matching elements, shown or not (scrolled away, in a closed panel)."""
    return str(driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent).join(' ')",
        css))


def open_tab(driver: Any, name: str) -> None:
    driver.find_element(By.XPATH, f"//button[@role='tab'][contains(., '{name}')]").click()


def tap_chip(driver: Any, group: str, text: str) -> None:
    driver.find_element(By.XPATH, f"//*[@id='{group}']//label[normalize-space(.)='{text}']"
                        ).click()


# ---- PFMEA -------------------------------------------------------------------------------------

STEP = "OP20 Gear press-fit"


def draft_rows(driver: Any) -> None:
    open_tab(driver, "PFMEA")
    driver.find_element(By.CSS_SELECTOR, "#fc-pf-step textarea").send_keys(STEP)
    driver.find_element(By.CSS_SELECTOR, "#fc-pf-station input, #fc-pf-station textarea").send_keys("OP20")
    driver.find_element(By.ID, "fc-pf-draft").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-pf-rows .fc-pf-card"))


def card(n: int, part: str = "") -> str:
    return f'#fc-pf-rows .fc-pf-card[data-row="{n}"] {part}'.strip()


def test_pfmea_row_fits_the_screen_and_decisions_show(page: Any) -> None:
    draft_rows(page)
    for part in (".fc-pf-failure_mode", ".fc-pf-effect", ".fc-pf-cause", ".fc-pf-s",
                 ".fc-pf-o", ".fc-pf-d", ".fc-pf-ap"):
        b = box(page, card(0, part))
        assert b["width"] > 0 and b["left"] >= 0 and b["right"] <= 1280, (part, b)
    assert page.execute_script("return document.documentElement.scrollWidth") <= 1280
    shot(page, "20-pfmea-draft")
    # reject row 2: its card turns grey, crossed out, and says so
    tap_chip(page, "fc-pf-pick", page.find_elements(
        By.CSS_SELECTOR, "#fc-pf-pick label")[1].text)
    wait(page, lambda d: "fc-pf-selected" in d.find_element(By.CSS_SELECTOR, card(1))
         .get_attribute("class"))
    before = page.find_element(By.CSS_SELECTOR, card(1, ".fc-pf-v")).value_of_css_property(
        "text-decoration-line")
    page.find_element(By.ID, "fc-pf-reject").click()
    wait(page, lambda d: "fc-pf-rejected" in d.find_element(By.CSS_SELECTOR, card(1))
         .get_attribute("class"))
    assert "line-through" not in before
    assert "line-through" in page.find_element(
        By.CSS_SELECTOR, card(1, ".fc-pf-v")).value_of_css_property("text-decoration-line")
    assert text_of(page, card(1, ".fc-pf-state")).lower() == "rejected"
    shot(page, "21-pfmea-rejected")


def test_pfmea_editing_s_recomputes_ap_on_screen_and_in_the_export(page: Any) -> None:
    draft_rows(page)
    page.find_element(By.XPATH, "//*[@id='fc-pf-pick']//label").click()
    wait(page, lambda d: "fc-pf-selected" in d.find_element(By.CSS_SELECTOR, card(0))
         .get_attribute("class"))
    for letter, value in (("O", "8"), ("D", "7"), ("S", "9")):
        tap_chip(page, f"fc-pf-{letter}", value)
        wait(page, lambda d, v=value, x=letter: text_of(d, card(0, f".fc-pf-{x.lower()} span"))
             == v)
    expected = action_priority(9, 8, 7)
    wait(page, lambda d: text_of(d, card(0, ".fc-pf-ap span")) == expected)
    assert f"AP {expected}" in text_of(page, "#fc-pf-live") and "RPN 504" in text_of(
        page, "#fc-pf-live")
    tap_chip(page, "fc-pf-S", "2")  # low severity: the priority drops at once
    low = action_priority(2, 8, 7)
    assert low != expected
    wait(page, lambda d: text_of(d, card(0, ".fc-pf-ap span")) == low)
    shot(page, "22-pfmea-ap-live")
    page.find_element(By.ID, "fc-pf-export").click()
    link = wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-pf-file a[href]"))
    assert "PFMEA_draft.xlsx" in link[0].get_attribute("href")


def test_pfmea_review_report_downloads(page: Any, served: tuple[str, Copilot],
                                       tmp_path: Path) -> None:
    from evals.pfmea_loo import WORKBOOK_A

    open_tab(page, "PFMEA")
    page.find_element(By.CSS_SELECTOR, "#fc-pf-upload input[type=file]").send_keys(
        str(WORKBOOK_A))
    try:
        wait(page, lambda d: WORKBOOK_A.stem in content(d, "#fc-pf-upload"))
        page.find_element(By.ID, "fc-pf-review").click()
        links = wait(page, lambda d: len(found := d.find_elements(
            By.CSS_SELECTOR, "#fc-pf-report-files a[href]")) == 2 and found)
    finally:
        shot(page, "23-pfmea-review")
    hrefs = sorted((a.get_attribute("href") for a in links), key=lambda h: h.rsplit(".")[-1])
    assert hrefs[0].endswith("_review.md") and hrefs[1].endswith("_review.xlsx")
    got = page.execute_async_script(
        "const done = arguments[1]; fetch(arguments[0]).then(r => r.text()).then(done)", hrefs[0])
    assert "high_risk_no_action" in got and "/api/source/" in got  # evidence linked
    assert page.find_elements(By.CSS_SELECTOR, "#fc-pf-report a[href*='/api/source/']")
    shot(page, "23-pfmea-review")


def test_pfmea_in_korean(page: Any) -> None:
    draft_rows(page)
    page.find_element(By.XPATH, "//*[@id='fc-lang']//label[contains(., '한국어')]").click()
    wait(page, lambda d: d.find_element(By.ID, "fc-pf-reject").text == "기각")
    wait(page, lambda d: "고장 형태" in text_of(d, card(0)))
    assert "제안" in text_of(page, card(0, ".fc-pf-state"))
    assert "심각도" in text_of(page, "#fc-pf-S") and "수정할 행" in text_of(page, "#fc-pf-pick")
    shot(page, "24-pfmea-korean")


# ---- Learn -------------------------------------------------------------------------------------

def pick_option(driver: Any, field: str, value: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"#{field} input").click()
    option = wait(driver, lambda d: [
        o for o in d.find_elements(By.CSS_SELECTOR, "[data-testid=dropdown-option]")
        if (o.get_attribute("aria-label") or "") == value])
    option[0].click()


def first_question(driver: Any) -> str:
    """CSS of the first quiz question on screen (choices or a typed answer)."""
    for css in ("#fc-learn-r0", "#fc-learn-t0"):
        if any(e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, css)):
            return css
    return ""


def test_learn_briefing_safety_first_and_quiz_and_results_in_view(page: Any) -> None:
    open_tab(page, "Learn")
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#fc-learn-station input").is_enabled())
    pick_option(page, "fc-learn-station", "OP30")
    page.find_element(By.ID, "fc-learn-brief").click()
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-learn-briefing .fc-learn"))
    blocks = page.execute_script(
        "return [...document.querySelector('#fc-learn-briefing .fc-learn').children]"
        ".map(e => e.className)")
    assert "fc-learn-safety" in blocks[2], blocks  # title, documents, then the warnings
    assert in_view(page, "#fc-learn-briefing .fc-learn-safety")
    assert page.find_element(By.CSS_SELECTOR, ".fc-learn-safety").value_of_css_property(
        "background-color") != "rgba(0, 0, 0, 0)"
    cite = page.find_element(By.CSS_SELECTOR, ".fc-learn-safety .fc-cite summary")
    cite.click()  # the citation opens on the quoted source text
    quote = page.find_element(By.CSS_SELECTOR, ".fc-learn-safety .fc-cite blockquote")
    wait(page, lambda _: quote.is_displayed() and quote.text.strip())
    assert "WI-OP30" in text_of(page, ".fc-learn-safety .fc-cite[open]")
    shot(page, "25-learn-briefing")
    page.find_element(By.CSS_SELECTOR, "#fc-learn-trainee textarea, #fc-learn-trainee input"
                      ).send_keys("T-UI")
    page.find_element(By.ID, "fc-learn-start").click()
    wait(page, first_question)
    wait(page, lambda d: in_view(d, first_question(d)))
    shot(page, "26-learn-quiz")
    page.find_element(By.ID, "fc-learn-submit").click()
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-learn-results h2"))
    wait(page, lambda d: in_view(d, "#fc-learn-results h2"))
    mark = box(page, "#fc-learn-results .fc-mark")
    assert mark["width"] > 4 and mark["height"] > 4
    shot(page, "27-learn-results")


def test_the_marks_font_is_installed() -> None:
    """✓ and ✗ are drawn from an installed font (DejaVu Sans), not as empty boxes."""
    from ui.learn_tab import MARK_OK, MARK_WRONG

    chars = " ".join(f"{ord(c):x}" for c in (MARK_OK, MARK_WRONG))
    try:
        out = subprocess.run(["fc-list", f":charset={chars}", "family"], capture_output=True,
                             text=True, timeout=60, check=True).stdout
    except FileNotFoundError:
        pytest.skip("fontconfig not installed (scripts/install_browser.sh)")
    assert "DejaVu Sans" in out


# ---- Documents ---------------------------------------------------------------------------------

SIZES = ((1280, 800), (1280, 657), (800, 1280), (1920, 1080))
OVERLAP_JS = """
const a = document.querySelector('#fc-docs-table').getBoundingClientRect();
const out = [];
for (const e of document.querySelectorAll('#fc-remove-row, #fc-remove, #fc-remove-pick')) {
  const b = e.getBoundingClientRect();
  if (b.width && b.height && a.left < b.right && b.left < a.right && a.top < b.bottom
      && b.top < a.bottom) out.push(e.id);
}
return out;
"""


def screen(driver: Any, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def test_documents_table_never_covers_the_remove_controls(page: Any) -> None:
    open_documents(page)
    try:
        for width, height in SIZES:
            screen(page, width, height)
            page.execute_script("document.querySelector('#fc-docs-table').scrollIntoView()")
            wait(page, lambda d: box(d, "#fc-remove")["width"] > 0)
            assert page.execute_script(OVERLAP_JS) == [], (width, height)
            file_cell = box(page, "#fc-docs-table .fc-docs td.fc-file")
            table = box(page, "#fc-docs-table")
            assert file_cell["right"] <= table["right"] + 1, (width, height)
            shot(page, f"28-documents-{width}x{height}")
    finally:
        screen(page, 1280, 800)


def test_a_damaged_upload_says_so_in_plain_words_and_stays_listed(
        page: Any, tmp_path: Path) -> None:
    open_documents(page)
    bad = tmp_path / "line3_pfmea.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a workbook cut off while copying
    page.find_element(By.CSS_SELECTOR, "#fc-upload-card input[type=file]").send_keys(str(bad))
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-report .fc-errors"))
    report = text_of(page, "#fc-report .fc-errors")
    assert "line3_pfmea.xlsx" in report and "damaged or incomplete" in report
    assert "Copy the file again" in report and "password" not in report.lower()
    folded = page.find_element(By.CSS_SELECTOR, "#fc-report .fc-errors details.fc-detail")
    assert folded.get_attribute("open") is None  # the byte-level detail stays folded
    shown = page.execute_script(
        "const c = document.querySelector('#fc-report .fc-errors').cloneNode(true);"
        "c.querySelectorAll('details').forEach(e => e.remove()); return c.textContent")
    assert "zip" not in shown.lower() and "zip" in folded.get_attribute("textContent")
    row = wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-docs-table .fc-doc-failed"))
    assert "not added" in row[0].text and "damaged or incomplete" in row[0].text
    assert page.execute_script(OVERLAP_JS) == []
    shot(page, "29-documents-damaged-upload")
