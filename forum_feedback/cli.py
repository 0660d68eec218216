"""Command-line tools: ``flask --app forum_feedback <group> <command>``."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from forum_feedback import migrate
from forum_feedback.auth import services as auth_services
from forum_feedback.auth import two_factor
from forum_feedback.auth.access import set_password_url
from forum_feedback.db import utcnow
from forum_feedback.enums import Role
from forum_feedback.extensions import get_db
from forum_feedback.submissions import importer, services

logger = logging.getLogger(__name__)

db_cli = AppGroup("db", help="Create and migrate the database.")
feedback_cli = AppGroup("feedback", help="Bring feedback in from other places.")
demo_cli = AppGroup("demo", help="Demo data for trying the app out.")
drafts_cli = AppGroup("drafts", help="Half-finished online forms.")
users_cli = AppGroup("users", help="Staff accounts (there are no default accounts).")
themes_cli = AppGroup("themes", help="The automatic themes.")
retention_cli = AppGroup("retention", help="Deleting what is past the forum's retention periods.")
jobs_cli = AppGroup("jobs", help="The job queue's jobs (the worker runs them; these run one now).")


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


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH, safely while the app runs (PostgreSQL: use pg_dump)."""
    from forum_feedback import backup

    try:
        report = backup.backup(get_db().url, path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {report.feedback:,} pieces of feedback ({report.pages:,} pages) to {report.path}.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH. Stop the web server and the worker first."""
    from forum_feedback import backup

    if not yes:
        click.confirm("This replaces everything in the database with the backup. Go on?", abort=True)
    try:
        report = backup.restore(get_db().url, path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    get_db().dispose()
    click.echo(f"Restored {report.feedback:,} pieces of feedback from {path}. Run 'db upgrade' if it is older.")


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
@click.option("--no-loop", is_flag=True, help="Feedback only: no themes, packs, commitments or outcomes.")
def demo_load(items: int, if_empty: bool, no_loop: bool) -> None:
    """Load the synthetic demo corpus (made up by this project: no real family's words), then build its
    themes and the loop on top: evidence packs, a partner's response, commitments and published outcomes."""
    from forum_feedback.demo import loader

    with get_db().write_session() as session:
        if if_empty and loader.has_feedback(session):
            click.echo("There is feedback already; demo data not loaded.")
            return
        added = loader.load_demo(session, n_items=items, today=utcnow().date())
    click.echo(f"Loaded {added} demo feedback items.")
    if not no_loop:
        loop = loader.load_loop(get_db(), app=current_app._get_current_object(), today=utcnow().date())
        click.echo(
            f"Built the themes, {loop.packs} evidence packs, {loop.commitments} commitments and "
            f"{loop.outcomes} published outcomes."
        )
        if loop.receipt_code:
            click.echo(f"See it as a family does: 'Check on feedback you sent', receipt code {loop.receipt_code}")


@drafts_cli.command("purge")
def drafts_purge() -> None:
    """Delete half-finished forms that have expired."""
    with get_db().write_session() as session:
        count = services.purge_expired_drafts(session, now=utcnow())
    click.echo(f"Deleted {count} expired draft(s).")


@retention_cli.command("apply")
def retention_apply() -> None:
    """Delete words as sent and contact details past their period (safe to run daily; prints counts only)."""
    from forum_feedback import retention

    periods = retention.Periods.from_config(current_app.config)
    with get_db().write_session() as session:
        result = retention.apply_retention(session, now=utcnow(), periods=periods)
    for line in result.as_lines():
        click.echo(line)


@themes_cli.command("rebuild")
@click.option("--review", is_flag=True, help="Leave the new themes for a rep to review instead of applying them.")
@click.option("--random-state", default=0, show_default=True, help="Seed for the clustering.")
@click.option("--if-empty", is_flag=True, help="Only when there are no themes yet (used by make run).")
@click.option("--queue", "in_worker", is_flag=True, help="Queue it for the worker and return (it waits for review).")
def themes_rebuild(review: bool, random_state: int, if_empty: bool, in_worker: bool) -> None:
    """Rebuild the themes from all feedback now, keeping reps' corrections, and print what changed."""
    from forum_feedback.themes import services as theme_services
    from forum_feedback.themes.tasks import start_rebuild, vocabulary_path

    database = get_db()
    with database.write_session() as session:
        if if_empty and theme_services.current_run(session) is not None:
            click.echo("There are themes already; not rebuilt.")
            return
        if in_worker:
            run = start_rebuild(session, requested_by=None, now=utcnow())
            click.echo(f"Rebuild {run.id} is {run.status}: the worker will do it, then a rep reviews it.")
            return
        run, queued = theme_services.request_rebuild(session, requested_by=None, now=utcnow())
        run_id = run.id
        if not queued:
            raise click.ClickException(
                f"Rebuild {run_id} is already {run.status}: wait for it to finish, then try again."
            )
    theme_services.execute_rebuild(
        database, run_id=run_id, vocabulary=vocabulary_path(current_app), random_state=random_state
    )
    with database.write_session() as session:
        run = session.get(theme_services.ThemeRun, run_id)
        if run.status != theme_services.RunStatus.READY:
            raise click.ClickException(f"The rebuild did not finish: {run.message}")
        if not review:
            theme_services.apply_run(session, run_id=run_id, now=utcnow())
        click.echo(theme_services.summarise_run(run, applied=not review))


@jobs_cli.command("run")
@click.argument("name")
def jobs_run(name: str) -> None:
    """Run one job now, in this process (for example: flask jobs run watch_rebuilds)."""
    from forum_feedback import jobs

    if name not in jobs.TASKS:
        raise click.ClickException(f"There is no job called {name!r}. Jobs: {', '.join(sorted(jobs.TASKS))}")
    task = jobs.TASKS[name]
    click.echo(f"{name}: {task.func()}")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]), help="What they may do.")
def users_create(email: str, role: str) -> None:
    """Add a staff user and print a one-time link for them to set their password."""
    if not auth_services.looks_like_email(email):
        raise click.ClickException("Enter an email address in the correct format, like name@example.com.")
    with get_db().write_session() as session:
        try:
            link = auth_services.create_user(
                session, email=email, role=role, actor_id=None, now=utcnow(), link_lifetime=_link_lifetime()
            )
        except auth_services.UserExists as exc:
            raise click.ClickException(f"There is already a user with the email address {exc}.") from exc
    _echo_link(link)


@users_cli.command("link")
@click.argument("email")
def users_link(email: str) -> None:
    """Print a new one-time link for an existing user to set their password (earlier links stop working)."""
    with get_db().write_session() as session:
        user = auth_services.find_user_by_email(session, email=email)
        if user is None:
            raise click.ClickException(f"There is no user with the email address {email}.")
        link = auth_services.create_password_link(
            session, user_id=user.id, actor_id=None, now=utcnow(), lifetime=_link_lifetime()
        )
    _echo_link(link)


@users_cli.command("reset-2fa")
@click.argument("email")
def users_reset_two_factor(email: str) -> None:
    """Remove a user's authenticator app and recovery codes (a lost phone); they set up a new one at next sign-in."""
    with get_db().write_session() as session:
        user = auth_services.find_user_by_email(session, email=email)
        if user is None:
            raise click.ClickException(f"There is no user with the email address {email}.")
        address = user.email
        two_factor.reset_second_factor(session, user_id=user.id, actor_id=None, now=utcnow())
    click.echo(f"Two-factor sign-in reset for {address}: they set it up again when they next sign in.")


@users_cli.command("purge")
@click.option("--days", default=90, show_default=True, help="Keep records younger than this.")
def users_purge(days: int) -> None:
    """Delete old sessions, used or expired set-password links and failed sign-ins (not the audit log)."""
    with get_db().write_session() as session:
        count = auth_services.purge_old_records(session, now=utcnow(), keep=dt.timedelta(days=days))
    click.echo(f"Deleted {count} old record(s).")


def _link_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["PASSWORD_LINK_HOURS"])


def _echo_link(link: auth_services.NewLink) -> None:
    hours = current_app.config["PASSWORD_LINK_HOURS"]
    click.echo(f"Give this link to {link.email}. It sets their password, works once, and expires in {hours} hours:")
    click.echo(set_password_url(link.token))


def register(app: Flask) -> None:
    """Attach the command groups to the app."""
    for group in (db_cli, feedback_cli, demo_cli, drafts_cli, themes_cli, users_cli, retention_cli, jobs_cli):
        app.cli.add_command(group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
