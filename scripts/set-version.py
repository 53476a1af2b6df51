#!/usr/bin/env python3
"""Set a new release version everywhere it must appear, from one command.

VERSION is the single source: this rewrites it and then, in every ontology
module header, owl:versionIRI (…/ontology/<new>/<module>), owl:versionInfo,
owl:priorVersion (the previous versionIRI) and dct:modified, plus the
version in CITATION.cff, and opens a CHANGELOG section. The test suite
checks that all of them agree with VERSION.

    python scripts/set-version.py 0.2.0
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not SEMVER.match(argv[0]):
        print("usage: set-version.py MAJOR.MINOR.PATCH", file=sys.stderr)
        return 2
    new = argv[0]
    old = (ROOT / "VERSION").read_text().strip()
    if new == old:
        print(f"already at {new}")
        return 0
    today = datetime.date.today().isoformat()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"owl:versionIRI <([^>]*)/" + re.escape(old) + r"(/[^>]*)?>", text)
        if match is None:
            print(f"{path}: no versionIRI for {old}", file=sys.stderr)
            return 1
        old_iri = f"{match[1]}/{old}{match[2] or ''}"
        new_iri = f"{match[1]}/{new}{match[2] or ''}"
        text = text.replace(f"owl:versionIRI <{old_iri}>", f"owl:versionIRI <{new_iri}>")
        text = re.sub(r'    owl:priorVersion <[^>]*> ;\n', "", text)
        text = text.replace(
            f"owl:versionIRI <{new_iri}> ;",
            f"owl:versionIRI <{new_iri}> ;\n    owl:priorVersion <{old_iri}> ;",
        )
        text = text.replace(f'owl:versionInfo "{old}"', f'owl:versionInfo "{new}"')
        text = re.sub(r'dct:modified "[0-9-]+"\^\^xsd:date', f'dct:modified "{today}"^^xsd:date', text, count=1)
        path.write_text(text, encoding="utf-8")
    (ROOT / "VERSION").write_text(new + "\n")
    citation = ROOT / "CITATION.cff"
    citation.write_text(
        re.sub(r'^version: ".*"$', f'version: "{new}"', citation.read_text(), flags=re.M)
    )
    changelog = ROOT / "CHANGELOG.md"
    text = changelog.read_text()
    text = text.replace("## [Unreleased]\n", f"## [Unreleased]\n\n## [{new}] - {today}\n", 1)
    changelog.write_text(text)
    print(f"{old} -> {new}: VERSION, ontology headers, CITATION.cff, CHANGELOG.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
