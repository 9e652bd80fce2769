"""The docs and deployment files say what the code does."""
from pathlib import Path

import yaml

from graph.store.settings import ENV_VARS, PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text()


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()


def test_every_setting_is_documented():
    missing = [name for name in ENV_VARS if name not in README]
    assert not missing, f"README.md does not document {missing}"


def test_every_cli_command_is_documented():
    from cli import main

    missing = [name for name in main.commands if f"evgraph {name}" not in README]
    assert not missing, f"README.md does not mention {missing}"


def test_docker_compose_names_what_the_app_needs():
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    neo4j, app = compose["services"]["neo4j"], compose["services"]["app"]
    assert neo4j["image"].startswith("neo4j:5.26") and "community" in neo4j["image"]
    assert "healthcheck" in neo4j and any("/data" in v for v in neo4j["volumes"])
    assert app["build"] == "." and Path(PROJECT_ROOT / "Dockerfile").exists()
    env = app["environment"]
    assert env["NEO4J_URI"].startswith("bolt://neo4j:") and "NEO4J_PASSWORD" in env and "NEO4J_USER" in env
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_the_image_holds_every_package_and_runs_the_production_server():
    """Every package pyproject installs is copied into the image (a missing one only shows when the image
    starts), and the image serves with waitress (`evgraph serve`, never --dev)."""
    import re
    import tomllib

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    packages = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    docker = (PROJECT_ROOT / "Dockerfile").read_text()
    copied = set(re.findall(r"^COPY (\S+) \1$", docker, re.M))
    assert packages <= copied, f"not copied into the image: {packages - copied}"
    assert "queries" in copied      # the saved queries the console ships with
    command = re.search(r"^CMD (.+)$", docker, re.M).group(1)
    assert "evgraph serve" in command and "--dev" not in command and "flask run" not in command
