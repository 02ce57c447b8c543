"""The join link and its QR code: the code decodes back to the very link."""

import io

import pytest
import zxingcpp
from PIL import Image

from modules.ui.wording import plain
from modules.workshop.links import base_url, join_link, qr_png


@pytest.mark.parametrize(
    ("public", "page", "expected"),
    [
        ("https://dbt.example.org/", "http://localhost:8501/workshops?session=3",
         "https://dbt.example.org"),
        (None, "http://10.0.0.5:8501/workshops?session=3", "http://10.0.0.5:8501"),
        (None, None, ""),
    ],
)  # fmt: skip
def test_the_base_is_the_public_address_else_the_page_origin(public, page, expected) -> None:
    assert base_url(public, page) == expected


@pytest.mark.parametrize("code", ["ABC234", "ZZ99QQ"])
def test_the_qr_code_decodes_to_the_join_link(code) -> None:
    link = join_link("https://dbt.example.org", code)
    assert link == f"https://dbt.example.org/join?code={code}"
    image = Image.open(io.BytesIO(qr_png(link)))
    found = zxingcpp.read_barcodes(image)
    assert [b.text for b in found] == [link]
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode


def test_typed_words_are_escaped_for_markdown() -> None:
    assert plain("**Zoë** [x](y)") == "\\*\\*Zoë\\*\\* \\[x\\]\\(y\\)"
    assert plain("Ana Lee-Smith, ana@example.org") == "Ana Lee-Smith, ana@example.org"
    assert plain("- a list?") == "\\- a list?"
    assert plain("1. first") == "1\\. first"
    assert plain(":red[alarm]") == "\\:red\\[alarm\\]"
