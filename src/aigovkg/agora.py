"""Map a release of ETO's AGORA archive (AI Governance and Regulatory Archive) onto the ontology.

AGORA is a curated table of AI governance documents: ``documents.csv`` (one
row per document, with about 77 boolean taxonomy columns), ``authorities.csv``
(who issued them and where), ``collections.csv`` and ``segments.csv``. This
module reads the two tables the graph needs and writes one Turtle module:

- every document becomes an instrument ``agora:document-<AGORA ID>``, issued
  by an organisation ``agora:authority-<slug>``, with the jurisdiction resolved
  from its authority, the status and a dated event from its latest activity,
  and ``dct:subject`` links to the AGORA taxonomy concepts whose column is true;
- the taxonomy columns become a SKOS concept scheme with SKOS mappings to the
  project's vocabularies where one of its terms matches;
- every fact names the AGORA release as its source through agk:Evidence whose
  quote is a cell of ``documents.csv``, copied as it stands, so that
  :mod:`aigovkg.quotes` can check it against the table.

The rules (which value maps where, what is left out and why) are documented
in ``docs/agora.md``; this module keeps them as tables near the top so that
the documentation and the code can be compared line by line.

The module is built as an rdflib graph and written with the project's own
serialiser (:func:`aigovkg.export.serialise`), which gives the same bytes
for the same release on every run; a short comment header names the
release. There are no blank nodes: every IRI comes from AGORA's own keys.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Identifier

from aigovkg.errors import InputError
from aigovkg.export import serialise
from aigovkg.namespaces import (
    AGK,
    AGKD,
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    TIME,
    XSD,
)

T = TypeVar("T")

#: A progress wrapper: given an iterable and its length, yields the same items.
Progress = Callable[[Sequence[T], str], Iterable[T]]

# ---------------------------------------------------------------------------
# Namespaces
# ---------------------------------------------------------------------------

#: Imported resources are minted under agkd:agora/ (docs/agora.md, IRIs).
AGORA = Namespace(f"{AGKD}agora/")

# ---------------------------------------------------------------------------
# The release format
# ---------------------------------------------------------------------------

DOCUMENTS = "documents.csv"
AUTHORITIES = "authorities.csv"

COL_ID = "AGORA ID"
COL_NAME = "Official name"
COL_CASUAL = "Casual name"
COL_LINK = "Link to document"
COL_AUTHORITY = "Authority"
COL_SUMMARY = "Short summary"
COL_ACTIVITY = "Most recent activity"
COL_ACTIVITY_DATE = "Most recent activity date"
COL_PROPOSED_DATE = "Proposed date"

#: documents.csv must have these; without them nothing can be imported (exit 2).
REQUIRED_COLUMNS = (COL_ID, COL_NAME, COL_AUTHORITY)

#: The prefixes of AGORA's boolean taxonomy columns ("Strategies: Disclosure").
TAXONOMY_PREFIXES = ("Applications", "Harms", "Incentives", "Risk factors", "Strategies")

#: Cell values read as true / false in the taxonomy columns (compared case-folded).
TRUE_VALUES = frozenset({"true", "t", "yes", "y", "1", "1.0", "x"})
FALSE_VALUES = frozenset({"false", "f", "no", "n", "0", "0.0", ""})

#: The words AGORA's authorities.csv uses for "not the United States".
OTHER_COUNTRIES = frozenset({"other countries", "other country", "international", "multilateral"})
#: Jurisdiction cells that mean the US federal level.
US_FEDERAL = frozenset({"federal", "us federal", "u.s. federal", "united states (federal)"})

# ---------------------------------------------------------------------------
# Status and events: AGORA's "Most recent activity" onto the status scheme
# ---------------------------------------------------------------------------

#: Activity (case-folded, white space folded) -> agk:Status. Only correct
#: matches; anything else (Defunct, Vetoed, Failed, Repealed …) stays unmapped
#: because the status scheme has no "no longer pending / rejected" value.
STATUS_BY_ACTIVITY: dict[str, str] = {
    "enacted": "Adopted",
    "signed into law": "Adopted",
    "adopted": "Adopted",
    "issued": "Adopted",
    "published": "Adopted",
    "released": "Adopted",
    "effective": "InForce",
    "in effect": "InForce",
    "in force": "InForce",
    "entered into force": "InForce",
    "proposed": "Proposed",
    "introduced": "Proposed",
    "pending": "Proposed",
    "in committee": "Proposed",
    "passed one chamber": "Proposed",
    "passed in one chamber": "Proposed",
    "passed both chambers": "Proposed",
    "passed legislature": "Proposed",
    "draft": "Draft",
    "draft published": "Draft",
    "released for comment": "Draft",
    "open for comment": "Draft",
}

#: Activity -> agk:EventKind for a dated event on the activity date. Only
#: activities that are an event kind of the ontology; a proposal or a veto
#: has none, so its date is read (and checked) but not modelled.
EVENT_BY_ACTIVITY: dict[str, str] = {
    "enacted": "Issued",
    "signed into law": "Issued",
    "adopted": "Issued",
    "issued": "Issued",
    "published": "Issued",
    "released": "Issued",
    "effective": "EnteredIntoForce",
    "in effect": "EnteredIntoForce",
    "in force": "EnteredIntoForce",
    "entered into force": "EnteredIntoForce",
}

# ---------------------------------------------------------------------------
# Taxonomy: SKOS mappings of AGORA concepts onto the project's terms
# ---------------------------------------------------------------------------

#: (prefix, rest of the column name), both reduced by :func:`_key`, ->
#: (SKOS mapping property, agk term). closeMatch: interchangeable in most
#: uses; broadMatch: the agk term is broader; narrowMatch: it is narrower.
CONCEPT_MAPPINGS: dict[tuple[str, str], tuple[str, str]] = {
    ("applications", "education"): ("closeMatch", "Education"),
    ("applications", "transportation"): ("narrowMatch", "AutonomousVehicles"),
    ("risk factors", "privacy"): ("closeMatch", "Privacy"),
    ("risk factors", "safety"): ("closeMatch", "Safety"),
    ("risk factors", "security"): ("closeMatch", "Security"),
    ("risk factors", "transparency"): ("closeMatch", "Transparency"),
    ("risk factors", "interpretability and explainability"): ("closeMatch", "Explainability"),
    ("risk factors", "accountability"): ("closeMatch", "Accountability"),
    ("strategies", "licensing registration and certification"): (
        "narrowMatch",
        "CertificationScheme",
    ),
    ("strategies", "pilots and testbeds"): ("broadMatch", "Programme"),
    ("strategies", "government study or report"): ("broadMatch", "Report"),
    ("incentives", "fines"): ("broadMatch", "LegallyBinding"),
    ("incentives", "civil liability"): ("broadMatch", "LegallyBinding"),
    ("incentives", "criminal liability"): ("broadMatch", "LegallyBinding"),
    ("incentives", "imprisonment"): ("broadMatch", "LegallyBinding"),
    ("incentives", "penalties"): ("broadMatch", "LegallyBinding"),
}

#: Instrument classes that can carry agk:bindingNature agk:LegallyBinding
#: from a penalty incentive (see :func:`binding_nature`).
LEGAL_CLASSES = frozenset({"Law", "LegalInstrument", "Regulation"})

# ---------------------------------------------------------------------------
# Instrument classes from the official name
# ---------------------------------------------------------------------------

#: Ordered (pattern, class) rules on the official name; the first match wins
#: and no match leaves the generic agk:Instrument. "LEGISLATIVE" becomes
#: agk:Law once enacted and agk:LegalInstrument before (a bill is no statute).
CLASS_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bexecutive order\b", re.IGNORECASE), "LegalInstrument"),
    (re.compile(r"\b(?:Act|ACT)\b"), "LEGISLATIVE"),
    (
        re.compile(r"^(?:an? (?:act|bill)|(?:house|senate|assembly) bill)\b", re.IGNORECASE),
        "LEGISLATIVE",
    ),
    (
        re.compile(
            r"^(?:interim |administrative )?(?:regulations?|measures|provisions|rules)\b",
            re.IGNORECASE,
        ),
        "Regulation",
    ),
    (re.compile(r"\bcode of (?:practice|conduct)\b", re.IGNORECASE), "CodeOfPractice"),
    (re.compile(r"\bguidelines?\b|\bguidance\b", re.IGNORECASE), "Guideline"),
    (re.compile(r"\bframework\b", re.IGNORECASE), "Framework"),
    (re.compile(r"\bstrategy\b|\bstrategic plan\b", re.IGNORECASE), "Strategy"),
    (re.compile(r"\breport\b", re.IGNORECASE), "Report"),
)

# ---------------------------------------------------------------------------
# Gazetteer: names that identify a jurisdiction in an authority's name
# ---------------------------------------------------------------------------

#: ISO 3166-1 alpha-2 code | English short name (the label of a jurisdiction
#: the import has to declare) | further names and adjectives found in the
#: names of governments, parliaments and agencies (a code's further rows only
#: add names). Adjectives that also name things inside the US ("Indian",
#: "American") are left out on purpose, as is Georgia the country.
_COUNTRY_TABLE = """
AE|United Arab Emirates|UAE|Emirati|Dubai|Abu Dhabi
AR|Argentina|Argentine
AT|Austria|Austrian
AU|Australia|Australian|New South Wales|Victoria State|Queensland
BE|Belgium|Belgian
BD|Bangladesh
BG|Bulgaria|Bulgarian
BH|Bahrain
BR|Brazil|Brazilian
CA|Canada|Canadian|Ontario|Quebec|Québec|British Columbia|Alberta
CH|Switzerland|Swiss
CL|Chile|Chilean
CN|China|People's Republic of China|PRC|Chinese
CO|Colombia|Colombian
CR|Costa Rica
CY|Cyprus
CZ|Czechia|Czech Republic
DE|Germany|German|Bundestag
DK|Denmark|Danish
EE|Estonia|Estonian
EG|Egypt|Egyptian
ES|Spain|Spanish
EU|European Union|EU|European Commission|European Parliament|European Council
FI|Finland|Finnish
FR|France|French
GB|United Kingdom|UK|U.K.|Great Britain|Britain|British|England|Scotland|Scottish|Wales|Welsh
GB|Northern Ireland|HM Government|HM Treasury|His Majesty's Government|Her Majesty's Government
GR|Greece|Greek
HK|Hong Kong
HR|Croatia
HU|Hungary|Hungarian
ID|Indonesia|Indonesian
IE|Ireland|Irish
IL|Israel|Israeli
IN|India
IS|Iceland
IT|Italy|Italian
JO|Jordan
JP|Japan|Japanese
KE|Kenya|Kenyan
KP|North Korea|Democratic People's Republic of Korea|DPRK
KR|South Korea|Republic of Korea|Korea|Korean
KZ|Kazakhstan
LT|Lithuania
LU|Luxembourg
LV|Latvia
MA|Morocco
MO|Macao|Macau
MT|Malta
MX|Mexico|Mexican
MY|Malaysia|Malaysian
NG|Nigeria|Nigerian
NL|Netherlands|Dutch
NO|Norway|Norwegian
NZ|New Zealand
PE|Peru|Peruvian
PH|Philippines|Philippine
PK|Pakistan
PL|Poland|Polish
PT|Portugal|Portuguese
QA|Qatar
RO|Romania|Romanian
RS|Serbia
RU|Russia|Russian Federation
RW|Rwanda
SA|Saudi Arabia|Saudi
SE|Sweden|Swedish
SG|Singapore|Singaporean
SI|Slovenia
SK|Slovakia
TH|Thailand|Thai
TR|Türkiye|Turkey|Turkish
TW|Taiwan
UA|Ukraine|Ukrainian
US|United States|United States of America|U.S.|US|USA|U.S.A.
UY|Uruguay
VN|Vietnam|Viet Nam|Vietnamese
ZA|South Africa
"""

#: US states and DC: ISO 3166-2 subdivision code suffix | name.
_US_STATES = """
AL|Alabama
AK|Alaska
AZ|Arizona
AR|Arkansas
CA|California
CO|Colorado
CT|Connecticut
DE|Delaware
DC|District of Columbia
FL|Florida
GA|Georgia
HI|Hawaii
ID|Idaho
IL|Illinois
IN|Indiana
IA|Iowa
KS|Kansas
KY|Kentucky
LA|Louisiana
ME|Maine
MD|Maryland
MA|Massachusetts
MI|Michigan
MN|Minnesota
MS|Mississippi
MO|Missouri
MT|Montana
NE|Nebraska
NV|Nevada
NH|New Hampshire
NJ|New Jersey
NM|New Mexico
NY|New York
NC|North Carolina
ND|North Dakota
OH|Ohio
OK|Oklahoma
OR|Oregon
PA|Pennsylvania
RI|Rhode Island
SC|South Carolina
SD|South Dakota
TN|Tennessee
TX|Texas
UT|Utah
VT|Vermont
VA|Virginia
WA|Washington
WV|West Virginia
WI|Wisconsin
WY|Wyoming
"""

#: A code found with its parent resolves to the more specific one
#: ("Hong Kong, China" -> HK; "California, United States" -> US-CA).
_PARENT_CODE = {"HK": "CN", "MO": "CN"}


def _table(text: str) -> list[list[str]]:
    return [line.split("|") for line in text.strip().splitlines()]


COUNTRY_NAMES: dict[str, str] = {}
for _row in _table(_COUNTRY_TABLE):
    COUNTRY_NAMES.setdefault(_row[0], _row[1])
US_STATE_NAMES: dict[str, str] = {f"US-{row[0]}": row[1] for row in _table(_US_STATES)}


# ---------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------


def fold(text: str | None) -> str:
    """Strip and fold runs of white space: how cells and headers are compared."""
    return " ".join((text or "").split())


def _key(text: str) -> str:
    """A comparison key: case-folded words, punctuation dropped ("R&D" ~ "R D")."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def slug(text: str) -> str:
    """A readable IRI slug: ASCII letters and digits joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _digest(text: str, length: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


# ---------------------------------------------------------------------------
# Cell parsers
# ---------------------------------------------------------------------------


def parse_bool(text: str | None) -> bool | None:
    """Read a taxonomy cell: True/False, 1/0, yes/no, x, empty; None if unrecognised."""
    value = fold(text).casefold()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    return None


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the cell gives: xsd:date, xsd:gYearMonth or xsd:gYear."""

    lexical: str
    datatype: str  # "date", "gYearMonth" or "gYear"

    @property
    def time_property(self) -> URIRef:
        """The OWL-Time property that carries a date of this precision."""
        return {
            "date": TIME.inXSDDate,
            "gYearMonth": TIME.inXSDgYearMonth,
            "gYear": TIME.inXSDgYear,
        }[self.datatype]

    @property
    def literal(self) -> Literal:
        """The date as a literal of its XSD datatype."""
        return Literal(self.lexical, datatype=XSD[self.datatype])


_DATE = re.compile(
    r"^(?P<y>\d{4})(?:[-/](?P<m>\d{1,2})(?:[-/](?P<d>\d{1,2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)


def parse_date(text: str | None) -> DateValue | None:
    """Parse an ISO date cell (a time part is dropped); None if empty.

    Raises ValueError for anything else: day-first and month-first forms
    ("03/04/2024") are ambiguous, so they are rejected rather than guessed.
    """
    value = fold(text)
    if not value:
        return None
    match = _DATE.match(value)
    if match is None:
        raise ValueError(f"unparsable date {value!r}")
    year, month, day = match["y"], match["m"], match["d"]
    if day is not None:
        parsed = date(int(year), int(month), int(day))  # raises ValueError if impossible
        return DateValue(parsed.isoformat(), "date")
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"unparsable date {value!r}")
        return DateValue(f"{year}-{int(month):02d}", "gYearMonth")
    return DateValue(year, "gYear")


_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\\x7f]+$')


def parse_link(text: str | None) -> str | None:
    """A link cell as an IRI; None if empty. Raises ValueError if not a valid IRI."""
    value = (text or "").strip()
    if not value:
        return None
    if not _IRI.match(value):
        raise ValueError(f"link {value!r} is not a valid IRI")
    return value


# ---------------------------------------------------------------------------
# Reading the CSV files
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """A problem with one row of a release file, reported on stderr."""

    file: str
    row: int  # spreadsheet numbering: the header is row 1
    line: int  # the line the row starts on (differs when cells hold line breaks)
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        where = f"{self.file} row {self.row}"
        if self.line != self.row:
            where += f" (line {self.line})"
        tail = "; row skipped" if self.skipped else ""
        return f"{where}: {self.reason}{tail}"


@dataclass(frozen=True)
class Record:
    """One well-formed row, cells keyed by the folded column name."""

    row: int
    line: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        """The cell of a column, folded; '' when the column is absent or the cell empty."""
        return fold(self.cells.get(column))

    def raw(self, column: str) -> str:
        """The cell as written, only stripped at its ends: the text a quote is taken from."""
        return (self.cells.get(column) or "").strip()


@dataclass
class Table:
    """A CSV file read as records, with the rows that could not be read."""

    file: str
    columns: list[str]
    records: list[Record]
    issues: list[Issue]


def _open_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield (start line, cells) per CSV record, turning csv errors into InputError."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            while True:
                start = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                yield start, cells
    except csv.Error as exc:
        raise InputError(f"{path}: line {reader.line_num}: not readable as CSV: {exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def read_table(path: Path, required: Sequence[str] = ()) -> Table:
    """Read a CSV file with a header row, robust to column order, extra columns and BOM.

    Columns are matched on their folded names, case-insensitively. A row with
    a different number of cells from the header is reported and skipped: its
    cells cannot be matched to columns with any confidence.
    """
    rows = _open_rows(path)
    header_line, header = next(rows, (1, []))
    columns = [fold(name) for name in header]
    by_key: dict[str, str] = {}
    issues: list[Issue] = []
    for name in columns:
        if name.casefold() in by_key:
            issues.append(Issue(path.name, 1, header_line, f"duplicate column {name!r}", False))
        by_key.setdefault(name.casefold(), name)
    missing = [name for name in required if name.casefold() not in by_key]
    if missing:
        found = ", ".join(repr(c) for c in columns) or "none"
        raise InputError(
            f"{path}: required column(s) {', '.join(repr(m) for m in missing)} missing "
            f"(found: {found})"
        )
    canonical = [by_key.get(name.casefold(), name) for name in columns]
    records: list[Record] = []
    for number, (line, cells) in enumerate(rows, start=2):
        if not cells:
            continue  # a blank line is not a row
        if len(cells) != len(columns):
            issues.append(
                Issue(path.name, number, line, f"{len(cells)} cells, header has {len(columns)}")
            )
            continue
        if not any(cell.strip() for cell in cells):
            issues.append(Issue(path.name, number, line, "empty row"))
            continue
        mapping: dict[str, str] = {}
        for column, cell in zip(canonical, cells, strict=True):
            mapping.setdefault(column, cell)
        records.append(Record(number, line, mapping))
    return Table(path.name, canonical, records, issues)


def _column(table: Table, name: str) -> str:
    """The table's own spelling of a known column (matching is case-insensitive)."""
    for column in table.columns:
        if column.casefold() == name.casefold():
            return column
    return name


# ---------------------------------------------------------------------------
# Authorities and jurisdictions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Authority:
    """A row of authorities.csv: the authority, its AGORA jurisdiction and parent."""

    name: str
    jurisdiction: str
    parent: str


def read_authorities(path: Path) -> tuple[dict[str, Authority] | None, list[Issue]]:
    """Authorities by folded name, or None when the release has no authorities.csv."""
    if not path.is_file():
        return None, []
    table = read_table(path, required=("Name",))
    name_col, juris_col = _column(table, "Name"), _column(table, "Jurisdiction")
    parent_col = _column(table, "Parent authority")
    authorities: dict[str, Authority] = {}
    issues = list(table.issues)
    for record in table.records:
        name = record.get(name_col)
        if not name:
            issues.append(Issue(table.file, record.row, record.line, "no Name"))
            continue
        if name in authorities:
            issues.append(
                Issue(table.file, record.row, record.line, f"duplicate authority {name!r}")
            )
            continue
        authorities[name] = Authority(name, record.get(juris_col), record.get(parent_col))
    return authorities, issues


class Gazetteer:
    """Find jurisdiction names in free text, longest name first, on word boundaries.

    Longest first so that "New Mexico" is the US state, not Mexico, and
    "New South Wales" is Australia, not Wales. Acronyms (UK, EU, PRC …) match
    case-sensitively so that "us" or "eu" inside ordinary words never count.
    """

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._codes: dict[str, str] = {}
        acronyms: list[str] = []
        names: list[str] = []
        for alias, code in entries:
            alias = alias.replace("\u2019", "'")
            is_acronym = alias.replace(".", "").isupper() and len(alias.replace(".", "")) <= 5
            self._codes[alias if is_acronym else alias.casefold()] = code
            (acronyms if is_acronym else names).append(alias)
        self._patterns = [
            self._compile(acronyms, 0),
            self._compile(names, re.IGNORECASE),
        ]

    @staticmethod
    def _compile(aliases: list[str], flags: int) -> re.Pattern[str]:
        ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
        body = "|".join(re.escape(a) for a in ordered) or r"(?!x)x"
        return re.compile(rf"(?<![\w.])(?:{body})(?![\w])", flags)

    def find(self, text: str) -> set[str]:
        """The codes of the names in text, ignoring a name inside a longer one."""
        text = text.replace("\u2019", "'")
        spans: list[tuple[int, int, str]] = []
        for pattern in self._patterns:
            for match in pattern.finditer(text):
                found = match.group(0)
                code = self._codes.get(found) or self._codes[found.casefold()]
                spans.append((match.start(), match.end(), code))
        kept = [
            s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)
        ]
        return {code for _, _, code in kept}


def _gazetteer() -> Gazetteer:
    entries = [(name, row[0]) for row in _table(_COUNTRY_TABLE) for name in row[1:]]
    entries += [(name, code) for code, name in US_STATE_NAMES.items()]
    return Gazetteer(entries)


GAZETTEER = _gazetteer()


class Ambiguous(Exception):
    """A text names more than one jurisdiction: resolving it would be a guess."""


def _pick(codes: set[str]) -> str | None:
    """The one jurisdiction named, the more specific one where one contains the other."""
    specific = {
        c
        for c in codes
        if not any(o != c and (o.startswith(c + "-") or _PARENT_CODE.get(o) == c) for o in codes)
    }
    if not specific:
        return None
    if len(specific) > 1:
        raise Ambiguous(", ".join(sorted(specific)))
    return specific.pop()


def resolve_one(name: str, jurisdiction: str) -> str | None:
    """Resolve one authority from its name and AGORA jurisdiction cell (no parents).

    The cell decides where it names a place ("California", "United States",
    "European Union"); a US cell is narrowed to a state the name gives. When
    the cell is empty or "Other countries", the name decides; under "Other
    countries" US state names are ignored and the US alone resolves nothing.
    Raises Ambiguous when two places are named.
    """
    cell = fold(jurisdiction)
    other = cell.casefold() in OTHER_COUNTRIES
    cell_codes = set() if other else GAZETTEER.find(cell)
    if cell.casefold() in US_FEDERAL:
        cell_codes.add("US")
    code = _pick(cell_codes)
    if code == "US":
        states = {c for c in GAZETTEER.find(name) if c.startswith("US-")}
        return states.pop() if len(states) == 1 else code
    if code is not None:
        return code
    found = GAZETTEER.find(name)
    if other:
        # A state name in a foreign authority's name is another place (Georgia);
        # the United States named alone contradicts the cell, so nothing is certain.
        found = {c for c in found if not c.startswith("US-")}
        if found == {"US"}:
            return None
    return _pick(found)


def resolve_code(name: str, authorities: Mapping[str, Authority] | None) -> str | None:
    """Resolve an authority to an ISO 3166 code, climbing its parents; None if unknown.

    None also when a name is ambiguous: naming two places is not a fact about
    either, and the brief is never to invent one.
    """
    seen: set[str] = set()
    current = name
    while current and current not in seen:
        seen.add(current)
        record = (authorities or {}).get(current)
        try:
            code = resolve_one(current, record.jurisdiction if record else "")
        except Ambiguous:
            return None
        if code is not None:
            return code
        current = record.parent if record else ""
    return None


@dataclass(frozen=True)
class JurisdictionRef:
    """The IRI an instrument points at, and the node to declare when data/ lacks it."""

    iri: str
    code: str
    declare_label: str | None  # set when the output must declare the jurisdiction


def jurisdiction_for(code: str, known: Mapping[str, str]) -> JurisdictionRef:
    """Map a resolved code onto data/'s jurisdiction IRIs.

    A code data/ declares is reused. A US state data/ lacks falls back to the
    United States (the brief: state and federal documents are US ones). Any
    other country data/ lacks gets agkd:<iso2>, the IRI the authoring contract
    gives it, declared as a plain agk:Jurisdiction with its ISO code and name
    (no claim about statehood, which the import cannot support).
    """
    if code in known:
        return JurisdictionRef(known[code], code, None)
    if code.startswith("US-"):
        return jurisdiction_for("US", known)
    return JurisdictionRef(AGKD + code.lower(), code, COUNTRY_NAMES.get(code, code))


# ---------------------------------------------------------------------------
# Instrument class, status, binding nature
# ---------------------------------------------------------------------------


def instrument_class(name: str, status: str | None) -> str:
    """The agk instrument class the official name supports; agk:Instrument if none."""
    for pattern, cls in CLASS_RULES:
        if pattern.search(name):
            if cls == "LEGISLATIVE":
                return "Law" if status in {"Adopted", "InForce"} else "LegalInstrument"
            return cls
    return "Instrument"


def status_for(activity: str) -> str | None:
    """The agk:Status of an AGORA activity, or None where none matches correctly."""
    return STATUS_BY_ACTIVITY.get(fold(activity).casefold())


def binding_nature(cls: str, status: str | None, concept_matches: Iterable[str]) -> str | None:
    """agk:LegallyBinding where that is unambiguous, else None.

    A legal instrument that has been adopted and whose AGORA record ticks a
    penalty incentive (fines, liability, imprisonment) imposes enforceable
    obligations. Nothing in AGORA establishes the reverse (non-binding).
    """
    adopted = status in {"Adopted", "InForce"}
    if cls in LEGAL_CLASSES and adopted and "LegallyBinding" in concept_matches:
        return "LegallyBinding"
    return None


# ---------------------------------------------------------------------------
# Taxonomy concepts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """One concept of the AGORA taxonomy scheme."""

    path: tuple[str, ...]  # ("Strategies", "Disclosure", "In deployment")
    column: str | None  # the documents.csv column, None for a grouping-only concept
    iri: str
    mapping: tuple[str, str] | None  # (SKOS mapping property, agk term), from CONCEPT_MAPPINGS

    @property
    def label(self) -> str:
        return ": ".join(self.path)


def concept_mapping(path: tuple[str, ...]) -> tuple[str, str] | None:
    """The SKOS mapping of a concept path onto a project term, if the tables give one."""
    return CONCEPT_MAPPINGS.get((_key(path[0]), _key(" ".join(path[1:]))))


def taxonomy_path(column: str) -> tuple[str, ...] | None:
    """Split a taxonomy column name into its path; None if it is no taxonomy column."""
    parts = tuple(fold(p) for p in column.split(":"))
    if len(parts) < 2 or not all(parts):
        return None
    for prefix in TAXONOMY_PREFIXES:
        if parts[0].casefold() == prefix.casefold():
            return (prefix, *parts[1:])
    return None


def build_taxonomy(columns: Iterable[str]) -> dict[tuple[str, ...], Concept]:
    """One concept per taxonomy column, plus a top concept per prefix and any missing parent.

    Concept IRIs are slugs of the column path, which is AGORA's own key for a
    taxonomy term; a slug shared by two different paths gets a hash suffix.
    """
    columns_by_path: dict[tuple[str, ...], str] = {}
    for column in columns:
        path = taxonomy_path(column)
        if path is not None:
            columns_by_path.setdefault(path, column)
    paths: set[tuple[str, ...]] = set()
    for path in columns_by_path:
        paths.update(path[:i] for i in range(1, len(path) + 1))
    slugs = Counter(slug(" ".join(p)) for p in paths)
    concepts = {}
    for path in sorted(paths):
        base = slug(" ".join(path)) or "concept"
        local = base if slugs[base] == 1 else f"{base}-{_digest(' | '.join(path), 6)}"
        iri_ = f"{AGORA}concept-{local}"
        concepts[path] = Concept(path, columns_by_path.get(path), iri_, concept_mapping(path))
    return concepts


# ---------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------

SCHEME = AGORA + "taxonomy"
PUBLISHER = "Emerging Technology Observatory"
TITLE = "AGORA: AI Governance and Regulatory Archive"
HOMEPAGE = "https://agora.eto.tech/"


@dataclass
class Summary:
    """What an import did, for the summary on stderr and for tests."""

    rows: int = 0
    imported: int = 0
    skipped: int = 0
    unresolved: list[str] = field(default_factory=list)  # AGORA IDs without jurisdiction
    unmapped_status: Counter[str] = field(default_factory=Counter)
    dates_not_modelled: int = 0
    authorities: int = 0
    concepts: int = 0
    declared_jurisdictions: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary as the CLI prints it."""
        unmapped = sum(self.unmapped_status.values())
        detail = ", ".join(
            f"{k or '(empty)'}: {v}" for k, v in sorted(self.unmapped_status.items())
        )
        warnings = sum(1 for i in self.issues if not i.skipped)
        return [
            *self.notes,
            f"imported {self.imported} of {self.rows} documents "
            f"({self.authorities} authorities, {self.concepts} taxonomy concepts)",
            f"skipped {self.skipped} malformed rows; {warnings} cell(s) reported and left out",
            f"jurisdiction unresolved for {len(self.unresolved)} documents"
            + (f" (AGORA ID {', '.join(self.unresolved)})" if self.unresolved else ""),
            f"status unmapped for {unmapped} documents" + (f" ({detail})" if detail else ""),
            f"{self.dates_not_modelled} dates read but not modelled (no matching event kind)",
            "jurisdictions declared because data/ lacks them: "
            + (", ".join(self.declared_jurisdictions) or "none"),
        ]


@dataclass
class Release:
    """A release folder read into memory, before mapping."""

    folder: Path
    documents: Table
    authorities: dict[str, Authority] | None
    digest: str
    issues: list[Issue]


def read_release(folder: Path) -> Release:
    """Read documents.csv and authorities.csv; InputError if the folder or table is unusable."""
    if not folder.is_dir():
        raise InputError(f"AGORA release folder {folder} not found (or not a folder)")
    documents_path = folder / DOCUMENTS
    if not documents_path.is_file():
        raise InputError(f"{documents_path} not found: an AGORA release has a {DOCUMENTS}")
    documents = read_table(documents_path, REQUIRED_COLUMNS)
    authorities, issues = read_authorities(folder / AUTHORITIES)
    digest = hashlib.sha256(documents_path.read_bytes()).hexdigest()
    return Release(folder.resolve(), documents, authorities, digest, [*issues])


class _RowError(Exception):
    """A row that cannot be imported; the message says why."""


@dataclass(frozen=True)
class Document:
    """A documents.csv row checked and parsed, ready to write."""

    record: Record
    agora_id: str
    name: str  # folded, for labels; quotes use the raw cells of record
    casual: str
    link: str | None
    summary: str
    authority: str
    activity: str
    activity_date: DateValue | None
    proposed_date: DateValue | None
    true_columns: tuple[str, ...]


class Importer:
    """Maps one release; one instance per import."""

    def __init__(self, release: Release, known: Mapping[str, str]) -> None:
        self.release = release
        self.known = dict(known)
        table = release.documents
        self.col = {name: _column(table, name) for name in _ALL_COLUMNS}
        self.concepts = build_taxonomy(table.columns)
        self.by_column: dict[str, Concept] = {
            c.column: c for c in self.concepts.values() if c.column is not None
        }
        self.graph = Graph()
        self.summary = Summary(rows=len(table.records) + _skipped_rows(table.issues))
        self.summary.issues = [*release.issues, *table.issues]
        if release.authorities is None:
            self.summary.notes.append(
                f"no {AUTHORITIES}: authorities are not checked and jurisdictions are "
                "resolved from authority names only"
            )
        self.source = f"{AGORA}release-{release.digest[:12]}"
        self.authority_iris: dict[str, str] = {}
        self._seen_ids: dict[str, int] = {}
        names = set(release.authorities or {})
        names.update(r.get(self.col[COL_AUTHORITY]) for r in table.records)
        self._slug_counts = Counter(slug(n) for n in names if n)

    # --- rows -----------------------------------------------------------------

    def parse(self, record: Record) -> Document:
        """Check a row and parse its cells; raises _RowError for a malformed row."""
        agora_id = record.get(self.col[COL_ID])
        if not agora_id:
            raise _RowError(f"no {COL_ID}")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", agora_id):
            raise _RowError(f"{COL_ID} {agora_id!r} cannot name a resource")
        if agora_id in self._seen_ids:
            raise _RowError(
                f"duplicate {COL_ID} {agora_id} (first in row {self._seen_ids[agora_id]})"
            )
        name = record.get(self.col[COL_NAME])
        if len(name) < 3:
            raise _RowError(
                f"no {COL_NAME}" if not name else f"{COL_NAME} {name!r} too short to quote"
            )
        authority = record.get(self.col[COL_AUTHORITY])
        if not authority:
            raise _RowError(f"no {COL_AUTHORITY}")
        if self.release.authorities is not None and authority not in self.release.authorities:
            raise _RowError(f"unknown authority {authority!r} (not in {AUTHORITIES})")
        if len(authority) < 3:
            raise _RowError(f"authority {authority!r} too short to quote")
        activity_date = self._date(record, COL_ACTIVITY_DATE)
        proposed_date = self._date(record, COL_PROPOSED_DATE)
        self._seen_ids[agora_id] = record.row
        return Document(
            record=record,
            agora_id=agora_id,
            name=name,
            casual=record.get(self.col[COL_CASUAL]),
            link=self._link(record),
            summary=record.get(self.col[COL_SUMMARY]),
            authority=authority,
            activity=record.get(self.col[COL_ACTIVITY]),
            activity_date=activity_date,
            proposed_date=proposed_date,
            true_columns=self._true_columns(record),
        )

    def _date(self, record: Record, column: str) -> DateValue | None:
        try:
            return parse_date(record.get(self.col[column]))
        except ValueError as exc:
            raise _RowError(f"{column}: {exc}") from None

    def _warn(self, record: Record, reason: str) -> None:
        file = self.release.documents.file
        self.summary.issues.append(Issue(file, record.row, record.line, reason, skipped=False))

    def _link(self, record: Record) -> str | None:
        try:
            return parse_link(record.get(self.col[COL_LINK]))
        except ValueError as exc:
            self._warn(record, f"{exc}; link left out")
            return None

    def _true_columns(self, record: Record) -> tuple[str, ...]:
        true = []
        for column in self.by_column:
            value = parse_bool(record.cells.get(column))
            if value is None:
                cell = fold(record.cells.get(column))
                self._warn(record, f"{column!r}: {cell!r} is not a boolean; read as false")
            elif value:
                true.append(column)
        return tuple(true)

    # --- writing ----------------------------------------------------------------

    def run(self, progress: Progress[Record] | None = None) -> str:
        """Map every row and return the Turtle module."""
        records = self.release.documents.records
        iterable = progress(records, "AGORA documents") if progress else records
        for record in iterable:
            try:
                document = self.parse(record)
            except _RowError as exc:
                self.summary.issues.append(
                    Issue(self.release.documents.file, record.row, record.line, str(exc))
                )
                continue
            self.write_document(document)
            self.summary.imported += 1
        self.summary.skipped = _skipped_rows(self.summary.issues, self.release.documents.file)
        self.summary.issues.sort(key=lambda i: (i.file, i.row, i.reason))
        self.link_parents()
        self.write_terms()
        self.write_source()
        self.write_taxonomy()
        return f"{self.header()}\n\n{serialise(self.graph, 'ttl')}"

    def header(self) -> str:
        """The comment lines above the Turtle: what the file is and where it comes from."""
        folder = self.release.folder
        return (
            "# AGORA (ETO's AI Governance and Regulatory Archive), imported by "
            "`aigovkg import agora`.\n"
            "# Generated: do not edit; re-run the import. Mapping: docs/agora.md.\n"
            f"# Release folder: {folder}\n"
            f"# {DOCUMENTS} sha256: {self.release.digest}"
        )

    def add(self, subject: str, predicate: URIRef, *objects: Identifier) -> None:
        """State ``subject predicate object`` in the module for each object."""
        node = URIRef(subject)
        for obj in objects:
            self.graph.add((node, predicate, obj))

    def write_terms(self) -> None:
        """Declare the two external terms the ontology lacks, as core.ttl declares its own.

        Without the declarations the quality check qc01 (every predicate is
        declared) would reject the module; with them it is self-contained.
        """
        self.add(DCTERMS.subject, RDF.type, OWL.ObjectProperty)
        self.add(DCTERMS.subject, RDFS.label, Literal("subject (DCMI)", lang="en"))
        self.add(SKOS.broadMatch, RDF.type, OWL.AnnotationProperty)
        self.add(SKOS.broadMatch, RDFS.label, Literal("has broader match", lang="en"))

    def write_source(self) -> None:
        release, source = self.release, self.source
        label = f"ETO: AGORA release {release.digest[:12]} ({DOCUMENTS})"
        self.add(source, RDF.type, AGK.SourceDocument)
        self.add(source, RDFS.label, Literal(label, lang="en"))
        self.add(source, DCTERMS.title, Literal(TITLE, lang="en"))
        self.add(source, DCTERMS.publisher, Literal(PUBLISHER))
        self.add(source, DCTERMS.identifier, Literal(f"sha256:{release.digest}"))
        self.add(source, DCTERMS.source, URIRef(release.folder.as_uri() + "/"))
        self.add(source, SCHEMA.url, URIRef(HOMEPAGE))
        self.add(source, AGK.sourceKind, AGK.PrimaryInstitutionalDocument)
        self.add(source, AGK.sourceFile, Literal(DOCUMENTS))
        self.add(
            source,
            AGK.reliabilityNote,
            Literal(
                "A curated research dataset: ETO annotators summarise and tag each document; "
                "quotes are cells of the release's documents.csv, not of the documents."
                " Status, dates and tags are AGORA's reading as of the release.",
                lang="en",
            ),
        )

    def write_taxonomy(self) -> None:
        scheme = URIRef(SCHEME)
        self.add(SCHEME, RDF.type, SKOS.ConceptScheme)
        self.add(SCHEME, RDFS.label, Literal("AGORA taxonomy", lang="en"))
        self.add(SCHEME, SKOS.prefLabel, Literal("AGORA taxonomy", lang="en"))
        self.add(SCHEME, DCTERMS.source, URIRef(self.source))
        for path, concept in self.concepts.items():
            label = Literal(concept.label, lang="en")
            self.add(concept.iri, RDF.type, SKOS.Concept)
            self.add(concept.iri, RDFS.label, label)
            self.add(concept.iri, SKOS.prefLabel, label)
            self.add(concept.iri, SKOS.inScheme, scheme)
            if concept.column is not None:
                self.add(concept.iri, SKOS.notation, Literal(concept.column))
            if len(path) == 1:
                self.add(concept.iri, SKOS.topConceptOf, scheme)
                self.add(SCHEME, SKOS.hasTopConcept, URIRef(concept.iri))
            else:
                self.add(concept.iri, SKOS.broader, URIRef(self.concepts[path[:-1]].iri))
            if concept.mapping is not None:
                prop, term = concept.mapping
                self.add(concept.iri, SKOS[prop], AGK[term])
        self.summary.concepts = len(self.concepts)

    def write_authority(self, name: str, quote: str, jurisdiction: JurisdictionRef | None) -> str:
        """The organisation for an authority name, written once; returns its IRI.

        Its evidence quotes the Authority cell of the first row that names it.
        """
        if name in self.authority_iris:
            return self.authority_iris[name]
        subject = self._authority_iri(name)
        self.authority_iris[name] = subject
        self.add(subject, RDF.type, AGK.Organisation)
        self.add(subject, RDFS.label, Literal(name, lang="en"))
        if jurisdiction is not None:
            self.add(subject, AGK.jurisdiction, URIRef(jurisdiction.iri))
        self.add(subject, AGK.hasEvidence, self.evidence(subject, "", quote))
        self.summary.authorities += 1
        return subject

    def _authority_iri(self, name: str) -> str:
        """agora:authority-<slug>, with a hash suffix when two names share a slug.

        The collision test runs over every authority name in the release, so
        an IRI does not depend on the order rows are read in.
        """
        base = slug(name)
        if base and self._slug_counts[base] == 1:
            return f"{AGORA}authority-{base}"
        return f"{AGORA}authority-{base + '-' if base else ''}{_digest(name)}"

    def link_parents(self) -> None:
        """org:subOrganizationOf between imported authorities, as authorities.csv gives it."""
        for name, subject in self.authority_iris.items():
            record = (self.release.authorities or {}).get(name)
            if record and record.parent in self.authority_iris:
                parent = self.authority_iris[record.parent]
                self.add(subject, ORG.subOrganizationOf, URIRef(parent))

    def evidence(
        self, owner: str, suffix: str, quote: str, supports: URIRef | None = None
    ) -> URIRef:
        """An agk:Evidence quoting a documents.csv cell, named after its owner."""
        subject = f"{owner}-evidence{suffix}"
        self.add(subject, RDF.type, AGK.Evidence)
        self.add(subject, PROV.wasQuotedFrom, URIRef(self.source))
        self.add(subject, AGK.quote, Literal(quote))
        if supports is not None:
            self.add(subject, AGK.supportsProperty, supports)
        return URIRef(subject)

    def write_document(self, document: Document) -> None:
        """The instrument, its authority, jurisdiction, status, event and evidence."""
        code = resolve_code(document.authority, self.release.authorities)
        jurisdiction = jurisdiction_for(code, self.known) if code else None
        if jurisdiction is None:
            self.summary.unresolved.append(document.agora_id)
        elif jurisdiction.declare_label is not None:
            self.declare_jurisdiction(jurisdiction)
        quote = document.record.raw(self.col[COL_AUTHORITY])
        authority = self.write_authority(document.authority, quote, jurisdiction)
        status = status_for(document.activity)
        if status is None:
            self.summary.unmapped_status[document.activity] += 1
        cls = instrument_class(document.name, status)
        concepts = [self.by_column[column] for column in document.true_columns]
        matches = {c.mapping[1] for c in concepts if c.mapping is not None}
        binding = binding_nature(cls, status, matches)

        subject = f"{AGORA}document-{document.agora_id}"
        self.add(subject, RDF.type, AGK[cls])
        self.add(subject, RDFS.label, Literal(document.name, lang="en"))
        if document.casual and document.casual != document.name:
            self.add(subject, SKOS.altLabel, Literal(document.casual, lang="en"))
        if document.link:
            self.add(subject, SCHEMA.url, URIRef(document.link))
        if document.summary:
            self.add(subject, DCTERMS.description, Literal(document.summary, lang="en"))
        self.add(subject, AGK.issuedBy, URIRef(authority))
        if jurisdiction is not None:
            self.add(subject, AGK.jurisdiction, URIRef(jurisdiction.iri))
        if status is not None:
            self.add(subject, AGK.status, AGK[status])
        if binding is not None:
            self.add(subject, AGK.bindingNature, AGK[binding])
        self.add(subject, DCTERMS.subject, *(URIRef(concept.iri) for concept in concepts))
        self.write_evidence(subject, document, status)
        self.write_event(subject, document, jurisdiction)

    def write_evidence(self, subject: str, document: Document, status: str | None) -> None:
        raw = document.record.raw
        evidence = [
            self.evidence(subject, "-name", raw(self.col[COL_NAME])),
            self.evidence(subject, "-authority", raw(self.col[COL_AUTHORITY]), AGK.issuedBy),
        ]
        activity = raw(self.col[COL_ACTIVITY])
        if status is not None and len(activity) >= 3:
            evidence.append(self.evidence(subject, "-status", activity, AGK.status))
        summary = raw(self.col[COL_SUMMARY])
        if len(summary) >= 3:
            evidence.append(self.evidence(subject, "-summary", first_sentence(summary)))
        self.add(subject, AGK.hasEvidence, *evidence)

    def write_event(
        self, subject: str, document: Document, jurisdiction: JurisdictionRef | None
    ) -> None:
        """A dated event for the latest activity where it is an ontology event kind."""
        dates = [document.activity_date, document.proposed_date]
        kind = EVENT_BY_ACTIVITY.get(fold(document.activity).casefold())
        if kind is None or document.activity_date is None:
            self.summary.dates_not_modelled += sum(1 for d in dates if d is not None)
            return
        self.summary.dates_not_modelled += 1 if dates[1] is not None else 0
        when = document.activity_date
        event = f"{subject}-event-{slug(re.sub(r'(?<!^)(?=[A-Z])', ' ', kind))}"
        label = f"{document.name}: {document.activity}"
        self.add(event, RDF.type, AGK.GovernanceEvent)
        self.add(event, RDFS.label, Literal(label, lang="en"))
        self.add(event, AGK.eventKind, AGK[kind])
        self.add(event, AGK.concerns, URIRef(subject))
        if jurisdiction is not None:
            self.add(event, AGK.jurisdiction, URIRef(jurisdiction.iri))
        self.add(event, when.time_property, when.literal)
        raw = document.record.raw
        activity = raw(self.col[COL_ACTIVITY])
        evidence = [self.evidence(event, "-activity", activity, AGK.eventKind)]
        date_text = raw(self.col[COL_ACTIVITY_DATE])
        if len(date_text) >= 3:
            evidence.append(self.evidence(event, "-date", date_text, when.time_property))
        self.add(event, AGK.hasEvidence, *evidence)

    def declare_jurisdiction(self, jurisdiction: JurisdictionRef) -> None:
        subject = jurisdiction.iri
        if (URIRef(subject), None, None) in self.graph:
            return
        self.add(subject, RDF.type, AGK.Jurisdiction)
        self.add(subject, RDFS.label, Literal(jurisdiction.declare_label or "", lang="en"))
        self.add(subject, AGK.iso3166Code, Literal(jurisdiction.code))
        self.summary.declared_jurisdictions.append(jurisdiction.code)


_ALL_COLUMNS = (
    COL_ID,
    COL_NAME,
    COL_CASUAL,
    COL_LINK,
    COL_AUTHORITY,
    COL_SUMMARY,
    COL_ACTIVITY,
    COL_ACTIVITY_DATE,
    COL_PROPOSED_DATE,
)


def _skipped_rows(issues: Iterable[Issue], file: str | None = None) -> int:
    return sum(1 for i in issues if i.skipped and i.row > 1 and (file is None or i.file == file))


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\"“‘(]|\s*$)")
_ABBREVIATION = re.compile(
    r"(?:[A-Za-z]\.)*[A-Za-z]|etc|no|nos|art|arts|sec|para|vs|cf|al|inc|ltd|co"
)


def first_sentence(text: str) -> str:
    """The summary's first sentence: a short quote, still a verbatim part of the cell.

    A sentence ends at . ! or ? before a capital (or the end of the cell), but
    not after an abbreviation or initial ("e.g. NIST", "U.S. law", "No. 5").
    """
    for match in _SENTENCE_END.finditer(text):
        if match.end() < 20:
            continue
        before = text[: match.start()].split()
        word = before[-1].lstrip('("“‘').casefold() if before else ""
        if match.group() == "." and _ABBREVIATION.fullmatch(word):
            continue
        return text[: match.end()]
    return text


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def known_jurisdictions(data_files: Iterable[Path]) -> dict[str, str]:
    """ISO 3166 code -> IRI of every jurisdiction the project's data declares.

    Only files that mention agk:iso3166Code are parsed, which keeps this cheap.
    """
    from aigovkg.loading import parse_file

    graph = Graph()
    for path in sorted(data_files):
        if "iso3166Code" in path.read_text(encoding="utf-8"):
            parse_file(path, graph)
    found: dict[str, str] = {}
    for subject, code in sorted(graph.subject_objects(AGK.iso3166Code)):
        if isinstance(subject, URIRef):
            found.setdefault(str(code), str(subject))
    return found


def import_release(
    folder: Path, known: Mapping[str, str], progress: Progress[Record] | None = None
) -> tuple[str, Summary]:
    """Read a release folder and return the Turtle module and the summary.

    Raises InputError when the folder or documents.csv is missing or lacks the
    required columns; malformed rows are reported in the summary and skipped.
    """
    importer = Importer(read_release(folder), known)
    turtle = importer.run(progress)
    return turtle, importer.summary
