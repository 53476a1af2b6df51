"""``python -m aigovkg`` runs the command-line tool."""

from aigovkg.cli import main

raise SystemExit(main())
