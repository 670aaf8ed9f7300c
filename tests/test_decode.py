import codecs

import lxml.html
import pytest

from cleaner.decode import _UNSAFE, _has_unsafe, _has_unsafe_python, decode, sanitize

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
    assert sanitize("a\x00b\ud800c\x01") == "ab\ufffdc\ufffd"  # NULs dropped, as browsers do
    assert sanitize("plain") == "plain"


def test_unsafe_check_agrees_with_the_regex_on_every_bmp_code_point():
    for code in [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]:  # beyond the BMP, all alike
        char = chr(code)
        # Every width of str, and past the compiled scan's first block of 4,096 characters.
        for text in (char, "a" + char + "\u00e9", "\u20ac" + char, "\U0001f600" + char, "\u20ac" * 4100 + char):
            assert _has_unsafe(text) == _has_unsafe_python(text) == bool(_UNSAFE.search(text)), hex(code)


def test_bad_bytes_never_raise():
    assert decode(codecs.BOM_UTF8 + b"\xff\xfe\xfa ok").text.endswith(" ok")


@pytest.mark.parametrize("label", ["rot13", "zlib", "base64", "hex", "idna", "unicode_escape", "utf-7", "nonsense"])
def test_charset_labels_that_are_not_page_charsets_are_ignored(label):
    html = f'<meta charset="{label}"><p>{TEXT}</p>'.encode("cp1252", "replace")
    decoded = decode(html)
    assert TEXT in decoded.text


def test_a_meta_tag_cannot_declare_utf16():
    html = '<meta charset="utf-16"><p>café crème</p>'.encode("cp1252")
    assert "café crème" in decode(html).text


def test_utf8_cut_inside_a_character_stays_utf8():
    data = ("<p>" + TEXT * 20 + "</p>").encode()
    cut = data[: data.index("€".encode()) + 1]
    decoded = decode(cut)
    assert decoded.encoding == "utf-8"
    assert decoded.text.endswith("\ufffd") and "Grüße" in decoded.text


@pytest.mark.parametrize(
    "codec,text",
    [
        ("shift_jis", "日本語の記事です。東京の天気は晴れ、気温は二十度でした。"),
        ("gb18030", "中文新闻文章的内容，今天北京的天气很好，气温二十度。"),
        ("big5", "中文新聞文章的內容，今天臺北的天氣很好，氣溫二十度。"),
        ("euc-kr", "한국어 기사 내용입니다. 오늘 서울의 날씨는 맑고 기온은 이십 도입니다."),
    ],
)
@pytest.mark.parametrize("declared", [True, False])
def test_legacy_cjk_encodings_with_and_without_meta(codec, text, declared):
    head = f'<meta charset="{codec}">' if declared else ""
    html = f"<html><head>{head}</head><body><p>{text}</p><p>{text}</p></body></html>"
    assert text in decode(html.encode(codec)).text


def test_flatten_deep_nesting_keeps_text_and_bounds_depth():
    from cleaner.decode import flatten_deep_nesting

    html = "<div>" * 50 + "<p>deep <b>text</b></p><br><img src=x>" + "</div>" * 50 + "<p>after</p>"
    flat = flatten_deep_nesting(html, 10)
    root = lxml.html.fromstring(flat)
    assert " ".join(root.text_content().split()) == "deep textafter"
    # html and body, ten levels, and one text block opened beyond them
    assert max(len(list(el.iterancestors())) for el in root.iter()) <= 13
    assert [p.text_content() for p in root.iter("p")] == ["deep text", "after"]
    assert flatten_deep_nesting(html, 100) == html
    # linear whatever the input: no ">" at all, "<" only, an unclosed comment or script
    for junk in ("<" * 100_000, "<a" * 100_000, "<!--" + "<div>" * 1000, "<script>" + "<div>" * 1000):
        assert flatten_deep_nesting(junk, 10).endswith(junk[-10:])
