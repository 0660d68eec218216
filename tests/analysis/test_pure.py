"""The analysis library stands on its own: importing it brings in no web framework and no ORM."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_analysis_package_does_not_import_flask_or_sqlalchemy():
    code = (
        "import sys\n"
        "import forum_feedback.analysis.themes, forum_feedback.analysis.redaction\n"
        "import forum_feedback.analysis.safeguarding\n"
        "import forum_feedback.analysis.sentiment\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'werkzeug', 'jinja2'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
