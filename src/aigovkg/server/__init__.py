"""``aigovkg serve``: a read-only SPARQL 1.1 Protocol endpoint and linked-data pages.

The pieces, one job each: :mod:`.protocol` reads a SPARQL request and
negotiates formats, :mod:`.executor` answers queries in killable worker
processes (the only way to enforce a timeout on an engine that cannot be
interrupted), :mod:`.describe` gathers what a page shows about a resource,
and :mod:`.app` wires them into a Starlette application.
"""
