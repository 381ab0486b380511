"""User-facing texts of the document lookup and the province filter, kept in one place: written in
English, shown through the gettext catalogs (luocdo.i18n) in the interface language."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "not_a_document": "'{text}': not a document number (try 26/CT-TTg or 'Chỉ thị 26')",
    "not_found": "no document matching '{text}' in the {where} (not found)",
    "nearest": "; nearest: {docs}",
    "ambiguous": "{n} documents match '{text}': {docs} — add the {hint}",
    "hint_issuer_or_date": "issuer or the date",
    "unknown_province": "unknown province '{text}'",
    "did_you_mean": " (did you mean {names}?)",
    "no_results": "no results",
}


def text(key: str, **kw) -> str:
    from luocdo.i18n import _

    return _(TEXTS[key]).format(**kw)
