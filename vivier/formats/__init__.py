"""Vivier's own date formats (settings.FORMAT_MODULE_PATH), where Django's for a language do not suit."""
