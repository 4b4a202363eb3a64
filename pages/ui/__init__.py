"""The parts every page shares, one concern a module; pages reach them through pages/common.py."""
