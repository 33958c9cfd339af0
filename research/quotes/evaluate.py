"""Print the quote evaluation report (what ``newsweave eval quotes`` will show).

python research/quotes/evaluate.py                 # tagger + rules (the default extractor)
python research/quotes/evaluate.py --rules-only    # the spaCy/rules baseline
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from newsweave.eval.quotes import evaluate_quotes
from newsweave.models.quotes import QuoteOccurrence
from newsweave.stages.quotes.extract import extract_quotes

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(SHARED / "quotes" / "polnear"))
    parser.add_argument("--rules-only", action="store_true")
    args = parser.parse_args()

    def run(text: str, article_id: str) -> Sequence[QuoteOccurrence]:
        return extract_quotes(text, article_id=article_id, use_model=not args.rules_only)

    print(evaluate_quotes(Path(args.data), extractor=run).format())


if __name__ == "__main__":
    main()
