"""Stories (articles about one event) and storylines (related events), built incrementally.

- ``features.extract_features(inputs)``: cheap per-article features (terms, names, numbers,
  date and place mentions, an embedding of title and lead).
- ``stories.StoryIndex``: ``add`` / ``add_many`` assign articles to stories and link stories
  into storylines; ``restore`` rebuilds the index from persisted features and assignments.
- ``events.build_stories(index, features)``: each story with its title, outlets, event date and
  place (with support and conflicts); ``storylines.build_storylines(stories)``: timelines.
- ``records``: features to and from JSON for the store.
"""
