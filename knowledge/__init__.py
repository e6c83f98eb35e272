"""Knowledge base: framework cards, offline embeddings, the Chroma index, hybrid retrieval, user documents."""
