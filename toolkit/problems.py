"""Problems as values: the code catalog, Problem, and the report of a run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """One catalogued problem code: its severity, what it means, and an example message."""

    code: str
    severity: str
    summary: str
    example: str


CATALOG: dict[str, Code] = {}


def _code(code: str, severity: str, summary: str, example: str) -> None:
    CATALOG[code] = Code(code, severity, summary, example)


# Paths and files
_code("io.not-found", ERROR, "A path given on the command line does not exist.", "no such file or directory")
_code("io.unreadable", ERROR, "A file or directory cannot be read (permissions, I/O error).", "cannot read: Input/output error")
_code("io.symlink-loop", ERROR, "A symbolic link points back into itself; the loop is not followed.", "symbolic link loop; not followed")
_code("io.not-a-file", ERROR, "A path is neither a regular file nor a directory (a FIFO, a device).", "not a regular file or directory; skipped")
_code("file.unknown", WARNING, "A file in a scanned directory is not JSON Lines (.jsonl, .ndjson); it is skipped.", "not a JSON Lines file; skipped")
_code("file.empty", WARNING, "A JSON Lines file holds no records.", "file holds no records")
_code(
    "file.bom",
    WARNING,
    "The file starts with a UTF-8 byte order mark; it is ignored, but JSON Lines has none.",
    "UTF-8 byte order mark at the start of the file",
)
_code("file.crlf", WARNING, "Lines end with CRLF; JSON Lines files should end lines with LF.", "CRLF line ends (first here); use LF")
# Lines
_code("line.blank", WARNING, "A blank line between records.", "blank line")
_code("line.encoding", ERROR, "The line is not valid UTF-8; the column is that of the first bad byte.", "invalid UTF-8: byte 0xe9")
_code("line.json", ERROR, "The line is not a JSON value; the column is where parsing failed.", "not JSON: unexpected end of data")
_code("line.not-object", ERROR, "The line is JSON, but not an object.", "a record must be a JSON object, not an array")
_code(
    "line.duplicate-key",
    ERROR,
    "An object of the line holds one key twice; JSON parsers disagree on which value counts, so the record means two things.",
    "key repeated in one object: readers disagree on which value counts (orjson takes the last)",
)
_code(
    "line.too-long",
    ERROR,
    "The line is longer than the limit (--max-line-bytes); it is skipped unparsed.",
    "line of 52428800 bytes exceeds the limit of 16777216; skipped",
)
# Records and schemas
_code("record.type-missing", ERROR, "The record has no string 'type', so its schema is unknown.", "record has no 'type'")
_code(
    "record.too-deep",
    ERROR,
    "The record nests arrays or objects too deeply to be checked against its schema.",
    "record is nested too deeply to check; nothing in it was checked",
)
_code(
    "record.type-unknown",
    ERROR,
    "The record's 'type' names no record schema.",
    "unknown record type 'quote'; known: outlet, actor, article, claim, event, alignment, comparison",
)
_code(
    "schema.additionalProperties",
    ERROR,
    "The record has a field its schema does not define (often a typo).",
    "Additional properties are not allowed ('contry' was unexpected)",
)
_code(
    "schema.anyOf",
    ERROR,
    "A value matches none of the allowed forms (for example neither an id nor null).",
    "'Harbor Gazette' matches none of: does not match '^[a-z0-9]+(-[a-z0-9]+)*$'; is not of type 'null'",
)
_code("schema.enum", ERROR, "A value is not in its controlled vocabulary.", "'news' is not one of ['reporting', 'opinion', 'analysis', 'satire', 'unknown']")
_code(
    "schema.items",
    ERROR,
    "An array has items its schema does not allow (a paragraph given as three numbers).",
    "Expected at most 2 items but found 1 extra: 20",
)
_code(
    "schema.maxLength",
    ERROR,
    "A string is longer than allowed (a quote selector's prefix over 32 characters).",
    "'Everyone in Port Halden knows that ' is too long",
)
_code("schema.maximum", ERROR, "A number is above its maximum.", "1.5 is greater than the maximum of 1")
_code("schema.minItems", ERROR, "An array has fewer items than required.", "[] should be non-empty")
_code("schema.minLength", ERROR, "A string is shorter than allowed (usually empty).", "'' should be non-empty")
_code("schema.minimum", ERROR, "A number is below its minimum.", "-1 is less than the minimum of 0")
_code("schema.pattern", ERROR, "A string does not have the required form (ids, dates, codes, URLs).", "'ART-1' does not match '^art_[0-9a-f]{16}$'")
_code(
    "schema.propertyNames",
    ERROR,
    "An object has a key that is not allowed (an unknown external id name).",
    "'wikipedia' is not an allowed key here: is not one of ['basil_triplet', 'allsides_story', 'pac_story', 'gdelt', 'event_registry']",
)
_code("schema.required", ERROR, "A required field is missing.", "'content' is a required property")
_code(
    "schema.type",
    ERROR,
    "A value has the wrong JSON type. Stricter than JSON Schema: an integer written with a fraction or exponent (57.0, 5.7e1) is a number, not an integer.",
    "'57' is not of type 'integer'",
)
_code(
    "schema.uniqueItems",
    ERROR,
    "An array that must hold distinct items has duplicates.",
    "['harbor-gazette.example', 'harbor-gazette.example'] has non-unique elements",
)
_code(
    "schema.version",
    ERROR,
    "The record's schema_version is not one this validator knows.",
    "schema_version '2.0.0' is not supported (this validator knows 1.x)",
)
# Ids
_code(
    "id.duplicate", ERROR, "Two records have the same id; the first is named in the message.", "outlet id 'harbor-gazette' already used at data/outlets.jsonl:1"
)
_code(
    "id.not-derived",
    ERROR,
    "The id is not the one derived from the record's content, so it would not be reproducible.",
    "id 'art_1111111111111111' should be 'art_c405404ef7517d6f' (derived from its content)",
)
# References
_code("ref.unknown-article", ERROR, "A reference names an article that no record defines.", "article 'art_00000000000000f0' is not defined")
_code("ref.unknown-outlet", ERROR, "A reference names an outlet that no record defines.", "outlet 'northfield-courier' is not defined")
_code("ref.unknown-actor", ERROR, "A reference names an actor that no record defines.", "actor 'tomas-reyes' is not defined")
_code("ref.unknown-event", ERROR, "A reference names an event that no record defines.", "event 'evt_00000000000000e0' is not defined")
_code("ref.unknown-claim", ERROR, "A reference names a claim that no record defines.", "claim 'clm_00000000000000c0' is not defined")
_code("ref.unknown-alignment", ERROR, "A reference names an alignment that no record defines.", "alignment 'aln_00000000000000a0' is not defined")
_code(
    "ref.outlet-mismatch",
    ERROR,
    "A record repeats an outlet id that disagrees with the article or claim it points to.",
    "outlet_id 'harbor-gazette' but article 'art_b5912df8a48f1846' is from 'northfield-courier'",
)
# Evidence spans and texts
_code(
    "span.out-of-range", ERROR, "A span's offsets fall outside its text, or end before they start.", "span [385, 408) is not within the body (404 code points)"
)
_code(
    "span.mismatch",
    ERROR,
    "A span's exact text is not the text at its offsets.",
    "exact 'a precaution, nothing less,' but body[189:216] is 'a precaution, nothing more,'",
)
_code("span.context", ERROR, "A span's prefix or suffix does not agree with the text around its offsets.", "prefix 'on a ' but the text before 30 is '9 on '")
_code(
    "span.text-mismatch",
    ERROR,
    "An evidence text is not its spans' exact texts joined by one space.",
    "text 'The Old Harbor Bridge will be shut' but its spans give 'The Old Harbor Bridge in Port Halden will be shut'",
)
_code(
    "span.unchecked",
    WARNING,
    "Spans point into an article whose record has no text (a text-less release); they cannot be checked.",
    "article 'art_b5912df8a48f1846' has no text: 6 spans not checked",
)
_code("text.hash-mismatch", ERROR, "text_sha256 is not the SHA-256 of the text.", "text_sha256 is 4895ecc6f0c0…, the text hashes to 91ff8fc0ddf5…")
_code("text.length-mismatch", ERROR, "text_length is not the text's length in code points.", "text_length 122 but the text has 119 code points")
_code(
    "text.surrogate",
    ERROR,
    "A string holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which UTF-8 cannot encode, so the record cannot be written.",
    "text holds a lone surrogate (an unpaired \\ud800-\\udfff), which UTF-8 cannot encode",
)
_code("text.not-nfc", ERROR, "A text is not in Unicode normalization form NFC, so offsets would not be portable.", "text is not NFC near code point 7")
_code(
    "text.paragraphs",
    ERROR,
    "Paragraph offsets fall outside the text, overlap, or are out of order.",
    "paragraph 1 [0, 64) is not a forward range after the previous one within the text (119 code points)",
)
# Dates, languages, countries
_code("date.invalid", ERROR, "A date has the right form but is not a real date or time.", "'2024-02-30' is not a valid date or time")
_code("date.future", ERROR, "A date lies in the future.", "'2999-01-01T00:00:00Z' is in the future")
_code("date.too-early", ERROR, "A date lies before 1800.", "'1700-01-01' is before 1800")
_code(
    "date.order",
    ERROR,
    "Two dates are out of order: retrieved before published, an end before its start.",
    "retrieved before published: 2024-01-01 is before 2024-03-01",
)
_code("lang.invalid", ERROR, "A language tag is not a valid BCP 47 tag.", "'english' is not a valid BCP 47 language tag")
_code("country.invalid", ERROR, "A country code is not an ISO 3166-1 alpha-2 code.", "'UK' is not an ISO 3166-1 alpha-2 code (did you mean GB?)")
# Duplicated content
_code(
    "dup.content",
    ERROR,
    "The same content appears under two ids (the same article text of one outlet, the same content and speaker of a claim).",
    "same article content as the record at data/articles/a.jsonl:1, under another id",
)
_code(
    "dup.registry",
    WARNING,
    "Two outlets or actors share a Wikidata id, a domain or a name; they may be one.",
    "domain 'harbor-gazette.example' is also that of outlet 'harbor-gazette' at data/outlets.jsonl:1",
)

# Actor identity
_code(
    "actor.same-as-self",
    ERROR,
    "An actor's same_as names the actor itself.",
    "actor 'ursula-von-der-leyen' is same_as itself",
)
_code(
    "actor.same-as-cycle",
    ERROR,
    "same_as links lead in a circle, so no actor of the circle is the one the others stand for; the cycle is named.",
    "same_as links make a cycle: von-der-leyen -> ursula-von-der-leyen -> von-der-leyen",
)
_code(
    "actor.same-as-distinct",
    ERROR,
    "same_as links make one actor of two that a distinct_from keeps apart.",
    "actor 'john-smith' is distinct from 'john-smith-q42', yet same_as links make them one actor (john-smith)",
)

# Codes of convert, import and extract: problems of inputs turned into records, not of records.
PIPELINE: dict[str, Code] = {}


def _pipeline_code(code: str, severity: str, summary: str, example: str) -> None:
    PIPELINE[code] = Code(code, severity, summary, example)


_pipeline_code(
    "convert.format",
    ERROR,
    "The input's format cannot be told from its name or content, or is not one convert reads.",
    "cannot tell the format of 'notes.rtf'; use --input-format text|html|json|jsonl",
)
_pipeline_code("convert.empty", ERROR, "The input holds no text.", "empty file")
_pipeline_code("convert.binary", ERROR, "The input is not text (it holds NUL bytes or no known encoding decodes it).", "binary file: NUL byte at 1024")
_pipeline_code("convert.encoding", WARNING, "The input is not UTF-8; it was decoded with the detected encoding.", "not UTF-8; decoded as cp1252")
_pipeline_code("convert.no-text", ERROR, "No main text could be extracted from the HTML page.", "no main text found in the page")
_pipeline_code("convert.field", ERROR, "A JSON record lacks the field that holds the text (or its headline).", "no text: field 'maintext' is missing or empty")
_pipeline_code(
    "convert.duplicate",
    WARNING,
    "The same text of the same outlet was already converted in this run; skipped.",
    "same text as art_53cecf781eb4e0c9 (from seeds/a.txt); skipped",
)
_pipeline_code(
    "convert.date",
    WARNING,
    "A date cannot be read; the article's date is recorded as unknown with that reason.",
    "cannot read the date 'last Tuesday'; recorded as unknown",
)
_pipeline_code(
    "convert.meta-unknown-key",
    WARNING,
    "A front matter or sidecar key is neither ours, nor an alias, nor a key known and ignored (docs/front-matter.md); it is ignored.",
    "unknown key 'auther'; ignored (did you mean 'author'?). Keys read: author, authors, byline, ...",
)
_pipeline_code(
    "convert.meta-unknown-value",
    WARNING,
    "A genre, a license or a URL is not one convert knows; the message names the accepted ones. The article is written without it.",
    "genre 'gossip' is not one convert knows; recorded as unknown (accepted: reporting, opinion, analysis, satire, unknown, ...)",
)
_pipeline_code(
    "convert.meta-type",
    WARNING,
    "A metadata value has the wrong type (a YAML date or a list where text is expected); it is ignored.",
    "headline 1984 is a number, not text; quote it; ignored",
)
_pipeline_code(
    "convert.meta-conflict",
    WARNING,
    "Two keys give one field different values (our key and an alias, or two aliases); the first in docs/front-matter.md's order is used.",
    "date '2024-03-20' disagrees with published '2024-03-21'; published is used",
)
_pipeline_code(
    "convert.meta-value",
    WARNING,
    "A metadata value cannot be kept: a number too long to read, text longer than the limit, or text holding a lone surrogate "
    "(an escape like \\ud800 that is no character); it is ignored (docs/front-matter.md#limits).",
    "language: holds a lone surrogate (U+D800), which is no character; ignored",
)
_pipeline_code(
    "convert.front-matter",
    ERROR,
    "An input's metadata (front matter, sidecar, a JSON record's fields) is beyond a limit of docs/front-matter.md#limits: "
    "too large, nested too deep, too many keys or YAML aliases; the article is not converted.",
    "more than 100 YAML aliases; the article is not converted",
)
_pipeline_code(
    "convert.failed",
    ERROR,
    "Reading an input failed in a way no check foresaw (a bug: please report it); the input is skipped and the others are converted.",
    "the reader failed on this input (AttributeError: 'NoneType' object has no attribute 'text'); skipped",
)
_pipeline_code(
    "convert.large-page",
    WARNING,
    "An HTML page is larger than boilerplate removal reads in seconds (docs/front-matter.md#limits); its main text is the"
    " paragraphs and headings of its <article> (else <main>, else <body>), navigation, headers, footers and asides left out.",
    "page of 20,000,120 characters without its scripts and styles, more than the 5,000,000 boilerplate removal reads: its main text is ...",
)
_pipeline_code(
    "convert.too-large",
    ERROR,
    "An input file, or an HTML page without its scripts and styles, is larger than convert reads (docs/front-matter.md#limits); it is not converted.",
    "page of 209,715,200 characters without its scripts and styles, more than 200,000,000; not converted",
)
_pipeline_code(
    "import.layout", ERROR, "The path is not laid out as the corpus is (a required file or folder is missing).", "no data/metadata.tsv: not a PolNeAR folder"
)
_pipeline_code("import.unreadable", ERROR, "A corpus file cannot be read or parsed; its records are skipped.", "cannot parse: unexpected end of data")
_pipeline_code("import.skipped", WARNING, "An item of the corpus was skipped; the message says why.", "row 212: no article text")
_pipeline_code(
    "import.not-a-file",
    ERROR,
    "A corpus file is not a regular file (a device, a FIFO, a socket, or a symlink to one); it is not read and the import goes on.",
    "cannot read: not a regular file (a symlink to /dev/zero): a device, FIFO, socket or folder is not read",
)
_pipeline_code(
    "import.too-large",
    ERROR,
    "A corpus file is larger than the importers read whole (512 MiB), or an archive member larger than 64 MiB; it is skipped and the import goes on.",
    "cannot read: data/jsons/1.json: 1,073,741,824 bytes, over the limit of 67,108,864 bytes for an archive member",
)
_pipeline_code(
    "extract.failed",
    ERROR,
    "The extractor failed on an article; the article is written without claims and the others are extracted.",
    "article art_53cecf781eb4e0c9: the extractor failed (IndexError: list index out of range); no claims from it",
)
_pipeline_code(
    "extract.too-long",
    WARNING,
    "An article is longer than the extractor reads (1,000,000 characters, about 25 s of work); it is written without claims.",
    "article art_53cecf781eb4e0c9 of 18,878,817 characters, more than the 1,000,000 the extractor reads; written without claims",
)
_pipeline_code(
    "actors.ambiguous",
    WARNING,
    "Speakers named by a surname alone may be any of several people the dataset names in full; each stays an actor of its"
    " own until a curator merges it (`parallax actors merge`); one line says how many, with the first few.",
    "2 actors named by a surname alone may be any of several people: bush may be george-w-bush, jeb-bush; clinton may be"
    " bill-clinton, hillary-clinton; merge them with `parallax actors merge`",
)
_pipeline_code(
    "write.invalid",
    ERROR,
    "A record made from the input fails validation, so it is not written.",
    "claim clm_0c5e...: span.mismatch /content/spans/0/exact: ...",
)
_pipeline_code(
    "write.busy",
    ERROR,
    "Another parallax run held the lock of the folder being written (convert, import, extract, align, build) for"
    " longer than PARALLAX_LOCK_TIMEOUT seconds (default 600); nothing was written, exit status 2.",
    "write.busy: data/ is being written by another parallax run (process 4121); waited 600 s (set PARALLAX_LOCK_TIMEOUT to wait longer)",
)
_pipeline_code(
    "write.present",
    WARNING,
    "The output folder already holds this record, in any of its files (an article: the same outlet and text, whatever"
    " its name or headline); the stored one is kept and this one is skipped, an article with its claims.",
    "article art_53cecf781eb4e0c9 (for b) is already in the folder, with the same outlet and text; skipped with its claims",
)
_pipeline_code(
    "write.unknown-reference",
    ERROR,
    "A record written points to an outlet or actor that neither the output folder nor the registries hold, so the folder will not validate on its own.",
    "no actor 'jane-doe' in the registries (1,684 outlets and 8 actors from the packaged registries 2026.12.07)",
)

# Codes of publish: why a release was not sent. Exit status 1 for a problem in the release, 2 for usage, I/O or network.
RELEASE: dict[str, Code] = {}


_pipeline_code(
    "run.duplicate-id",
    ERROR,
    "Two tasks of a `parallax run` wrote records of one id (the check across shards); the run's data folder must not be released until it is fixed.",
    "id clm_2730ea583eb9e2be is held by 2 files of the run: data/claims/crawl-00000.jsonl, data/claims/crawl-00003.jsonl",
)
_pipeline_code(
    "run.unresolved-reference",
    ERROR,
    "An outlet or actor a task of `parallax run` points to is not in the gathered registries (the check across shards).",
    "actor 'jane-doe', which task 3 points to, is not in data/actors.jsonl",
)


def _release_code(code: str, summary: str, example: str) -> None:
    RELEASE[code] = Code(code, ERROR, summary, example)


_release_code(
    "publish.not-a-release",
    "The folder has no README.md or MANIFEST.sha256: it is not a release (exit status 1).",
    "release/ is not a release folder (no README.md or MANIFEST.sha256); run parallax build first",
)
_release_code(
    "publish.manifest",
    "The release is not what its MANIFEST.sha256 lists: a file changed, missing or not listed, or a link out of the folder (exit status 1).",
    "the release is not what its MANIFEST.sha256 says: data/claims/extra.parquet is not listed; rebuild it (parallax build) or hydrate it again",
)
_release_code(
    "publish.restricted-text",
    "The release holds article texts whose rights forbid redistribution (a hydrated release); --include-restricted-text sends them anyway (exit status 1).",
    "the release holds 3 article texts whose rights do not allow redistribution (a hydrated release?); publish the release built without them, "
    "or pass --include-restricted-text if you may publish them",
)
_release_code("publish.repo", "The repository is not named ORG/NAME (exit status 2).", "'harbor-news' is not ORG/NAME")
_release_code(
    "publish.unreadable", "A file of the release cannot be read (exit status 2).", "cannot read the release: [Errno 13] Permission denied: 'README.md'"
)
_release_code(
    "publish.network",
    "The Hub could not be reached, or refused the request (not logged in, no access); nothing was sent (exit status 2).",
    "the Hub could not be reached or refused the upload ([Errno -3] Temporary failure in name resolution); check the network and `hf auth login`",
)

# Codes of `parallax actors merge|split|rename`: why a curator's decision was not recorded (nothing is written). Exit
# status 2 for an id or name that cannot be used, 1 for a decision the data contradicts.
CURATION: dict[str, Code] = {}


def _curation_code(code: str, summary: str, example: str) -> None:
    CURATION[code] = Code(code, ERROR, summary, example)


_curation_code(
    "curate.unknown-actor",
    "No actor record of the registries, the project or the data folder has this id (exit status 2).",
    "no actor 'von-der-leyn' in the registries or the data (see: parallax actors list --search ...)",
)
_curation_code("curate.same-actor", "The two ids given are one id (exit status 2).", "cannot merge 'von-der-leyen' into itself")
_curation_code("curate.name", "A new name gives no id: it has no letter or digit (exit status 2).", "'...' gives no id (a name needs a letter or a digit)")
_curation_code(
    "curate.exists",
    "A rename would give an id another actor has; merge into that actor instead (exit status 1).",
    "an actor 'ursula-von-der-leyen' exists already: merge into it with parallax actors merge von-der-leyen ursula-von-der-leyen",
)
_curation_code(
    "curate.cycle",
    "The target is already merged, directly or through others, into the actor being merged (exit status 1).",
    "'ursula-von-der-leyen' is already merged into 'von-der-leyen': merging back would make a cycle",
)
_curation_code(
    "curate.distinct",
    "A merge would make one actor of two that a distinct_from keeps apart; split them no more first (exit status 1).",
    "'john-smith' is marked distinct from 'john-smith-q42' (parallax actors split); merging would make them one",
)

SCHEMA_PREFIX = "schema."


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in the input, at a place as exact as known."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str = ""
    severity: str = ERROR

    def to_dict(self) -> dict[str, object]:
        """The problem as a plain JSON-ready dict."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


def problem(code: str, message: str, **where: object) -> Problem:
    """Make a Problem whose severity comes from the catalog."""
    entry = CATALOG.get(code) or PIPELINE.get(code)
    severity = entry.severity if entry else ERROR
    return Problem(code, message, severity=severity, **where)  # type: ignore[arg-type]


@dataclass
class Report:
    """The outcome of a run: every problem, and counts of what was read."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    records: Counter[str] = field(default_factory=Counter)

    def add(self, found: Problem) -> None:
        """Record one problem."""
        self.problems.append(found)

    def extend(self, found: Iterable[Problem]) -> None:
        """Record several problems."""
        self.problems.extend(found)

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return sum(1 for p in self.problems if p.severity == WARNING)

    @property
    def io_failed(self) -> bool:
        """Whether some input could not be read at all."""
        return any(p.code.startswith("io.") for p in self.problems)

    def exit_code(self) -> int:
        """0 clean (warnings allowed), 1 errors in the data, 2 input that could not be read."""
        if self.io_failed:
            return 2
        return 1 if self.errors else 0

    def sorted_problems(self) -> list[Problem]:
        """Problems in a stable order: by file, line, column, then code."""
        return sorted(self.problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0, p.code, p.pointer, p.message))
