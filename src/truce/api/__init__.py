"""HTTP edge of Truce: FastAPI routers that parse, call :mod:`truce.services`, render.

No logic lives in a route: the view of a record per role is :mod:`truce.services.access`,
errors are :class:`~truce.errors.TruceError` rendered once by :mod:`truce.api.errors`.
"""
