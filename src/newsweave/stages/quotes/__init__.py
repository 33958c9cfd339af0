"""Quotations: extraction per article, speaker resolution, fusion across a story's outlets."""
