"""The JSON API of the cases app."""
