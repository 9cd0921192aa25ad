"""Services: run a pure stage (fusion, compliance) against the store, in transactions.

The stages themselves (``truce.fusion``, ``truce.compliance``) take models and arrays and
never import the database layer; these thin modules read from the store, call them and
write the derived records back.
"""
