"""Proposal review: read a proposal, extract what it says, judge it (LLM or offline) and let the calculators
do every number. The entry point is `agent.review.build.review_file`."""
