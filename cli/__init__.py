"""`evgraph`: the command line over the same graph/ functions the web app uses."""
from __future__ import annotations

import click

from . import basics, data_cmd, dossier_cmd, edit_cmd, query_cmd, resolve_cmd, server_cmd, trust_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="evidence-graph")
@click.option("--as", "as_user", metavar="NAME", help="Act as this account (else EVGRAPH_USER, else the local "
              "operator): its role limits and masks the command, and the audit log names it.")
@click.pass_context
def main(ctx: click.Context, as_user: str | None) -> None:
    """Evidence Graph: who is responsible for what was done to whom, and how do we know."""
    ctx.ensure_object(dict)["as_user"] = as_user
    if as_user:
        from .common import cli_account

        cli_account()     # an unknown or disabled account stops here, before any work


for module in (server_cmd, basics, data_cmd, dossier_cmd, query_cmd, trust_cmd, edit_cmd, resolve_cmd):
    for command in module.COMMANDS:
        main.add_command(command)
