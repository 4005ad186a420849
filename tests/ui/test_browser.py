"""The real app (API + UI on one uvicorn server) driven by headless Debian Chromium.

Needs /usr/bin/chromium and /usr/bin/chromedriver (``scripts/install_browser.sh``); skipped with
that hint otherwise. Screenshots go to ``test-artifacts/ui/``. Besides the user flows, it checks
that neither the page (Chrome performance log + Resource Timing) nor the server (socket guard)
talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from copilot.answering.request import Ask
from copilot.api import create_app
from copilot.core.settings import load_settings
from copilot.service import Copilot
from copilot.store.embedders import Embedder
from tests.fakes import ScriptedGenerator
from tests.fixtures_plant import write_plant

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"
REPLY = "Tighten the M8x25 housing bolts to 25 Nm in a star pattern [1]."
QUESTION = "What is the tightening torque for the M8x25 housing bolts at OP30?"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
WAIT_S = 60

webdriver = pytest.importorskip("selenium.webdriver", reason="pip install selenium (dev extra)")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

# ---- server ------------------------------------------------------------------------------------

def _local(host: str) -> bool:
    return host.startswith("127.") or host in LOCAL_HOSTS


class OffMachineGuard:
    """Records (and refuses) DNS look-ups and connections from this process to other hosts."""

    def __init__(self) -> None:
        self.attempts: list[Any] = []

    def install(self, mp: pytest.MonkeyPatch) -> None:
        real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
        real_getaddrinfo = socket.getaddrinfo
        guard = self

        def check(address: Any) -> None:
            host = str(address[0]) if isinstance(address, tuple) and address else ""
            if host and not _local(host):
                guard.attempts.append(address)
                raise OSError(f"test guard: off-machine connection to {address}")

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            if host is not None and not _local(str(host)):
                guard.attempts.append(host)
                raise OSError(f"test guard: DNS look-up of {host}")
            return real_getaddrinfo(host, *args, **kwargs)

        def connect(self: socket.socket, address: Any) -> Any:
            check(address)
            return real_connect(self, address)

        def connect_ex(self: socket.socket, address: Any) -> Any:
            check(address)
            return real_connect_ex(self, address)

        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket.socket, "connect_ex", connect_ex)
        mp.setattr(socket, "getaddrinfo", getaddrinfo)


@contextlib.contextmanager
def serving(copilot: Copilot) -> Iterator[str]:
    """The real app (API + UI) on a uvicorn server on a free loopback port; closed after."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(copilot, with_ui=True), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        copilot.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def guard() -> Iterator[OffMachineGuard]:
    g = OffMachineGuard()
    with pytest.MonkeyPatch.context() as mp:
        g.install(mp)
        yield g


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder,
           guard: OffMachineGuard) -> Iterator[tuple[str, Copilot]]:
    """The real app over a freshly ingested fixture plant, on a free loopback port."""

    root = tmp_path_factory.mktemp("ui-plant")
    settings = load_settings(env={"COPILOT_HOME": str(root / "home")})
    copilot = Copilot(settings, embedder=embedder, generator=ScriptedGenerator(REPLY))
    report = copilot.ingest([write_plant(root / "plant")])
    assert not report.errors, report.errors
    with serving(copilot) as url:
        yield url, copilot


# ---- browser -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Chromium not installed: run scripts/install_browser.sh "
                    "(apt-get install chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="fc-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1280,800", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    except WebDriverException as exc:
        pytest.skip(f"Chromium could not start: {exc.msg}")
    # The floor terminal's screen: exactly 1280x800 of page, whatever the window decorations.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


REQUESTED: list[str] = []  # every URL the page asked for, across the module's tests


def _record_requests(driver: Any) -> None:
    """Drain the performance log and the Resource Timing buffer into REQUESTED."""
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        params = msg.get("params", {})
        if msg.get("method") == "Network.requestWillBeSent":
            REQUESTED.append(params["request"]["url"])
        elif msg.get("method") == "Network.webSocketCreated":
            REQUESTED.append(params["url"])
    REQUESTED.extend(driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"))


@pytest.fixture
def page(browser: Any, served: tuple[str, Copilot]) -> Iterator[Any]:
    """A freshly loaded UI (English, empty conversation)."""
    browser.get(served[0])
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-question textarea"))
    yield browser
    _record_requests(browser)


def wait(driver: Any, condition: Callable[[Any], Any], timeout: float = WAIT_S) -> Any:
    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition)


def shot(driver: Any, name: str) -> None:
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def text_of(driver: Any, css: str) -> str:
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, css))


def ask(driver: Any, question: str = QUESTION) -> None:
    """Type a question and press Enter; wait for the final answer's source chips."""
    box = driver.find_element(By.CSS_SELECTOR, "#fc-question textarea")
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-chips label"))
    # Components re-render on their own ticks: wait for the settled conversation too.
    wait(driver, lambda d: question in (chat := text_of(d, "#fc-chat"))
         and "Searching the plant documents" not in chat)
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#fc-question textarea")
         .get_attribute("value") == "")


# ---- tests -------------------------------------------------------------------------------------

def test_ask_streams_answer_with_citation_and_source_in_context(
        page: Any, served: tuple[str, Copilot]) -> None:
    shot(page, "01-empty")
    assert "Ask about a work instruction" in text_of(page, "#fc-chat")
    ask(page)
    wait(page, lambda d: "25 Nm" in text_of(d, "#fc-chat"))
    chips = page.find_elements(By.CSS_SELECTOR, "#fc-chips label")
    assert chips[0].text.startswith("[1]") and "WI-OP30-001 Rev C" in chips[0].text
    safety = served[1].ask(Ask(QUESTION)).safety  # which lines the converter ties to this step
    if safety:
        wait(page, lambda d: all(line in text_of(d, "#fc-notice .fc-danger") for line in safety))
    else:
        assert not page.find_elements(By.CSS_SELECTOR, "#fc-notice .fc-danger")
    shot(page, "02-answer")
    chips[0].click()
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-source .fc-cited"))
    panel = text_of(page, "#fc-source")
    assert "25 Nm" in text_of(page, "#fc-source .fc-cited")
    assert len(page.find_elements(By.CSS_SELECTOR, "#fc-source .fc-step")) >= 3  # neighbours
    assert "Rev C" in panel and "current" in panel
    shot(page, "03-source-panel")


STREAMED = ("Tighten the M8x25 housing bolts to 25 Nm [1]. "
            "Use a star pattern with nutrunner NR-30 [1].")


def test_partial_answer_shows_while_the_model_is_still_writing(
        page: Any, served: tuple[str, Copilot]) -> None:
    gen = served[1].generator
    assert isinstance(gen, ScriptedGenerator)
    hold = threading.Event()  # the model's last piece waits for it: the answer cannot finish
    gen.reply, gen.delay, gen.hold = STREAMED, 0.05, hold
    try:
        box = page.find_element(By.CSS_SELECTOR, "#fc-question textarea")
        box.send_keys(QUESTION)
        box.send_keys(Keys.ENTER)
        wait(page, lambda d: "25 Nm" in text_of(d, "#fc-chat"))
        chat = text_of(page, "#fc-chat")  # the first verified sentence, nothing after it yet
        assert "star pattern" not in chat and "Searching the plant documents" not in chat
        assert not page.find_elements(By.CSS_SELECTOR, "#fc-chips label")
        shot(page, "02b-streaming")
    finally:
        hold.set()
        gen.reply, gen.delay, gen.hold = REPLY, 0.0, None
    wait(page, lambda d: "star pattern" in text_of(d, "#fc-chat"))
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-chips label"))


SMALL_TARGETS_JS = """
const small = [];
for (const e of document.querySelectorAll(
    'button, textarea, input:not([type=file]):not([type=radio]), [role=tab], .fc-chips label')) {
  const box = e.getAttribute('role') === 'combobox' ? e.closest('.wrap') : e;  // dropdown field
  const r = box.getBoundingClientRect();
  if (r.width > 0 && r.height > 0 && r.height < 48)
    small.push((e.id || e.getAttribute('aria-label') || e.innerText).slice(0, 40) + ': ' + r.height);
}
return small;
"""


def test_touch_targets_are_at_least_48px_and_the_page_fits_1280x800(page: Any) -> None:
    ask(page)
    assert page.execute_script(SMALL_TARGETS_JS) == []
    width, height = page.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert width <= 1280 and height <= 800, "the Ask page scrolls on a 1280x800 terminal"
    open_documents(page)
    assert page.execute_script(SMALL_TARGETS_JS) == []


def test_feedback_is_recorded_next_to_the_audit_log(page: Any,
                                                    served: tuple[str, Copilot]) -> None:
    ask(page)
    page.find_element(By.CSS_SELECTOR, "#fc-comment textarea").send_keys("torque is right")
    page.find_element(By.CSS_SELECTOR, "#fc-up").click()
    log = served[1].settings.log_dir / "feedback.jsonl"
    wait(page, lambda _: log.exists() and "torque is right" in log.read_text(encoding="utf-8"))
    entry = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert entry["verdict"] == "up" and entry["question"] == QUESTION
    assert entry["citations"] and "25 Nm" in entry["answer"]


def test_keyboard_only_ask_and_open_a_source(page: Any) -> None:
    focused = page.switch_to.active_element  # the question box has the focus on load
    assert focused.get_attribute("placeholder") == "Type your question, then press Enter"
    ask(page)
    keys = ActionChains(page)
    keys.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()  # to the chips
    assert page.switch_to.active_element.get_attribute("type") == "radio"
    ActionChains(page).send_keys(Keys.SPACE).perform()
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-source .fc-cited"))


def test_new_question_clears_the_conversation(page: Any) -> None:
    ask(page)
    page.find_element(By.CSS_SELECTOR, "#fc-new").click()
    wait(page, lambda d: "Ask about a work instruction" in text_of(d, "#fc-chat"))
    assert QUESTION not in text_of(page, "#fc-chat")
    assert not page.find_elements(By.CSS_SELECTOR, "#fc-chips label")


def test_korean_switches_every_label(page: Any) -> None:
    ask(page)
    page.find_elements(By.CSS_SELECTOR, "#fc-chips label")[0].click()
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-source .fc-cited"))
    page.find_element(By.XPATH, "//*[@id='fc-lang']//label[contains(., '한국어')]").click()
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#fc-ask").text == "질문하기")
    tabs = text_of(page, "button[role=tab]")
    assert "질문" in tabs and "문서" in tabs
    assert "출처" in text_of(page, "#fc-source") and "현행" in text_of(page, "#fc-source")
    assert "출처 — 눌러서 원문 보기" in text_of(page, "#fc-chips")
    assert "공정" in text_of(page, "#fc-station")
    shot(page, "04-korean")


def open_documents(driver: Any) -> None:
    driver.find_element(By.XPATH, "//button[@role='tab'][contains(., 'Documents')]").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-docs-table .fc-docs"))


def test_bad_upload_is_reported_in_plain_words(page: Any, tmp_path: Path,
                                               served: tuple[str, Copilot]) -> None:
    open_documents(page)
    table = text_of(page, "#fc-docs-table")
    assert "WI-OP30-001" in table and "superseded by Rev C" in table
    shot(page, "05-documents")
    bad = tmp_path / "empty.xlsx"
    bad.write_bytes(b"")
    # The "Add files…" button ingests as soon as files are chosen.
    page.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(bad))
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-report .fc-errors"))
    errors = text_of(page, "#fc-report .fc-errors")
    assert "empty.xlsx" in errors and "file is empty" in errors
    assert "check it has content" in errors  # what to do about it
    assert not (served[1].settings.home / "uploads" / "empty.xlsx").exists()
    shot(page, "06-bad-upload")


def test_remove_document_asks_first(page: Any, served: tuple[str, Copilot]) -> None:
    open_documents(page)
    page.find_element(By.CSS_SELECTOR, "#fc-remove-pick input").click()
    option = wait(page, lambda d: [
        o for o in d.find_elements(By.CSS_SELECTOR, "[data-testid=dropdown-option]")
        if "cmms.csv" in (o.get_attribute("aria-label") or "")])
    option[0].click()
    page.find_element(By.CSS_SELECTOR, "#fc-remove").click()
    confirm = wait(page, lambda d: [b for b in d.find_elements(By.CSS_SELECTOR, "#fc-confirm")
                                    if b.is_displayed()])
    assert any(d["source"].endswith("cmms.csv") for d in served[1].documents())  # not yet
    confirm[0].click()
    wait(page, lambda d: "Removed" in text_of(d, "#fc-report"))
    assert "cmms.csv" not in text_of(page, "#fc-docs-table")
    assert not any(d["source"].endswith("cmms.csv") for d in served[1].documents())


def test_no_request_leaves_the_machine(page: Any, guard: OffMachineGuard) -> None:
    ask(page)
    open_documents(page)
    _record_requests(page)
    web = [u for u in REQUESTED if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    assert any("/gradio_api/" in u for u in web), "request log is empty: logging broken?"
    off = sorted({u for u in web if not _local(urlsplit(u).hostname or "")})
    assert not off, f"the page requested off-machine URLs: {off}"
    assert not guard.attempts, f"the server tried to reach: {guard.attempts}"


# ---- logins: a technician and an admin see (and may do) different things ----------------------

PASSWORD = "floor-terminal-1"


@pytest.fixture(scope="module")
def served_accounts(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder,
                    guard: OffMachineGuard) -> Iterator[tuple[str, Copilot]]:
    """The same app with accounts: a login is required."""

    root = tmp_path_factory.mktemp("ui-accounts")
    settings = load_settings(env={"COPILOT_HOME": str(root / "home")})
    copilot = Copilot(settings, embedder=embedder, generator=ScriptedGenerator(REPLY))
    assert not copilot.ingest([write_plant(root / "plant")]).errors
    from copilot.core.access import Role

    copilot.accounts.add("tech1", Role.TECHNICIAN, PASSWORD)
    copilot.accounts.add("boss", Role.ADMIN, PASSWORD)
    with serving(copilot) as url:
        yield url, copilot


def login(driver: Any, base: str, user: str) -> None:
    driver.get(base)
    driver.delete_all_cookies()
    driver.get(base)  # no session: the login form
    wait(driver, lambda d: d.find_elements(By.ID, "fc-login"))
    driver.find_element(By.ID, "fc-user").send_keys(user)
    driver.find_element(By.ID, "fc-password").send_keys(PASSWORD)
    driver.find_element(By.ID, "fc-sign-in").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-question textarea"))
    wait(driver, lambda d: user in text_of(d, "#fc-user"))


def shown_ids(driver: Any, *ids: str) -> dict[str, bool]:
    return {i: any(e.is_displayed() for e in driver.find_elements(By.ID, i)) for i in ids}


FETCH_JS = """
const [method, url, body, done] = arguments;
fetch(url, {method, headers: {'Content-Type': 'application/json'}, body,
            credentials: 'same-origin'})
  .then(async r => done([r.status, await r.text()])).catch(e => done([0, String(e)]));
"""


def browser_fetch(driver: Any, method: str, url: str, body: Any = None) -> tuple[int, str]:
    status, text = driver.execute_async_script(
        FETCH_JS, method, url, None if body is None else json.dumps(body))
    return int(status), str(text)


def test_technician_does_not_get_upload_or_remove_and_forging_fails(
        browser: Any, served_accounts: tuple[str, Copilot]) -> None:
    base, copilot = served_accounts
    browser.get(base)
    browser.delete_all_cookies()
    browser.get(base)
    wait(browser, lambda d: d.find_elements(By.ID, "fc-login"))
    assert "/login" in browser.current_url
    shot(browser, "10-login")
    login(browser, base, "tech1")
    assert "technician" in text_of(browser, "#fc-user")
    ask(browser)
    open_documents(browser)
    wait(browser, lambda d: not shown_ids(d, "fc-remove-row")["fc-remove-row"])
    assert shown_ids(browser, "fc-upload-card", "fc-folder-card", "fc-remove-row") == {
        "fc-upload-card": False, "fc-folder-card": False, "fc-remove-row": False}
    shot(browser, "11-technician-documents")
    browser.find_element(By.XPATH, "//button[@role='tab'][contains(., 'PFMEA')]").click()
    wait(browser, lambda d: shown_ids(d, "fc-pfmea-denied")["fc-pfmea-denied"])
    assert not shown_ids(browser, "fc-pfmea-body")["fc-pfmea-body"]
    assert "quality engineers" in text_of(browser, "#fc-pfmea-denied")
    shot(browser, "12-technician-pfmea")
    # the same requests the admin's buttons send, forged from the technician's session
    status, body = browser_fetch(browser, "POST", "/api/remove", {"source": "cmms.csv"})
    assert status == 403 and "may not remove" in body
    status, body = browser_fetch(browser, "POST", "/gradio_api/call/ingest_folder",
                                 {"data": [str(Path(base).anchor or "/")]})
    assert status == 200
    event = json.loads(body)["event_id"]
    status, body = browser_fetch(browser, "GET", f"/gradio_api/call/ingest_folder/{event}")
    assert "may not upload" in body
    assert any(d["source"].endswith("cmms.csv") for d in copilot.documents())
    # the language is the user's: chosen once, it is there at the next page load
    browser.find_element(By.XPATH, "//button[@role='tab'][contains(., 'Ask')]").click()
    browser.find_element(By.XPATH, "//*[@id='fc-lang']//label[contains(., '한국어')]").click()
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#fc-ask").text == "질문하기")
    browser.get(base)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#fc-ask")
         and d.find_element(By.CSS_SELECTOR, "#fc-ask").text == "질문하기")
    shot(browser, "12b-technician-korean-kept")
    assert "로그아웃" in text_of(browser, "#fc-user")


def test_admin_gets_upload_and_remove_and_can_log_out(
        browser: Any, served_accounts: tuple[str, Copilot]) -> None:
    base, copilot = served_accounts
    login(browser, base, "boss")
    assert "admin" in text_of(browser, "#fc-user")
    open_documents(browser)
    wait(browser, lambda d: all(shown_ids(d, "fc-upload-card", "fc-remove-row").values()))
    shot(browser, "13-admin-documents")
    browser.find_element(By.CSS_SELECTOR, "#fc-remove-pick input").click()
    option = wait(browser, lambda d: [
        o for o in d.find_elements(By.CSS_SELECTOR, "[data-testid=dropdown-option]")
        if "cmms.csv" in (o.get_attribute("aria-label") or "")])
    option[0].click()
    browser.find_element(By.CSS_SELECTOR, "#fc-remove").click()
    confirm = wait(browser, lambda d: [b for b in d.find_elements(By.CSS_SELECTOR, "#fc-confirm")
                                       if b.is_displayed()])
    confirm[0].click()
    wait(browser, lambda d: "Removed" in text_of(d, "#fc-report"))
    assert not any(d["source"].endswith("cmms.csv") for d in copilot.documents())
    entry = json.loads((copilot.settings.log_dir / "audit.jsonl").read_text(
        encoding="utf-8").splitlines()[-1])
    assert entry["event"] == "remove" and entry["user"] == "boss"
    shot(browser, "14-admin-removed")
    browser.find_element(By.ID, "fc-logout").click()
    wait(browser, lambda d: d.find_elements(By.ID, "fc-login"))
    browser.get(base)
    wait(browser, lambda d: d.find_elements(By.ID, "fc-login"))  # the session is gone
    browser.delete_all_cookies()
