"""The web interface: dashboard, analyst review, party view, reports and the field form.

An edge like the CLI and the API: routes parse, call :mod:`truce.services`, render Jinja2
templates through the ``web`` Babel catalogs. Everything the browser loads is in
``static/`` (Leaflet and axe-core vendored with their licences; no CDN, no map tiles).
"""
