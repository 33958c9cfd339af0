"""Extractive, cited story summaries: sentence selection, headline choice, baselines."""

from newsweave.stages.summarize.models import (
    CandidateSentence,
    HeadlineCandidate,
    SelectorWeights,
    StorySummary,
    SummaryBudget,
    SummarySentence,
)
from newsweave.stages.summarize.selector import choose_headline, select_summary

__all__ = [
    "CandidateSentence",
    "HeadlineCandidate",
    "SelectorWeights",
    "StorySummary",
    "SummaryBudget",
    "SummarySentence",
    "choose_headline",
    "select_summary",
]
