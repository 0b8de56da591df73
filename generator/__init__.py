"""Playbook handbook generator: YAML in ``data/`` → MkDocs Material handbook (and feeds).

Phase one, :func:`generator.load.load_playbook`, reads and validates everything;
phase two, the ``render_*`` modules, turn the model into pages; the MkDocs
plugin in :mod:`generator.plugin` is the only place that talks to MkDocs.
"""

__version__ = "0.1.0"
