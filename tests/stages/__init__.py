"""Tests of the six core stages, run through the engine on session files."""
