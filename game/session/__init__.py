"""Matches: seeds and generators, the turn loop, event logs; humans and AIs driven alike."""
