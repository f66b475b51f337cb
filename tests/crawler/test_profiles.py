"""The portal registry: seeded from real-portals.csv, extendable by a user file."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.profiles import get_profile, load_registry, profile_for_url
from crawler.seed_portals import DEFAULT_CSV, main
from tests.samples import PORTALS_CSV


def test_packaged_registry_has_the_real_portals() -> None:
    reg = load_registry()
    assert len(reg) >= 215
    moe = next(p for p in reg.values() if p.name == "教育部")
    assert moe.start_urls[0].startswith("http://www.moe.gov.cn/jyb_xxgk/xxgk/nianbao/jiguan/")
    assert moe.allowed_domains == ["moe.gov.cn"] and moe.cms == "TRS"


def test_committed_toml_is_what_the_seed_script_writes(capsys: pytest.CaptureFixture[str]) -> None:
    assert DEFAULT_CSV == PORTALS_CSV  # by default it reads the vendored list
    assert main([]) == 0
    assert capsys.readouterr().out == Path("crawler/portals.toml").read_text(encoding="utf-8")


def test_seed_script_names_a_missing_csv(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"no portal list at .*gone\.csv; pass one: python -m"):
        main([str(tmp_path / "gone.csv")])


def test_user_file_extends_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "mine.toml"
    user.write_text('[portals.mytown]\nname = "我的镇"\nstart_urls = ["http://x.gov.cn/"]\n'
                    'adapters = ["trs"]\n\n[portals.sample]\nname = "覆盖"\n'
                    'start_urls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    monkeypatch.setenv("NIANBAO_PORTALS", str(user))
    reg = load_registry()
    assert reg["mytown"].adapters == ["trs"] and reg["mytown"].allowed_domains == ["x.gov.cn"]
    assert reg["sample"].name == "覆盖"


def test_unknown_key_and_unknown_field_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="unknown portal"):
        get_profile("no-such-portal")
    bad = tmp_path / "bad.toml"
    bad.write_text('[portals.x]\nname = "x"\nstart_urls = ["http://x/"]\nstart_url = "y"\n')
    with pytest.raises(ValueError, match="unknown keys"):
        load_registry(str(bad))


def test_a_home_page_is_enough() -> None:
    p = profile_for_url("http://www.example.gov.cn:8080/")
    assert p.key == "example-8080" and p.allowed_domains == ["example.gov.cn"]
