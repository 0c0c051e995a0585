"""The Vietnamese language helpers every stage shares; no stage's internals are imported here.

- :mod:`vndocx.lang.text`: whitespace folding, accent stripping and folding, tone placement,
  the lookup key of a name;
- :mod:`vndocx.lang.syllables`: the spelling of syllables and the inventory of valid ones;
- :mod:`vndocx.lang.check`: does a text read as Vietnamese;
- :mod:`vndocx.lang.patterns`: regex alternations and trie regexes over word lists;
- :mod:`vndocx.lang.rule_tables`: the one loader of the word lists and rule tables in
  ``src/vndocx/data/*.tsv``.
"""
