"""English names of the language tags content uses."""

from __future__ import annotations

_LANGUAGES = {
    "cs": "Czech",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ga": "Irish",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sv": "Swedish",
    "fi": "Finnish",
    "da": "Danish",
    "hu": "Hungarian",
    "hr": "Croatian",
    "bg": "Bulgarian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "et": "Estonian",
    "mt": "Maltese",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ar": "Arabic",
}


def language_name(code: str) -> str:
    """English name of a language tag (the tag itself when unknown)."""
    return _LANGUAGES.get(code.split("-")[0], code)
