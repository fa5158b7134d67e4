"""The design block: layered record-wide and per variant, validated like every field."""

from __future__ import annotations

import pytest

from cv_builder.errors import InvalidInput
from cv_builder.record.validate import load_record
from cv_builder.record.variants import resolve_variants


def variants_of(write_record, data: dict | str) -> dict:
    record, document = load_record(write_record(data))
    return resolve_variants(record, document)


def problems_of(write_record, text: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        variants_of(write_record, text)
    return caught.value.format_message()


def test_without_a_design_each_document_keeps_its_own(write_record, minimal):
    variants = variants_of(write_record, minimal)
    cv, resume, statement = (variants[name].design for name in
                             ("academic-cv", "industry-resume", "research-statement"))
    assert (cv.look, cv.font, cv.margin) == ("default", "latin-modern", "0.75in")
    assert (resume.font, resume.margin) == ("heros", None)  # the résumé's margin follows fit
    assert statement.margin == "1in"
    assert {d.accent for d in (cv, resume, statement)} == {"#1F4E79"}
    assert {d.link_style for d in (cv, resume, statement)} == {"color"}


def test_record_design_applies_to_every_document(write_record, minimal):
    minimal["design"] = {"accent": "#8B1A1A", "font": "pagella", "date_format": "long"}
    for variant in variants_of(write_record, minimal).values():
        assert variant.design.accent == "#8B1A1A"
        assert variant.design.font == "pagella"
        assert variant.design.date_format == "long"


def test_a_variant_overrides_the_record_key_by_key(write_record, minimal):
    minimal["design"] = {"accent": "#8B1A1A", "link_style": "underline"}
    minimal["variants"] = {"industry-resume": {"design": {"accent": "#000000"}},
                           "short": {"extends": "industry-resume", "title": "Short",
                                     "design": {"font": "termes"}}}
    variants = variants_of(write_record, minimal)
    resume, short = variants["industry-resume"].design, variants["short"].design
    assert (resume.accent, resume.link_style) == ("#000000", "underline")
    # An extending variant inherits its base's own design, then adds its keys.
    assert (short.accent, short.font, short.link_style) == ("#000000", "termes", "underline")
    assert variants["academic-cv"].design.accent == "#8B1A1A"


def test_a_look_brings_its_defaults_and_the_record_still_wins(write_record, minimal):
    minimal["design"] = {"look": "awesome"}
    minimal["variants"] = {"academic-cv": {"design": {"look": "classic", "icons": True}}}
    variants = variants_of(write_record, minimal)
    awesome = variants["industry-resume"].design
    assert (awesome.look, awesome.icons, awesome.section_style, awesome.font) == \
        ("awesome", True, "rule-after", "heros")
    classic = variants["academic-cv"].design
    assert (classic.look, classic.section_style, classic.icons) == ("classic", "bar", True)


def test_font_size_from_the_design_with_the_variants_own_setting_first(write_record, minimal):
    minimal["design"] = {"font_size": 12}
    minimal["variants"] = {"industry-resume": {"font_size": 10}}
    variants = variants_of(write_record, minimal)
    assert variants["academic-cv"].font_size == 12 == variants["academic-cv"].design.font_size
    assert variants["industry-resume"].font_size == 10
    minimal["variants"] = {"industry-resume": {"font_size": 10, "design": {"font_size": 9}}}
    assert variants_of(write_record, minimal)["industry-resume"].font_size == 9


def test_the_old_classic_template_means_the_classic_look(write_record, minimal):
    """Records written before looks: `template: classic.tex.j2` keeps each document's own
    template (the statement keeps its title) in the classic look."""
    minimal["variants"] = {"research-statement": {"template": "classic.tex.j2"},
                           "mine": {"template": "classic.tex.j2", "title": "Mine",
                                    "sections": [{"kind": "education"}]}}
    variants = variants_of(write_record, minimal)
    assert variants["research-statement"].template == "research-statement.tex.j2"
    assert variants["research-statement"].design.look == "classic"
    assert variants["mine"].template == "academic-cv.tex.j2"


def test_unknown_design_keys_and_values_are_errors_with_lines(write_record):
    message = problems_of(write_record, "person: {name: Ada}\n"
                                        "design:\n"
                                        "  acent: '#123456'\n"
                                        "  font: pagela\n"
                                        "  margin: 2 inches\n")
    assert "cv.yaml:3:3: design.acent: unknown field 'acent'; did you mean 'accent'?" in message
    assert "cv.yaml:4:3: design.font: 'pagela' is not one of" in message
    assert "did you mean 'pagella'?" in message
    assert "cv.yaml:5:3: design.margin: '2 inches' is not a length" in message


@pytest.mark.parametrize("written, font, face", [("helvetica", "heros", "a Helvetica"),
                                                  ("Times New Roman", "termes", "a Times"),
                                                  ("Palatino", "pagella", "a Palatino"),
                                                  ("lmodern", "latin-modern", "Latin Modern")])
def test_a_font_asked_for_by_the_face_it_stands_in_for_gets_its_name(write_record, written,
                                                                     font, face):
    message = problems_of(write_record, f"person: {{name: Ada}}\ndesign: {{font: {written}}}\n")
    assert f"design.font: {written!r} is not one of" in message
    assert f"did you mean {font!r}? (" in message and face in message, message


def test_a_variants_design_is_checked_at_its_line(write_record):
    message = problems_of(write_record, "person: {name: Ada}\n"
                                        "variants:\n"
                                        "  industry-resume:\n"
                                        "    design:\n"
                                        "      look: awsome\n"
                                        "      accent: navy\n")
    assert "cv.yaml:5:7: variants.industry-resume.design.look: 'awsome' is not one of" \
        in message
    assert "did you mean 'awesome'?" in message
    assert "cv.yaml:6:7: variants.industry-resume.design.accent: 'navy' is not a colour" \
        in message


def test_a_design_that_is_not_a_mapping_is_reported(write_record):
    message = problems_of(write_record, "person: {name: Ada}\nvariants:\n"
                                        "  industry-resume: {design: red}\n")
    assert "variants.industry-resume.design" in message
