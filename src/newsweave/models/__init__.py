"""Frozen, typed values passed between stages.

Data flows one way: ``Source`` (bytes of one input) -> ``Document`` (one record a reader found in
it) -> ``Article`` (clean text, removed spans, metadata with provenance) -> per-article and
corpus findings. Every span carries offsets back into the text it was found in.
"""

from newsweave.models.article import (
    Article,
    DateMention,
    DateValue,
    Document,
    Field,
    Segment,
    Source,
    Span,
)
from newsweave.models.problem import Problem, Severity

__all__ = [
    "Article",
    "DateMention",
    "DateValue",
    "Document",
    "Field",
    "Problem",
    "Segment",
    "Severity",
    "Source",
    "Span",
]
