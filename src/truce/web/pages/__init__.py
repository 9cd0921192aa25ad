"""The dashboard's pages, one module per area; :mod:`truce.web.routes` joins their routers."""
