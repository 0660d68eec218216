// Runs first, so GOV.UK Frontend's styles for enhanced components apply before paint.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
