"""Compile the forum's stylesheet and copy GOV.UK Frontend's scripts into forum_feedback/static/build.

Branding colours come from the app's configuration (defaults, instance/config.py, environment),
so a forum sets BRAND_COLOUR and friends once and rebuilds. Needs ``npm install`` first.
Run: python scripts/build_assets.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "forum_feedback"
BUILD = PACKAGE / "static" / "build"
GOVUK = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
SASS = ROOT / "node_modules" / ".bin" / "sass"
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def brand_settings() -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from forum_feedback import create_app

    config = create_app().config
    settings = {
        "brand-colour": config["BRAND_COLOUR"],
        "template-background-colour": config["TEMPLATE_BACKGROUND_COLOUR"],
        "link-colour": config["LINK_COLOUR"],
    }
    for name, value in settings.items():
        if not COLOUR.match(value):
            raise SystemExit(f"{name} must be a colour like #5b2d86, not {value!r}")
    return settings


def compile_css(settings: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        brand = "".join(f"${name}: {value};\n" for name, value in settings.items())
        (Path(tmp) / "_brand.scss").write_text(brand, encoding="utf-8")
        subprocess.run(
            [
                str(SASS),
                "--no-source-map",
                "--style=compressed",
                "--quiet-deps",
                f"--load-path={tmp}",
                f"--load-path={ROOT / 'node_modules'}",
                str(PACKAGE / "assets" / "scss" / "app.scss"),
                str(BUILD / "app.css"),
            ],
            check=True,
        )


def copy_scripts() -> None:
    js = BUILD / "js"
    js.mkdir(parents=True, exist_ok=True)
    shutil.copy2(GOVUK / "govuk-frontend.min.js", js / "govuk-frontend.min.js")
    for name in ("app.js", "enable.js", "run-progress.js"):
        shutil.copy2(PACKAGE / "assets" / "js" / name, js / name)


def main() -> None:
    if not SASS.exists():
        raise SystemExit("Run `npm ci` first: the sass compiler is missing.")
    BUILD.mkdir(parents=True, exist_ok=True)
    compile_css(brand_settings())
    copy_scripts()
    print(f"Built assets in {BUILD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
