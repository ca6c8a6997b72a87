"""Figures: static (matplotlib) and interactive (plotly) builders, the house style, the catalogue."""
