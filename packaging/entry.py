"""Entry script of the frozen app: PyInstaller starts here (packaging/ is not a package)."""

from desktop.app import main

raise SystemExit(main())
