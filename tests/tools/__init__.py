"""Tests of the calculators (tools/): worked figures, properties, the JSON boundary and schema snapshots."""
