"""Who is who: the actors a dataset's claims name, found in each article, made one per real-world entity across a
dataset, and kept as a curator decides."""
