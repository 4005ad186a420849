"""Pure logic: settings, tokenization, language detection, fusion, revision order, locators."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.core.errors import ConfigError
from copilot.core.settings import load_settings
from copilot.core.text import detect_language, tokenize
from copilot.core.types import Locator
from copilot.store.catalog import revision_key
from copilot.store.index.fusion import reciprocal_rank_fusion

pytestmark = pytest.mark.unit


def test_settings_env_and_toml(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[copilot]\nrrf_k = 30\nembedder = "minilm"\n')
    s = load_settings(env={"COPILOT_HOME": str(tmp_path), "COPILOT_RRF_K": "10"})
    assert s.home == tmp_path and s.rrf_k == 10 and s.embedder == "minilm"
    assert s.catalog_path == tmp_path / "index" / "catalog.sqlite"


def test_settings_errors_name_the_field(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="rrf_k"):
        load_settings(env={"COPILOT_HOME": str(tmp_path), "COPILOT_RRF_K": "many"})
    with pytest.raises(ConfigError, match="max_file_mb"):
        load_settings(env={"COPILOT_HOME": str(tmp_path), "COPILOT_MAX_FILE_MB": "0"})
    (tmp_path / "config.toml").write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(env={"COPILOT_HOME": str(tmp_path)})


def test_settings_have_no_import_side_effects(tmp_path: Path) -> None:
    home = tmp_path / "not-created"
    load_settings(env={"COPILOT_HOME": str(home)})
    assert not home.exists()


@pytest.mark.parametrize(("text", "must"), [
    ("Tighten M8 bolts to 25 Nm on OP20", {"m8", "25", "nm", "op20"}),
    ("OP-20 press", {"op20", "op-20"}),
    ("L/H BRG HOT SPDL 2", {"l/h", "bear", "spindl", "brg"}),
    ("WO-24-00017 closed", {"wo-24-00017"}),
    ("re-energise PRS-01/PRS-02", {"prs-01", "prs01", "prs-02", "prs02"}),
    ("M8/M10 bolts", {"m8", "m10"}),
    ("leak limit 3.0 cc/min", {"3.0"}),
    ("스핀들 베어링이 과열되었다", {"스핀들", "베어링", "과열"}),
])
def test_tokenize_keeps_codes_and_korean_morphemes(text: str, must: set[str]) -> None:
    assert must <= set(tokenize(text))


def test_codes_joined_by_a_slash_are_two_codes_not_one() -> None:
    toks = set(tokenize("re-energise PRS-01/PRS-02"))
    assert "prs01prs02" not in toks and "prs-01/prs-02" not in toks
    assert {"l/h", "1/2"} <= set(tokenize("L/H side, 1/2 turn"))  # not codes: kept whole


def test_tokenize_drops_particles_and_stopwords() -> None:
    toks = tokenize("What is the torque? 베어링이 과열되면")
    assert "the" not in toks and "이" not in toks and "면" not in toks


def test_detect_language() -> None:
    assert detect_language("스핀들 베어링 과열 알람 PRS-02") == "ko"
    assert detect_language("Spindle bearing overheating alarm") == "en"


def test_rrf_weights_and_ties() -> None:
    fused = reciprocal_rank_fusion({"a": ["x", "y"], "b": ["y", "z"]}, {"a": 1.0, "b": 1.0}, k=60)
    assert fused[0][0] == "y" and fused[0][2] == {"a": 2, "b": 1}
    only_b = reciprocal_rank_fusion({"a": ["x"], "b": ["z"]}, {"a": 0.0, "b": 1.0})
    assert [d for d, _, _ in only_b] == ["z"]


def test_revision_order() -> None:
    assert revision_key("B") < revision_key("C") < revision_key("AA")
    assert revision_key("2") < revision_key("10")
    assert revision_key("Rev 1.2") < revision_key("1.10")


def test_locator_strings() -> None:
    assert str(Locator("wi.docx", doc_id="WI-OP30-001", revision="C", section="4 Procedure",
                       step="3", page=2)) == "WI-OP30-001 Rev C, § 4 Procedure, step 3, p. 2"
    assert str(Locator("pfmea.xlsx", sheet="OP10", row=12)) == "pfmea.xlsx sheet 'OP10' row 12"
    assert str(Locator("cmms.csv", row=5, work_order="WO-24-00017")).startswith("WO-24-00017")
