import codecs

import pytest

from cleaner.decode import decode, sanitize

TEXT = "Grüße aus Köln: café, naïve, 10 €"


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "utf-32", "utf-8-sig"])
def test_byte_order_marks_and_utf8(codec):
    assert decode(TEXT.encode(codec)).text == TEXT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec):
    assert decode(("<p>" + TEXT + "</p>").encode(codec)).text == "<p>" + TEXT + "</p>"


def test_declared_charset_that_lies_falls_back_to_cp1252():
    html = f'<meta charset="utf-8"><p>{TEXT}</p>'.encode("cp1252")
    decoded = decode(html)
    assert TEXT in decoded.text
    assert decoded.encoding == "cp1252"


def test_declared_legacy_charset_is_honoured():
    html = '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis"><p>日本語の記事です。</p>'
    decoded = decode(html.encode("shift_jis"))
    assert "日本語の記事です。" in decoded.text


def test_binary_formats_are_flagged_not_decoded_as_pages():
    assert decode(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary").binary
    assert decode(b"\x1f\x8b\x08\x00" + bytes(range(256))).binary
    assert not decode(b"<html><body><p>Hi</p></body></html>").binary


def test_sanitize_replaces_what_lxml_refuses():
    assert sanitize("a\x00b\ud800c") == "a\ufffdb\ufffdc"
    assert sanitize("plain") == "plain"


def test_bad_bytes_never_raise():
    assert decode(codecs.BOM_UTF8 + b"\xff\xfe\xfa ok").text.endswith(" ok")
