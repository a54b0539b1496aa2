"""What extraction and alignment both read of English news text: sentences and paragraphs, quotations, and the
lexicon of reporting words with their classes. Below both stages, importing neither."""
