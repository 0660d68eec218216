"""The unsubscribe link in every email to a family: a page that asks, then a button (link scanners only GET)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from forum_feedback.db import utcnow
from forum_feedback.extensions import get_session
from forum_feedback.mail import services, tokens

blueprint = Blueprint("mail", __name__)


class UnsubscribeForm(FlaskForm):
    submit = SubmitField("Stop emails from us", widget=GovSubmitInput())


@blueprint.route("/unsubscribe/<link>", methods=["GET", "POST"])
def unsubscribe(link: str) -> str:
    """Confirm, then erase the contact details the family gave us (``link`` is the signed email id)."""
    message_id = tokens.read_token(current_app.config["SECRET_KEY"], link)
    if message_id is None:
        abort(404)
    form = UnsubscribeForm()
    if form.validate_on_submit():
        services.unsubscribe(get_session(), message_id=message_id, now=utcnow())
        return render_template("mail/unsubscribed.html")
    return render_template("mail/unsubscribe.html", form=form)
