"""aigovkg: a linked-data knowledge graph of AI safety governance instruments."""

from __future__ import annotations

from aigovkg.version import __version__
from aigovkg.api import KnowledgeGraph

__all__ = ["KnowledgeGraph", "__version__"]
