"""The model layer: typed entities (:mod:`.entities`), the kinds of entity (:mod:`.kinds`),
user errors (:mod:`.errors`) and the JSON Schema derived from them (:mod:`.schema`).

Nothing here reads a file or the clock; every other layer builds on it. ``from generator import
model as m`` gives the entity classes (``m.Role``, ``m.Playbook`` …).
"""

from .entities import *  # noqa: F403 - the entity classes are the model's interface
from .entities import __all__ as __all__
