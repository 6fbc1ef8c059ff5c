"""The `vivier` command: Django's management commands under Vivier's name (`vivier run`, `vivier demo`…)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vivier.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["vivier", *(argv if argv is not None else sys.argv[1:])])
    return 0


if __name__ == "__main__":
    sys.exit(main())
