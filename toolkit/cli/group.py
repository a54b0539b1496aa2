"""The `parallax` command group; the commands register on it from the modules beside this one."""

from __future__ import annotations

import click

from toolkit import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="parallax")
def cli() -> None:
    """Parallax: build source-bias and claim-comparison datasets from news.

    Commands find their project (a folder holding parallax.yaml) by walking up from the current folder, or from
    --project DIR; outside a project they work on the folders they are given. Outlets and actors resolve against the
    registries shipped in the package, extended by the project's data/outlets.jsonl and data/actors.jsonl.

    \b
    Start a dataset:
      parallax init my-dataset && cd my-dataset
      parallax convert ~/articles/ --out data
      parallax validate && parallax align && parallax build

    Exit status: 0 done, 1 problems in the data, 2 the command could not run, 3 internal error (see docs/commands.md).
    """
