"""Geodesy: local projections, compass bearings, distances, the gazetteer."""
