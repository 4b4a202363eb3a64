"""The domain: vocabulary, rules in words, the codebook, settings and the base error. Imports nothing above it."""
