"""An outline's links by row (``RowLinks``) and the Predecessors cells made from them when
first shown (``PredecessorTexts``): the same as a walk over every link."""

from __future__ import annotations

import random

import pytest

from infradesk.services.plan.outline import Outline, link_text
from infradesk.services.plan.predecessor_text import PredecessorTexts
from infradesk.services.plan.row_links import RowLinks


def _links(seed: int, tasks: int) -> tuple[list[tuple[int, int, str, int]], dict[int, int]]:
    rng = random.Random(seed)
    ids = list(range(100, 100 + tasks))
    rng.shuffle(ids)
    row_of = {task_id: row for row, task_id in enumerate(ids)}
    links = [
        (rng.randrange(95, 100 + tasks), rng.randrange(100, 105 + tasks),  # some not in it
         rng.choice(["FS", "SS", "FF", "SF"]), rng.choice([0, 60, -480, 960]))
        for _ in range(tasks * 2)
    ]  # fmt: skip
    return links, row_of


@pytest.mark.parametrize("seed", range(5))
def test_the_links_by_row_are_a_walk_over_every_link(seed: int) -> None:
    links, row_of = _links(seed, 60)
    index = RowLinks(links, row_of)
    for row in range(-1, 61):
        into = [(row_of[p], t, lag) for p, s, t, lag in links
                if row_of.get(s) == row and p in row_of]  # fmt: skip
        out_of = [(row_of[s], t) for p, s, t, _lag in links
                  if row_of.get(p) == row and s in row_of]  # fmt: skip
        assert index.into(row) == into  # in the links' order
        assert index.out_of(row) == out_of
    assert index.describes(links, row_of)
    links.append((100, 101, "FS", 0))
    assert not index.describes(links, row_of)  # a link added: made again
    assert RowLinks(list(links), dict(row_of)) == RowLinks(links, row_of)


def test_the_predecessor_cells_are_made_when_asked_for_and_read_as_a_list() -> None:
    links, row_of = _links(7, 40)
    outline = Outline(ids=list(row_of), row_of=row_of, links=links)
    made: list[int] = []

    def cell(row: int) -> str:
        made.append(row)
        into = outline.row_links().into(row)
        return "; ".join(link_text(p + 1, t, lag, 480) for p, t, lag in into)

    texts = PredecessorTexts(cell, len(outline.ids))
    assert texts[5] == texts[5] and made == [5]  # once, when first asked for
    eager = ["; ".join(link_text(row_of[p] + 1, t, lag, 480) for p, s, t, lag in links
                       if row_of.get(s) == row and p in row_of) for row in range(40)]  # fmt: skip
    assert texts == eager and list(texts) == eager and texts[-1] == eager[-1]
    assert texts[2:5] == eager[2:5]
    assert texts != eager[:-1]
    with pytest.raises(IndexError):
        texts[40]
