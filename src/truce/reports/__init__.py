"""Daily and spot reports: figures, coverage, text, charts, maps, templates, catalogs.

Pure computation lives in :mod:`truce.reports.figures` and :mod:`truce.reports.coverage`
(models in, models out); rendering (Jinja2, Babel, Matplotlib, WeasyPrint) in the modules
beside them. Nothing here touches the database: :mod:`truce.services.reports` feeds them.
"""
