"""Pieces every feature's pages share: pagination, filters, form fields and template filters."""
