import pytest

from articles.toc import Heading, add_heading_ids, table_of_contents


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<h2>What is a CCS?</h2>", [Heading("what-is-a-ccs", "What is a CCS?")]),
        ("<h2>Pay</h2><h2>Pay</h2>", [Heading("pay", "Pay"), Heading("pay-2", "Pay")]),
        ('<h2 id="evil">Step <em>1</em></h2>', [Heading("step-1", "Step 1")]),
        ("<h3>Not in the TOC</h3>", []),
        (
            "<h2>&amp; symbols only &lt;&gt;</h2>",
            [Heading("symbols-only", "& symbols only <>")],
        ),
        ("<h2>!!!</h2>", [Heading("section", "!!!")]),
    ],
)
def test_toc_from_h2_headings(html, expected):
    assert table_of_contents(add_heading_ids(html)) == expected
