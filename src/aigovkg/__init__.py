"""aigovkg: a linked-data knowledge graph of AI safety governance instruments."""

from __future__ import annotations

from aigovkg.api import KnowledgeGraph
from aigovkg.version import __version__

__all__ = ["KnowledgeGraph", "__version__"]
