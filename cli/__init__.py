"""`evgraph`: the command line over the same graph/ functions the web app uses."""
from __future__ import annotations

import click

from . import basics, data_cmd, dossier_cmd, query_cmd, server_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="evidence-graph")
def main() -> None:
    """Evidence Graph: who is responsible for what was done to whom, and how do we know."""


for module in (server_cmd, basics, data_cmd, dossier_cmd, query_cmd):
    for command in module.COMMANDS:
        main.add_command(command)
