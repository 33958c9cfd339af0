"""The slowest plain-text documents and text helpers among pathological lines, research only.

    python research/extraction/regex_fuzz.py [--length 2000] [--top 8]

Cleans small documents that each hold one line made of a prefix a rule looks for ("Photo by ",
"Updated ", "Nov. 12 ", ...), one short unit repeated ``--length`` times (capitals, spaces,
tabs, quotation marks, numbers, ...) and an ending, and prints the slowest. A pattern that can
match a run in many ways (adjacent optional stretches of spaces, words that can be cut
anywhere) shows here as seconds for one line: 2026-11-24 it found the credit tail (3.7 s for
400 spaces between "Photo:" and a "!"), the timestamp (3.7 s for 1,200 spaces) and the long
caption's credit name (11 s for forty capitals), all since made possessive or unambiguous. The
first document also pays for loading the models. Then the same lines go through the helpers the
later stages run on sentences and leads (quantities and values, quotation marks, sentences,
tokens, date and place mentions; the first place mention loads the gazetteer): there it found
the quantities' numbers (5.3 s for 4,000 digits, 4.3 s for 6,000 spaces after a number), since
linear.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from newsweave.models.article import Document
from newsweave.nlp.sentences import split_sentences
from newsweave.stages.clean.dates import find_date_mentions
from newsweave.stages.clean.document import clean_document
from newsweave.stages.cluster.places import find_place_mentions
from newsweave.stages.facts.quantities import find_quantities
from newsweave.stages.facts.value_compare import extract_values
from newsweave.stages.quotes.marks import find_quoted_spans
from newsweave.stages.relate.fingerprint import tokenize

HELPERS = {
    "quantities": find_quantities,
    "values": extract_values,
    "quotation marks": find_quoted_spans,
    "sentences": split_sentences,
    "tokens": tokenize,
    "date mentions": find_date_mentions,
    "place mentions": find_place_mentions,
}

PREFIXES = (
    "", "Photo by ", "Image: ", "(Photo ", "Sign up ", "Copyright ", "\u00a9 ", "Read more: ",
    "Updated ", "By Jane Roe ", "Monday, ", "Nov. 12 ", "AP Photo/", "Credit: ", "About ", '"',
    "\u201c", "EASTPORT (AP) \u2014 ", "Jane Roe is a reporter ", "https://example.com/", "Tags: ",
)  # fmt: skip
UNITS = (
    "A", "Ab ", "a ", ". ", " ", '"', "\u201c", "(", ", ", "1", "-", "@", "|", "J. ", "\t", "of ",
    "12 ", "Nov ", ": ", "/",
)  # fmt: skip
ENDINGS = ("", "!", ")", ".", "\u201d")
BODY = "The council met on Tuesday to discuss the harbour. It voted to build a new lock.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=2000, help="repetitions of the unit")
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    now = datetime(2026, 11, 24, tzinfo=UTC)
    timings = []
    for prefix in PREFIXES:
        for unit in UNITS:
            for ending in ENDINGS:
                line = prefix + unit * args.length + ending
                content = "Harbour vote\n" + BODY + line + "\n" + BODY * 3
                doc = Document("fuzz", "fuzz.txt", "fuzz", "text", "text", content)
                started = time.perf_counter()
                clean_document(doc, now)
                timings.append((time.perf_counter() - started, line[:40], ending))
    for seconds, start, ending in sorted(timings, reverse=True)[: args.top]:
        print(f"{seconds:.3f} s  {start!r} ... {ending!r}")
    helper_timings = []
    for prefix in PREFIXES:
        for unit in (*UNITS, "$1 ", "1,", "111,"):
            for ending in ENDINGS:
                line = prefix + unit * args.length + ending
                for name, helper in HELPERS.items():
                    started = time.perf_counter()
                    helper(line)  # type: ignore[operator]
                    helper_timings.append((time.perf_counter() - started, name, line[:40], ending))
    for seconds, name, start, ending in sorted(helper_timings, reverse=True)[: args.top]:
        print(f"{seconds:.3f} s  {name}: {start!r} ... {ending!r}")


if __name__ == "__main__":
    main()
