"""vndocx: Vietnamese administrative documents to structured records."""
