"""Connection settings from the environment or TOML; the secret never shows."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from edocstd.hub import HubConfig, HubConfigError, Secret

ENV = {
    "EDOCSTD_HUB_URL": "http://hub.example/",
    "EDOCSTD_HUB_SYSTEMID": "000.00.00.G22",
    "EDOCSTD_HUB_SECRET": "c2VjcmV0LXZhbHVl",
}


def test_from_env() -> None:
    cfg = HubConfig.from_env(ENV)
    assert cfg.url == "http://hub.example" and cfg.systemid == "000.00.00.G22"
    assert cfg.secret.reveal() == "c2VjcmV0LXZhbHVl"


def test_from_toml_with_either_key_style(tmp_path: Path) -> None:
    a = tmp_path / "a.toml"
    a.write_text('url = "http://h"\nsystemid = "000.00.00.H41"\nsecret = "abc"\ntimeout = 5\n')
    b = tmp_path / "b.toml"
    b.write_text("".join(f'{k} = "{v}"\n' for k, v in ENV.items()))
    c = tmp_path / "c.toml"
    c.write_text('[hub]\nendpoint = "http://h2"\nsystemid = "x"\nsecret = "y"\n')
    assert HubConfig.from_toml(a).timeout == 5.0
    assert HubConfig.from_toml(b).systemid == "000.00.00.G22"
    assert HubConfig.from_toml(c).url == "http://h2"


@pytest.mark.parametrize(
    "content, needle",
    [
        ('url = "http://h"\nsystemid = "x"\n', "secret"),
        ("not = [toml", "TOML"),
        ('url = "http://h"\nsystemid = "x"\nsecret = "y"\nretries = "many"\n', "retries"),
        ('url = "http://h"\nsystemid = "x"\nsecret = "y"\nmax_reply = inf\n', "max_reply"),
    ],
)
def test_bad_files_are_typed_errors(tmp_path: Path, content: str, needle: str) -> None:
    f = tmp_path / "hub.toml"
    f.write_text(content)
    with pytest.raises(HubConfigError, match=needle) as info:
        HubConfig.from_toml(f)
    assert info.value.message("vi") != info.value.message("en")


def test_missing_file_and_missing_env() -> None:
    with pytest.raises(HubConfigError):
        HubConfig.from_toml("/nonexistent/hub.toml")
    with pytest.raises(HubConfigError, match=r"EDOCSTD_HUB_SECRET|secret"):
        HubConfig.from_env({k: v for k, v in ENV.items() if "SECRET" not in k})


def test_secret_is_masked_everywhere() -> None:
    cfg = HubConfig.from_env(ENV)
    for text in (repr(cfg), str(cfg), repr(cfg.secret), str(cfg.secret), f"{cfg}"):
        assert "c2VjcmV0LXZhbHVl" not in text
    with pytest.raises(TypeError):
        pickle.dumps(cfg.secret)
    assert Secret("a") == Secret("a") and Secret("a") != Secret("b")
