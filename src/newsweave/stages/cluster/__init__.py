"""Stories (articles about one event) and storylines (related events), built incrementally.

- ``features.extract_features(inputs)``: cheap per-article features (terms, names, numbers,
  date and place mentions, an embedding of title and lead from ``static_embed``, a token table
  distilled from MiniLM that needs no transformer at run time).
- ``stories.StoryIndex``: ``add`` / ``add_many`` assign articles to stories and link stories
  into storylines; ``restore`` rebuilds the index from persisted features and assignments.
  Candidates come from ``neighbours`` (exact search, then HNSW past 5k articles); stories and
  storylines keep running ``profiles`` (summed TF-IDF terms and embeddings).
- ``events.build_stories(index, features)``: each story with its title, outlets, event date and
  place (with support and conflicts); ``storylines.build_storylines(stories)``: timelines.
- ``records``: features to and from JSON for the store (other feature versions are refused).
"""
