"""Command-line tools: ``flask --app forum_feedback <group> <command>``."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from forum_feedback import migrate
from forum_feedback.db import utcnow
from forum_feedback.extensions import get_db
from forum_feedback.submissions import importer, services

logger = logging.getLogger(__name__)

db_cli = AppGroup("db", help="Create and migrate the database.")
feedback_cli = AppGroup("feedback", help="Bring feedback in from other places.")
demo_cli = AppGroup("demo", help="Demo data for trying the app out.")
drafts_cli = AppGroup("drafts", help="Half-finished online forms.")
themes_cli = AppGroup("themes", help="The automatic themes.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Create the database or bring it up to date (safe to run again)."""
    migrate.upgrade(get_db().engine, revision)
    click.echo(f"Database is up to date ({_safe_url()}).")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Take the database back to an earlier migration."""
    migrate.downgrade(get_db().engine, revision)
    click.echo(f"Database downgraded to {revision}.")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the models (for developers)."""
    migrate.revision(get_db().engine, message)


def _safe_url() -> str:
    return get_db().engine.url.render_as_string(hide_password=True)


@feedback_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-column", required=True, help="The column holding what the family said.")
@click.option("--date-column", help="The column with the date it was said (2025-03-31 or 31/03/2025).")
@click.option("--area-column", help="The column with the local area.")
@click.option("--service-column", help="The column with service areas (several separated by ; or |).")
def feedback_import(
    csv_file: Path, text_column: str, date_column: str | None, area_column: str | None, service_column: str | None
) -> None:
    """Import a survey export (CSV, UTF-8): every row or none, and never the same row twice."""
    columns = importer.Columns(text=text_column, date=date_column, area=area_column, service=service_column)
    lists = importer.Lists(current_app.config["SERVICE_AREAS"], current_app.config["LOCAL_AREAS"])
    with get_db().write_session() as session:
        try:
            report = importer.import_csv(session, path=csv_file, columns=columns, lists=lists, now=utcnow())
        except importer.ImportFailed as exc:
            raise click.ClickException(str(exc)) from exc
    if not report.ok:
        for row in report.rejected:
            click.echo(f"line {row.line}: {row.reason}", err=True)
        raise click.ClickException(f"Nothing was imported: {len(report.rejected)} row(s) need fixing first.")
    click.echo(f"Imported {report.added} new item(s); {report.already_imported} were already imported.")


@demo_cli.command("load")
@click.option("--items", default=1800, show_default=True, help="How many demo items to make.")
@click.option("--if-empty", is_flag=True, help="Only load when there is no feedback yet.")
def demo_load(items: int, if_empty: bool) -> None:
    """Load the synthetic demo corpus (made up by this project: no real family's words)."""
    from forum_feedback.demo import loader

    with get_db().write_session() as session:
        if if_empty and loader.has_feedback(session):
            click.echo("There is feedback already; demo data not loaded.")
            return
        added = loader.load_demo(session, n_items=items, today=utcnow().date())
    click.echo(f"Loaded {added} demo feedback items.")


@drafts_cli.command("purge")
def drafts_purge() -> None:
    """Delete half-finished forms that have expired."""
    with get_db().write_session() as session:
        count = services.purge_expired_drafts(session, now=utcnow())
    click.echo(f"Deleted {count} expired draft(s).")


@themes_cli.command("rebuild")
@click.option("--review", is_flag=True, help="Leave the new themes for a rep to review instead of applying them.")
@click.option("--random-state", default=0, show_default=True, help="Seed for the clustering.")
def themes_rebuild(review: bool, random_state: int) -> None:
    """Rebuild the themes from all feedback now, keeping reps' corrections, and print what changed."""
    from forum_feedback.themes import services as theme_services
    from forum_feedback.themes.tasks import vocabulary_path

    database = get_db()
    with database.write_session() as session:
        run = theme_services.request_rebuild(session, requested_by=None, now=utcnow())
        run_id = run.id
    theme_services.execute_rebuild(database, run_id=run_id, vocabulary=vocabulary_path(current_app),
                                   random_state=random_state)  # fmt: skip
    with database.write_session() as session:
        run = session.get(theme_services.ThemeRun, run_id)
        if run.status != theme_services.RUN_READY:
            raise click.ClickException(f"The rebuild did not finish: {run.message}")
        if not review:
            theme_services.apply_run(session, run_id=run_id, now=utcnow())
        click.echo(theme_services.summarise_run(run, applied=not review))


def register(app: Flask) -> None:
    """Attach the command groups to the app."""
    for group in (db_cli, feedback_cli, demo_cli, drafts_cli, themes_cli):
        app.cli.add_command(group)
