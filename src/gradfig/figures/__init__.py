"""Figures of the chapter: static (matplotlib) and interactive (plotly) builders."""
