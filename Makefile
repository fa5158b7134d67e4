# Quick start: `make cv` sets everything up and builds all PDFs; `make test` runs the tests.
VENV       ?= .venv
PYTHON     ?= python3
BIN        := $(VENV)/bin
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_TEX    := latexmk texlive-latex-base texlive-latex-recommended texlive-latex-extra \
              texlive-fonts-recommended lmodern tex-gyre poppler-utils
# The XeLaTeX path (records with characters beyond Latin): ~170 MB, see fonts.py.
APT_XETEX  := texlive-xetex fonts-texgyre fonts-noto-core fonts-noto-cjk fonts-symbola
# Hyphenation patterns of the locales (record/locales/*.yaml) beyond English, which
# texlive-base has: Debian ships them only inside these (~350 MB, mostly documentation).
# en-GB uses the US patterns: British ones come only with texlive-lang-english (201 MB).
APT_HYPHEN := texlive-lang-german texlive-lang-french texlive-lang-spanish \
              texlive-lang-italian texlive-lang-portuguese texlive-lang-polish \
              texlive-lang-european texlive-lang-cyrillic texlive-lang-greek
# Files whose absence means TeX Live (or a font or tool we use) is missing.
TEX_PROBES := latexmk pdflatex pdftotext pdftoppm xelatex fc-query

.PHONY: cv setup tex venv test test-fast bench bench-imports schema golden clean printable images

cv: setup
	$(BIN)/cv-builder build

setup: tex venv

tex:
	@missing=0; for tool in $(TEX_PROBES); do command -v $$tool >/dev/null || missing=1; done; \
	FILES="tgheros.sty lmodern.sty enumitem.sty microtype.sty fontspec.sty NotoSans-Regular.ttf NotoSansCJK-Regular.ttc Symbola_hint.ttf texgyreheros-regular.otf \
	  hyph-de-1996.tex hyph-fr.tex hyph-es.tex hyph-it.tex hyph-pt.tex hyph-pl.tex hyph-nl.tex hyph-ru.tex hyph-el-monoton.tex"; \
	[ "$$(kpsewhich $$FILES 2>/dev/null | wc -l)" = 18 ] || missing=1; \
	if [ $$missing = 1 ]; then \
	  echo "Installing TeX Live from Debian packages (about a minute)..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_TEX) $(APT_XETEX) $(APT_HYPHEN) >/dev/null; \
	fi

venv: $(VENV)/.installed
	@# Byte-compile the package, as pip does for a normal install: an editable one is
	@# compiled on every run where PYTHONDONTWRITEBYTECODE is set (30 ms of a build).
	@$(BIN)/python -m compileall -q cv_builder

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv >/dev/null && \
	  $(PYTHON) -m venv $(VENV); }
	@# compat: a plain path in a .pth; the default import hook costs every command 19 ms
	$(BIN)/pip install -q --config-settings editable_mode=compat -e '.[test]'
	@touch $@

test: setup
	$(BIN)/pytest -q

test-fast: venv
	$(BIN)/pytest -q -m "not latex"

bench: setup
	$(BIN)/python bench/bench.py

bench-imports: venv
	$(BIN)/python bench/imports.py

# After a font package update: what the XeLaTeX path's fonts print (checked by a test).
printable: venv
	$(BIN)/python -m cv_builder.latex.fonts > cv_builder/record/printable.txt

schema: venv
	$(BIN)/cv-builder schema > docs/cv.schema.json

clean:
	rm -rf output/*.pdf output/*.png output/.build

# After a template change: re-render the golden .tex files the render tests compare with.
golden: venv
	CV_BUILDER_REFRESH_GOLDEN=1 $(BIN)/pytest -q tests/latex/test_render.py

# After a layout change: the README's previews (docs/images/), each PDF's first page at
# 50 dpi (425 x 550 px on letter paper): the three documents of data/cv.yaml, and its
# résumé in the classic and awesome looks (the record with `design: {look: ...}` added).
images: setup
	@out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	$(BIN)/cv-builder build academic-cv industry-resume research-statement \
	  --output "$$out/default" -q && \
	for name in academic-cv industry-resume research-statement; do \
	  pdftoppm -png -r 50 -singlefile "$$out/default/$$name.pdf" docs/images/$$name || exit 1; \
	done && \
	for look in classic awesome; do \
	  { cat data/cv.yaml; printf '\ndesign: {look: %s}\n' $$look; } > "$$out/$$look.yaml" && \
	  $(BIN)/cv-builder build industry-resume --data "$$out/$$look.yaml" --output "$$out/$$look" -q && \
	  pdftoppm -png -r 50 -singlefile "$$out/$$look/industry-resume.pdf" docs/images/look-$$look \
	  || exit 1; \
	done && \
	for pdf in "$$out"/*/*.pdf; do \
	  echo "$$(basename "$$(dirname "$$pdf")")/$$(basename "$$pdf"): $$(pdfinfo "$$pdf" | sed -n 's/^Pages: *//p') pages"; \
	done
