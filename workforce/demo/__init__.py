"""Demo data in the contract's shape: a few real facts inside a synthetic population.

``facts.py`` holds the real facts, from public reports, with their sources;
``population.py`` invents everything else around them (every participant,
placement, hire and salary); ``build`` writes the demo store.
"""

from workforce.demo.facts import PUBLISHED_FIGURES, ZONE
from workforce.demo.population import DEFAULT_PARTICIPANTS, MIN_PARTICIPANTS, SNAPSHOT, build, generate

__all__ = [
    "DEFAULT_PARTICIPANTS",
    "MIN_PARTICIPANTS",
    "PUBLISHED_FIGURES",
    "SNAPSHOT",
    "ZONE",
    "build",
    "generate",
]
