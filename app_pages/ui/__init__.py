"""The parts every page shares, one concern a module; pages reach them through app_pages/common.py."""
