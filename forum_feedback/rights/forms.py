"""The download button of the subject access page: it carries the receipt code in the form body."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import HiddenField, SubmitField
from wtforms.validators import InputRequired, Length


class DownloadForm(FlaskForm):
    code = HiddenField(validators=[InputRequired(), Length(max=40)])
    submit = SubmitField("Download it as a file", widget=GovSubmitInput())


class EraseForm(FlaskForm):
    submit = SubmitField("Erase this feedback", widget=GovSubmitInput())
