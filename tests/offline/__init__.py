"""Tests of the offline planner: routing, argument extraction, composition and the agent protocol."""
