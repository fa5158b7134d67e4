"""A paper of the record: what it is, where it stands, and where it appeared.

Why apart from model.py: a paper has the most fields of any entry and the rules that
tie them (a paper not out yet may have no year); model.py's Record lists them.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from .base import Entry, Link, Markup

Status = Literal["published", "accepted", "to appear", "in submission", "preprint",
                 "in preparation"]
PubType = Literal["conference", "journal", "workshop", "preprint", "thesis", "book", "other"]
# A paper not out yet may have no year: its status is printed in the year's place.
YEARLESS = ("to appear", "in submission", "in preparation")
# Marks after an author's name: equal contribution (al-folio's 'Okonkwo*', '†'), a
# corresponding author ('‡', '§').
AUTHOR_MARKS = "*†‡§¶"


def owner_key(name: str) -> str:
    """A name as authors are matched with the owner's names: case aside, marks off, so
    'A. Okonkwo*' is the owner 'A. Okonkwo' (and is bolded, mark and all)."""
    return name.rstrip(AUTHOR_MARKS + " ").casefold()


def by_owner(authors: list[str], owner_names: list[str]) -> bool:
    """True if one of authors is one of the owner's names: the author bolded in print."""
    return bool({owner_key(a) for a in authors} & {owner_key(n) for n in owner_names})


class Publication(Entry):
    """A paper; cited by id, listed in the publications section."""

    id: str = Field(pattern=r"^[A-Za-z0-9_:.\-]+$", description="Key to cite the paper by.",
                    examples=["zhuang2020adabelief"])
    authors: list[str] = Field(min_length=1, description="In order; the owner is bolded.",
                               examples=[["J. Zhuang", "T. Tang"]])
    et_al: bool = Field(False, description="The list is shortened: print 'et al.' after it.",
                        examples=[True])
    title: Markup = Field(description="The paper's title, printed in bold; markup allowed, "
                                      "e.g. math as $O(1/\\sqrt{T})$.",
                       examples=["AdaBelief Optimizer: adapting stepsizes by the belief in "
                                 "observed gradients"])
    former_titles: list[str] = Field(default_factory=list,
                                     description="Earlier titles of the same paper.",
                                     examples=[["Towards a flat minima with an ascent step in the "
                                                "gradient descent update"]])
    venue: str | None = Field(None, description="Full venue name.",
                              examples=["Conference on Neural Information Processing Systems"])
    venue_short: str | None = Field(None, description="e.g. 'ICLR 2022'.",
                                    examples=["NeurIPS 2020"])
    type: PubType = Field("conference", description="The kind of publication; BibTeX import sets "
                                                    "it from the entry type.",
                          examples=["conference", "journal"])
    thesis: Literal["phd", "masters"] | None = Field(
        None, description="A thesis (type: thesis): the degree it was written for, printed "
                          "before the school in the document's language ('Ph.D. thesis', "
                          "'Master's thesis'); without it, 'Thesis'. BibTeX import sets it "
                          "from @phdthesis and @mastersthesis.",
        examples=["phd"])
    year: int | None = Field(None, description="Year of publication; a section's limit keeps "
                                               "the newest. Only a paper not out yet (to "
                                               "appear, in submission, in preparation) may "
                                               "have none.",
                             examples=[2020])
    status: Status = Field("published", description="Where the paper stands; other than published "
                                                    "or accepted, it is printed (in the year's "
                                                    "place for a paper without a year).",
                           examples=["published", "in submission"])
    notes: list[str] = Field(default_factory=list, description="e.g. Spotlight, oral presentation.",
                             examples=[["Spotlight"]])
    links: list[Link] = Field(
        default_factory=list, description="Links printed after the reference.",
        examples=[[{"label": "project page",
                    "url": "https://juntang-zhuang.github.io/adabelief/"}]])
    doi: str | None = Field(None, description="The DOI, without the https://doi.org/ prefix; used "
                                              "by exports.",
                            examples=["10.48550/arXiv.2010.07468"])

    @property
    def venue_says_year(self) -> bool:
        """The venue or its short name already names the paper's year ('Interspeech
        2020', 'ICLR 2022'): the year is not printed again after it."""
        if self.year is None:
            return False
        names = f"{self.venue or ''} {self.venue_short or ''}"
        return re.search(rf"(?<!\d){self.year}(?!\d)", names) is not None

    @model_validator(mode="after")
    def _year_unless_not_out_yet(self):
        if self.year is None and self.status not in YEARLESS:
            raise ValueError("a year is needed (only a paper to appear, in submission or in "
                             "preparation may have none)")
        return self
