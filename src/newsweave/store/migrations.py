"""Named schema migrations, applied in order; a schema change is a new entry, never an edit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    statements: tuple[str, ...]


INITIAL = Migration(
    "0001_initial",
    (
        # A document is one record as read, keyed by a hash of its content; its content is kept
        # (zlib) so that a newer cleaner can re-run without the original file.
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            container TEXT NOT NULL,
            body_format TEXT NOT NULL,
            content BLOB NOT NULL,
            encoding TEXT NOT NULL,
            fields TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        )""",
        # Where a document was found. (key, locator) names a place (a resolved file path and a
        # record within it); a changed file gives the place a new version and retires the old.
        """CREATE TABLE locations (
            key TEXT NOT NULL,
            locator TEXT NOT NULL,
            version INTEGER NOT NULL,
            path TEXT NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id),
            current INTEGER NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (key, locator, version)
        )""",
        "CREATE INDEX locations_document ON locations(document_id, current)",
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY REFERENCES documents(id),
            stage TEXT NOT NULL,
            title TEXT,
            published TEXT,
            language TEXT,
            text TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE problems (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            stage TEXT NOT NULL,
            code TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX problems_path ON problems(path, stage)",
        # Which articles each stage (by versioned name) has processed: a new version re-runs.
        """CREATE TABLE stage_runs (
            stage TEXT NOT NULL,
            article_id TEXT NOT NULL,
            done_at TEXT NOT NULL,
            PRIMARY KEY (stage, article_id)
        )""",
    ),
)

RELATIONS = Migration(
    "0002_relations",
    (
        # MinHash signatures and their LSH band keys: near-duplicate candidates by lookup.
        """CREATE TABLE signatures (
            article_id TEXT PRIMARY KEY,
            minhash BLOB NOT NULL,
            words INTEGER NOT NULL
        )""",
        "CREATE TABLE lsh_bands (key INTEGER NOT NULL, article_id TEXT NOT NULL)",
        "CREATE INDEX lsh_bands_key ON lsh_bands(key)",
        "CREATE INDEX lsh_bands_article ON lsh_bands(article_id)",
        # Winnowed passage fingerprints: partial reuse candidates by lookup.
        "CREATE TABLE fingerprints (hash INTEGER NOT NULL, article_id TEXT NOT NULL)",
        "CREATE INDEX fingerprints_hash ON fingerprints(hash)",
        "CREATE INDEX fingerprints_article ON fingerprints(article_id)",
        """CREATE TABLE copies (
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            kind TEXT NOT NULL,
            containment_source REAL NOT NULL,
            containment_target REAL NOT NULL,
            confidence REAL NOT NULL,
            evidence TEXT NOT NULL,
            passages TEXT NOT NULL,
            PRIMARY KEY (source, target)
        )""",
        "CREATE INDEX copies_target ON copies(target)",
        # Only articles in a family of two or more are listed; the others are their own family.
        "CREATE TABLE families (article_id TEXT PRIMARY KEY, family_id TEXT NOT NULL)",
        "CREATE INDEX families_family ON families(family_id)",
    ),
)

STORIES = Migration(
    "0003_stories",
    (
        # The clusterer's per-article features, in the order it assigned them (``position``):
        # enough to rebuild its index at the start of a run without re-deciding anything.
        """CREATE TABLE cluster_features (
            article_id TEXT PRIMARY KEY,
            position INTEGER NOT NULL UNIQUE,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE story_members (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            position INTEGER NOT NULL
        )""",
        "CREATE INDEX story_members_story ON story_members(story_id)",
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            storyline_id TEXT NOT NULL,
            title TEXT NOT NULL,
            date TEXT,
            place TEXT,
            articles INTEGER NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX stories_storyline ON stories(storyline_id)",
        "CREATE INDEX stories_date ON stories(date)",
        """CREATE TABLE storylines (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
    ),
)

OUTLET_LINES = Migration(
    "0004_outlet_lines",
    (
        # How many articles of an outlet carry a line (by a hash of its normalised text): a line
        # that recurs across an outlet's articles is site furniture, not article text.
        """CREATE TABLE outlet_lines (
            outlet TEXT NOT NULL,
            line INTEGER NOT NULL,
            articles INTEGER NOT NULL,
            PRIMARY KEY (outlet, line)
        )""",
    ),
)

FACTS = Migration(
    "0005_facts",
    (
        """CREATE TABLE facts (
            id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            independent_sources INTEGER NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX facts_story ON facts(story_id, position)",
        # What each article adds and omits, relative to its story's facts.
        """CREATE TABLE outlet_comparisons (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            additions TEXT NOT NULL,
            omissions TEXT NOT NULL
        )""",
        "CREATE INDEX outlet_comparisons_story ON outlet_comparisons(story_id)",
        # The state (members and their families) a story's derived data was computed from:
        # a story is recomputed by a stage when its signature changes.
        """CREATE TABLE story_state (
            stage TEXT NOT NULL,
            story_id TEXT NOT NULL,
            signature TEXT NOT NULL,
            PRIMARY KEY (stage, story_id)
        )""",
    ),
)

SUMMARIES = Migration(
    "0006_summaries",
    (
        """CREATE TABLE summaries (
            story_id TEXT PRIMARY KEY,
            headline TEXT,
            headline_article TEXT,
            data TEXT NOT NULL
        )""",
    ),
)

QUOTES = Migration(
    "0007_quotes",
    (
        """CREATE TABLE quote_occurrences (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL,
            speaker TEXT,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX quote_occurrences_article ON quote_occurrences(article_id)",
        """CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            speaker TEXT,
            independent_sources INTEGER NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX quotes_story ON quotes(story_id, position)",
        "CREATE INDEX quotes_speaker ON quotes(speaker)",
    ),
)

SEARCH = Migration(
    "0008_search",
    (
        # The outlet as a column, for filtering; filled from the stored article data.
        "ALTER TABLE articles ADD COLUMN outlet TEXT",
        "UPDATE articles SET outlet = json_extract(data, '$.outlet.value')",
        "CREATE INDEX articles_outlet ON articles(outlet)",
        # Full-text search over titles, texts and outlets (SQLite FTS5).
        """CREATE VIRTUAL TABLE article_search USING fts5(
            article_id UNINDEXED, title, text, outlet, tokenize = 'unicode61 remove_diacritics 2'
        )""",
        """INSERT INTO article_search (article_id, title, text, outlet)
            SELECT id, COALESCE(title, ''), text, COALESCE(outlet, '') FROM articles""",
    ),
)

OUTLET_LINE_STORIES = Migration(
    "0009_outlet_line_stories",
    (
        # Furniture is a line that recurs across an outlet's *different* stories: counting
        # articles made a story the outlet published three times (updates, republished wire
        # copy) lose its whole body. Rows are (outlet, line, story key), so counting is also
        # idempotent when documents are cleaned again. The old counts carry no story: each
        # line keeps one anonymous story, and counting starts afresh from there.
        """CREATE TABLE outlet_line_stories (
            outlet TEXT NOT NULL,
            line INTEGER NOT NULL,
            story INTEGER NOT NULL,
            PRIMARY KEY (outlet, line, story)
        ) WITHOUT ROWID""",
        "INSERT INTO outlet_line_stories (outlet, line, story) SELECT outlet, line, 0"
        " FROM outlet_lines",
        "DROP TABLE outlet_lines",
    ),
)

WORK_MARKS = Migration(
    "0010_work_marks",
    (
        # A change counter on the rows stages look for work in: a location made current (new or
        # back again) and an article written (new or cleaned again) take the next number. A
        # stage remembers the number up to which everything is done (``stage_marks``), so
        # finding its work costs what is new, not what is stored.
        "ALTER TABLE locations ADD COLUMN seq INTEGER",
        "UPDATE locations SET seq = rowid",
        "CREATE INDEX locations_seq ON locations(seq)",
        """CREATE TRIGGER locations_seq_insert AFTER INSERT ON locations BEGIN
            UPDATE locations SET seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM locations)
            WHERE rowid = NEW.rowid;
        END""",
        """CREATE TRIGGER locations_seq_current AFTER UPDATE OF current ON locations
            WHEN NEW.current = 1 AND OLD.current = 0 BEGIN
            UPDATE locations SET seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM locations)
            WHERE rowid = NEW.rowid;
        END""",
        "ALTER TABLE articles ADD COLUMN seq INTEGER",
        "UPDATE articles SET seq = rowid",
        "CREATE INDEX articles_seq ON articles(seq)",
        """CREATE TRIGGER articles_seq_insert AFTER INSERT ON articles BEGIN
            UPDATE articles SET seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM articles)
            WHERE rowid = NEW.rowid;
        END""",
        """CREATE TABLE stage_marks (
            stage TEXT NOT NULL,
            source TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (stage, source)
        )""",
    ),
)

SEARCH_ROWIDS = Migration(
    "0011_search_rowids",
    (
        # A search entry's rowid is its article's rowid: replacing an article's entry was a
        # scan of the whole index (``article_id`` is not indexed in FTS5), quadratic over a
        # corpus; now it is a lookup.
        "DELETE FROM article_search",
        """INSERT INTO article_search (rowid, article_id, title, text, outlet)
            SELECT rowid, id, COALESCE(title, ''), text, COALESCE(outlet, '') FROM articles""",
    ),
)

FINGERPRINTS_CLUSTERED = Migration(
    "0012_fingerprints_clustered",
    (
        # Fingerprints stored in hash order (the key is the table): finding every holder of a
        # batch's fingerprints reads neighbouring rows instead of one table row per index entry
        # (half the time at 10k articles). Each article's own list sits beside its signature
        # (JSON), which is how its rows are found again to be replaced: a row is written to one
        # tree instead of three, half the time to store a batch's fingerprints.
        "ALTER TABLE signatures ADD COLUMN passages TEXT NOT NULL DEFAULT '[]'",
        """UPDATE signatures SET passages = (
            SELECT json_group_array(hash) FROM fingerprints f
            WHERE f.article_id = signatures.article_id
        )""",
        """CREATE TABLE fingerprints_by_hash (
            hash INTEGER NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (hash, article_id)
        ) WITHOUT ROWID""",
        """INSERT OR IGNORE INTO fingerprints_by_hash (hash, article_id)
            SELECT hash, article_id FROM fingerprints ORDER BY hash, article_id""",
        "DROP TABLE fingerprints",
        "ALTER TABLE fingerprints_by_hash RENAME TO fingerprints",
    ),
)

STORYLINES_ON_READ = Migration(
    "0013_storylines_on_read",
    (
        # A storyline's timeline is its stories' rows (storyline id, date, place, title, size),
        # read when asked for: the copy kept here was rewritten whole on every article added to
        # any of its stories (the largest storyline of the 50k bench corpus has 552), and
        # orphans were swept by a scan of every storyline.
        "DROP TABLE storylines",
    ),
)

FINGERPRINT_GENERATIONS = Migration(
    "0014_fingerprint_generations",
    (
        # New fingerprints go to a small table that is merged into the large one when it has
        # grown to a share of it. A batch's fingerprints are spread over the whole hash range:
        # inserted into one large tree they touched nearly every page of it, and each commit
        # wrote them all again (at 50k articles, storing and committing a batch took 1.1 s,
        # growing with the corpus). The row counts decide when to merge.
        """CREATE TABLE fingerprints_recent (
            hash INTEGER NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (hash, article_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE fingerprint_rows (
            name TEXT PRIMARY KEY,
            count INTEGER NOT NULL
        )""",
        """INSERT INTO fingerprint_rows (name, count)
            SELECT 'fingerprints', COUNT(*) FROM fingerprints
            UNION ALL SELECT 'fingerprints_recent', 0""",
    ),
)

OUTLET_STORIES = Migration(
    "0015_outlet_stories",
    (
        # An outlet's stories are told apart by their lines as well as their title: a story
        # that developed under new titles counted as new stories, and the paragraphs its
        # versions share became furniture to remove. A story's size (the characters of its first
        # document) is what a later document's shared lines are weighed against. The rows
        # keyed by title are dropped; the cleaning stage (clean.text.v3) cleans every document
        # again, in order, and records them anew.
        """CREATE TABLE outlet_stories (
            outlet TEXT NOT NULL,
            story INTEGER NOT NULL,
            chars INTEGER NOT NULL,
            PRIMARY KEY (outlet, story)
        ) WITHOUT ROWID""",
        "DELETE FROM outlet_line_stories",
    ),
)

PENDING_FINGERPRINTS = Migration(
    "0016_pending_fingerprints",
    (
        # The fingerprints and LSH band keys of articles added a few at a time, one row per
        # article, until enough have gathered to move into ``fingerprints_recent`` and
        # ``lsh_bands`` in one sorted sweep. Inserted one by one, an article's 200 or so
        # fingerprints landed on as many pages of the recent tree (over 5,000 pages at 50k
        # articles), and its band keys on some 35 pages of their index: of the 1.6 MB that
        # adding one article wrote to the log, 0.9 MB were the recent tree's pages, and the log
        # filled every 50 additions. The row count in ``fingerprint_rows`` (of fingerprints,
        # not articles) decides when to move them.
        """CREATE TABLE fingerprints_pending (
            article_id TEXT PRIMARY KEY,
            hashes BLOB NOT NULL,
            bands BLOB NOT NULL
        ) WITHOUT ROWID""",
        "INSERT INTO fingerprint_rows (name, count) VALUES ('fingerprints_pending', 0)",
    ),
)

SEARCH_EXTERNAL_CONTENT = Migration(
    "0017_search_external_content",
    (
        # The search index reads its text from the articles (FTS5 external content, through a
        # view that names the columns as the index does) instead of keeping a copy of every
        # title and text: 9 % of a 50k-article store. Storing an article's entry costs less too
        # (its text is tokenised, no longer written twice). An entry must leave the index while
        # its article still holds the text it was indexed with (``save_articles``).
        "DROP TABLE article_search",
        """CREATE VIEW article_search_source AS
            SELECT rowid AS rid, id AS article_id, COALESCE(title, '') AS title, text,
                COALESCE(outlet, '') AS outlet
            FROM articles""",
        """CREATE VIRTUAL TABLE article_search USING fts5(
            article_id UNINDEXED, title, text, outlet, content = 'article_search_source',
            content_rowid = 'rid', tokenize = 'unicode61 remove_diacritics 2'
        )""",
        "INSERT INTO article_search (article_search) VALUES ('rebuild')",
    ),
)

FACT_CLAUSES = Migration(
    "0018_fact_clauses",
    (
        # The statement clauses of each article (its parse, as the facts stage uses it), with a
        # hash of what they were parsed from (text, parse and parser versions): a story's facts
        # are recomputed whenever an article joins it, and parsing its other members again was
        # most of what adding one article to a large story cost. One row per article, replaced
        # when its text or the parse changes: 3.4 KB for an article of 1,857 words.
        """CREATE TABLE fact_clauses (
            article_id TEXT PRIMARY KEY,
            key BLOB NOT NULL,
            clauses TEXT NOT NULL
        ) WITHOUT ROWID""",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (
    INITIAL, RELATIONS, STORIES, OUTLET_LINES, FACTS, SUMMARIES, QUOTES, SEARCH,
    OUTLET_LINE_STORIES, WORK_MARKS, SEARCH_ROWIDS, FINGERPRINTS_CLUSTERED, STORYLINES_ON_READ,
    FINGERPRINT_GENERATIONS, OUTLET_STORIES, PENDING_FINGERPRINTS, SEARCH_EXTERNAL_CONTENT,
    FACT_CLAUSES,
)  # fmt: skip
