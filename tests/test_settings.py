"""Settings are one table that is read: every field has its variable, and setting the variable changes it."""
from dataclasses import fields
from pathlib import Path

import pytest

from graph.store.settings import ENV_VARS, Settings, load_settings

SAMPLES = {"int": "7777", "float": "12.5", "Path": "/tmp/evgraph-settings-test"}


@pytest.mark.parametrize("f", fields(Settings), ids=lambda f: f.name)
def test_each_setting_is_read_from_its_variable(f, monkeypatch):
    kind = str(f.type).split(" |")[0]
    raw = SAMPLES.get(kind, "value-from-the-environment")
    monkeypatch.setenv(f.metadata["env"], raw)
    value = getattr(load_settings(), f.name)
    expected = {"int": int, "float": float, "Path": lambda x: Path(x).resolve()}.get(kind, str)(raw)
    assert value == expected and f.metadata["doc"]


def test_blank_variables_keep_the_default(monkeypatch):
    for env in ENV_VARS:
        monkeypatch.setenv(env, "  ")
    settings = load_settings()
    assert settings.user is None and settings.secret_key is None and settings.bolt_port == 7687


def test_the_secret_key_reaches_the_web_app(monkeypatch):
    from webapp import create_app

    monkeypatch.setenv("EVGRAPH_SECRET_KEY", "a-key-the-operator-chose")
    app = create_app({"SETTINGS": load_settings(), "GRAPH": object(), "TESTING": True})
    assert app.config["SECRET_KEY"] == "a-key-the-operator-chose"
