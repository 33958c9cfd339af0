"""`newsweave bench`: throughput, growth and memory on synthetic corpora of growing size."""
