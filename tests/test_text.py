"""partybuild.text.quoted: a title that has quotes of its own is never wrapped in doubled quotes."""

import pytest

from partybuild.text import quoted


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("三会一课", "“三会一课”"),
        ("“我是党员”主题讲坛", "“‘我是党员’主题讲坛”"),
        ("“双十佳”申报", "“‘双十佳’申报”"),
        ("“主题党日”", "“主题党日”"),
        ("落实“4+X”内容", "“落实‘4+X’内容”"),
    ],
)
def test_it_wraps_a_title_in_one_pair_of_quotes(title, shown):
    assert quoted(title) == shown
    assert "““" not in quoted(title) and "””" not in quoted(title)
