"""Allow ``python -m infradesk``."""

from infradesk.cli.main import main

raise SystemExit(main())
